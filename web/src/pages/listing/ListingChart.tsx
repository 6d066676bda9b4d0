/** The price over time: a step line through every accepted quote (server arrival times), the start price dashed. */
import type { ListingQuote } from '../../graphql/listing';
import { useI18n } from '../../i18n';
import { formatYuan } from '../../lib/documents';

const W = 640;
const H = 220;
const PAD = { top: 16, right: 16, bottom: 28, left: 16 };

export function ListingChart({ quotes, startPrice }: { quotes: ListingQuote[]; startPrice: string }) {
  const { t } = useI18n();
  const start = Number(startPrice);
  const points = quotes.map((q) => ({ x: Date.parse(q.receivedAt), y: Number(q.amount), q }));
  const minX = points[0]?.x ?? 0;
  const maxX = Math.max(minX + 1, points.at(-1)?.x ?? 1);
  const maxY = Math.max(start, ...points.map((p) => p.y)) * 1.05;
  const minY = start * 0.95;
  const sx = (x: number) => PAD.left + ((x - minX) / (maxX - minX)) * (W - PAD.left - PAD.right);
  const sy = (y: number) => PAD.top + (1 - (y - minY) / (maxY - minY)) * (H - PAD.top - PAD.bottom);
  const path = points.map((p, i) => (i === 0 ? `M${sx(p.x)},${sy(p.y)}` : `H${sx(p.x)}V${sy(p.y)}`)).join('');
  return (
    <figure className="price-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('listing.chartLabel', { count: quotes.length })} data-testid="price-chart" data-points={quotes.length}>
        <line x1={PAD.left} x2={W - PAD.right} y1={sy(start)} y2={sy(start)} className="chart-control" strokeDasharray="4 4" stroke="currentColor" />
        {path && <path d={path} fill="none" stroke="currentColor" strokeWidth={2} className="chart-line" />}
        {points.map((p) => (
          <circle key={p.q.seq} cx={sx(p.x)} cy={sy(p.y)} r={p.q.mine ? 5 : 3.5} className={p.q.mine ? 'chart-bar-mine' : 'chart-bar'}>
            <title>{`#${p.q.seq} ${p.q.bidderNumber}: ${formatYuan(p.q.amount)}`}</title>
          </circle>
        ))}
      </svg>
    </figure>
  );
}
