/**
 * The evaluation's steps as pure rules: which act is possible at which stage, and the exact texts a
 * member signs (a scoresheet, the report) so the browser, the API and an auditor build the same bytes.
 */
/** the evaluation's states as strings (the entity's enum has the same values; no import, so the web bundle can use these rules) */
export type EvaluationStage = 'COMMITTEE' | 'SCORING' | 'REPORT' | 'PUBLICITY' | 'AWARDED' | 'FAILED';

export type EvaluationAct =
  | 'CONFIRM_NO_CONFLICT'
  | 'VOTE_LEADER'
  | 'SAVE_SHEET'
  | 'SUBMIT_SHEET'
  | 'CORRECT_SCORE'
  | 'SIGN_REPORT'
  | 'RAISE_OBJECTION'
  | 'ANSWER_OBJECTION'
  | 'AWARD'
  | 'DECLARE_TIME_INSUFFICIENT'
  | 'REPLACE_MEMBER';

const STAGES: Record<EvaluationAct, EvaluationStage[]> = {
  CONFIRM_NO_CONFLICT: ['COMMITTEE', 'SCORING'],
  VOTE_LEADER: ['COMMITTEE'],
  SAVE_SHEET: ['SCORING'],
  SUBMIT_SHEET: ['SCORING'],
  CORRECT_SCORE: ['REPORT'],
  SIGN_REPORT: ['REPORT'],
  RAISE_OBJECTION: ['PUBLICITY'],
  ANSWER_OBJECTION: ['PUBLICITY'],
  AWARD: ['PUBLICITY'],
  DECLARE_TIME_INSUFFICIENT: ['SCORING'],
  // every stage: the service answers REPORT_FINISHED once the report is complete (rule 13)
  REPLACE_MEMBER: ['COMMITTEE', 'SCORING', 'REPORT', 'PUBLICITY', 'AWARDED', 'FAILED'],
};

export function stagesFor(act: EvaluationAct): string[] {
  return STAGES[act];
}

export function actAllowed(status: EvaluationStage, act: EvaluationAct): boolean {
  return STAGES[act].includes(status);
}

/** Members are named to bidders only as 专家 A, B, … (seat order). */
export function anonymousLabel(seat: number): string {
  return `专家 ${String.fromCharCode(64 + seat)}`;
}

/** What a member signs to submit its scoresheet: bound to the project, the member and the sheet's canonical hash. */
export function scoresheetMessage(projectId: string, memberId: string, contentSha256: string): string {
  return `tenderhall/scoresheet/v1\nproject=${projectId}\nmember=${memberId}\nsheet-sha256=${contentSha256}`;
}

/** What a member signs on the report: its act (sign / dissent / refuse) on the report's draft hash. */
export function reportActMessage(projectId: string, memberId: string, draftSha256: string, act: string): string {
  return `tenderhall/evaluation-report/v1\nproject=${projectId}\nmember=${memberId}\nreport-sha256=${draftSha256}\nact=${act}`;
}

/** The declaration a member makes before any bid is shown to it (评标专家回避声明). */
export const NO_CONFLICT_DECLARATION =
  '本人与各投标人不存在利害关系，不存在依法应当回避的情形；如有，将主动申请回避。 I have no conflict of interest with any bidder of this project.';

/**
 * Rule 18's float point (下浮系数), drawn at the opening: taken from the published opening record's
 * hash, which nobody can know before every price was read out and anybody can recompute afterwards.
 */
export function floatPointFromRecord(recordSha256: string, points: readonly string[]): string {
  if (!/^[0-9a-f]{64}$/.test(recordSha256)) throw new Error('the opening record hash must be 64 hex digits');
  return points[Number(BigInt(`0x${recordSha256}`) % BigInt(points.length))];
}

export type EventViewer = 'SUPERVISOR' | 'MEMBER' | 'OTHER';

/** Stage changes anyone watching the page may learn of (no payload: the snapshot says what it may). */
const PUBLIC_EVENTS = new Set(['EVALUATION_STARTED', 'LEADER_ELECTED', 'SCORING_STARTED', 'AGGREGATED', 'PERIOD_EXTENDED', 'MEMBER_REPLACED', 'RESULT_CHANGED', 'REPORT_ACT', 'REPORT_COMPLETED', 'OBJECTION_RAISED', 'OBJECTION_ANSWERED', 'AWARDED']);
/** Members also learn that their steps moved on (a sheet came back), never who submitted. */
const MEMBER_EVENTS = new Set([...PUBLIC_EVENTS, 'NO_CONFLICT_DECLARED', 'LEADER_VOTE', 'SCORESHEETS_RETURNED']);

/**
 * What an evaluation event tells a viewer: supervisors everything (who has submitted is theirs to
 * see); others only the event's type, and only for the events above — a scoresheet's submission is
 * progress, which only supervisors follow.
 */
export function eventFor(viewer: EventViewer, type: string, payload: Record<string, unknown>): { type: string; payload: Record<string, unknown> } | null {
  if (viewer === 'SUPERVISOR') return { type, payload };
  return (viewer === 'MEMBER' ? MEMBER_EVENTS : PUBLIC_EVENTS).has(type) ? { type, payload: {} } : null;
}

/**
 * On a stream already open, a replacement moves the replaced member out of the members' view and the
 * reserve who takes the seat into it (the viewer is otherwise fixed when the stream opens).
 */
export function viewerAfter(viewer: EventViewer, type: string, payload: Record<string, unknown>, userId: string | undefined): EventViewer {
  if (viewer === 'SUPERVISOR' || type !== 'MEMBER_REPLACED' || !userId) return viewer;
  if (payload.replacedUserId === userId) return 'OTHER';
  if (payload.seatedUserId === userId) return 'MEMBER';
  return viewer;
}
