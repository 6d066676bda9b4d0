/**
 * Price scores (DOMAIN rules 16–18). Formulas are versioned data stored with the criteria, so a
 * published tender keeps the formula it was published with; an unknown version is refused, never
 * guessed. All arithmetic is exact (decimal.ts) and every result is rounded once.
 */
import { abs, cmp, div, gt, gte, isDecimal, lt, mul, roundHalfUp, sub, sum } from './decimal';

export type PriceFormula =
  /** rule 16, 低价优先法: score = lowest valid price / price × maxPoints */
  | { kind: 'LOWEST_PRICE_FIRST'; version: 1; maxPoints: string }
  /** rules 17–18, construction average-price method (percentages are in %, e.g. '1' = 1 %) */
  | { kind: 'AVERAGE_PRICE'; version: 1; maxPoints: string; penaltyAbovePerPct: string; penaltyBelowPerPct: string; floatPointPct: string | null }
  /** land tender (招标出让): the higher offer is better: score = price / highest price × maxPoints */
  | { kind: 'HIGHEST_PRICE_FIRST'; version: 1; maxPoints: string };

/** rule 18: float points drawn at the opening, in % */
export const FLOAT_POINTS: readonly string[] = ['1.5', '1.25', '1', '0.75', '0.5', '0.25'];

export interface PricedBid {
  bidId: string;
  /** yuan, > 0 */
  price: string;
}
export interface PriceScoreLine {
  bidId: string;
  price: string;
  score: string;
  deviationPct: string | null;
}
export interface PriceScoreResult {
  formula: PriceFormula;
  /** lowest (rule 16) / highest price, or the base price of rule 17 rounded half-up to 2 places (fen); '0' without bids */
  base: string;
  /** rule 17: the plain mean of the kept prices (2 places, half-up), before the float point */
  mean: string | null;
  /** rule 17: bidIds of the highest and lowest price dropped from the mean */
  dropped: string[];
  lines: PriceScoreLine[];
  /** the computation with its numbers, for "explain my score" */
  steps: string[];
}

export class PriceFormulaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PriceFormulaError';
  }
}

const MONEY_DP = 2;
const SCORE_DP = 2;

function checkInput(formula: PriceFormula, bids: PricedBid[]): void {
  if (formula.version !== 1) throw new PriceFormulaError(`unknown ${formula.kind} version ${String(formula.version)}`);
  const seen = new Set<string>();
  for (const b of bids) {
    if (seen.has(b.bidId)) throw new PriceFormulaError(`bid ${b.bidId} given twice`);
    seen.add(b.bidId);
    if (!isDecimal(b.price) || !gt(b.price, '0')) throw new PriceFormulaError(`bid ${b.bidId}: price must be > 0, got ${b.price}`);
  }
}

export function priceScores(formula: PriceFormula, bids: PricedBid[]): PriceScoreResult {
  checkInput(formula, bids);
  if (bids.length === 0) return { formula, base: '0', mean: null, dropped: [], lines: [], steps: ['No valid bids: no price scores.'] };
  switch (formula.kind) {
    case 'LOWEST_PRICE_FIRST':
    case 'HIGHEST_PRICE_FIRST':
      return ratioScores(formula, bids);
    case 'AVERAGE_PRICE':
      return averagePriceScores(formula, bids);
    default:
      throw new PriceFormulaError(`unknown price formula ${(formula as { kind: string }).kind}`);
  }
}

function ratioScores(formula: Extract<PriceFormula, { kind: 'LOWEST_PRICE_FIRST' | 'HIGHEST_PRICE_FIRST' }>, bids: PricedBid[]): PriceScoreResult {
  const lowest = formula.kind === 'LOWEST_PRICE_FIRST';
  const base = bids.map((b) => b.price).reduce((m, p) => ((lowest ? lt(p, m) : gt(p, m)) ? p : m));
  const steps = [
    lowest
      ? `Lowest valid price (base) = ${base}; price score = ${base} / price × ${formula.maxPoints}, rounded half-up to 2 decimals.`
      : `Highest valid price (base) = ${base}; price score = price / ${base} × ${formula.maxPoints}, rounded half-up to 2 decimals.`,
  ];
  const lines = bids.map((b) => {
    const score = lowest ? div(mul(base, formula.maxPoints), b.price, SCORE_DP) : div(mul(b.price, formula.maxPoints), base, SCORE_DP);
    steps.push(lowest ? `${b.bidId}: ${base} / ${b.price} × ${formula.maxPoints} = ${score}` : `${b.bidId}: ${b.price} / ${base} × ${formula.maxPoints} = ${score}`);
    return { bidId: b.bidId, price: b.price, score, deviationPct: null };
  });
  return { formula, base, mean: null, dropped: [], lines, steps };
}

