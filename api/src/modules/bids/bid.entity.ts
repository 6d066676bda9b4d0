import { randomUUID } from 'node:crypto';
import { BigIntType, Entity, Enum, ManyToOne, PrimaryKey, Property, type Opt, type Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Organisation } from '../identity/organisation.entity';
import { Lot } from '../projects/lot.entity';
import { Project } from '../projects/project.entity';

/** A resumable upload of a sealed bid.cms (ciphertext only), stored as chunks in PostgreSQL. */
@ObjectType()
@Entity({ tableName: 'bid_upload' })
export class BidUpload {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Project, { ref: true })
  project!: Ref<Project>;

  @ManyToOne(() => Lot, { ref: true })
  lot!: Ref<Lot>;

  @ManyToOne(() => Organisation, { ref: true })
  organisation!: Ref<Organisation>;

  @Property({ type: 'uuid' })
  userId!: string;

  @Field(() => Int)
  @Property({ type: new BigIntType('number') })
  declaredSize!: number;

  @Field(() => String)
  @Property({ type: 'text' })
  declaredSha256!: string;

  @Field(() => Int, { description: 'bytes stored so far: resume from here' })
  @Property({ type: new BigIntType('number') })
  received: number & Opt = 0;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  completedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  clientIp?: string | null;

  @Property({ type: 'text', nullable: true })
  userAgent?: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  createdAt?: Date & Opt;
}

export enum BidStatus {
  SUBMITTED = 'SUBMITTED',
  REPLACED = 'REPLACED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(BidStatus, { name: 'BidStatus' });

/** A submitted sealed bid: ciphertext, signed manifest, receipt. The server never holds its plaintext before the opening. */
@ObjectType()
@Entity({ tableName: 'bid' })
export class Bid {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Project, { ref: true })
  project!: Ref<Project>;

  @ManyToOne(() => Lot, { ref: true })
  lot!: Ref<Lot>;

  @ManyToOne(() => Organisation, { ref: true })
  organisation!: Ref<Organisation>;

  @Property({ type: 'uuid' })
  userId!: string;

  @Field(() => Int, { description: '1 for the first submission, +1 for each replacement' })
  @Property({ type: 'integer' })
  rev!: number;

  @Field(() => BidStatus)
  @Enum({ items: () => BidStatus, type: 'text' })
  status!: BidStatus;

  @ManyToOne(() => BidUpload, { ref: true })
  upload!: Ref<BidUpload>;

  @Field(() => String, { description: 'the signed manifest (canonical JSON)' })
  @Property({ type: 'text' })
  manifestJson!: string;

  @Property({ type: 'blob' })
  manifestP7s!: Buffer;

  @Field(() => String)
  @Property({ type: 'text' })
  manifestSha256!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  bidCmsSha256!: string;

  @Field(() => Int)
  @Property({ type: new BigIntType('number') })
  bidCmsSize!: number;

  @Property({ type: 'text' })
  signerFingerprint!: string;

  @Property({ type: 'text', nullable: true })
  tool?: string | null;

  @Property({ type: 'text' })
  idempotencyKey!: string;

  @Field(() => Int)
  @Property({ type: new BigIntType('number') })
  ledgerIndex!: number;

  @Property({ type: 'json' })
  receipt!: Record<string, unknown>;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  submittedAt?: Date & Opt;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  withdrawnAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  clientIp?: string | null;

  @Property({ type: 'text', nullable: true })
  userAgent?: string | null;
}
