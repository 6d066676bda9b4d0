/**
 * 签章 (host and supervisor): mySeal → crypto/eseal over the exact UTF-8 bytes of `recordJson`,
 * signed with the user's signing key from its PKCS#12, at server time → sealOpeningRecord.
 */
import { useClient } from 'urql';
import { MY_SEAL_AND_TIME, SEAL_RECORD, type OpeningSession } from '../../graphql/opening';
import { useI18n } from '../../i18n';
import { HallErrors, Panel, useHallAction } from './hall-common';
import { KeyFileForm } from './KeyFileForm';

interface SealAndTime {
  serverTime: string;
  mySeal: { seal: { sealId: string; name: string; sealRecordBase64: string } | null; errors: { code: string; message: string }[] };
}

export function SealStep({ session, role, onSession }: { session: OpeningSession; role: 'HOST' | 'SUPERVISOR'; onSession(session: OpeningSession): void }) {
  const { t, formatDateTime } = useI18n();
  const client = useClient();
  const action = useHallAction(onSession);
  const done = session.seals.find((s) => s.role === role);
  return (
    <Panel title={t('hall.seal')} className="hall-seal">
      {session.recordSha256 && (
        <p className="small">
          {t('hall.recordSha256')} <span className="mono break">{session.recordSha256}</span>
        </p>
      )}
      <ul className="plain-list small">
        {session.seals.map((s) => (
          <li key={s.role}>
            <span className="badge badge-valid">{t('hall.sealedBy', { role: t(s.role === 'HOST' ? 'hall.roleHost' : 'hall.roleSupervisor') })}</span> {s.signerName} <span className="muted">{formatDateTime(s.sealedAt)}</span>
          </li>
        ))}
      </ul>
      {session.status === 'SEALING' && !done && session.recordJson && (
        <>
          <p className="hint">{t('hall.sealExplain')}</p>
          <KeyFileForm
            fileLabel={t('hall.signingFile')}
            submitLabel={t('hall.sealSubmit')}
            disabled={action.busy}
            onUse={async (file, password) => {
              const recordJson = session.recordJson!;
              const result = await client.query<SealAndTime>(MY_SEAL_AND_TIME, {}, { requestPolicy: 'network-only' }).toPromise();
              const seal = result.data?.mySeal.seal;
              if (!result.data || !seal) {
                const e = result.data?.mySeal.errors[0];
                return action.fail(e?.code ?? 'NETWORK', e?.message ?? result.error?.message ?? '');
              }
              const { readSigningIdentity } = await import('../../auth/certificate-login');
              const { sealRecordJson } = await import('../../lib/opening-crypto');
              const identity = await readSigningIdentity(file, password);
              const envelope = await sealRecordJson({ recordJson, sealRecordBase64: seal.sealRecordBase64, certificatePem: identity.certificatePem, signingKey: identity.privateKey, serverTime: result.data.serverTime });
              await action.run(SEAL_RECORD, { projectId: session.projectId, envelope });
            }}
          />
        </>
      )}
      <HallErrors errors={action.errors} />
    </Panel>
  );
}
