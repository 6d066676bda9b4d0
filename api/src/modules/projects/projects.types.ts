import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/relay';
import { Clarification } from './clarification.entity';
import { Project } from './project.entity';
import { Registration } from './project-records.entity';

export enum ProjectErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  METHOD_UNKNOWN = 'METHOD_UNKNOWN',
  TITLE_INVALID = 'TITLE_INVALID',
  CODE_INVALID = 'CODE_INVALID',
  CODE_TAKEN = 'CODE_TAKEN',
  MONEY_INVALID = 'MONEY_INVALID',
  LOTS_INVALID = 'LOTS_INVALID',
  TENDEREE_INVALID = 'TENDEREE_INVALID',
  SCHEDULE_INVALID = 'SCHEDULE_INVALID',
  NOT_ALLOWED_IN_STATE = 'NOT_ALLOWED_IN_STATE',
  CUSTODIANS_INVALID = 'CUSTODIANS_INVALID',
  REASON_REQUIRED = 'REASON_REQUIRED',
  ALREADY_REGISTERED = 'ALREADY_REGISTERED',
  NOT_REGISTERED = 'NOT_REGISTERED',
  REGISTRATION_CLOSED = 'REGISTRATION_CLOSED',
  TEXT_INVALID = 'TEXT_INVALID',
  ALREADY_ANSWERED = 'ALREADY_ANSWERED',
  DOCUMENT_INVALID = 'DOCUMENT_INVALID',
}
registerEnumType(ProjectErrorCode, { name: 'ProjectErrorCode' });

@ObjectType()
export class ProjectError {
  @Field(() => ProjectErrorCode)
  code!: ProjectErrorCode;

  @Field(() => String)
  message!: string;

  @Field(() => String, { nullable: true })
  field?: string | null;

  @Field(() => String, { nullable: true, description: 'the schedule rule broken, e.g. DEADLINE_PERIOD' })
  rule?: string | null;

  @Field(() => Date, { nullable: true, description: 'the earliest date that satisfies the rule' })
  earliestLegal?: Date | null;
}

@ObjectType()
export class ProjectPayload {
  @Field(() => Project, { nullable: true })
  project?: Project | null;

  @Field(() => [ProjectError])
  errors!: ProjectError[];
}

@ObjectType()
export class RegistrationPayload {
  @Field(() => Registration, { nullable: true })
  registration?: Registration | null;

  @Field(() => [ProjectError])
  errors!: ProjectError[];
}

@ObjectType()
export class ClarificationPayload {
  @Field(() => Clarification, { nullable: true })
  clarification?: Clarification | null;

  @Field(() => [ProjectError])
  errors!: ProjectError[];
}

@InputType()
export class ScheduleInput {
  @Field(() => Date, { nullable: true })
  documentsFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  documentsUntil?: Date | null;

  @Field(() => Date, { nullable: true })
  bidDeadline?: Date | null;

  @Field(() => Date, { nullable: true })
  openingAt?: Date | null;

  @Field(() => Date, { nullable: true })
  listingStart?: Date | null;

  @Field(() => Date, { nullable: true })
  listingEnd?: Date | null;
}

@InputType()
export class LotInput {
  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  budget?: string | null;
}

/** Fields a draft project may set on creation and change before publication. */
@InputType()
class ProjectDetailsInput {
  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: '预算金额 (yuan, e.g. 1250000.00)' })
  budget?: string | null;

  @Field(() => String, { nullable: true, description: '招标控制价 / 估算价 (yuan)' })
  estimatedPrice?: string | null;

  @Field(() => String, { nullable: true, description: '起始价 (land, yuan)' })
  startPrice?: string | null;

  @Field(() => [LotInput], { nullable: true, description: 'default: one lot named after the project' })
  lots?: LotInput[] | null;

  @Field(() => ScheduleInput, { nullable: true })
  schedule?: ScheduleInput | null;
}

@InputType()
export class CreateProjectInput extends ProjectDetailsInput {
  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true, description: '项目编号 assigned by the agent (letters, digits, dashes); default: generated, e.g. ZFCG-2026-0001' })
  code?: string | null;

  @Field(() => String, { description: 'a procedure config method, e.g. GP_OPEN_TENDER' })
  method!: string;

  @Field(() => ID, { nullable: true, description: 'the tenderee organisation; an agent must name it, a tenderee acts for its own' })
  tendereeId?: string | null;

  @Field(() => String, { nullable: true })
  region?: string | null;

  @Field(() => String, { nullable: true })
  category?: string | null;
}

@InputType()
export class UpdateProjectInput extends ProjectDetailsInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => String, { nullable: true })
  title?: string | null;
}

@InputType()
export class PublishProjectInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => String, { description: 'the announcement text (招标公告 / 出让公告)' })
  announcement!: string;

  @Field(() => [ID], { nullable: true, description: 'custodians of the opening key (when the opening policy involves the committee)' })
  custodianUserIds?: string[] | null;
}

@InputType()
export class AmendProjectInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => String, { description: 'what changes and why (更正公告)' })
  note!: string;

  @Field(() => ScheduleInput, { nullable: true, description: 'new dates; within 15 days of the deadline the deadline must move' })
  schedule?: ScheduleInput | null;
}

@InputType()
export class CancelProjectInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => String)
  reason!: string;
}

@InputType()
export class RegisterForProjectInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => [Int], { nullable: true, description: 'lot numbers; default all' })
  lotNumbers?: number[] | null;
}

@InputType()
export class AskClarificationInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => String)
  question!: string;
}

@InputType()
export class AnswerClarificationInput {
  @Field(() => ID)
  clarificationId!: string;

  @Field(() => String)
  answer!: string;
}

@InputType()
export class ProjectFilter {
  @Field(() => String, { nullable: true, description: 'substring of title or code' })
  search?: string | null;

  @Field(() => String, { nullable: true })
  kind?: string | null;

  @Field(() => String, { nullable: true })
  status?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'only projects the caller manages (tenderee / agent) or registered for (bidder)' })
  mine?: boolean | null;
}

@ObjectType()
export class ProjectConnection extends Connection(Project) {}

@ObjectType()
export class CustodianCandidate {
  @Field(() => ID)
  userId!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => String)
  organisationName!: string;

  @Field(() => [String])
  roles!: string[];
}
