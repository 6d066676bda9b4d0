/**
 * 中标通知书: after the publicity the tenderee seals awardNoticeDocument with its e-seal (the same
 * crypto/eseal path as the opening record's 签章), at server time; once issued everyone sees it.
 */
import { useClient } from 'urql';
import { useSession } from '../../auth/session';
import { AWARD_NOTICE_AND_SEAL, ISSUE_AWARD_NOTICE, type Evaluation } from '../../graphql/evaluation';
import { useI18n } from '../../i18n';
import { KeyFileForm } from '../opening/KeyFileForm';
import { EvalErrors, Panel, useEvalAction } from './eval-common';

interface NoticeAndSeal {
  awardNoticeDocument: string | null;
  serverTime: string;
  mySeal: { seal: { sealRecordBase64: string } | null; errors: { code: string; message: string }[] };
}

export function AwardNotice({ evaluation, onEvaluation }: { evaluation: Evaluation; onEvaluation(e: Evaluation): void }) {
  const { t } = useI18n();
  const client = useClient();
  const { hasRole } = useSession();
  const action = useEvalAction(onEvaluation);
  const winner = evaluation.awardJson ? (JSON.parse(evaluation.awardJson) as { winner?: { organisation?: string; organisationName?: string; price?: string } }).winner : null;
  if (!evaluation.awardJson && !(evaluation.status === 'PUBLICITY' && hasRole('TENDEREE'))) return null;
  return (
    <Panel title={t('eval.awardTitle')} className="eval-award">
      {evaluation.awardJson ? (
        <>
          <p className="notice notice-success" role="status">
            {t('eval.awarded')} {evaluation.awardLedgerIndex !== null && <span className="muted small">{t('eval.ledgerIndex', { index: evaluation.awardLedgerIndex })}</span>}
          </p>
          {winner && (
            <p>
              {t('eval.winner')}: {winner.organisation ?? winner.organisationName ?? ''} <span className="mono">{winner.price}</span>
            </p>
          )}
        </>
      ) : (
        <>
          <p className="hint">{t('eval.awardExplain')}</p>
          <KeyFileForm
            fileLabel={t('eval.signingFile')}
            submitLabel={t('eval.awardSubmit')}
            disabled={action.busy}
            onUse={async (file, password) => {
              const result = await client.query<NoticeAndSeal>(AWARD_NOTICE_AND_SEAL, { projectId: evaluation.projectId }, { requestPolicy: 'network-only' }).toPromise();
              const seal = result.data?.mySeal.seal;
              const notice = result.data?.awardNoticeDocument;
              if (!result.data || !seal || !notice) {
                const e = result.data?.mySeal.errors[0];
                return action.fail(e?.code ?? 'NETWORK', e?.message ?? result.error?.message ?? '');
              }
              const { readSigningIdentity } = await import('../../auth/certificate-login');
              const { sealRecordJson } = await import('../../lib/opening-crypto');
              const identity = await readSigningIdentity(file, password);
              const envelope = await sealRecordJson({ recordJson: notice, sealRecordBase64: seal.sealRecordBase64, certificatePem: identity.certificatePem, signingKey: identity.privateKey, serverTime: result.data.serverTime, purpose: 'award-notice' });
              await action.run(ISSUE_AWARD_NOTICE, { projectId: evaluation.projectId, envelope });
            }}
          />
        </>
      )}
      <EvalErrors errors={action.errors} />
    </Panel>
  );
}
