import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Opt, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Organisation } from '../identity/organisation.entity';

export enum ProjectKind {
  GOVERNMENT_PROCUREMENT = 'GOVERNMENT_PROCUREMENT',
  CONSTRUCTION = 'CONSTRUCTION',
  LAND_TRANSFER = 'LAND_TRANSFER',
}
registerEnumType(ProjectKind, { name: 'ProjectKind', description: '政府采购 / 建设工程 / 土地使用权出让' });

/** A project (lifecycle, lots and schedules arrive with the projects module). */
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

  @Field(() => ProjectKind)
  @Enum({ items: () => ProjectKind, type: 'text' })
  kind!: ProjectKind;

  @Field(() => String)
  @Property({ type: 'text' })
  status: string & Opt = 'DRAFT';

  @ManyToOne(() => Organisation, { ref: true })
  tenderee!: Ref<Organisation>;

  @ManyToOne(() => Organisation, { ref: true, nullable: true })
  agent?: Ref<Organisation> | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  publishedAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  createdAt?: Date;
}
