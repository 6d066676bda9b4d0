/** GraphQL shapes of the land listing: the public view (no floor until the close, bidders by number), inputs, payloads with typed errors. */
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { QuotePhase } from './listing.entity';

export enum ListingErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  NOT_A_LISTING = 'NOT_A_LISTING',
  NOT_SET_UP = 'NOT_SET_UP',
  NOT_ALLOWED_IN_STATE = 'NOT_ALLOWED_IN_STATE',
  INPUT_INVALID = 'INPUT_INVALID',
  NOT_REGISTERED = 'NOT_REGISTERED',
  BOND_NOT_CONFIRMED = 'BOND_NOT_CONFIRMED',
  CERTIFICATE_INVALID = 'CERTIFICATE_INVALID',
  SIGNATURE_INVALID = 'SIGNATURE_INVALID',
  NOT_OPEN = 'NOT_OPEN',
  PRICE_CHANGED = 'PRICE_CHANGED',
  BELOW_START_PRICE = 'BELOW_START_PRICE',
  INCREMENT_TOO_SMALL = 'INCREMENT_TOO_SMALL',
  COUNTDOWN_EXPIRED = 'COUNTDOWN_EXPIRED',
  NOT_ACTIVE_BIDDER = 'NOT_ACTIVE_BIDDER',
  OUTSIDE_FLOOR_WINDOW = 'OUTSIDE_FLOOR_WINDOW',
  ALREADY_DONE = 'ALREADY_DONE',
  NOT_A_PARTY = 'NOT_A_PARTY',
  SEAL_INVALID = 'SEAL_INVALID',
}
registerEnumType(ListingErrorCode, { name: 'ListingErrorCode' });
registerEnumType(QuotePhase, { name: 'QuotePhase' });

export enum ListingPhaseView {
  NOT_STARTED = 'NOT_STARTED',
  LISTING = 'LISTING',
  TIMED_BIDDING = 'TIMED_BIDDING',
  AWAITING_CLOSE = 'AWAITING_CLOSE',
  CLOSED = 'CLOSED',
}
registerEnumType(ListingPhaseView, { name: 'ListingPhase', description: '挂牌中 / 限时竞价 / 等待截止 / 已结束' });

@ObjectType()
export class ListingError {
  @Field(() => ListingErrorCode)
  code!: ListingErrorCode;

  @Field(() => String)
  message!: string;

  @Field(() => String, { nullable: true })
  field?: string | null;
}

@ObjectType({ description: 'A quote as everyone sees it: the bidder by its number (竞买号), the server arrival time' })
export class QuoteView {
  @Field(() => Int, { description: '1, 2, 3, … without gaps' })
  seq!: number;

  @Field(() => String)
  amount!: string;

  @Field(() => Int)
  bidderNumber!: number;

  @Field(() => QuotePhase)
  phase!: QuotePhase;

  @Field(() => Date, { description: 'server arrival time (rule 34)' })
  receivedAt!: Date;

  @Field(() => Int)
  ledgerIndex!: number;

  @Field(() => Boolean, { description: "the viewer's own organisation's quote" })
  mine!: boolean;
}

@ObjectType()
export class ParcelView {
  @Field(() => String)
  location!: string;

  @Field(() => String)
  areaM2!: string;

  @Field(() => String)
  landUse!: string;

  @Field(() => String)
  plotRatio!: string;

  @Field(() => Int)
  termYears!: number;
}

@ObjectType()
export class ConfirmationSealView {
  @Field(() => String, { description: 'TRANSFEROR (出让人) or TRANSFEREE (竞得人)' })
  role!: string;

  @Field(() => String)
  signerName!: string;

  @Field(() => Date)
  sealedAt!: Date;
}

@ObjectType({ description: 'A registered organisation and its bond (竞买保证金), as the project staff see it' })
export class ListingRegistrationView {
  @Field(() => ID)
  organisationId!: string;

  @Field(() => String)
  organisationName!: string;

  @Field(() => Int, { nullable: true, description: 'its bidder number once the bond is confirmed' })
  bidderNumber?: number | null;

  @Field(() => Date, { nullable: true })
  bondConfirmedAt?: Date | null;
}

@ObjectType({ description: 'A land listing (挂牌) as the caller may see it; times are server times' })
export class ListingView {
  @Field(() => ID)
  projectId!: string;

  @Field(() => String)
  code!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  status!: string;

  @Field(() => ListingPhaseView)
  phase!: ListingPhaseView;

  @Field(() => ParcelView)
  parcel!: ParcelView;

  @Field(() => String)
  startPrice!: string;

  @Field(() => String)
  increment!: string;

  @Field(() => String, { description: '竞买保证金' })
  bond!: string;

  @Field(() => String, { nullable: true, description: 'the highest quote so far' })
  currentPrice?: string | null;

