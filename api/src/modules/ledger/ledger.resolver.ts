import { Arg, Args, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { Public } from '../../graphql/access';
import type { Context } from '../../graphql/context';
import { BadInputError } from '../../graphql/errors';
import { optionalUuid } from '../../graphql/ids';
import { Connection, ConnectionArgs, paginate } from '../../graphql/relay';
import { LedgerEntry } from './ledger.entity';

@ObjectType({ description: 'A signed tree head of the transparency ledger' })
export class LedgerCheckpoint {
  @Field(() => Int)
  size!: number;

  @Field(() => String, { description: 'hex SHA-256 root (RFC 9162)' })
  rootHash!: string;

  @Field(() => String, { description: 'the C2SP checkpoint note, Ed25519-signed' })
  note!: string;

  @Field(() => String, { description: 'the verifier key to check notes and receipts with (`verify --key`)' })
  verifierKey!: string;
}

@ObjectType({ description: 'The shape `verify inclusion PROOF.json` reads' })
export class LedgerInclusionProof {
  @Field(() => Int)
  index!: number;

  @Field(() => Int)
  treeSize!: number;

  @Field(() => String)
  leafHash!: string;

  @Field(() => String)
  rootHash!: string;

  @Field(() => [String])
  path!: string[];
}

@ObjectType({ description: 'The shape `verify consistency PROOF.json` reads' })
export class LedgerConsistencyProof {
  @Field(() => Int)
  oldSize!: number;

  @Field(() => Int)
  newSize!: number;

  @Field(() => String)
  oldRootHash!: string;

  @Field(() => String)
  newRootHash!: string;

  @Field(() => [String])
  path!: string[];
}

@ObjectType()
export class LedgerEntryConnection extends Connection(LedgerEntry) {}

const inRange = <T>(work: () => Promise<T>): Promise<T> =>
  work().catch((error: unknown) => {
    if (error instanceof RangeError) throw new BadInputError(error.message);
    throw error;
  });

@Resolver()
export class LedgerResolver {
  @Public()
  @Query(() => LedgerCheckpoint, { description: 'The latest signed checkpoint of the transparency ledger.' })
  async ledgerCheckpoint(@Ctx() ctx: Context): Promise<LedgerCheckpoint> {
    const ledger = ctx.services.ledger;
    return { ...(await ledger.checkpoint(ctx.em)), verifierKey: await ledger.verifierKey(ctx.em) };
  }

  @Public()
  @Query(() => LedgerEntryConnection, { description: 'Ledger entries in log order (hashes and facts only, never bid contents).' })
  async ledgerEntries(@Args(() => ConnectionArgs) page: ConnectionArgs, @Arg('projectId', () => ID, { nullable: true }) projectId: string | undefined, @Ctx() ctx: Context): Promise<LedgerEntryConnection> {
    const project = optionalUuid(projectId, 'projectId');
    return paginate(ctx.em, LedgerEntry, project ? { project } : {}, { orderBy: { index: 'asc' } }, page);
  }

  @Public()
  @Query(() => LedgerInclusionProof, { description: 'Proof that entry `index` is in the tree of size `treeSize`.' })
  ledgerInclusionProof(@Arg('index', () => Int) index: number, @Arg('treeSize', () => Int) treeSize: number, @Ctx() ctx: Context): Promise<LedgerInclusionProof> {
    return inRange(async () => ({ index, treeSize, ...(await ctx.services.ledger.inclusionProof(ctx.em, index, treeSize)) }));
  }

  @Public()
  @Query(() => LedgerConsistencyProof, { description: 'Proof that the tree of size `newSize` extends the tree of size `oldSize` (no entry removed or changed).' })
  ledgerConsistencyProof(@Arg('oldSize', () => Int) oldSize: number, @Arg('newSize', () => Int) newSize: number, @Ctx() ctx: Context): Promise<LedgerConsistencyProof> {
    return inRange(async () => ({ oldSize, newSize, ...(await ctx.services.ledger.consistencyProof(ctx.em, oldSize, newSize)) }));
  }
}
