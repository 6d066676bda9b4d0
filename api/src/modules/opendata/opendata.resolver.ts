import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Public } from '../../graphql/access';
import type { Context } from '../../graphql/context';
import { requireUuid } from '../../graphql/ids';

@Resolver()
export class OpendataResolver {
  @Public()
  @Query(() => GraphQLJSONObject, { nullable: true, description: 'OCDS 1.1 release package of a published project (bids extension); null for unknown projects and drafts.' })
  ocdsReleasePackage(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: Context): Promise<Record<string, unknown> | null> {
    return ctx.services.opendata.releasePackage(ctx.em, requireUuid(projectId, 'projectId'));
  }

  @Public()
  @Query(() => GraphQLJSONObject, { nullable: true, description: 'OCDS 1.1 record package (embedded releases and the compiled release) of a published project.' })
  ocdsRecordPackage(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: Context): Promise<Record<string, unknown> | null> {
    return ctx.services.opendata.recordPackage(ctx.em, requireUuid(projectId, 'projectId'));
  }
}
