import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, PrimaryKey, Property, type Opt, type Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Organisation } from '../identity/organisation.entity';
import { Project } from './project.entity';

/** A tender document (招标文件) as published: its SHA-256 is what bidders and auditors compare. */
@ObjectType()
@Entity({ tableName: 'project_document' })
export class ProjectDocument {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Project, { ref: true })
  project!: Ref<Project>;

  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  mediaType!: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  size!: number;

  @Field(() => String)
  @Property({ type: 'text' })
  sha256!: string;

  @Property({ type: 'blob', lazy: true })
  content!: Buffer;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  uploadedAt?: Date & Opt;

  @Field(() => Date, { nullable: true, description: 'replaced by an amendment' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  supersededAt?: Date | null;
}

/** Who downloaded which document, when and from where (an integrity signal for supervisors). */
@ObjectType()
@Entity({ tableName: 'document_download' })
export class DocumentDownload {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => ProjectDocument, { ref: true })
  document!: Ref<ProjectDocument>;

  @Property({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => Organisation, { ref: true })
  organisation!: Ref<Organisation>;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  at?: Date & Opt;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  clientIp?: string | null;
}
