/** 评标: the evaluation as the viewer may see it (blind until every sheet is in), and every step of it. */
import type { Aggregate, AggregateLine, Criteria, PriceFormula } from '../lib/evaluation-rules';

export type { Aggregate, AggregateLine, Criteria };

export type EvaluationStatus = 'COMMITTEE' | 'SCORING' | 'REPORT' | 'PUBLICITY' | 'AWARDED' | 'FAILED';
export type SheetStatus = 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'VOID';
export type ReportAct = 'SIGN' | 'DISSENT' | 'REFUSE';

export interface SheetMaps {
  qualification: Record<string, Record<string, boolean>>;
  scores: Record<string, Record<string, string>>;
  justifications: Record<string, Record<string, string>>;
}

export interface CommitteeMember {
  id: string;
  seat: number;
  kind: string;
  label: string;
  name: string | null;
  conflictConfirmed: boolean;
  isLeader: boolean;
  me: boolean;
  sheetStatus: SheetStatus | null;
  reportAct: ReportAct | null;
  reportReason: string | null;
  /** rule 12: supervisors and the member itself */
  saidTimeInsufficient: boolean | null;
  timeInsufficientReason: string | null;
}

/** rule 13: a replaced member (its sheet void, kept) */
export interface MemberReplacement {
  seat: number;
  replacedName: string | null;
  replacementName: string | null;
  reason: string;
  replacedAt: string;
  ledgerIndex: number | null;
  voidSheetStatus: SheetStatus | null;
}

export interface EvaluationBid {
  bidId: string;
  organisationName: string;
  price: string | null;
  durationDays: number | null;
  qualityCommitment: string | null;
  files: { name: string; size: number; sha256: string; url: string }[];
}

export interface ResultObjection {
  id: string;
  organisationName: string;
  text: string;
  raisedAt: string;
  answerDueAt: string;
  answer: string | null;
  answeredAt: string | null;
}

export interface EvaluationChange {
  reason: string;
  seat: number | null;
  bidId: string;
  itemKey: string;
  from: string;
  to: string;
  note: string;
  changedAt: string;
}

export interface Evaluation {
  projectId: string;
  /** the evaluation stream position this view reflects */
  lastEventSeq: number;
  status: EvaluationStatus;
  criteria: Criteria;
  category: string;
  committeeSize: number;
  members: CommitteeMember[];
  myMemberId: string | null;
  mySheet: (SheetMaps & { memberId: string }) | null;
  myReturnedFor: { bidId: string; itemKey: string; score: string }[] | null;
  bids: EvaluationBid[] | null;
  aggregate: Aggregate | null;
  changes: EvaluationChange[] | null;
  reportDraftSha256: string | null;
  reportJson: string | null;
  reportSha256: string | null;
  reportLedgerIndex: number | null;
  publicityStartsAt: string | null;
  publicityEndsAt: string | null;
  objections: ResultObjection[];
  awardJson: string | null;
  awardLedgerIndex: number | null;
  periodEndsAt: string | null;
  periodExtendedAt: string | null;
  timeInsufficientCount: number | null;
  replacements: MemberReplacement[] | null;
}

export interface EvaluationError {
  code: string;
  message: string;
  field?: string | null;
  details?: { bidId?: string; itemKey?: string | null; code?: string; message?: string; score?: string }[] | null;
}

export interface EvaluationPayload {
  evaluation: Evaluation | null;
  errors: EvaluationError[];
}

/** explainMyScore (JSON) */
export interface ScoreExplanation {
  bidId: string;
  organisationName: string;
  qualified: boolean;
  rank: number | null;
  total: string | null;
  qualification: { key: string; label: string; votes: { member: string; passed: boolean | null }[] }[];
  items: { key: string; label: string; group: string; maxPoints: string; scores: { member: string; score: string | null }[]; mean: string | null }[];
  price: {
    formula: PriceFormula;
    inputs: { bidId: string; organisationName: string; price: string }[];
    base: string;
    mean: string | null;
    dropped: string[];
    mine: { bidId: string; price: string; score: string; deviationPct: string | null } | null;
    steps: string[];
  };
  tieBreaks: string[];
}

