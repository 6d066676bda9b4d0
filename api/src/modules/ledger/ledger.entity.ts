import { BigIntType, Entity, ManyToOne, PrimaryKey, Property, type Opt, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Project } from '../projects/project.entity';

/** One entry of the transparency log: canonical JSON whose RFC 9162 leaf hash is in the Merkle tree. */
@ObjectType()
@Entity({ tableName: 'ledger_entry' })
export class LedgerEntry {
  @Field(() => Int, { description: '0-based position in the log' })
  @PrimaryKey({ type: new BigIntType('number'), fieldName: 'idx', autoincrement: false })
  index!: number;

  @Field(() => String)
  @Property({ type: 'text' })
  kind!: string;

  @ManyToOne(() => Project, { ref: true, nullable: true })
  project?: Ref<Project> | null;

  @Field(() => String, { description: 'the canonical JSON (RFC 8785) that was hashed' })
  @Property({ type: 'text' })
  data!: string;

  @Property({ type: 'blob' })
  leafHash!: Buffer;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  appendedAt?: Date & Opt;
}

/** The current tree head; its row lock serialises appends. */
@Entity({ tableName: 'ledger_head' })
export class LedgerHead {
  @PrimaryKey({ type: 'smallint' })
  id: number = 1;

  @Property({ type: new BigIntType('number') })
  size!: number;

  @Property({ type: 'json' })
  frontier!: { size: number; subtreeRootsHex: string[] };

  @Property({ type: 'blob' })
  rootHash!: Buffer;
}

/** A signed checkpoint (C2SP tlog-checkpoint, Ed25519). */
@Entity({ tableName: 'ledger_checkpoint' })
export class LedgerCheckpointRecord {
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: false })
  size!: number;

  @Property({ type: 'blob' })
  rootHash!: Buffer;

  @Property({ type: 'text' })
  note!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  signedAt?: Date & Opt;
}
