/**
 * One member's scoresheet: qualification answers and item scores (DESIGN §8; DOMAIN rules 13, 19).
 * Checks a sheet before it is submitted, finds scores far from the panel median that need a written
 * justification, and decides qualification by majority of the members.
 */
import { abs, cmp, decimalPlaces, gt, isDecimal, lt, median, mul, sub } from './decimal';
import type { Criteria } from './criteria';

export interface Scoresheet {
  memberId: string;
  /** bidId → qualification item key → passed */
  qualification: Record<string, Record<string, boolean>>;
  /** bidId → scored item key → points */
  scores: Record<string, Record<string, string>>;
  /** bidId → scored item key → written justification */
  justifications: Record<string, Record<string, string>>;
}

export interface SheetProblem {
  bidId: string;
  itemKey: string | null;
  code: 'MISSING' | 'NOT_A_NUMBER' | 'OUT_OF_RANGE' | 'UNKNOWN_ITEM' | 'UNKNOWN_BID' | 'TOO_MANY_DECIMALS';
  message: string;
}

/** A justification shorter than this (code points, after trimming) is no justification. */
export const MIN_JUSTIFICATION_LENGTH = 10;

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** True when this member passed the bid on every qualification item. */
export function sheetQualifies(c: Criteria, sheet: Scoresheet, bidId: string): boolean {
  const answers = sheet.qualification[bidId] ?? {};
  return c.qualification.every((q) => answers[q.key] === true);
}

/**
 * Every bid needs an answer to every qualification item; scores (0..maxPoints, ≤ 2 decimals) are
 * required for every bid this sheet qualifies. Scores given for a bid the sheet fails are still
 * checked, but not required.
 */
export function sheetProblems(c: Criteria, bidIds: string[], sheet: Scoresheet): SheetProblem[] {
  const problems: SheetProblem[] = [];
  const bids = new Set(bidIds);
  const qualificationKeys = new Set(c.qualification.map((q) => q.key));
  const scoredKeys = new Set(c.scored.map((s) => s.key));
  for (const [part, known] of [['qualification', qualificationKeys], ['scores', scoredKeys], ['justifications', scoredKeys]] as const) {
    for (const [bidId, answers] of Object.entries(sheet[part])) {
      if (!bids.has(bidId)) {
        problems.push({ bidId, itemKey: null, code: 'UNKNOWN_BID', message: `${part}: bid ${bidId} is not evaluated here` });
        continue;
      }
      for (const key of Object.keys(answers)) {
        if (!known.has(key)) problems.push({ bidId, itemKey: key, code: 'UNKNOWN_ITEM', message: `${part}: no item "${key}"` });
      }
    }
  }
  for (const bidId of bidIds) {
    const answers = sheet.qualification[bidId] ?? {};
    for (const q of c.qualification) {
      if (typeof answers[q.key] !== 'boolean') problems.push({ bidId, itemKey: q.key, code: 'MISSING', message: `no pass/fail answer for "${q.label}"` });
    }
    const required = sheetQualifies(c, sheet, bidId);
    const scores = sheet.scores[bidId] ?? {};
    for (const item of c.scored) {
      const raw = own(scores, item.key) ? scores[item.key] : undefined;
      if (raw === undefined || raw === '') {
        if (required) problems.push({ bidId, itemKey: item.key, code: 'MISSING', message: `no score for "${item.label}"` });
      } else if (!isDecimal(raw)) {
        problems.push({ bidId, itemKey: item.key, code: 'NOT_A_NUMBER', message: `"${String(raw)}" is not a number` });
      } else if (decimalPlaces(raw) > 2) {
        problems.push({ bidId, itemKey: item.key, code: 'TOO_MANY_DECIMALS', message: `${raw}: at most 2 decimals` });
      } else if (lt(raw, '0') || gt(raw, item.maxPoints)) {
        problems.push({ bidId, itemKey: item.key, code: 'OUT_OF_RANGE', message: `${raw} is outside 0..${item.maxPoints} for "${item.label}"` });
      }
    }
  }
  return problems;
}

export interface Deviation {
  memberId: string;
  bidId: string;
  itemKey: string;
  score: string;
  median: string;
  limit: string;
}

function justified(sheet: Scoresheet, bidId: string, itemKey: string): boolean {
  const text = sheet.justifications[bidId]?.[itemKey] ?? '';
  return [...text.trim()].length >= MIN_JUSTIFICATION_LENGTH;
}

/**
 * Scores further than deviationThreshold × maxPoints from the panel median of that bid and item
 * (strictly more), without a justification of at least MIN_JUSTIFICATION_LENGTH characters.
 * Only well-formed scores take part; sheetProblems reports the rest.
 */
export function unjustifiedDeviations(c: Criteria, sheets: Scoresheet[]): Deviation[] {
  const found: Deviation[] = [];
  const bidIds = [...new Set(sheets.flatMap((s) => Object.keys(s.scores)))];
  for (const bidId of bidIds) {
    for (const item of c.scored) {
      const scored = sheets.filter((s) => isDecimal(s.scores[bidId]?.[item.key]));
      if (scored.length < 2) continue;
      const panelMedian = median(scored.map((s) => s.scores[bidId][item.key]));
      const limit = mul(c.deviationThreshold, item.maxPoints);
      for (const sheet of scored) {
        const score = sheet.scores[bidId][item.key];
        if (cmp(abs(sub(score, panelMedian)), limit) > 0 && !justified(sheet, bidId, item.key)) {
          found.push({ memberId: sheet.memberId, bidId, itemKey: item.key, score, median: panelMedian, limit });
        }
      }
    }
  }
  return found;
}

export interface QualificationVote {
  bidId: string;
  passed: boolean;
  /** members whose own sheet passes the bid on every item */
  votesFor: number;
  votesAgainst: number;
  /** items a majority of members failed (or did not answer) */
  failedItems: string[];
}

/**
 * Per item, a strict majority of all members (the sheets given) must say "pass"; a missing answer
 * counts as not passing. The bid passes when every item passes.
 */
export function qualificationByMajority(c: Criteria, sheets: Scoresheet[], bidIds: string[]): QualificationVote[] {
  return bidIds.map((bidId) => {
    const failedItems = c.qualification
      .filter((q) => sheets.filter((s) => s.qualification[bidId]?.[q.key] === true).length * 2 <= sheets.length)
      .map((q) => q.key);
    const votesFor = sheets.filter((s) => sheetQualifies(c, s, bidId)).length;
    const passed = sheets.length > 0 && failedItems.length === 0;
    return { bidId, passed, votesFor, votesAgainst: sheets.length - votesFor, failedItems };
  });
}