  @Field(() => String, { description: 'the least a quote may be now' })
  minimumQuote!: string;

  @Field(() => Int)
  quoteCount!: number;

  @Field(() => Date, { nullable: true })
  listingStart?: Date | null;

  @Field(() => Date, { nullable: true })
  listingEnd?: Date | null;

  @Field(() => Date, { nullable: true, description: 'close − 60 min: timed bidding starts here with ≥ 2 active bidders' })
  freezeAt?: Date | null;

  @Field(() => Date, { nullable: true })
  timedStartedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'the timed bidding countdown ends (server time)' })
  countdownEndsAt?: Date | null;

  @Field(() => Date, { description: 'server time when this view was made' })
  serverTime!: Date;

  @Field(() => Int, { description: 'the last event of `listing:<projectId>` this view includes: subscribe with afterSeq' })
  lastEventSeq!: number;

  @Field(() => Boolean)
  floorEntered!: boolean;

  @Field(() => String, { nullable: true, description: 'the commitment to the sealed floor price, logged at entry' })
  floorCommitment?: string | null;

  @Field(() => String, { nullable: true, description: 'revealed at the close' })
  floorPrice?: string | null;

  @Field(() => String, { nullable: true, description: 'DEAL or NO_DEAL' })
  outcome?: string | null;

  @Field(() => String, { nullable: true })
  outcomeReason?: string | null;

  @Field(() => String, { nullable: true, description: 'without a deal: the project\'s reason code (NO_QUOTE, NO_DEAL_BELOW_FLOOR), for pages to say it in the reader\'s language' })
  outcomeReasonCode?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'the facts outcomeReasonCode speaks of (stage, highestQuote)' })
  outcomeReasonParams?: Record<string, unknown> | null;

  @Field(() => Date, { nullable: true })
  closedAt?: Date | null;

  @Field(() => String, { nullable: true, description: '竞得人 (after the close)' })
  winnerName?: string | null;

  @Field(() => Int, { nullable: true })
  winnerNumber?: number | null;

  @Field(() => String, { nullable: true })
  finalPrice?: string | null;

  @Field(() => Date, { nullable: true })
  resultPublishedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'the deal confirmation (成交确认书), canonical JSON: the bytes both parties seal' })
  confirmationJson?: string | null;

  @Field(() => [ConfirmationSealView])
  confirmationSeals!: ConfirmationSealView[];

  @Field(() => Date, { nullable: true })
  confirmedAt?: Date | null;

  @Field(() => Int, { nullable: true, description: "the caller's bidder number, if qualified" })
  myNumber?: number | null;

  @Field(() => Int, { nullable: true, description: "the caller's rank by its best quote" })
  myRank?: number | null;

  @Field(() => Boolean, { description: 'the caller is the designated floor-price officer' })
  isFloorOfficer!: boolean;

  @Field(() => Boolean, { description: 'the caller runs the project' })
  isManager!: boolean;

  @Field(() => [ListingRegistrationView], { nullable: true, description: 'registered organisations and their bonds: project staff and supervisors only' })
  registrations?: ListingRegistrationView[] | null;
}

@ObjectType()
export class ListingPayload {
  @Field(() => ListingView, { nullable: true })
  listing?: ListingView | null;

  @Field(() => [ListingError])
  errors!: ListingError[];
}

@ObjectType()
export class QuotePayload {
  @Field(() => QuoteView, { nullable: true })
  quote?: QuoteView | null;

  @Field(() => String, { nullable: true, description: 'the highest quote when this one was accepted or refused: sign again against it' })
  currentPrice?: string | null;

  @Field(() => ListingView, { nullable: true })
  listing?: ListingView | null;

  @Field(() => [ListingError])
  errors!: ListingError[];
}

@InputType()
export class SetUpListingInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => String)
  location!: string;

  @Field(() => String, { description: 'm²' })
  areaM2!: string;

  @Field(() => String)
  landUse!: string;

  @Field(() => String)
  plotRatio!: string;

  @Field(() => Int)
  termYears!: number;

  @Field(() => String, { nullable: true, description: "defaults to the project's start price" })
  startPrice?: string | null;

  @Field(() => String)
  increment!: string;

  @Field(() => String)
  bond!: string;

  @Field(() => ID, { description: 'the staff member (of the tenderee or the agent) who enters the floor price' })
  floorOfficerUserId!: string;
}

@InputType()
export class QuoteInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => String)
  amount!: string;

  @Field(() => String, { nullable: true, description: 'the highest quote the bidder saw and signed against (null for the first)' })
  previousHighest?: string | null;

  @Field(() => String)
  certificatePem!: string;

  @Field(() => String, { description: 'base64 signature over quoteMessage({projectId, amount, previousHighest})' })
  signature!: string;
}
