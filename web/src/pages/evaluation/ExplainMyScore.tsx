/**
 * 得分说明 (bidders, once published): the caller's per-item scores by 专家 A…E, the means, the
 * qualification votes and the price formula with all its inputs — and a button that re-runs the
 * very same pure formula (api/.../rules/price-formulas.ts, exact BigInt decimals) in the browser.
 */
import { useState } from 'react';
import { useQuery } from 'urql';
import { ErrorMessage, Loading } from '../../components/status';
import { EXPLAIN_MY_SCORE, type ScoreExplanation } from '../../graphql/evaluation';
import { useI18n } from '../../i18n';
import { priceScores } from '../../lib/evaluation-rules';
import { Panel } from './eval-common';

export function ExplainMyScore({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const [{ data, fetching, error }] = useQuery<{ explainMyScore: ScoreExplanation | null }>({ query: EXPLAIN_MY_SCORE, variables: { projectId }, requestPolicy: 'network-only' });
  const explained = data?.explainMyScore;
  return (
    <Panel title={t('eval.explainTitle')} className="eval-explain">
      <p className="hint">{t('eval.explainExplain')}</p>
      {fetching && !data ? <Loading /> : error ? <ErrorMessage error={error} /> : !explained ? <p className="muted">{t('eval.explainUnavailable')}</p> : <Explanation explained={explained} />}
    </Panel>
  );
}

function Explanation({ explained }: { explained: ScoreExplanation }) {
  const { t } = useI18n();
  const members = explained.items[0]?.scores.map((s) => s.member) ?? explained.qualification[0]?.votes.map((v) => v.member) ?? [];
  const { price } = explained;
  return (
    <>
      <dl className="facts" data-testid="explain-summary">
        <dt>{t('eval.bidder')}</dt>
        <dd>{explained.organisationName}</dd>
        <dt>{t('eval.qualified')}</dt>
        <dd>{explained.qualified ? t('eval.pass') : t('eval.fail')}</dd>
        <dt>{t('eval.rank')}</dt>
        <dd data-testid="explain-rank">{explained.rank ?? '—'}</dd>
        <dt>{t('eval.total')}</dt>
        <dd data-testid="explain-total">{explained.total ?? '—'}</dd>
      </dl>
      <div className="table-wrap">
        <table className="eval-explain-items">
          <thead>
            <tr>
              <th scope="col">{t('eval.criterion')}</th>
              {members.map((m) => (
                <th key={m} scope="col" className="num">
                  {m}
                </th>
              ))}
              <th scope="col" className="num">
                {t('eval.itemMean')}
              </th>
            </tr>
          </thead>
          <tbody>
            {explained.qualification.map((q) => (
              <tr key={q.key} data-item={q.key}>
                <th scope="row">{q.label}</th>
                {q.votes.map((v) => (
                  <td key={v.member} className="num">
                    {v.passed === null ? '—' : v.passed ? t('eval.pass') : t('eval.fail')}
                  </td>
                ))}
                <td />
              </tr>
            ))}
            {explained.items.map((item) => (
              <tr key={item.key} data-item={item.key}>
                <th scope="row">
                  {item.label} <span className="muted small">{t('eval.maxPoints', { points: item.maxPoints })}</span>
                </th>
                {item.scores.map((s) => (
                  <td key={s.member} className="num" data-member={s.member}>
                    {s.score ?? '—'}
                  </td>
                ))}
                <td className="num" data-mean>
                  {item.mean ?? '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t('eval.formula')}</h3>
      <p className="small">{t(`eval.formula.${price.formula.kind}`, { points: price.formula.maxPoints })}</p>
      <h4>{t('eval.inputs')}</h4>
      <ul className="small plain-list">
        {price.inputs.map((i) => (
          <li key={i.bidId}>
            {i.organisationName} <span className="mono">{i.price}</span>
          </li>
        ))}
      </ul>
      <p className="small">
        {t('eval.base')} <span className="mono">{price.base}</span>
        {price.mean && (
          <>
            {' '}
            · {t('eval.mean')} <span className="mono">{price.mean}</span>
          </>
        )}
        {price.dropped.length > 0 && ` · ${t('eval.dropped')}: ${price.dropped.length}`}
      </p>
      <ol className="small mono price-steps">
        {price.steps.map((step, i) => (
          <li key={i}>{step}</li>
        ))}
      </ol>
      <p>
        {t('eval.myPriceScore')} <strong data-testid="my-price-score">{price.mine?.score ?? '—'}</strong>
      </p>
      <Rerun explained={explained} />
    </>
  );
}

function Rerun({ explained }: { explained: ScoreExplanation }) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<{ score: string; matches: boolean } | { failed: string } | null>(null);
  const published = explained.price.mine?.score ?? null;
  const rerun = () => {
    try {
      const result = priceScores(explained.price.formula, explained.price.inputs.map((i) => ({ bidId: i.bidId, price: i.price })));
      const score = result.lines.find((l) => l.bidId === explained.bidId)?.score ?? '—';
      setOutcome({ score, matches: score === published });
    } catch (e) {
      setOutcome({ failed: (e as Error).message });
    }
  };
  return (
    <div className="rerun">
      <button type="button" onClick={rerun}>
        {t('eval.rerun')}
      </button>
      {outcome && (
        <p role="status" data-testid="rerun-outcome" data-matches={'score' in outcome ? String(outcome.matches) : 'false'} className={'score' in outcome && outcome.matches ? 'notice notice-success' : 'notice notice-error'}>
          {'failed' in outcome ? outcome.failed : outcome.matches ? t('eval.rerunMatch', { score: outcome.score }) : t('eval.rerunMismatch', { score: outcome.score, published: published ?? '—' })}
        </p>
      )}
    </div>
  );
}
