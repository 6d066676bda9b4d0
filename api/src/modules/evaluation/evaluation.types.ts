/** GraphQL shapes of the evaluation: the evaluation as each viewer may see it, inputs, payloads with typed errors. */
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { EvaluationStatus, MemberKind, SheetStatus } from './evaluation.entity';

export enum EvaluationErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  NOT_ALLOWED_IN_STATE = 'NOT_ALLOWED_IN_STATE',
  COMMITTEE_INVALID = 'COMMITTEE_INVALID',
  CRITERIA_INVALID = 'CRITERIA_INVALID',
  ALREADY_DONE = 'ALREADY_DONE',
  CONFLICT_NOT_CONFIRMED = 'CONFLICT_NOT_CONFIRMED',
  NOT_THE_LEADER = 'NOT_THE_LEADER',
  SHEET_INVALID = 'SHEET_INVALID',
  CERTIFICATE_INVALID = 'CERTIFICATE_INVALID',
  SIGNATURE_INVALID = 'SIGNATURE_INVALID',
  REASON_REQUIRED = 'REASON_REQUIRED',
  NOT_A_BIDDER = 'NOT_A_BIDDER',
  OUTSIDE_PUBLICITY = 'OUTSIDE_PUBLICITY',
  OBJECTIONS_OPEN = 'OBJECTIONS_OPEN',
  PUBLICITY_NOT_OVER = 'PUBLICITY_NOT_OVER',
  SEAL_INVALID = 'SEAL_INVALID',
  INPUT_INVALID = 'INPUT_INVALID',
  /** the project has no evaluation under way to change */
  NOT_IN_EVALUATION = 'NOT_IN_EVALUATION',
  /** no active member of this committee has that id */
  MEMBER_UNKNOWN = 'MEMBER_UNKNOWN',
  /** the draw has no reserve (with a platform account) left for the seat: a supplementary round is needed */
  NO_RESERVE_AVAILABLE = 'NO_RESERVE_AVAILABLE',
  /** the report is complete: the committee can no longer change */
  REPORT_FINISHED = 'REPORT_FINISHED',
}
registerEnumType(EvaluationErrorCode, { name: 'EvaluationErrorCode' });

export enum ReportAct {
  SIGN = 'SIGN',
  DISSENT = 'DISSENT',
  REFUSE = 'REFUSE',
}
registerEnumType(ReportAct, { name: 'EvaluationReportAct', description: 'sign; sign with a written dissent; refuse (without a written reason it counts as agreement, rule 14)' });

@ObjectType()
export class EvaluationError {
  @Field(() => EvaluationErrorCode)
  code!: EvaluationErrorCode;

  @Field(() => String)
  message!: string;

  @Field(() => String, { nullable: true })
  field?: string | null;

  @Field(() => [GraphQLJSONObject], { nullable: true, description: 'per-item problems of a scoresheet, or the deviations that need a justification' })
  details?: Record<string, unknown>[] | null;
}

@ObjectType({ description: 'A committee member as the viewer may see it' })
export class CommitteeMemberView {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  seat!: number;

  @Field(() => MemberKind)
  kind!: MemberKind;

  @Field(() => String, { description: '专家 A, B, … — how bidders see the member' })
  label!: string;

  @Field(() => String, { nullable: true, description: 'the name: committee, supervisors and the project staff once the evaluation started; everyone from the publicity' })
  name?: string | null;

  @Field(() => Boolean)
  conflictConfirmed!: boolean;

  @Field(() => Boolean)
  isLeader!: boolean;

  @Field(() => Boolean)
  me!: boolean;

  @Field(() => SheetStatus, { nullable: true, description: 'progress (who has submitted, never what): supervisors and the member itself' })
  sheetStatus?: SheetStatus | null;

  @Field(() => ReportAct, { nullable: true })
  reportAct?: ReportAct | null;

  @Field(() => String, { nullable: true, description: 'the written dissent or reason for refusing' })
  reportReason?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'said the time is insufficient (rule 12): supervisors and the member itself' })
  saidTimeInsufficient?: boolean | null;

  @Field(() => String, { nullable: true, description: 'why: supervisors and the member itself' })
  timeInsufficientReason?: string | null;
}

@ObjectType({ description: 'A member replaced during the evaluation (rule 13): its scoresheet is void, kept as history' })
export class MemberReplacementView {
  @Field(() => Int)
  seat!: number;

  @Field(() => String, { nullable: true, description: 'names as for the members' })
  replacedName?: string | null;

  @Field(() => String, { nullable: true })
  replacementName?: string | null;

  @Field(() => String)
  reason!: string;

  @Field(() => Date)
  replacedAt!: Date;

  @Field(() => Int, { nullable: true })
  ledgerIndex?: number | null;

  @Field(() => SheetStatus, { nullable: true, description: "the replaced member's scoresheet (VOID), if it had one: supervisors" })
  voidSheetStatus?: SheetStatus | null;

  @Field(() => String, { nullable: true, description: 'its hash as submitted: supervisors' })
  voidSheetSha256?: string | null;
}

@ObjectType({ description: 'An opened, valid bid as the committee reviews it' })
export class EvaluationBidView {
  @Field(() => ID)
  bidId!: string;

  @Field(() => String)
  organisationName!: string;

  @Field(() => String, { nullable: true })
  price?: string | null;

  @Field(() => Int, { nullable: true })
  durationDays?: number | null;

  @Field(() => String, { nullable: true })
  qualityCommitment?: string | null;

  @Field(() => [GraphQLJSONObject], { description: '{ name, size, sha256, url } of each file in the opened bid' })
  files!: Record<string, unknown>[];
}

@ObjectType()
export class PublicityObjectionView {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  organisationName!: string;

