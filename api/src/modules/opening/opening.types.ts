/** GraphQL shapes of the opening hall: the session as each viewer may see it, payloads with typed errors. */
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BidOutcome, Decryption, SessionStatus } from './opening.entity';

export enum OpeningErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  NOT_ALLOWED_IN_STATE = 'NOT_ALLOWED_IN_STATE',
  TOO_EARLY = 'TOO_EARLY',
  WINDOW_CLOSED = 'WINDOW_CLOSED',
  WINDOW_OPEN = 'WINDOW_OPEN',
  NOT_A_PARTICIPANT = 'NOT_A_PARTICIPANT',
  NOT_SIGNED_IN = 'NOT_SIGNED_IN',
  ALREADY_DONE = 'ALREADY_DONE',
  CERTIFICATE_INVALID = 'CERTIFICATE_INVALID',
  SIGNATURE_INVALID = 'SIGNATURE_INVALID',
  NOT_A_CUSTODIAN = 'NOT_A_CUSTODIAN',
  SHARE_INVALID = 'SHARE_INVALID',
  KEY_MISMATCH = 'KEY_MISMATCH',
  OBJECTIONS_OPEN = 'OBJECTIONS_OPEN',
  SEAL_INVALID = 'SEAL_INVALID',
  INPUT_INVALID = 'INPUT_INVALID',
}
registerEnumType(OpeningErrorCode, { name: 'OpeningErrorCode' });

@ObjectType()
export class OpeningError {
  @Field(() => OpeningErrorCode)
  code!: OpeningErrorCode;

  @Field(() => String)
  message!: string;

  @Field(() => String, { nullable: true })
  field?: string | null;
}

@ObjectType({ description: 'One sealed bid in the hall, as the viewer may see it' })
export class OpeningBidView {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  bidId!: string;

  @Field(() => Int, { description: 'read-out order (submission order)' })
  position!: number;

  @Field(() => Int)
  lotNumber!: number;

  @Field(() => String)
  organisationName!: string;

  @Field(() => Boolean, { description: "the viewer's own organisation's bid" })
  mine!: boolean;

  @Field(() => Date, { nullable: true })
  signedInAt?: Date | null;

  @Field(() => Decryption)
  decryption!: Decryption;

  @Field(() => String, { nullable: true, description: 'BIDDER or COMMITTEE' })
  decryptedBy?: string | null;

  @Field(() => BidOutcome)
  outcome!: BidOutcome;

  @Field(() => Boolean, { description: 'withdrawn through no fault of the bidder: it may claim' })
  claim!: boolean;

  @Field(() => String, { nullable: true, description: 'why it failed (the owner and supervisors see the details)' })
  failureCode?: string | null;

  @Field(() => String, { nullable: true })
  failureReason?: string | null;

  @Field(() => Date, { nullable: true, description: '唱标: when it was read out' })
  readOutAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'yuan; everyone sees it once read out, the owner once decrypted' })
  totalPrice?: string | null;

  @Field(() => Int, { nullable: true })
  durationDays?: number | null;

  @Field(() => String, { nullable: true })
  qualityCommitment?: string | null;

  @Field(() => Date, { nullable: true })
  confirmedAt?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'true: confirms the record; false: disagrees (note says why)' })
  confirmAgree?: boolean | null;

  @Field(() => String, { nullable: true })
  confirmNote?: string | null;
}

@ObjectType()
export class OpeningObjectionView {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  organisationName!: string;

  @Field(() => String)
  text!: string;

  @Field(() => Date)
  raisedAt!: Date;

  @Field(() => String, { nullable: true })
  answer?: string | null;

  @Field(() => Date, { nullable: true })
  answeredAt?: Date | null;
}

@ObjectType()
export class RecordSealView {
  @Field(() => String, { description: 'HOST or SUPERVISOR' })
  role!: string;

  @Field(() => String)
  signerName!: string;

  @Field(() => Date)
  sealedAt!: Date;
}

@ObjectType({ description: 'A collusion signal (围标串标迹象) for supervisors, with its explanation' })
export class IntegrityFlagView {
  @Field(() => String)
  kind!: string;

  @Field(() => String, { description: 'WARNING or ALERT' })
  severity!: string;

  @Field(() => String)
  explanation!: string;

  @Field(() => [String])
  organisationIds!: string[];

  @Field(() => GraphQLJSONObject)
  evidence!: Record<string, unknown>;
}

@ObjectType({ description: 'The opening session of a project (不见面开标), as the viewer may see it' })
export class OpeningSessionView {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  projectId!: string;

  @Field(() => String)
  projectCode!: string;

  @Field(() => String)
  projectTitle!: string;

  @Field(() => String, { nullable: true, description: '招标控制价 (yuan), for the read-out chart' })
  controlPrice?: string | null;

  @Field(() => SessionStatus)
  status!: SessionStatus;

  @Field(() => String, { description: 'BIDDER_ONLY, BIDDER_OR_COMMITTEE or COMMITTEE_ONLY' })
  policy!: string;

  @Field(() => Date)
  openedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'end of the decryption window (platform time)' })
  decryptionEndsAt?: Date | null;

  @Field(() => Int, { description: 'custodians needed to rebuild the opening key (0: no committee)' })
  threshold!: number;

  @Field(() => Int)
  sharesSubmitted!: number;

  @Field(() => Boolean, { description: 'the viewer runs the session (tenderee or agent)' })
  isHost!: boolean;

  @Field(() => Boolean, { description: 'the viewer holds a share of the opening key' })
  isCustodian!: boolean;

  @Field(() => Boolean, { description: "the viewer's custodian share has been submitted" })
  myShareSubmitted!: boolean;

  @Field(() => String, { nullable: true, description: 'for a bidder: the exact text to sign (UTF-8) with its signing certificate to sign in' })
  signInMessage?: string | null;

  @Field(() => [OpeningBidView])
  bids!: OpeningBidView[];

  @Field(() => [OpeningObjectionView])
  objections!: OpeningObjectionView[];

  @Field(() => [RecordSealView])
  seals!: RecordSealView[];

  @Field(() => [IntegrityFlagView], { description: 'supervisors only (empty for others)' })
  integrityFlags!: IntegrityFlagView[];

  @Field(() => String, { nullable: true, description: 'the record (canonical JSON) once finalised: what is sealed' })
  recordJson?: string | null;

  @Field(() => String, { nullable: true })
  recordSha256?: string | null;

  @Field(() => Int, { nullable: true })
  recordLedgerIndex?: number | null;

  @Field(() => Int, { description: 'position in the session event stream this view reflects: subscribe with afterSeq = this' })
  lastEventSeq!: number;
}

@ObjectType()
export class OpeningPayload {
  @Field(() => OpeningSessionView, { nullable: true })
  session?: OpeningSessionView | null;

  @Field(() => [OpeningError])
  errors!: OpeningError[];
}

