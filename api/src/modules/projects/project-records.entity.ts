/** Append-mostly records that hang off a project: transitions, announcements, registrations, notifications. */
import { randomUUID } from 'node:crypto';
import { ArrayType, Entity, Enum, ManyToOne, PrimaryKey, Property, type Opt, type Ref } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Organisation } from '../identity/organisation.entity';
import { Project } from './project.entity';

/** One change of a project's state, by an act or by the clock (effective at the scheduled instant). */
@ObjectType()
@Entity({ tableName: 'project_transition' })
export class ProjectTransition {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Project, { ref: true })
  project!: Ref<Project>;

  @Field(() => String)
  @Property({ type: 'text' })
  fromStatus!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  toStatus!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  event!: string;

  @Field(() => Date, { description: 'when it took effect (for clock events: the scheduled instant)' })
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  effectiveAt!: Date;

  @Field(() => Date, { description: 'when the platform recorded it' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  recordedAt?: Date & Opt;

  @Property({ type: 'uuid', nullable: true })
  actorUserId?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @Field(() => String, { nullable: true, description: 'stable code of the reason (as Project.statusReasonCode)' })
  @Property({ type: 'text', nullable: true })
  reasonCode?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  @Property({ type: 'json', nullable: true })
  reasonParams?: Record<string, unknown> | null;
}

export enum AnnouncementKind {
  TENDER = 'TENDER',
  AMENDMENT = 'AMENDMENT',
  CANCELLATION = 'CANCELLATION',
  FAILURE = 'FAILURE',
  CANDIDATES = 'CANDIDATES',
  AWARD = 'AWARD',
}
registerEnumType(AnnouncementKind, { name: 'AnnouncementKind', description: '招标（出让）公告 / 更正公告 / 终止公告 / 流标公告 / 中标候选人公示 / 中标结果公告' });

@ObjectType()
@Entity({ tableName: 'announcement' })
export class Announcement {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Project, { ref: true })
  project!: Ref<Project>;

  @Field(() => AnnouncementKind)
  @Enum({ items: () => AnnouncementKind, type: 'text' })
  kind!: AnnouncementKind;

  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  body!: string;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  publishedAt?: Date & Opt;
}

/** A bidder's registration for a project (报名), for some of its lots. */
@ObjectType()
@Entity({ tableName: 'registration' })
export class Registration {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Project, { ref: true })
  project!: Ref<Project>;

  @ManyToOne(() => Organisation, { ref: true })
  organisation!: Ref<Organisation>;

  @Property({ type: 'uuid' })
  userId!: string;

  @Field(() => [Int])
  @Property({ type: new ArrayType((i) => Number(i)), columnType: 'int[]' })
  lotNumbers!: number[];

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  registeredAt?: Date & Opt;
}

/** A message to an organisation's users (amendments, answers, cancellations). */
@ObjectType()
@Entity({ tableName: 'notification' })
export class Notification {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Organisation, { ref: true })
  organisation!: Ref<Organisation>;

  @ManyToOne(() => Project, { ref: true, nullable: true })
  project?: Ref<Project> | null;

  @Field(() => String)
  @Property({ type: 'text' })
  kind!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  message!: string;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  createdAt?: Date & Opt;
}
