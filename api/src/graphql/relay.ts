/** Relay connections: `first/after`, `totalCount`, at most 100 per page. */
import type { EntityManager, EntityName, FilterQuery, FindOptions } from '@mikro-orm/postgresql';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { BadInputError } from './errors';

export const MAX_PAGE = 100;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'page size, 1–100' })
  first?: number;

  @Field(() => String, { nullable: true, description: 'cursor of the last edge already seen' })
  after?: string | null;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Define `XConnection` and `XEdge` object types for a node type. */
export function Connection<T extends object>(node: ClassType<T>) {
  const name = node.name;
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int)
    totalCount!: number;
  }
  return ConnectionType as ClassType<Page<T>>;
}

/** Offset of the first row to return, and the page size, from validated args. */
export function pageWindow(args: ConnectionArgs): { offset: number; limit: number } {
  const limit = args.first ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new BadInputError(`first must be between 1 and ${MAX_PAGE}.`, 'first');
  return { offset: args.after ? decodeCursor(args.after) + 1 : 0, limit };
}

export function toPage<T>(rows: T[], totalCount: number, offset: number): Page<T> {
  const edges = rows.map((node, i) => ({ cursor: encodeCursor(offset + i), node }));
  return {
    edges,
    totalCount,
    pageInfo: { hasNextPage: offset + rows.length < totalCount, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

/** One page of `entity` rows matching `where` in a stable order, with the total count. */
export async function paginate<T extends object>(em: EntityManager, entity: EntityName<T>, where: FilterQuery<T>, options: Pick<FindOptions<T>, 'orderBy'>, args: ConnectionArgs): Promise<Page<T>> {
  const { offset, limit } = pageWindow(args);
  const [rows, total] = await em.findAndCount(entity, where, { orderBy: options.orderBy, limit, offset });
  return toPage<T>(rows, total, offset);
}

function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new BadInputError('after is not a cursor from this list.', 'after');
  return Number(match[1]);
}
