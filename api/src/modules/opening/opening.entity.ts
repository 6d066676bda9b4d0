/** The opening hall's tables (migration Migration20261123150000_opening); GraphQL shapes are in opening.types.ts. */
import { randomUUID } from 'node:crypto';
import { BigIntType, Entity, Enum, ManyToOne, OneToOne, PrimaryKey, Property, type Opt, type Ref } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { Bid } from '../bids/bid.entity';
import { Organisation } from '../identity/organisation.entity';
import { Project } from '../projects/project.entity';
import type { IntegrityFlag } from './rules/integrity-signals';
import type { BidForm } from './bid-content';

export enum SessionStatus {
  SIGN_IN = 'SIGN_IN',
  DECRYPTION = 'DECRYPTION',
  COMMITTEE = 'COMMITTEE',
  READ_OUT = 'READ_OUT',
  RECORD = 'RECORD',
  SEALING = 'SEALING',
  PUBLISHED = 'PUBLISHED',
}
registerEnumType(SessionStatus, { name: 'OpeningSessionStatus', description: '签到 → 解密 → (备用解密) → 唱标 → 确认开标记录 → 签章 → 公布' });

export enum Decryption {
  NOT_YET = 'NOT_YET',
  DECRYPTED = 'DECRYPTED',
  FAILED = 'FAILED',
  PENDING_COMMITTEE = 'PENDING_COMMITTEE',
}
registerEnumType(Decryption, { name: 'DecryptionStatus' });

export enum BidOutcome {
  PENDING = 'PENDING',
  VALID = 'VALID',
  /** the bidder caused the failure (Art. 31) */
  REVOKED = 'REVOKED',
  /** not the bidder's fault: withdrawn with a claim flag */
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(BidOutcome, { name: 'OpeningBidOutcome' });

@Entity({ tableName: 'opening_session' })
export class OpeningSession {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @OneToOne(() => Project, { ref: true, owner: true })
  project!: Ref<Project>;

  @Enum({ items: () => SessionStatus, type: 'text' })
  status!: SessionStatus;

  @Property({ type: 'text' })
  policy!: string;

  @Property({ type: 'uuid' })
  hostUserId!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  openedAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  decryptionEndsAt?: Date | null;

  @Property({ type: 'json' })
  integrityFlags: IntegrityFlag[] & Opt = [];

  @Property({ type: 'text', nullable: true })
  recordJson?: string | null;

  @Property({ type: 'text', nullable: true })
  recordSha256?: string | null;

  @Property({ type: new BigIntType('number'), nullable: true })
  recordLedgerIndex?: number | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  publishedAt?: Date | null;
}

@Entity({ tableName: 'opening_participant' })
export class OpeningParticipant {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => OpeningSession, { ref: true })
  session!: Ref<OpeningSession>;

  @OneToOne(() => Bid, { ref: true, owner: true })
  bid!: Ref<Bid>;

  @ManyToOne(() => Organisation, { ref: true })
  organisation!: Ref<Organisation>;

  /** read-out order: submission order */
  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  signedInAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  signedInCertificateSha256?: string | null;

  @Enum({ items: () => Decryption, type: 'text' })
  decryption: Decryption & Opt = Decryption.NOT_YET;

  @Property({ type: 'text', nullable: true })
  decryptedBy?: 'BIDDER' | 'COMMITTEE' | null;

  @Property({ type: 'integer' })
  attempts: number & Opt = 0;

  @Property({ type: 'text', nullable: true })
  failureCode?: string | null;

  @Property({ type: 'text', nullable: true })
  failureReason?: string | null;

  @Enum({ items: () => BidOutcome, type: 'text' })
  outcome: BidOutcome & Opt = BidOutcome.PENDING;

  @Property({ type: 'boolean' })
  claim: boolean & Opt = false;

  /** the structured bid (bid.json) once decrypted */
  @Property({ type: 'json', nullable: true })
  form?: BidForm | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  readOutAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  confirmedAt?: Date | null;

  @Property({ type: 'boolean', nullable: true })
  confirmAgree?: boolean | null;

  @Property({ type: 'text', nullable: true })
  confirmNote?: string | null;
}

/** The plaintext of a bid, stored only once it was opened at the session (for the evaluation). */
@Entity({ tableName: 'opened_bid' })
export class OpenedBid {
  @OneToOne(() => OpeningParticipant, { ref: true, owner: true, primary: true, fieldName: 'participant_id' })
  participant!: Ref<OpeningParticipant>;

  @Property({ type: 'blob', lazy: true })
  content!: Buffer;

  @Property({ type: 'text' })
  contentSha256!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  openedAt?: Date & Opt;
}

@Entity({ tableName: 'opening_objection' })
export class OpeningObjection {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => OpeningSession, { ref: true })
  session!: Ref<OpeningSession>;

  @ManyToOne(() => Organisation, { ref: true })
  organisation!: Ref<Organisation>;

  @Property({ type: 'uuid' })
  raisedByUserId!: string;

  @Property({ type: 'text' })
  text!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  raisedAt?: Date & Opt;

  @Property({ type: 'text', nullable: true })
  answer?: string | null;

  @Property({ type: 'uuid', nullable: true })
  answeredByUserId?: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  answeredAt?: Date | null;
}

/** A custodian's share, kept only from its submission until the opening key is rebuilt (then erased). */
@Entity({ tableName: 'opening_committee_share' })
export class CommitteeShare {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => OpeningSession, { ref: true })
  session!: Ref<OpeningSession>;

  @Property({ type: 'uuid' })
  custodianUserId!: string;

  @Property({ type: 'text' })
  shareSha256!: string;

  @Property({ type: 'blob', nullable: true })
  share?: Buffer | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  submittedAt?: Date & Opt;
}

@Entity({ tableName: 'opening_record_seal' })
export class RecordSeal {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => OpeningSession, { ref: true })
  session!: Ref<OpeningSession>;

  @Property({ type: 'text' })
  role!: 'HOST' | 'SUPERVISOR';

  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  signerName!: string;

  @Property({ type: 'blob' })
  envelope!: Buffer;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  sealedAt?: Date & Opt;
}
