/** The aggregated result: ranking, per-bid totals, the price computation with its steps, the changes. */
import type { Aggregate, Evaluation } from '../../graphql/evaluation';
import { useI18n } from '../../i18n';
import { downloadText } from '../../lib/download';
import { bidNames, Panel, shortId } from './eval-common';

export function ResultsTable({ evaluation, aggregate }: { evaluation: Evaluation; aggregate: Aggregate }) {
  const { t, formatDateTime } = useI18n();
  const names = bidNames(evaluation);
  const nameOf = (bidId: string) => names[bidId] ?? shortId(bidId);
  const price = aggregate.price;
  return (
    <Panel title={t('eval.results')} className="eval-results">
      <div className="table-wrap">
        <table className="eval-results-table">
          <thead>
            <tr>
              <th scope="col">{t('eval.rank')}</th>
              <th scope="col">{t('eval.bidder')}</th>
              <th scope="col" className="num">{t('eval.technicalScore')}</th>
              <th scope="col" className="num">{t('eval.commercialScore')}</th>
              <th scope="col" className="num">{t('eval.priceScore')}</th>
              <th scope="col" className="num">{t('eval.total')}</th>
              <th scope="col">{t('eval.candidate')}</th>
            </tr>
          </thead>
          <tbody>
            {aggregate.lines.map((line) => {
              const candidate = aggregate.candidates.indexOf(line.bidId);
              return (
                <tr key={line.bidId} data-bid={line.bidId}>
                  <td className="num">{line.rank ?? '—'}</td>
                  <td>{nameOf(line.bidId)}</td>
                  <td className="num">{line.qualified ? line.technical : '—'}</td>
                  <td className="num">{line.qualified ? line.commercial : '—'}</td>
                  <td className="num">{line.qualified ? line.priceScore : '—'}</td>
                  <td className="num" data-total>{line.qualified ? line.total : t('eval.notQualified')}</td>
                  <td>{candidate >= 0 ? t('eval.candidateN', { n: candidate + 1 }) : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h3>{t('eval.priceComputation')}</h3>
      <p className="small">
        {t(`eval.formula.${price.formula.kind}`, { points: price.formula.maxPoints })} · {t('eval.base')} <span className="mono">{price.base}</span>
        {price.mean && (
          <>
            {' '}
            · {t('eval.mean')} <span className="mono">{price.mean}</span>
          </>
        )}
      </p>
      <ol className="small mono price-steps">
        {price.steps.map((step, i) => (
          <li key={i}>{step}</li>
        ))}
      </ol>
      <h3>{t('eval.tieBreaks')}</h3>
      <ul className="small">
        {aggregate.tieBreaks.map((rule, i) => (
          <li key={i}>{rule}</li>
        ))}
      </ul>
      {evaluation.changes && evaluation.changes.length > 0 && (
        <>
          <h3>{t('eval.changes')}</h3>
          <ul className="small eval-changes">
            {evaluation.changes.map((c, i) => (
              <li key={i}>
                {t(`eval.changeReason.${c.reason as 'CALCULATION_ERROR'}`)} · {c.seat ? `专家 ${String.fromCharCode(64 + c.seat)}` : ''} · {nameOf(c.bidId)} · {evaluation.criteria.scored.find((i) => i.key === c.itemKey)?.label ?? c.itemKey}: {c.from} → {c.to} · {c.note} <span className="muted">{formatDateTime(c.changedAt)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {evaluation.reportSha256 && (
        <p className="small">
          {t('eval.reportSha256')} <span className="mono break">{evaluation.reportSha256}</span>
          {evaluation.reportLedgerIndex !== null && <span className="muted"> · {t('eval.ledgerIndex', { index: evaluation.reportLedgerIndex })}</span>}
          {evaluation.reportJson && (
            <>
              {' '}
              <button type="button" className="button-link" onClick={() => downloadText(`evaluation-report-${evaluation.reportSha256!.slice(0, 12)}.json`, evaluation.reportJson!)}>
                {t('eval.downloadReport')}
              </button>
            </>
          )}
        </p>
      )}
    </Panel>
  );
}
