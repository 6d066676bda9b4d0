import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { ObjectType } from 'type-graphql';
import { Public } from '../../graphql/access';
import type { Context } from '../../graphql/context';
import { Connection, ConnectionArgs, pageWindow, toPage } from '../../graphql/relay';
import { Project } from './project.entity';

@ObjectType()
export class ProjectConnection extends Connection(Project) {}

@Resolver(() => Project)
export class ProjectsResolver {
  @Public()
  @Query(() => ProjectConnection, { description: 'Published projects, newest first (公告).' })
  async projects(@Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: Context): Promise<ProjectConnection> {
    const { offset, limit } = pageWindow(page);
    const [rows, total] = await ctx.em.findAndCount(Project, { publishedAt: { $ne: null } }, { orderBy: { publishedAt: 'desc', id: 'asc' }, limit, offset });
    return toPage(rows, total, offset);
  }
}