  @Field(() => String)
  text!: string;

  @Field(() => Date)
  raisedAt!: Date;

  @Field(() => Date)
  answerDueAt!: Date;

  @Field(() => String, { nullable: true })
  answer?: string | null;

  @Field(() => Date, { nullable: true })
  answeredAt?: Date | null;
}

@ObjectType({ description: 'The evaluation of a project, filtered for the viewer (blind until every sheet is in)' })
export class EvaluationView {
  @Field(() => ID)
  projectId!: string;

  @Field(() => Int, { description: 'the evaluation stream position this view reflects: subscribe to evaluationEvents after it' })
  lastEventSeq!: number;

  @Field(() => EvaluationStatus)
  status!: EvaluationStatus;

  @Field(() => GraphQLJSONObject, { description: 'the criteria (public): qualification items, scored items, price formula, deviation threshold' })
  criteria!: Record<string, unknown>;

  @Field(() => String)
  category!: string;

  @Field(() => Int)
  committeeSize!: number;

  @Field(() => [CommitteeMemberView])
  members!: CommitteeMemberView[];

  @Field(() => ID, { nullable: true })
  myMemberId?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "the caller's own scoresheet (draft or submitted)" })
  mySheet?: Record<string, unknown> | null;

  @Field(() => [GraphQLJSONObject], { nullable: true, description: 'why the sheet came back: deviating scores that need a written justification' })
  myReturnedFor?: Record<string, unknown>[] | null;

  @Field(() => [EvaluationBidView], { nullable: true, description: 'committee members who declared no conflict and supervisors; everyone from the publicity (names and prices, without files)' })
  bids?: EvaluationBidView[] | null;

  @Field(() => [GraphQLJSONObject], { nullable: true, description: "every member's sheet: committee and supervisors, only once all are in" })
  sheets?: Record<string, unknown>[] | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'totals, ranking, price computation, candidates: committee and supervisors once aggregated; everyone from the publicity' })
  aggregate?: Record<string, unknown> | null;

  @Field(() => [GraphQLJSONObject], { nullable: true, description: 'result changes (rule 19), each with its reason' })
  changes?: Record<string, unknown>[] | null;

  @Field(() => String, { nullable: true, description: 'hash of the report draft the members sign' })
  reportDraftSha256?: string | null;

  @Field(() => String, { nullable: true, description: 'the signed report (canonical JSON)' })
  reportJson?: string | null;

  @Field(() => String, { nullable: true })
  reportSha256?: string | null;

  @Field(() => Int, { nullable: true })
  reportLedgerIndex?: number | null;

  @Field(() => Date, { nullable: true })
  publicityStartsAt?: Date | null;

  @Field(() => Date, { nullable: true })
  publicityEndsAt?: Date | null;

  @Field(() => [PublicityObjectionView])
  objections!: PublicityObjectionView[];

  @Field(() => String, { nullable: true, description: 'the award notice (canonical JSON) sealed by the tenderee' })
  awardJson?: string | null;

  @Field(() => Int, { nullable: true })
  awardLedgerIndex?: number | null;

  @Field(() => Date, { nullable: true, description: 'end of the evaluation period, set when it was extended (rule 12)' })
  periodEndsAt?: Date | null;

  @Field(() => Date, { nullable: true })
  periodExtendedAt?: Date | null;

  @Field(() => Int, { nullable: true, description: 'members who said the time is insufficient: committee, supervisors and project staff' })
  timeInsufficientCount?: number | null;

  @Field(() => [MemberReplacementView], { nullable: true, description: 'replaced members (rule 13): committee, supervisors and project staff; everyone from the publicity' })
  replacements?: MemberReplacementView[] | null;
}

@ObjectType()
export class EvaluationPayload {
  @Field(() => EvaluationView, { nullable: true })
  evaluation?: EvaluationView | null;

  @Field(() => [EvaluationError])
  errors!: EvaluationError[];
}

@InputType()
export class StartEvaluationInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => [ID], { nullable: true, description: "the tenderee's representatives on the committee (where the method allows)" })
  tendereeRepUserIds?: string[] | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "criteria; default: the method's standard criteria" })
  criteria?: Record<string, unknown> | null;
}

@InputType()
export class SubmitScoresheetInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => GraphQLJSONObject, { description: '{ qualification, scores, justifications } keyed by bid id and item key' })
  sheet!: Record<string, unknown>;

  @Field(() => String)
  certificatePem!: string;

  @Field(() => String, { description: 'base64 signature of scoresheetMessage(project, member, sha256(canonical sheet))' })
  signature!: string;
}

@InputType()
export class CorrectScoreInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => ID)
  memberId!: string;

  @Field(() => ID)
  bidId!: string;

  @Field(() => String)
  itemKey!: string;

  @Field(() => String)
  score!: string;

  @Field(() => String, { description: 'CALCULATION_ERROR | ITEM_OUT_OF_RANGE | INCONSISTENT_OBJECTIVE_SCORES | ABNORMAL_SCORE (rule 19)' })
  reason!: string;

  @Field(() => String)
  note!: string;
}

@InputType()
export class ReportActInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => ReportAct)
  act!: ReportAct;

  @Field(() => String, { nullable: true })
  reason?: string | null;

  @Field(() => String)
  certificatePem!: string;

  @Field(() => String, { description: 'base64 signature of reportActMessage(project, member, reportDraftSha256, act)' })
  signature!: string;
}

@InputType()
export class ReplaceCommitteeMemberInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => ID, { description: 'the committee member (CommitteeMemberView.id) to replace' })
  memberId!: string;

  @Field(() => String, { description: 'why: absence, a conflict of interest found late, …' })
  reason!: string;
}
