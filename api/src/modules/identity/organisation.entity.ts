import { randomUUID } from 'node:crypto';
import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { OrganisationKind } from './roles';

@ObjectType({ description: 'An organisation: bidder company, tenderee, agent, the trading centre or a supervisory authority' })
@Entity({ tableName: 'organisation' })
export class Organisation {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @Field(() => OrganisationKind)
  @Enum({ items: () => OrganisationKind, type: 'text' })
  kind!: OrganisationKind;

  @Field(() => String, { nullable: true, description: '统一社会信用代码 (unified social credit code, GB 32100-2015)' })
  @Property({ type: 'text', nullable: true, columnType: 'char(18)' })
  uscc?: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  createdAt?: Date;
}
