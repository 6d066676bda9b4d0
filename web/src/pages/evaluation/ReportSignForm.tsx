/** A member's act on the report draft: sign, sign with a written dissent, or refuse — signed with its PKCS#12. */
import { useState } from 'react';
import { Field } from '../../components/Field';
import { REPORT_ACT, type CommitteeMember, type Evaluation, type ReportAct } from '../../graphql/evaluation';
import { useI18n } from '../../i18n';
import { KeyFileForm } from '../opening/KeyFileForm';
import { EvalErrors, Panel, useEvalAction } from './eval-common';

const ACTS: readonly ReportAct[] = ['SIGN', 'DISSENT', 'REFUSE'];

export function ReportSignForm({ evaluation, me, onEvaluation }: { evaluation: Evaluation; me: CommitteeMember; onEvaluation(e: Evaluation): void }) {
  const { t } = useI18n();
  const action = useEvalAction(onEvaluation);
  const [act, setAct] = useState<ReportAct>('SIGN');
  const [reason, setReason] = useState('');
  const draft = evaluation.reportDraftSha256;
  return (
    <Panel title={t('eval.reportTitle')} className="eval-report">
      <p className="small">
        {t('eval.reportDraft')} <span className="mono break" data-testid="report-draft">{draft ?? '—'}</span>
      </p>
      {me.reportAct ? (
        <p className="notice notice-success" role="status">
          {t('eval.reportActed', { act: t(`eval.act.${me.reportAct}`) })}
        </p>
      ) : (
        draft && (
          <>
            <fieldset className="radio-group">
              <legend>{t('eval.reportActLabel')}</legend>
              {ACTS.map((a) => (
                <label key={a} className="block">
                  <input type="radio" name="report-act" value={a} checked={act === a} onChange={() => setAct(a)} /> {t(`eval.act.${a}`)}
                </label>
              ))}
            </fieldset>
            {act !== 'SIGN' && (
              <Field label={t('eval.reportReason')}>
                <textarea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
              </Field>
            )}
            <KeyFileForm
              fileLabel={t('eval.signingFile')}
              submitLabel={t('eval.reportSubmit')}
              disabled={action.busy}
              onUse={async (file, password) => {
                const { signReportAct } = await import('../../lib/evaluation-crypto');
                const signed = await signReportAct(file, password, evaluation.projectId, me.id, draft, act);
                await action.run(REPORT_ACT, { input: { projectId: evaluation.projectId, act, reason: act === 'SIGN' ? null : reason.trim() || null, ...signed } });
              }}
            />
          </>
        )
      )}
      <EvalErrors errors={action.errors} />
    </Panel>
  );
}
