import { randomUUID } from 'node:crypto';
import { ArrayType, Entity, Enum, ManyToOne, PrimaryKey, Property, type Opt, type Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../identity/user.entity';

export enum ExpertStatus {
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  BLACKLISTED = 'BLACKLISTED',
}
registerEnumType(ExpertStatus, { name: 'ExpertStatus' });

export interface DeclaredRelation {
  kind: 'RELATIVE' | 'SHAREHOLDING' | 'FORMER_EMPLOYER' | 'OTHER';
  organisationName: string;
  uscc: string | null;
  note: string;
}

/** A member of the expert pool (评标专家库). `code` is the pseudonym the draw publishes; names stay sealed. */
@ObjectType()
@Entity({ tableName: 'expert' })
export class Expert {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => String)
  @Property({ type: 'text', unique: true })
  code!: string;

  @Property({ type: 'text' })
  name!: string;

  @ManyToOne(() => User, { ref: true, nullable: true })
  user?: Ref<User> | null;

  @Property({ type: 'text', columnType: 'char(18)', nullable: true })
  employerUscc?: string | null;

  @Property({ type: 'text' })
  employerName: string & Opt = '';

  @Field(() => String)
  @Property({ type: 'text' })
  region!: string;

  @Property({ type: 'text' })
  title: string & Opt = '';

  @Field(() => Int)
  @Property({ type: 'integer' })
  years: number & Opt = 0;

  @Field(() => [String])
  @Property({ type: ArrayType, columnType: 'text[]' })
  specialties!: string[];

  @Field(() => ExpertStatus)
  @Enum({ items: () => ExpertStatus, type: 'text' })
  status!: ExpertStatus;

  @Property({ type: 'json' })
  relations: DeclaredRelation[] & Opt = [];

  @Property({ type: 'json' })
  unavailable: { from: string; until: string; reason: string }[] & Opt = [];
}