const VIEW = /* GraphQL */ `
  projectId lastEventSeq status criteria category committeeSize myMemberId mySheet myReturnedFor aggregate changes
  reportDraftSha256 reportJson reportSha256 reportLedgerIndex publicityStartsAt publicityEndsAt awardJson awardLedgerIndex
  periodEndsAt periodExtendedAt timeInsufficientCount
  members { id seat kind label name conflictConfirmed isLeader me sheetStatus reportAct reportReason saidTimeInsufficient timeInsufficientReason }
  replacements { seat replacedName replacementName reason replacedAt ledgerIndex voidSheetStatus }
  bids { bidId organisationName price durationDays qualityCommitment files }
  objections { id organisationName text raisedAt answerDueAt answer answeredAt }
`;
const PAYLOAD = `evaluation { ${VIEW} } errors { code message field details }`;

export const EVALUATION = /* GraphQL */ `query Evaluation($projectId: ID!) { evaluation(projectId: $projectId) { ${VIEW} } }`;
export const EVALUATION_EVENTS = /* GraphQL */ `subscription EvaluationEvents($projectId: ID!, $afterSeq: Int!) { evaluationEvents(projectId: $projectId, afterSeq: $afterSeq) { seq type payload createdAt } }`;
export const EXPLAIN_MY_SCORE = /* GraphQL */ `query ExplainMyScore($projectId: ID!) { explainMyScore(projectId: $projectId) }`;
export const AWARD_NOTICE_AND_SEAL = /* GraphQL */ `query AwardNoticeAndSeal($projectId: ID!) { awardNoticeDocument(projectId: $projectId) serverTime mySeal { seal { sealId name sealRecordBase64 } errors { code message } } }`;

export const DECLARE_NO_CONFLICT = /* GraphQL */ `mutation DeclareNoConflict($projectId: ID!) { declareNoConflict(projectId: $projectId) { ${PAYLOAD} } }`;
export const VOTE_LEADER = /* GraphQL */ `mutation VoteCommitteeLeader($projectId: ID!, $memberId: ID!) { voteCommitteeLeader(projectId: $projectId, memberId: $memberId) { ${PAYLOAD} } }`;
export const SAVE_SHEET = /* GraphQL */ `mutation SaveScoresheet($projectId: ID!, $sheet: JSONObject!) { saveScoresheet(projectId: $projectId, sheet: $sheet) { ${PAYLOAD} } }`;
export const SUBMIT_SHEET = /* GraphQL */ `mutation SubmitScoresheet($input: SubmitScoresheetInput!) { submitScoresheet(input: $input) { ${PAYLOAD} } }`;
export const CORRECT_SCORE = /* GraphQL */ `mutation CorrectEvaluationScore($input: CorrectScoreInput!) { correctEvaluationScore(input: $input) { ${PAYLOAD} } }`;
export const DECLARE_TIME_INSUFFICIENT = /* GraphQL */ `mutation DeclareTimeInsufficient($projectId: ID!, $reason: String!) { declareTimeInsufficient(projectId: $projectId, reason: $reason) { ${PAYLOAD} } }`;
export const REPLACE_COMMITTEE_MEMBER = /* GraphQL */ `mutation ReplaceCommitteeMember($input: ReplaceCommitteeMemberInput!) { replaceCommitteeMember(input: $input) { ${PAYLOAD} } }`;
export const REPORT_ACT = /* GraphQL */ `mutation ActOnEvaluationReport($input: ReportActInput!) { actOnEvaluationReport(input: $input) { ${PAYLOAD} } }`;
export const RAISE_RESULT_OBJECTION = /* GraphQL */ `mutation RaiseResultObjection($projectId: ID!, $text: String!) { raiseResultObjection(projectId: $projectId, text: $text) { ${PAYLOAD} } }`;
export const ANSWER_RESULT_OBJECTION = /* GraphQL */ `mutation AnswerResultObjection($projectId: ID!, $objectionId: ID!, $answer: String!) { answerResultObjection(projectId: $projectId, objectionId: $objectionId, answer: $answer) { ${PAYLOAD} } }`;
export const ISSUE_AWARD_NOTICE = /* GraphQL */ `mutation IssueAwardNotice($projectId: ID!, $envelope: String!) { issueAwardNotice(projectId: $projectId, envelope: $envelope) { ${PAYLOAD} } }`;
