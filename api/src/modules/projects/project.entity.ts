import { randomUUID } from 'node:crypto';
import { Collection, Entity, Enum, ManyToOne, OneToMany, PrimaryKey, Property, type Opt, type Ref } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Organisation } from '../identity/organisation.entity';
import { Lot } from './lot.entity';

export enum ProjectKind {
  GOVERNMENT_PROCUREMENT = 'GOVERNMENT_PROCUREMENT',
  CONSTRUCTION = 'CONSTRUCTION',
  LAND_TRANSFER = 'LAND_TRANSFER',
}
registerEnumType(ProjectKind, { name: 'ProjectKind', description: '政府采购 / 建设工程 / 土地使用权出让' });

export enum ProjectStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  BIDDING = 'BIDDING',
  SEALED = 'SEALED',
  OPENING = 'OPENING',
  EVALUATING = 'EVALUATING',
  PUBLICITY = 'PUBLICITY',
  SUSPENDED = 'SUSPENDED',
  AWARDED = 'AWARDED',
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
  FAILED = 'FAILED',
  LISTING = 'LISTING',
  TIMED_BIDDING = 'TIMED_BIDDING',
}
registerEnumType(ProjectStatus, { name: 'ProjectStatus' });

/** A procurement, construction tender or land transfer, with its schedule. Money is decimal text (yuan). */
@ObjectType()
@Entity({ tableName: 'project' })
export class Project {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => String)
  @Property({ type: 'text', unique: true })
  code!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  description: string & Opt = '';

  @Field(() => ProjectKind)
  @Enum({ items: () => ProjectKind, type: 'text' })
  kind!: ProjectKind;

  @Field(() => String, { description: 'procurement method (a procedure config)' })
  @Property({ type: 'text' })
  method!: string;

  @Field(() => ProjectStatus)
  @Enum({ items: () => ProjectStatus, type: 'text' })
  status: ProjectStatus & Opt = ProjectStatus.DRAFT;

  @Field(() => String, { nullable: true, description: 'why the project is FAILED or CANCELLED' })
  @Property({ type: 'text', nullable: true })
  statusReason?: string | null;

  @Field(() => String, { nullable: true, description: 'stable code of statusReason (TOO_FEW_VALID_BIDS, NO_QUOTE, NO_DEAL_BELOW_FLOOR; CANCELLED: statusReason is the tenderee\'s own words)' })
  @Property({ type: 'text', nullable: true })
  statusReasonCode?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'the facts the reason speaks of: stage, validBids, minBids, highestQuote' })
  @Property({ type: 'json', nullable: true })
  statusReasonParams?: Record<string, unknown> | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  statusChangedAt?: Date | null;

  @ManyToOne(() => Organisation, { ref: true })
  tenderee!: Ref<Organisation>;

  @ManyToOne(() => Organisation, { ref: true, nullable: true })
  agent?: Ref<Organisation> | null;

  @Field(() => String)
  @Property({ type: 'text', columnType: 'char(3)' })
  currency: string & Opt = 'CNY';

  @Field(() => String, { nullable: true, description: '预算金额 (yuan)' })
  @Property({ type: 'decimal', columnType: 'numeric(18,2)', nullable: true })
  budget?: string | null;

  @Field(() => String, { nullable: true, description: '招标控制价 / 估算价 (yuan)' })
  @Property({ type: 'decimal', columnType: 'numeric(18,2)', nullable: true })
  estimatedPrice?: string | null;

  @Field(() => String, { nullable: true, description: '起始价 (land, yuan)' })
  @Property({ type: 'decimal', columnType: 'numeric(18,2)', nullable: true })
  startPrice?: string | null;

  @Field(() => String)
  @Property({ type: 'text' })
  region: string & Opt = '';

  @Field(() => String)
  @Property({ type: 'text' })
  category: string & Opt = '';

  @Field(() => Date, { nullable: true, description: '招标文件发出（发售）开始' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  documentsFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: '招标文件发售截止' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  documentsUntil?: Date | null;

  @Field(() => Date, { nullable: true, description: '投标截止时间' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  bidDeadline?: Date | null;

  @Field(() => Date, { nullable: true, description: '开标时间' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  openingAt?: Date | null;

  @Field(() => Date, { nullable: true, description: '挂牌开始' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  listingStart?: Date | null;

  @Field(() => Date, { nullable: true, description: '挂牌截止' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  listingEnd?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  publishedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'the project opening certificate (PEM): bids are sealed to it as well when the policy involves the committee' })
  @Property({ type: 'text', nullable: true })
  openingCertificatePem?: string | null;

  @Field(() => Int, { nullable: true, description: 'ledger size of the checkpoint that fixed the sealed set at the deadline' })
  @Property({ type: 'integer', nullable: true })
  sealedLedgerSize?: number | null;

  @Field(() => String, { nullable: true, description: 'root hash of that checkpoint' })
  @Property({ type: 'text', nullable: true })
  sealedRootHash?: string | null;

  /** What the key ceremony logged (threshold, certificate and share hashes); nothing secret. */
  @Property({ type: 'json', nullable: true })
  openingKeyRecord?: Record<string, unknown> | null;

  @OneToMany(() => Lot, (lot) => lot.project, { orderBy: { number: 'asc' } })
  lots = new Collection<Lot>(this);

  @Property({ type: 'integer', version: true })
  version: number & Opt = 1;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  createdAt?: Date & Opt;
}
