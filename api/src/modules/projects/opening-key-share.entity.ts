import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../identity/user.entity';
import { Project } from './project.entity';

/** One custodian's share of a project's opening key, wrapped to the custodian's encryption certificate. */
@ObjectType()
@Entity({ tableName: 'opening_key_share' })
export class OpeningKeyShare {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Project, { ref: true })
  project!: Ref<Project>;

  @ManyToOne(() => User, { ref: true, fieldName: 'custodian_user_id' })
  custodian!: Ref<User>;

  @Field(() => String)
  @Property({ type: 'text' })
  custodianCertificateSha256!: string;

  /** CMS AuthEnvelopedData (DER) only the custodian can open. */
  @Property({ type: 'blob' })
  wrappedShare!: Buffer;

  @Field(() => String, { description: 'SHA-256("tenderhall/share/v1" ‖ share), published' })
  @Property({ type: 'text' })
  shareSha256!: string;
}
