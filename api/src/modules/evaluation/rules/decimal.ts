/**
 * Exact fixed-point decimals on BigInt for money and scores (DOMAIN rules 16–19 round "half-up to 2
 * decimals"; binary floats cannot do that reliably). Values travel as plain decimal strings ("1234.5",
 * "-0.25"); no exponent, no "+", no leading/trailing dot. Results of add/sub/mul are exact and
 * normalised (no trailing zeros); div/mean round once, half-up, at a stated number of places, so a
 * score is never rounded twice. "Half-up" rounds ties away from zero (四舍五入 on the magnitude).
 */
export class DecimalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecimalError';
  }
}

/** Places kept by div/mean when the caller does not say. */
export const DIV_DP = 12;

interface Fixed {
  v: bigint; // value = v / 10^s
  s: number;
}

const PATTERN = /^-?\d+(\.\d+)?$/;

export function isDecimal(x: unknown): x is string {
  return typeof x === 'string' && PATTERN.test(x);
}

function parse(x: string): Fixed {
  if (!isDecimal(x)) throw new DecimalError(`not a decimal: ${JSON.stringify(x)}`);
  const negative = x.startsWith('-');
  const [int, frac = ''] = (negative ? x.slice(1) : x).split('.');
  const v = BigInt(int + frac);
  return { v: negative ? -v : v, s: frac.length };
}

const pow10 = (n: number) => 10n ** BigInt(n);

function rescale(a: Fixed, s: number): bigint {
  return a.v * pow10(s - a.s);
}

function format(v: bigint, s: number, keepZeros: boolean): string {
  const digits = (v < 0n ? -v : v).toString().padStart(s + 1, '0');
  const int = digits.slice(0, digits.length - s);
  const frac = keepZeros ? digits.slice(digits.length - s) : digits.slice(digits.length - s).replace(/0+$/, '');
  const text = frac ? `${int}.${frac}` : int;
  return v < 0n ? `-${text}` : text;
}

/** Integer division of n by d (d > 0 or < 0), rounding half away from zero. */
function divHalfUp(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new DecimalError('division by zero');
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  let q = an / ad;
  if ((an % ad) * 2n >= ad) q += 1n;
  return negative ? -q : q;
}

/** The canonical form: "1.50" → "1.5", "-0" → "0", "007" → "7". */
export function normalize(x: string): string {
  const a = parse(x);
  return format(a.v, a.s, false);
}

export function decimalPlaces(x: string): number {
  return parse(x).s;
}

export function add(a: string, b: string): string {
  const x = parse(a);
  const y = parse(b);
  const s = Math.max(x.s, y.s);
  return format(rescale(x, s) + rescale(y, s), s, false);
}

export function sub(a: string, b: string): string {
  return add(a, neg(b));
}

export function neg(a: string): string {
  const x = parse(a);
  return format(-x.v, x.s, false);
}

export function mul(a: string, b: string): string {
  const x = parse(a);
  const y = parse(b);
  return format(x.v * y.v, x.s + y.s, false);
}

/** a / b rounded half-up to `dp` places (exactly `dp` digits after the point). */
export function div(a: string, b: string, dp: number = DIV_DP): string {
  if (!Number.isInteger(dp) || dp < 0) throw new DecimalError(`bad number of places: ${dp}`);
  const x = parse(a);
  const y = parse(b);
  // a/b = (x.v / 10^x.s) / (y.v / 10^y.s); scaled by 10^dp: x.v·10^(dp+y.s) / (y.v·10^x.s)
  return format(divHalfUp(x.v * pow10(dp + y.s), y.v * pow10(x.s)), dp, true);
}

export function cmp(a: string, b: string): -1 | 0 | 1 {
  const x = parse(a);
  const y = parse(b);
  const s = Math.max(x.s, y.s);
  const d = rescale(x, s) - rescale(y, s);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export const eq = (a: string, b: string) => cmp(a, b) === 0;
export const lt = (a: string, b: string) => cmp(a, b) < 0;
export const lte = (a: string, b: string) => cmp(a, b) <= 0;
export const gt = (a: string, b: string) => cmp(a, b) > 0;
export const gte = (a: string, b: string) => cmp(a, b) >= 0;

export function abs(a: string): string {
  return lt(a, '0') ? neg(a) : normalize(a);
}

/** Rounded half-up (away from zero on ties) to exactly `dp` places: roundHalfUp("2.345", 2) = "2.35". */
export function roundHalfUp(x: string, dp: number): string {
  if (!Number.isInteger(dp) || dp < 0) throw new DecimalError(`bad number of places: ${dp}`);
  const a = parse(x);
  if (a.s <= dp) return format(rescale(a, dp), dp, true);
  return format(divHalfUp(a.v, pow10(a.s - dp)), dp, true);
}

/** Same as roundHalfUp; the name to use when formatting for display or storage. */
export const toFixed = roundHalfUp;

function nonEmpty(xs: readonly string[], what: string): void {
  if (xs.length === 0) throw new DecimalError(`${what} of no values`);
}

export function min(...xs: string[]): string {
  nonEmpty(xs, 'min');
  return normalize(xs.reduce((m, x) => (lt(x, m) ? x : m)));
}

export function max(...xs: string[]): string {
  nonEmpty(xs, 'max');
  return normalize(xs.reduce((m, x) => (gt(x, m) ? x : m)));
}

export function sum(xs: readonly string[]): string {
  return xs.reduce((t, x) => add(t, x), '0');
}

/** Arithmetic mean, rounded once half-up to `dp` places. */
export function mean(xs: readonly string[], dp: number = DIV_DP): string {
  nonEmpty(xs, 'mean');
  return div(sum(xs), String(xs.length), dp);
}

/** Exact median (the mean of the two middle values for an even count is exact: one more place at most). */
export function median(xs: readonly string[]): string {
  nonEmpty(xs, 'median');
  const sorted = [...xs].sort(cmp);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2) return normalize(sorted[mid]);
  return mul(add(sorted[mid - 1], sorted[mid]), '0.5');
}
