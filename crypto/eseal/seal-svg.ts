/**
 * A classic round red Chinese seal (圆形印章) as SVG: double-weight ring, the organisation name
 * along the upper arc, a five-pointed star in the middle, the label (e.g. 合同专用章) straight
 * across the bottom. Pure and deterministic: the same input gives the same bytes.
 */
import type { SealKind } from './seal-record';

export interface SealSvgInput {
  organisationName: string;
  /** Bottom line; defaults by kind (CONTRACT 合同专用章, BID 投标专用章, none otherwise). '' for none. */
  label?: string;
  kind: SealKind;
}

const RED = '#d7000f';
const SIZE = 200;
const C = SIZE / 2;
const NAME_RADIUS = 70;
const MAX_ARC_DEGREES = 240;
const MAX_STEP_DEGREES = 24;
const DEFAULT_LABEL: Partial<Record<SealKind, string>> = { CONTRACT: '合同专用章', BID: '投标专用章' };

const num = (n: number): string => String(Number(n.toFixed(2)));

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The name's characters spread evenly over the upper arc, each turned to face the centre. */
function arcText(name: string): string {
  const chars = Array.from(name);
  const step = chars.length > 1 ? Math.min(MAX_STEP_DEGREES, MAX_ARC_DEGREES / (chars.length - 1)) : 0;
  const fontSize = Math.min(24, NAME_RADIUS * (step || MAX_STEP_DEGREES) * (Math.PI / 180) * 0.95);
  const first = -(step * (chars.length - 1)) / 2;
  const glyphs = chars.map((ch, i) => {
    const deg = first + i * step;
    const x = C + NAME_RADIUS * Math.sin((deg * Math.PI) / 180);
    const y = C - NAME_RADIUS * Math.cos((deg * Math.PI) / 180);
    return `<text x="${num(x)}" y="${num(y)}" transform="rotate(${num(deg)} ${num(x)} ${num(y)})">${escapeXml(ch)}</text>`;
  });
  return `<g font-size="${num(fontSize)}">${glyphs.join('')}</g>`;
}

/** Five-pointed star centred in the seal, one point up. */
function star(outer: number): string {
  const inner = outer * 0.382;
  const points = Array.from({ length: 10 }, (_, i) => {
    const r = i % 2 === 0 ? outer : inner;
    const a = (i * 36 * Math.PI) / 180;
    return `${num(C + r * Math.sin(a))},${num(C - r * Math.cos(a))}`;
  });
  return `<polygon points="${points.join(' ')}" fill="${RED}"/>`;
}

export function renderSealSvg(input: SealSvgInput): string {
  const name = input.organisationName.trim();
  const length = Array.from(name).length;
  if (length === 0 || length > 40) throw new RangeError('organisationName must have 1–40 characters');
  const label = (input.label ?? DEFAULT_LABEL[input.kind] ?? '').trim();
  const labelSize = Math.min(18, 120 / Math.max(1, Array.from(label).length));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">`,
    `<g fill="${RED}" font-family="SimSun,'Songti SC','Noto Serif CJK SC',serif" font-weight="bold" text-anchor="middle" dominant-baseline="central">`,
    `<circle cx="${C}" cy="${C}" r="94" fill="none" stroke="${RED}" stroke-width="5"/>`,
    arcText(name),
    star(28),
    label ? `<text x="${C}" y="150" font-size="${num(labelSize)}">${escapeXml(label)}</text>` : '',
    '</g></svg>',
  ].join('');
}
