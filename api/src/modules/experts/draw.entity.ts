import { randomUUID } from 'node:crypto';
import { ArrayType, Entity, Enum, ManyToOne, PrimaryKey, Property, type Opt, type Ref } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { Project } from '../projects/project.entity';
import { Expert } from './expert.entity';

export enum DrawStatus {
  COMMITTING = 'COMMITTING',
  SNAPSHOT = 'SNAPSHOT',
  DRAWN = 'DRAWN',
}
registerEnumType(DrawStatus, { name: 'DrawStatus' });

export enum SeatStatus {
  INVITED = 'INVITED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  TIMED_OUT = 'TIMED_OUT',
  RESERVE = 'RESERVE',
}
registerEnumType(SeatStatus, { name: 'SeatStatus' });

export interface SpecialtyRequest {
  specialty: string;
  count: number;
  reserves: number;
}

/** Per specialty: the filtered, sorted pool (expert codes), its hash, and why others were left out. */
export interface SpecialtySnapshot {
  specialty: string;
  drawProjectId: string;
  pool: string[];
  poolHash: string;
  excluded: { code: string; rule: string }[];
}

export interface SpecialtyResult {
  specialty: string;
  seed: string;
  draw: string[];
  reserves: string[];
}

/** One verifiable expert draw per project (DESIGN §7). */
@Entity({ tableName: 'expert_draw' })
export class ExpertDraw {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Project, { ref: true })
  project!: Ref<Project>;

  @Property({ type: 'uuid' })
  operatorUserId!: string;

  @Enum({ items: () => DrawStatus, type: 'text' })
  status!: DrawStatus;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  evaluationAt!: Date;

  @Property({ type: 'json' })
  requests!: SpecialtyRequest[];

  @Property({ type: ArrayType, columnType: 'text[]', nullable: true })
  regions?: string[] | null;

  @Property({ type: 'json' })
  exclusions: { code: string; reason: string; byUserId: string }[] & Opt = [];

  @Property({ type: 'json', nullable: true })
  snapshot?: SpecialtySnapshot[] | null;

  @Property({ type: 'integer' })
  beaconRound: number & Opt = 0;

  @Property({ type: 'text' })
  beaconRandomnessHex: string & Opt = '';

  @Property({ type: 'json', nullable: true })
  result?: SpecialtyResult[] | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  createdAt?: Date & Opt;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  snapshotAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  drawnAt?: Date | null;
}

export enum RoundStatus {
  SNAPSHOT = 'SNAPSHOT',
  DRAWN = 'DRAWN',
}
registerEnumType(RoundStatus, { name: 'SupplementaryRoundStatus' });

/**
 * A supplementary round (补充抽取), numbered from 1: when the reserves of a specialty run out, its unfilled
 * seats are drawn from a new logged snapshot (avoidance again, everyone drawn before left out), with a
 * supervisor's public beacon entered after the snapshot as the fresh randomness.
 */
@Entity({ tableName: 'expert_draw_round' })
export class DrawRound {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => ExpertDraw, { ref: true })
  draw!: Ref<ExpertDraw>;

  @Property({ type: 'integer' })
  number!: number;

  @Property({ type: 'uuid' })
  operatorUserId!: string;

  @Enum({ items: () => RoundStatus, type: 'text' })
  status!: RoundStatus;

  @Property({ type: 'json' })
  requests!: SpecialtyRequest[];

  @Property({ type: 'json' })
  snapshot!: SpecialtySnapshot[];

  @Property({ type: 'integer' })
  beaconRound: number & Opt = 0;

  @Property({ type: 'text' })
  beaconRandomnessHex: string & Opt = '';

  @Property({ type: 'json', nullable: true })
  result?: SpecialtyResult[] | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  createdAt?: Date & Opt;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  drawnAt?: Date | null;
}

/** A party's commitment (before the snapshot) and its reveal (after). */
@Entity({ tableName: 'draw_commitment' })
export class DrawCommitment {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => ExpertDraw, { ref: true })
  draw!: Ref<ExpertDraw>;

  @Property({ type: 'uuid' })
  partyUserId!: string;

  @Property({ type: 'text' })
  commitmentHex!: string;

  @Property({ type: 'text', nullable: true })
  secretHex?: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  committedAt?: Date & Opt;
}

/** A position of the shuffle: the first `count` are invited, the rest are ordered reserves. */
@Entity({ tableName: 'draw_seat' })
export class DrawSeat {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => ExpertDraw, { ref: true })
  draw!: Ref<ExpertDraw>;

  @Property({ type: 'text' })
  specialty!: string;

  /** 0: the first draw; n ≥ 1: supplementary round n */
  @Property({ type: 'integer' })
  round: number & Opt = 0;

  @Property({ type: 'integer' })
  position!: number;

  @ManyToOne(() => Expert, { ref: true })
  expert!: Ref<Expert>;

  @Enum({ items: () => SeatStatus, type: 'text' })
  status!: SeatStatus;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  invitedAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  respondBy?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  respondedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  declineReason?: string | null;
}
