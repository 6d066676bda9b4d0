/** 公示: the publicity period, the committee's names (public from now on), objections, the award notice. */
import type { Evaluation } from '../../graphql/evaluation';
import { useI18n } from '../../i18n';
import { AwardNotice } from './AwardNotice';
import { Panel } from './eval-common';
import { ResultObjections } from './ResultObjections';

export function PublicityPanel({ evaluation, onEvaluation }: { evaluation: Evaluation; onEvaluation(e: Evaluation): void }) {
  const { t, formatDateTime } = useI18n();
  return (
    <>
      <Panel title={t('eval.publicity')} className="eval-publicity">
        <p data-testid="publicity-period">{t('eval.publicityPeriod', { from: formatDateTime(evaluation.publicityStartsAt), until: formatDateTime(evaluation.publicityEndsAt) })}</p>
        <p className="small">
          {t('eval.committee')}: {evaluation.members.map((m) => `${m.name ?? m.label}${m.isLeader ? `（${t('eval.leader')}）` : ''}`).join('、')}
        </p>
      </Panel>
      <ResultObjections evaluation={evaluation} onEvaluation={onEvaluation} />
      <AwardNotice evaluation={evaluation} onEvaluation={onEvaluation} />
    </>
  );
}
