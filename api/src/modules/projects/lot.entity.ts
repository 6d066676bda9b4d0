import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { Project } from './project.entity';

/** 标段 / 包: an independently awarded part of a project. */
@ObjectType()
@Entity({ tableName: 'lot' })
export class Lot {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne('Project', { ref: true })
  project!: Ref<Project>;

  @Field(() => Int)
  @Property({ type: 'integer' })
  number!: number;

  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'decimal', columnType: 'numeric(18,2)', nullable: true })
  budget?: string | null;
}
