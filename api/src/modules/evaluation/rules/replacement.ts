/**
 * Rules 12 and 13 as pure decisions: when the evaluation period is extended and to when; whether a
 * member may still be replaced; which reserve of the draw takes the seat; and the stage afterwards.
 */
import { extensionNeeded } from './committee';
import type { EvaluationStage } from './evaluation-flow';

/** the deadline light of the extended evaluation period */
export const EVALUATION_PERIOD_RULE = 'EVALUATION_PERIOD';

/** how far one extension moves the end of the evaluation period */
export const PERIOD_EXTENSION_HOURS = 24;

/**
 * rule 12: the period is extended once, when the members saying the time is insufficient first become
 * more than a third. It ends PERIOD_EXTENSION_HOURS after its current end, or after now when it has no
 * end yet (or the end has passed). Null: no extension now.
 */
export function periodExtension(p: { members: number; sayInsufficient: number; extendedAlready: boolean; currentEnd: Date | null; now: Date; hours?: number }): Date | null {
  if (p.extendedAlready || !extensionNeeded(p.members, p.sayInsufficient)) return null;
  const from = p.currentEnd && p.currentEnd > p.now ? p.currentEnd : p.now;
  return new Date(from.getTime() + (p.hours ?? PERIOD_EXTENSION_HOURS) * 3600_000);
}

/** rule 13: replacing is possible until the report is complete (its signatures are reset, not its completion). */
export function replacementAllowed(stage: EvaluationStage): boolean {
  return stage === 'COMMITTEE' || stage === 'SCORING' || stage === 'REPORT';
}

/**
 * Who may replace at a stage. Until every sheet is in nobody outside the committee knows a score, so
 * the project staff may (absence, a conflict found); once the results are known (REPORT) a
 * replacement would re-roll them, so only a supervisor may — the staff could otherwise replace
 * members until the result suits them.
 */
export function mayReplace(stage: EvaluationStage, bySupervisor: boolean): boolean {
  return replacementAllowed(stage) && (bySupervisor || stage !== 'REPORT');
}

export interface ReserveSeat {
  id: string;
  specialty: string;
  round: number;
  position: number;
  status: string;
  /** an expert without a platform account cannot evaluate remotely, so cannot take a seat */
  hasAccount: boolean;
}

/**
 * The next reserve in the draw's order (first draw before supplementary rounds, then position): of
 * the replaced expert's specialty, or of any specialty for a tenderee representative (specialty null).
 */
export function nextReserve<S extends ReserveSeat>(seats: S[], specialty: string | null): S | null {
  const candidates = seats.filter((s) => s.status === 'RESERVE' && s.hasAccount && (specialty === null || s.specialty === specialty));
  candidates.sort((a, b) => a.round - b.round || a.position - b.position || a.specialty.localeCompare(b.specialty));
  return candidates[0] ?? null;
}

/**
 * Where the evaluation stands after a replacement: without a leader (the replaced member led) the
 * committee elects one again; otherwise scoring is open (again), for the replacement at least.
 */
export function stageAfterReplacement(stage: EvaluationStage, leaderReplaced: boolean): EvaluationStage {
  if (stage === 'COMMITTEE' || leaderReplaced) return 'COMMITTEE';
  return 'SCORING';
}
