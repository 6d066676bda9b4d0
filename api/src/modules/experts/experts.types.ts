import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DrawStatus, RoundStatus, SeatStatus } from './draw.entity';
import { ExpertStatus } from './expert.entity';

export enum DrawErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  DRAW_EXISTS = 'DRAW_EXISTS',
  INPUT_INVALID = 'INPUT_INVALID',
  NOT_ALLOWED_IN_STATE = 'NOT_ALLOWED_IN_STATE',
  ALREADY_COMMITTED = 'ALREADY_COMMITTED',
  REVEAL_MISMATCH = 'REVEAL_MISMATCH',
  REVEALS_MISSING = 'REVEALS_MISSING',
  POOL_TOO_SMALL = 'POOL_TOO_SMALL',
  RESPONSE_TOO_LATE = 'RESPONSE_TOO_LATE',
  REASON_REQUIRED = 'REASON_REQUIRED',
  /** no specialty has an unfilled seat with its reserves used up: a supplementary round is not allowed */
  SUPPLEMENTARY_NOT_NEEDED = 'SUPPLEMENTARY_NOT_NEEDED',
  /** a supplementary round is drawn only after a supervisor has entered a fresh public beacon value */
  BEACON_REQUIRED = 'BEACON_REQUIRED',
}
registerEnumType(DrawErrorCode, { name: 'DrawErrorCode' });

@ObjectType()
export class DrawError {
  @Field(() => DrawErrorCode)
  code!: DrawErrorCode;

  @Field(() => String)
  message!: string;

  @Field(() => String, { nullable: true })
  field?: string | null;
}

@ObjectType()
export class ImportRowError {
  @Field(() => Int)
  row!: number;

  @Field(() => String)
  column!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType()
export class ImportExpertsPayload {
  @Field(() => Int)
  imported!: number;

  @Field(() => [ImportRowError], { description: 'every problem, by row; when there is any, nothing is imported' })
  errors!: ImportRowError[];
}

@ObjectType({ description: 'An expert as administrators, supervisors and the expert itself see it' })
export class ExpertProfile {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  employerName!: string;

  @Field(() => String, { nullable: true })
  employerUscc?: string | null;

  @Field(() => String)
  region!: string;

  @Field(() => String)
  title!: string;

  @Field(() => Int)
  years!: number;

  @Field(() => [String])
  specialties!: string[];

  @Field(() => ExpertStatus)
  status!: ExpertStatus;
}

@ObjectType()
export class SpecialtyView {
  @Field(() => String)
  specialty!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => Int)
  reserves!: number;

  @Field(() => Int, { nullable: true, description: 'experts eligible after avoidance (after the snapshot)' })
  poolSize?: number | null;

  @Field(() => String, { nullable: true })
  poolHash?: string | null;

  @Field(() => String, { nullable: true })
  seed?: string | null;
}

@ObjectType()
export class SeatView {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  specialty!: string;

  @Field(() => Int, { description: '0-based position of the shuffle: below the count a seat, above it an ordered reserve' })
  position!: number;

  @Field(() => Int, { description: '0: the first draw; n ≥ 1: supplementary round n' })
  round!: number;

  @Field(() => Boolean)
  supplementary!: boolean;

  @Field(() => String)
  code!: string;

  @Field(() => String, { nullable: true, description: 'sealed: only the draw operator and supervisors see names before the evaluation starts' })
  name?: string | null;

  @Field(() => SeatStatus)
  status!: SeatStatus;

  @Field(() => Date, { nullable: true })
  respondBy?: Date | null;

  @Field(() => String, { nullable: true })
  declineReason?: string | null;
}

@ObjectType({ description: 'A supplementary round (补充抽取): unfilled seats of specialties whose reserves ran out, from a new logged snapshot' })
export class SupplementaryRoundView {
  @Field(() => Int, { description: 'numbered from 1' })
  number!: number;

  @Field(() => RoundStatus)
  status!: RoundStatus;

