import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, PrimaryKey, Property, type Opt, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Organisation } from '../identity/organisation.entity';
import { Project } from './project.entity';

/** A question about the tender documents (答疑) and its answer, published to every registered bidder. The asker is never shown to other bidders. */
@ObjectType()
@Entity({ tableName: 'clarification' })
export class Clarification {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Project, { ref: true })
  project!: Ref<Project>;

  @ManyToOne(() => Organisation, { ref: true, nullable: true, fieldName: 'asked_by_organisation_id' })
  askedBy?: Ref<Organisation> | null;

  @Field(() => String)
  @Property({ type: 'text' })
  question!: string;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  askedAt?: Date & Opt;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  answer?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  answeredAt?: Date | null;

  @Property({ type: 'uuid', nullable: true })
  answeredByUserId?: string | null;
}
