/** 开标密钥保管人: at the committee stage, unwrap one's share of the opening key in the browser and submit it. */
import { useClient } from 'urql';
import { MY_OPENING_KEY_SHARE, SUBMIT_SHARE, type OpeningSession } from '../../graphql/opening';
import { useI18n } from '../../i18n';
import { HallErrors, Panel, useHallAction } from './hall-common';
import { KeyFileForm } from './KeyFileForm';

export function CustodianStep({ session, onSession }: { session: OpeningSession; onSession(session: OpeningSession): void }) {
  const { t } = useI18n();
  const client = useClient();
  const action = useHallAction(onSession);
  return (
    <Panel title={t('hall.custodian')} className="hall-custodian">
      <p className="small">{t('hall.shares', { count: session.sharesSubmitted, threshold: session.threshold })}</p>
      {session.myShareSubmitted ? (
        <p className="notice notice-success">{t('hall.shareDone')}</p>
      ) : (
        <>
          <p className="hint">{t('hall.custodianExplain')}</p>
          <KeyFileForm
            fileLabel={t('hall.encryptionFile')}
            submitLabel={t('hall.shareSubmit')}
            disabled={action.busy}
            onUse={async (file, password) => {
              const crypto = await import('../../lib/opening-crypto');
              const identity = await crypto.readDecryptionIdentity(file, password);
              const result = await client.query<{ myOpeningKeyShare: string | null }>(MY_OPENING_KEY_SHARE, { projectId: session.projectId }, { requestPolicy: 'network-only' }).toPromise();
              const wrapped = result.data?.myOpeningKeyShare;
              if (!wrapped) return action.fail('NOT_A_CUSTODIAN', result.error?.message ?? '');
              const share = await crypto.unwrapCustodianShare(wrapped, identity);
              await action.run(SUBMIT_SHARE, { projectId: session.projectId, share });
            }}
          />
        </>
      )}
      <HallErrors errors={action.errors} />
    </Panel>
  );
}
