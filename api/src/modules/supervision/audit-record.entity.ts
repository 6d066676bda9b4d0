import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum AuditOutcome {
  SUCCESS = 'SUCCESS',
  /** An expected domain failure, returned as a typed error in the payload. */
  FAILED = 'FAILED',
  /** Refused by authorisation. */
  DENIED = 'DENIED',
  /** Invalid input or an unexpected error. */
  ERROR = 'ERROR',
}
registerEnumType(AuditOutcome, { name: 'AuditOutcome' });

/** One act on the platform. Append-only: a trigger rejects UPDATE, DELETE and TRUNCATE. */
@ObjectType()
@Entity({ tableName: 'audit_record' })
export class AuditRecord {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint' })
  id!: string;

  @Field(() => Date, { description: 'database time' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  at?: Date;

  @Property({ type: 'uuid', nullable: true })
  actorUserId?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  actorUsername?: string | null;

  @Property({ type: 'uuid', nullable: true })
  organisationId?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  organisationName?: string | null;

  @Field(() => String)
  @Property({ type: 'text' })
  operation!: string;

  @Field(() => String, { description: 'SHA-256 of the canonical JSON of the arguments, secrets redacted' })
  @Property({ type: 'text' })
  argumentsDigest!: string;

  @Field(() => AuditOutcome)
  @Enum({ items: () => AuditOutcome, type: 'text' })
  outcome!: AuditOutcome;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  errorCode?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  clientIp?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  correlationId?: string | null;
}
