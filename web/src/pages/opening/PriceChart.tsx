/**
 * A live picture of the read-out: one bar per bid (its price once known) against the control price
 * (招标控制价, a dashed line). Bids not yet read out are shown as empty slots.
 */
import type { OpeningBid } from '../../graphql/opening';
import { useI18n } from '../../i18n';
import { formatYuan } from '../../lib/documents';

const W = 640;
const H = 220;
const PAD = { top: 16, right: 130, bottom: 36, left: 16 }; // the control price is labelled in the right margin

export function PriceChart({ bids, controlPrice }: { bids: OpeningBid[]; controlPrice: string | null }) {
  const { t } = useI18n();
  const sorted = [...bids].sort((a, b) => a.position - b.position);
  const prices = sorted.map((b) => (b.totalPrice ? Number(b.totalPrice) : null));
  const control = controlPrice ? Number(controlPrice) : null;
  const max = Math.max(1, control ?? 0, ...prices.map((p) => p ?? 0)) * 1.1;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(sorted.length, 1);
  const barW = Math.min(60, slot * 0.6);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const known = prices.filter((p): p is number => p !== null).length;

  return (
    <figure className="price-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('hall.chartLabel', { known, total: sorted.length })}>
        <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} className="chart-axis" />
        {sorted.map((bid, i) => {
          const price = prices[i];
          const x = PAD.left + slot * i + (slot - barW) / 2;
          const over = control !== null && price !== null && price > control;
          return (
            <g key={bid.id} data-position={bid.position}>
              {price === null ? (
                <rect x={x} y={y(max / 1.1 / 4)} width={barW} height={y(0) - y(max / 1.1 / 4)} className="chart-bar-empty" />
              ) : (
                <>
                  <rect x={x} y={y(price)} width={barW} height={y(0) - y(price)} className={over ? 'chart-bar chart-bar-over' : bid.mine ? 'chart-bar chart-bar-mine' : 'chart-bar'}>
                    <title>{`${bid.organisationName} ${formatYuan(bid.totalPrice)}`}</title>
                  </rect>
                  <text x={x + barW / 2} y={y(price) + 14} textAnchor="middle" className="chart-value">
                    {(price / 10000).toFixed(1)}
                  </text>
                </>
              )}
              <text x={x + barW / 2} y={H - PAD.bottom + 16} textAnchor="middle" className="chart-label">
                {bid.position}
              </text>
            </g>
          );
        })}
        {control !== null && (
          <g className="chart-control">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(control)} y2={y(control)} />
            <text x={W - PAD.right + 6} y={y(control) + 4} textAnchor="start">
              {t('hall.chartControl', { price: formatYuan(controlPrice) })}
            </text>
          </g>
        )}
      </svg>
      <figcaption className="small muted">{known === 0 ? t('hall.chartEmpty') : t('hall.chartCaption')}</figcaption>
    </figure>
  );
}
