import { Field, InputType, ObjectType } from 'type-graphql';
import { Connection } from '../../graphql/relay';
import { AuditOutcome, AuditRecord } from './audit-record.entity';

@InputType()
export class AuditFilter {
  @Field(() => String, { nullable: true, description: 'mutation name, e.g. login' })
  operation?: string;

  @Field(() => String, { nullable: true, description: 'username of the actor' })
  actor?: string;

  @Field(() => AuditOutcome, { nullable: true })
  outcome?: AuditOutcome;

  @Field(() => Date, { nullable: true })
  from?: Date;

  @Field(() => Date, { nullable: true })
  to?: Date;
}

@ObjectType()
export class AuditRecordConnection extends Connection(AuditRecord) {}