function averagePriceScores(formula: Extract<PriceFormula, { kind: 'AVERAGE_PRICE' }>, bids: PricedBid[]): PriceScoreResult {
  const steps: string[] = [];
  // rule 17: "more than 3 bids" — with exactly 3 nothing is dropped. Ties broken by bidId for a stable record.
  const sorted = [...bids].sort((a, b) => cmp(a.price, b.price) || (a.bidId < b.bidId ? -1 : a.bidId > b.bidId ? 1 : 0));
  const kept = bids.length > 3 ? sorted.slice(1, -1) : sorted;
  const [low, high] = [sorted[0], sorted[sorted.length - 1]];
  const dropped = bids.length > 3 ? [high.bidId, low.bidId] : [];
  if (dropped.length) steps.push(`${bids.length} bids (> 3): dropped the highest (${high.bidId}, ${high.price}) and the lowest (${low.bidId}, ${low.price}).`);
  else steps.push(`${bids.length} bid(s) (≤ 3): no price dropped.`);
  const total = sum(kept.map((b) => b.price));
  const mean = div(total, String(kept.length), MONEY_DP);
  steps.push(`Mean = (${kept.map((b) => b.price).join(' + ')}) / ${kept.length} = ${mean}`);
  let base = mean;
  if (formula.floatPointPct !== null) {
    // one rounding from the exact sum, not from the rounded mean
    base = div(mul(total, sub('100', formula.floatPointPct)), mul(String(kept.length), '100'), MONEY_DP);
    steps.push(`Base = mean × (1 − ${formula.floatPointPct} %) = ${base}`);
  } else steps.push(`Base = mean = ${base}`);
  const lines = bids.map((b) => {
    const deviationPct = div(mul(sub(b.price, base), '100'), base, 2);
    const penalty = gte(deviationPct, '0') ? formula.penaltyAbovePerPct : formula.penaltyBelowPerPct;
    const raw = roundHalfUp(sub(formula.maxPoints, mul(abs(deviationPct), penalty)), SCORE_DP);
    const score = lt(raw, '0') ? roundHalfUp('0', SCORE_DP) : raw;
    steps.push(
      `${b.bidId}: deviation = (${b.price} − ${base}) / ${base} × 100 = ${deviationPct} %; ` +
        `score = ${formula.maxPoints} − ${abs(deviationPct)} × ${penalty} = ${raw}${score !== raw ? ' → 0.00 (never below 0)' : ''}`,
    );
    return { bidId: b.bidId, price: b.price, score, deviationPct };
  });
  return { formula, base, mean, dropped, lines, steps };
}

/** rule 16 (price weight) and the sanity of a formula's numbers; [] when fine. */
export function priceFormulaProblems(formula: PriceFormula, totalPoints: string, category: 'GOODS' | 'SERVICES' | 'WORKS'): string[] {
  const problems: string[] = [];
  if (formula.version !== 1) return [`unknown ${formula.kind} formula version ${String(formula.version)}`];
  if (!isDecimal(formula.maxPoints) || !gt(formula.maxPoints, '0')) return [`price points must be a positive number, got ${formula.maxPoints}`];
  if (!isDecimal(totalPoints) || !gt(totalPoints, '0')) return [`total points must be a positive number, got ${totalPoints}`];
  if (gt(formula.maxPoints, totalPoints)) problems.push(`price points ${formula.maxPoints} exceed the total ${totalPoints}`);
  const minPct = category === 'GOODS' ? '30' : category === 'SERVICES' ? '10' : null;
  if (minPct && lt(mul(formula.maxPoints, '100'), mul(totalPoints, minPct))) {
    problems.push(`price weight ${div(mul(formula.maxPoints, '100'), totalPoints, 2)} % is below ${minPct} % for ${category.toLowerCase()} (rule 16)`);
  }
  if (category !== 'WORKS' && formula.kind !== 'LOWEST_PRICE_FIRST') {
    problems.push(`government procurement scores price by the lowest-price-first formula (rule 16), not ${formula.kind}`);
  }
  if (formula.kind === 'AVERAGE_PRICE') {
    for (const [name, value] of [['penalty above', formula.penaltyAbovePerPct], ['penalty below', formula.penaltyBelowPerPct]] as const) {
      if (!isDecimal(value) || lt(value, '0')) problems.push(`${name} per % must be a number ≥ 0, got ${value}`);
    }
    if (formula.floatPointPct !== null && !FLOAT_POINTS.some((f) => isDecimal(formula.floatPointPct) && cmp(f, formula.floatPointPct!) === 0)) {
      problems.push(`float point ${formula.floatPointPct} % is not one of ${FLOAT_POINTS.join(', ')} (rule 18)`);
    }
  }
  return problems;
}

