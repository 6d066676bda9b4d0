/** One score of the workbench: the points, and its written justification (open when it is required). */
import type { Criteria, EvaluationBid } from '../../graphql/evaluation';
import { useI18n } from '../../i18n';

interface Props {
  bid: EvaluationBid;
  item: Criteria['scored'][number];
  score: string;
  justification: string;
  needsJustification: boolean;
  problem: string | null;
  onScore(value: string): void;
  onJustification(value: string): void;
}

export function ScoreCell({ bid, item, score, justification, needsJustification, problem, onScore, onJustification }: Props) {
  const { t, label } = useI18n();
  const names = { bid: bid.organisationName, item: item.label };
  return (
    <td className={problem || needsJustification ? 'cell-invalid' : undefined} data-needs-justification={needsJustification || undefined}>
      <input className="num score-input" inputMode="decimal" aria-label={t('eval.scoreOf', names)} value={score} onChange={(e) => onScore(e.target.value)} />
      <span className="muted small"> / {item.maxPoints}</span>
      {problem && <span className="field-error block small">{label('sheetProblem', problem)}</span>}
      <details open={needsJustification || justification !== '' || undefined}>
        <summary className="small">{needsJustification ? t('eval.needsJustification') : t('eval.justify')}</summary>
        <textarea rows={2} aria-label={t('eval.justificationOf', names)} value={justification} onChange={(e) => onJustification(e.target.value)} />
      </details>
    </td>
  );
}
