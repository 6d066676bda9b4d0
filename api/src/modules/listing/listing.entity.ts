/** Land listing (挂牌) rows; GraphQL shapes are in listing.types.ts (the public view hides the floor and who quoted). */
import { randomUUID } from 'node:crypto';
import { BigIntType, Entity, PrimaryKey, Property, type Opt } from '@mikro-orm/core';

// fresh objects: MikroORM writes into the options it is given
const instant = () => ({ type: 'datetime', columnType: 'timestamptz' }) as const;
const money = () => ({ type: 'decimal', columnType: 'numeric(18,2)' }) as const;

@Entity({ tableName: 'listing' })
export class Listing {
  @PrimaryKey({ type: 'uuid' })
  projectId!: string;

  @Property({ type: 'text' })
  location!: string;

  @Property({ type: 'decimal', columnType: 'numeric(14,2)' })
  areaM2!: string;

  @Property({ type: 'text' })
  landUse!: string;

  @Property({ type: 'text' })
  plotRatio!: string;

  @Property({ type: 'integer' })
  termYears!: number;

  @Property(money())
  startPrice!: string;

  @Property(money())
  increment!: string;

  @Property(money())
  bond!: string;

  /** the staff member designated to enter the floor price (底价) */
  @Property({ type: 'uuid' })
  floorOfficerUserId!: string;

  @Property({ ...money(), nullable: true })
  highestAmount?: string | null;

  @Property({ type: 'uuid', nullable: true })
  highestOrganisationId?: string | null;

  @Property({ type: 'integer' })
  quoteCount: number & Opt = 0;

  @Property({ ...instant(), nullable: true })
  timedStartedAt?: Date | null;

  @Property({ ...instant(), nullable: true })
  countdownEndsAt?: Date | null;

  /** the floor price sealed until the close (floor-seal.ts), and its commitment (logged at entry) */
  @Property({ type: 'text', nullable: true })
  floorSealed?: string | null;

  @Property({ type: 'text', nullable: true })
  floorCommitment?: string | null;

  @Property({ ...instant(), nullable: true })
  floorEnteredAt?: Date | null;

  /** revealed at the close */
  @Property({ ...money(), nullable: true })
  floorPrice?: string | null;

  @Property({ type: 'text', nullable: true })
  outcome?: 'DEAL' | 'NO_DEAL' | null;

  @Property({ type: 'text', nullable: true })
  outcomeReason?: string | null;

  @Property({ ...instant(), nullable: true })
  closedAt?: Date | null;

  @Property({ type: 'uuid', nullable: true })
  winnerOrganisationId?: string | null;

  @Property({ ...money(), nullable: true })
  finalPrice?: string | null;

  @Property({ ...instant(), nullable: true })
  resultPublishedAt?: Date | null;

  /** the deal confirmation (成交确认书), canonical JSON, sealed by both parties */
  @Property({ type: 'text', nullable: true })
  confirmationJson?: string | null;

  @Property({ ...instant(), nullable: true })
  confirmedAt?: Date | null;
}

/** A qualified bidder: registered, bond confirmed by staff; known to the public by its number (竞买号). */
@Entity({ tableName: 'listing_bidder' })
export class ListingBidder {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  projectId!: string;

  @Property({ type: 'uuid' })
  organisationId!: string;

  @Property({ type: 'integer' })
  number!: number;

  @Property(instant())
  bondConfirmedAt!: Date;

  @Property({ type: 'uuid' })
  bondConfirmedByUserId!: string;
}

export enum QuotePhase {
  LISTING = 'LISTING',
  TIMED_BIDDING = 'TIMED_BIDDING',
}

/** A quote (报价): insert-only, one per price level, numbered without gaps per listing. */
@Entity({ tableName: 'listing_quote' })
export class ListingQuote {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  projectId!: string;

  @Property({ type: 'integer' })
  seq!: number;

  @Property({ type: 'uuid' })
  organisationId!: string;

  @Property({ type: 'integer' })
  bidderNumber!: number;

  @Property({ type: 'uuid' })
  userId!: string;

  @Property(money())
  amount!: string;

  @Property({ ...money(), nullable: true })
  previousHighest?: string | null;

  @Property({ type: 'text' })
  phase!: QuotePhase;

  /** server arrival time (rule 34) */
  @Property(instant())
  receivedAt!: Date;

  @Property({ type: 'text' })
  certificateSha256!: string;

  @Property({ type: 'text' })
  signature!: string;

  @Property({ type: new BigIntType('number') })
  ledgerIndex!: number;
}

@Entity({ tableName: 'listing_confirmation_seal' })
export class ListingConfirmationSeal {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  projectId!: string;

  @Property({ type: 'text' })
  role!: 'TRANSFEROR' | 'TRANSFEREE';

  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  signerName!: string;

  @Property({ type: 'blob' })
  envelope!: Buffer;

  @Property({ ...instant(), defaultRaw: 'platform_now()' })
  sealedAt?: Date & Opt;
}