  @Field(() => [SpecialtyView], { description: 'count: the seats this round fills' })
  specialties!: SpecialtyView[];

  @Field(() => Int)
  beaconRound!: number;

  @Field(() => String)
  beaconRandomnessHex!: string;

  @Field(() => Date, { nullable: true })
  drawnAt?: Date | null;
}

@ObjectType()
export class DrawView {
  @Field(() => ID)
  id!: string;

  @Field(() => DrawStatus)
  status!: DrawStatus;

  @Field(() => Date)
  evaluationAt!: Date;

  @Field(() => [SpecialtyView])
  specialties!: SpecialtyView[];

  @Field(() => [String], { description: 'commitments of the parties (hex), in the order their reveals enter the seed' })
  commitments!: string[];

  @Field(() => Int)
  revealed!: number;

  @Field(() => Int)
  beaconRound!: number;

  @Field(() => String)
  beaconRandomnessHex!: string;

  @Field(() => Int, { description: 'accepted seats so far' })
  acceptedCount!: number;

  @Field(() => [SupplementaryRoundView], { description: 'supplementary rounds, in order (none while the reserves last)' })
  rounds!: SupplementaryRoundView[];

  @Field(() => [SeatView], { nullable: true, description: 'null for those who may see counts only (tenderee, bidders) until the evaluation starts' })
  seats?: SeatView[] | null;
}

@ObjectType()
export class DrawPayload {
  @Field(() => DrawView, { nullable: true })
  draw?: DrawView | null;

  @Field(() => [DrawError])
  errors!: DrawError[];
}

@ObjectType({ description: 'What `verify draw INPUT.json` takes, per specialty, with the result to compare' })
export class DrawInputs {
  @Field(() => Int, { description: '0: the first draw; n ≥ 1: supplementary round n' })
  round!: number;

  @Field(() => Boolean)
  supplementary!: boolean;

  @Field(() => String)
  specialty!: string;

  @Field(() => String, { description: 'the JSON input for `npm run -s verify -- draw`' })
  inputJson!: string;

  @Field(() => [String])
  draw!: string[];

  @Field(() => [String])
  reserves!: string[];
}

@InputType()
export class SpecialtyRequestInput {
  @Field(() => String)
  specialty!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => Int, { defaultValue: 2 })
  reserves!: number;
}

@InputType()
export class RequestDrawInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => Date)
  evaluationAt!: Date;

  @Field(() => [SpecialtyRequestInput])
  specialties!: SpecialtyRequestInput[];

  @Field(() => [String], { nullable: true, description: 'administrative division codes; default any region' })
  regions?: string[] | null;
}

@InputType()
export class DeclaredRelationInput {
  @Field(() => String, { description: 'RELATIVE, SHAREHOLDING, FORMER_EMPLOYER or OTHER' })
  kind!: string;

  @Field(() => String)
  organisationName!: string;

  @Field(() => String, { nullable: true })
  uscc?: string | null;

  @Field(() => String, { defaultValue: '' })
  note!: string;
}

@InputType()
export class UnavailabilityInput {
  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  until!: Date;

  @Field(() => String, { defaultValue: '' })
  reason!: string;
}

@ObjectType({ description: 'An invitation to sit on an evaluation committee, as the invited expert sees it' })
export class Invitation {
  @Field(() => ID)
  seatId!: string;

  @Field(() => ID)
  projectId!: string;

  @Field(() => String)
  projectCode!: string;

  @Field(() => String)
  projectTitle!: string;

  @Field(() => String)
  specialty!: string;

  @Field(() => Int, { description: '0: the first draw; n ≥ 1: supplementary round n' })
  round!: number;

  @Field(() => Boolean)
  supplementary!: boolean;

  @Field(() => Date)
  evaluationAt!: Date;

  @Field(() => SeatStatus)
  status!: SeatStatus;

  @Field(() => Date, { nullable: true })
  respondBy?: Date | null;
}
