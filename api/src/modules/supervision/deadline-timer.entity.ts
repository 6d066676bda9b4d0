import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Opt, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Organisation } from '../identity/organisation.entity';
import { Project } from '../projects/project.entity';

export enum DeadlineLight {
  GREEN = 'GREEN',
  YELLOW = 'YELLOW',
  RED = 'RED',
}
registerEnumType(DeadlineLight, { name: 'DeadlineLight', description: '电子监察: 绿灯 / 黄灯 (≥ 80 % of the time used) / 红灯 (overdue)' });

/** A time limit someone must meet (电子监察): a yellow light before it runs out, a red light after. */
@ObjectType()
@Entity({ tableName: 'deadline_timer' })
export class DeadlineTimer {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Project, { ref: true })
  project!: Ref<Project>;

  @Field(() => String, { description: 'the rule the timer enforces, e.g. BID_DEADLINE, CLARIFICATION_ANSWER' })
  @Property({ type: 'text' })
  rule!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  label!: string;

  @ManyToOne(() => Organisation, { ref: true, nullable: true, fieldName: 'responsible_organisation_id' })
  responsible?: Ref<Organisation> | null;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  startsAt!: Date;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  dueAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  completedAt?: Date | null;

  @Enum({ items: () => DeadlineLight, type: 'text' })
  lastLight: DeadlineLight & Opt = DeadlineLight.GREEN;
}
