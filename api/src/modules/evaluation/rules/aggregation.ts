/**
 * Summing the committee's scoresheets into a ranking (DESIGN §8; DOMAIN rules 15–19): qualification
 * by majority, per-item mean of the members, price score over the qualified bids only, ranking with
 * stated tie-breaks, at most c.candidates candidates.
 */
import { add, cmp, isDecimal, mean, roundHalfUp, sum } from './decimal';
import type { Criteria } from './criteria';
import { priceScores, type PriceScoreResult } from './price-formulas';
import { qualificationByMajority, type Scoresheet } from './scoresheets';

export interface BidFacts {
  bidId: string;
  price: string;
  submittedAt: Date;
}
export interface AggregateLine {
  bidId: string;
  qualified: boolean;
  /** item key → mean of the members' scores, 2 decimals half-up (empty for unqualified bids) */
  itemMeans: Record<string, string>;
  technical: string;
  commercial: string;
  priceScore: string;
  total: string;
  rank: number | null;
}
export interface Aggregate {
  /** in rank order, unqualified bids last in the order given */
  lines: AggregateLine[];
  /** bidIds in rank order, ≤ c.candidates */
  candidates: string[];
  price: PriceScoreResult;
  /** the stated rule, human text */
  tieBreaks: string[];
  /** the tie-breaks that actually decided an order, human text */
  tieBreaksApplied: string[];
}

/** rule 19: the only reasons a summed result may be changed */
export const CHANGE_REASONS = ['CALCULATION_ERROR', 'ITEM_OUT_OF_RANGE', 'INCONSISTENT_OBJECTIVE_SCORES', 'ABNORMAL_SCORE'] as const;
export type ChangeReason = (typeof CHANGE_REASONS)[number];

export class AggregationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AggregationError';
  }
}

const ZERO = '0.00';

/**
 * Item means are taken over the members who scored the item; a member who failed the bid in
 * qualification may not have scored it (sheetProblems does not require it), but the majority that
 * passed it did. A qualified bid nobody scored is an error of the caller.
 */
export function aggregate(c: Criteria, sheets: Scoresheet[], bids: BidFacts[]): Aggregate {
  const votes = new Map(qualificationByMajority(c, sheets, bids.map((b) => b.bidId)).map((v) => [v.bidId, v]));
  const qualified = bids.filter((b) => votes.get(b.bidId)?.passed);
  const price = priceScores(c.price, qualified.map((b) => ({ bidId: b.bidId, price: b.price })));
  const priceOf = new Map(price.lines.map((l) => [l.bidId, l.score]));

  const lines: AggregateLine[] = bids.map((bid) => {
    if (!votes.get(bid.bidId)?.passed) {
      return { bidId: bid.bidId, qualified: false, itemMeans: {}, technical: ZERO, commercial: ZERO, priceScore: ZERO, total: ZERO, rank: null };
    }
    const itemMeans: Record<string, string> = {};
    for (const item of c.scored) {
      const given = sheets.map((s) => s.scores[bid.bidId]?.[item.key]).filter(isDecimal);
      if (given.length === 0) throw new AggregationError(`bid ${bid.bidId}: nobody scored "${item.key}"`);
      itemMeans[item.key] = mean(given, 2);
    }
    const subtotal = (group: 'TECHNICAL' | 'COMMERCIAL') => roundHalfUp(sum(c.scored.filter((i) => i.group === group).map((i) => itemMeans[i.key])), 2);
    const technical = subtotal('TECHNICAL');
    const commercial = subtotal('COMMERCIAL');
    const priceScore = priceOf.get(bid.bidId)!;
    const total = roundHalfUp(add(add(technical, commercial), priceScore), 2);
    return { bidId: bid.bidId, qualified: true, itemMeans, technical, commercial, priceScore, total, rank: null };
  });

  // land (HIGHEST_PRICE_FIRST): the higher offer is the better one on a tie as well
  const higherPriceBetter = c.price.kind === 'HIGHEST_PRICE_FIRST';
  const facts = new Map(bids.map((b) => [b.bidId, b]));
  const applied = new Set<string>();
  const byRank = (a: AggregateLine, b: AggregateLine): number => {
    const fa = facts.get(a.bidId)!;
    const fb = facts.get(b.bidId)!;
    const byTotal = cmp(b.total, a.total);
    if (byTotal) return byTotal;
    const byPrice = higherPriceBetter ? cmp(fb.price, fa.price) : cmp(fa.price, fb.price);
    if (byPrice) return note(applied, [a.bidId, b.bidId], `equal totals, decided by price`, byPrice);
    const byTechnical = cmp(b.technical, a.technical);
    if (byTechnical) return note(applied, [a.bidId, b.bidId], `equal totals and prices, decided by the technical subtotal`, byTechnical);
    const byTime = fa.submittedAt.getTime() - fb.submittedAt.getTime();
    if (byTime) return note(applied, [a.bidId, b.bidId], `equal totals, prices and technical subtotals, decided by submission time`, byTime);
    return note(applied, [a.bidId, b.bidId], `identical in every respect, ordered by bid id`, a.bidId < b.bidId ? -1 : a.bidId > b.bidId ? 1 : 0);
  };
  const ranked = lines.filter((l) => l.qualified).sort(byRank);
  ranked.forEach((l, i) => (l.rank = i + 1));

  return {
    lines: [...ranked, ...lines.filter((l) => !l.qualified)],
    candidates: ranked.slice(0, c.candidates).map((l) => l.bidId),
    price,
    tieBreaks: [
      'Ranked by total score, highest first.',
      higherPriceBetter ? 'Equal totals: the higher price ranks first.' : 'Equal totals: the lower price ranks first.',
      'Then: the higher technical subtotal ranks first.',
      'Then: the earlier submission ranks first.',
    ],
    tieBreaksApplied: [...applied].sort(),
  };
}

function note(applied: Set<string>, pair: string[], reason: string, result: number): number {
  applied.add(`${[...pair].sort().join(' / ')}: ${reason}`);
  return result;
}
