/** The evaluation's tables (migration Migration20261123170000_evaluation); GraphQL shapes are in evaluation.types.ts. */
import { randomUUID } from 'node:crypto';
import { BigIntType, Entity, Enum, ManyToOne, OneToOne, PrimaryKey, Property, type Opt, type Ref } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { Bid } from '../bids/bid.entity';
import { Expert } from '../experts/expert.entity';
import { Organisation } from '../identity/organisation.entity';
import { User } from '../identity/user.entity';
import { Project } from '../projects/project.entity';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Aggregate } from './rules/aggregation';
import type { Criteria, ProcurementCategory } from './rules/criteria';
import type { Deviation, Scoresheet as SheetContent } from './rules/scoresheets';
import type { ChangeReason } from './rules/aggregation';

export enum EvaluationStatus {
  COMMITTEE = 'COMMITTEE',
  SCORING = 'SCORING',
  REPORT = 'REPORT',
  PUBLICITY = 'PUBLICITY',
  AWARDED = 'AWARDED',
  FAILED = 'FAILED',
}
registerEnumType(EvaluationStatus, { name: 'EvaluationStatus', description: '组建评委会 → 独立评分 → 评标报告签署 → 中标候选人公示 → 中标通知' });

export enum MemberKind {
  EXPERT = 'EXPERT',
  TENDEREE_REP = 'TENDEREE_REP',
}
registerEnumType(MemberKind, { name: 'CommitteeMemberKind' });

export enum SheetStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  /** a deviating score lacks a written justification: back to its author (who still sees no other sheet) */
  RETURNED = 'RETURNED',
  /** its author was replaced (rule 13): kept as history, counted nowhere */
  VOID = 'VOID',
}
registerEnumType(SheetStatus, { name: 'ScoresheetStatus' });

@Entity({ tableName: 'evaluation' })
export class Evaluation {
  @OneToOne(() => Project, { ref: true, owner: true, primary: true, fieldName: 'project_id' })
  project!: Ref<Project>;

  @Enum({ items: () => EvaluationStatus, type: 'text' })
  status!: EvaluationStatus;

  @Property({ type: 'json' })
  criteria!: Criteria;

  @Property({ type: 'text' })
  category!: ProcurementCategory;

  @Property({ type: 'uuid' })
  startedByUserId!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  startedAt!: Date;

  @Property({ type: 'uuid', nullable: true })
  leaderMemberId?: string | null;

  @Property({ type: 'json', nullable: true })
  aggregate?: Aggregate | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  aggregatedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  reportJson?: string | null;

  @Property({ type: 'text', nullable: true })
  reportSha256?: string | null;

  @Property({ type: new BigIntType('number'), nullable: true })
  reportLedgerIndex?: number | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  reportCompletedAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  publicityStartsAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  publicityEndsAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  awardJson?: string | null;

  @Property({ type: 'blob', nullable: true, lazy: true })
  awardEnvelope?: Buffer | null;

  @Property({ type: new BigIntType('number'), nullable: true })
  awardLedgerIndex?: number | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  awardedAt?: Date | null;

  /** rule 12: set when more than a third of the members said the time is insufficient */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  periodEndsAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  periodExtendedAt?: Date | null;
}

@Entity({ tableName: 'committee_member' })
export class CommitteeMember {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Evaluation, { ref: true, fieldName: 'project_id' })
  evaluation!: Ref<Evaluation>;

  @ManyToOne(() => User, { ref: true })
  user!: Ref<User>;

  @ManyToOne(() => Expert, { ref: true, nullable: true })
  expert?: Ref<Expert> | null;

  @Enum({ items: () => MemberKind, type: 'text' })
  kind!: MemberKind;

  /** 1-based; experts anonymised as 专家 A, B, … by seat in what bidders see */
  @Property({ type: 'integer' })
  seat!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  conflictConfirmedAt?: Date | null;

  @Property({ type: 'uuid', nullable: true })
  leaderVoteFor?: string | null;

  @Property({ type: 'text', nullable: true })
  reportAct?: 'SIGN' | 'DISSENT' | 'REFUSE' | null;

  @Property({ type: 'text', nullable: true })
  reportReason?: string | null;

  @Property({ type: 'text', nullable: true })
  reportSignature?: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  reportActedAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  timeInsufficientAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  timeInsufficientReason?: string | null;

  /** rule 13: a replaced member stays as history; every act and read looks at active members only */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  replacedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  replacedReason?: string | null;

  @Property({ type: 'uuid', nullable: true })
  replacedByUserId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  replacedByMemberId?: string | null;

  @Property({ type: new BigIntType('number'), nullable: true })
  replacementLedgerIndex?: number | null;
}

/** The members who sit on the committee now (a replaced member keeps its row, not its seat). */
export const ACTIVE = { replacedAt: null } as const;

/** The members replaced so far (rule 13), in the order it happened. */
export function replacedMembers(em: EntityManager, evaluation: Evaluation): Promise<CommitteeMember[]> {
  return em.find(CommitteeMember, { evaluation, replacedAt: { $ne: null } }, { orderBy: { replacedAt: 'asc' }, populate: ['user'] });
}

@Entity({ tableName: 'scoresheet' })
export class ScoresheetRow {
  @OneToOne(() => CommitteeMember, { ref: true, owner: true, primary: true, fieldName: 'member_id' })
  member!: Ref<CommitteeMember>;

  @Enum({ items: () => SheetStatus, type: 'text' })
  status!: SheetStatus;

  @Property({ type: 'json' })
  content!: SheetContent;

  @Property({ type: 'text', nullable: true })
  contentSha256?: string | null;

  @Property({ type: 'text', nullable: true })
  signature?: string | null;

  @Property({ type: 'text', nullable: true })
  certificateSha256?: string | null;

  @Property({ type: 'json' })
  returnedFor: Deviation[] & Opt = [];

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  savedAt?: Date & Opt;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  submittedAt?: Date | null;
}

/** A change to a summed result, allowed only for the four reasons of rule 19; each one is a ledger entry. */
@Entity({ tableName: 'evaluation_change' })
export class EvaluationChange {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Evaluation, { ref: true, fieldName: 'project_id' })
  evaluation!: Ref<Evaluation>;

  @Property({ type: 'text' })
  reason!: ChangeReason;

  @ManyToOne(() => CommitteeMember, { ref: true })
  member!: Ref<CommitteeMember>;

  @ManyToOne(() => Bid, { ref: true })
  bid!: Ref<Bid>;

  @Property({ type: 'text' })
  itemKey!: string;

  @Property({ type: 'text' })
  fromScore!: string;

  @Property({ type: 'text' })
  toScore!: string;

  @Property({ type: 'text' })
  note!: string;

  @Property({ type: 'uuid' })
  byUserId!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  changedAt?: Date & Opt;

  @Property({ type: new BigIntType('number') })
  ledgerIndex!: number;
}

@Entity({ tableName: 'publicity_objection' })
export class PublicityObjection {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Evaluation, { ref: true, fieldName: 'project_id' })
  evaluation!: Ref<Evaluation>;

  @ManyToOne(() => Organisation, { ref: true })
  organisation!: Ref<Organisation>;

  @Property({ type: 'uuid' })
  raisedByUserId!: string;

  @Property({ type: 'text' })
  text!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  raisedAt?: Date & Opt;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  answerDueAt!: Date;

  @Property({ type: 'text', nullable: true })
  answer?: string | null;

  @Property({ type: 'uuid', nullable: true })
  answeredByUserId?: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  answeredAt?: Date | null;
}
