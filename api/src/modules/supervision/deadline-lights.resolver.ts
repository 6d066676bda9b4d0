import { Arg, Args, Ctx, Field, FieldResolver, ID, InputType, ObjectType, Resolver, Root, Subscription, Query } from 'type-graphql';
import { Allow } from '../../graphql/access';
import type { Context } from '../../graphql/context';
import { optionalUuid } from '../../graphql/ids';
import { Connection, ConnectionArgs } from '../../graphql/relay';
import { Organisation } from '../identity/organisation.entity';
import { Role } from '../identity/roles';
import { Project } from '../projects/project.entity';
import { DEADLINE_LIGHT_TOPIC } from './deadline-lights.service';
import { DeadlineLight, DeadlineTimer } from './deadline-timer.entity';

@InputType()
export class DeadlineLightFilter {
  @Field(() => DeadlineLight, { nullable: true })
  light?: DeadlineLight | null;

  @Field(() => ID, { nullable: true })
  projectId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'only limits not yet met' })
  open?: boolean | null;
}

@ObjectType()
export class DeadlineTimerConnection extends Connection(DeadlineTimer) {}

@Resolver(() => DeadlineTimer)
export class DeadlineLightsResolver {
  @Allow(Role.SUPERVISOR, Role.ADMIN)
  @Query(() => DeadlineTimerConnection, { description: '电子监察: every tracked time limit across all projects, soonest due first.' })
  deadlineLights(@Args(() => ConnectionArgs) page: ConnectionArgs, @Arg('filter', () => DeadlineLightFilter, { nullable: true }) filter: DeadlineLightFilter | undefined, @Ctx() ctx: Context): Promise<DeadlineTimerConnection> {
    return ctx.services.lights.list(ctx.em, { ...filter, projectId: optionalUuid(filter?.projectId, 'projectId') }, page);
  }

  @Allow(Role.SUPERVISOR, Role.ADMIN)
  @Subscription(() => DeadlineTimer, { topics: DEADLINE_LIGHT_TOPIC, description: 'A time limit whose light changed colour.' })
  deadlineLightChanged(@Root() timer: DeadlineTimer): DeadlineTimer {
    return timer;
  }

  @FieldResolver(() => DeadlineLight, { description: 'the light now (platform time)' })
  async light(@Root() timer: DeadlineTimer, @Ctx() ctx: Context): Promise<DeadlineLight> {
    return ctx.services.lights.lightOf(timer, await ctx.now());
  }

  @FieldResolver(() => Project)
  project(@Root() timer: DeadlineTimer): Promise<Project> {
    return timer.project.load({ dataloader: true }) as Promise<Project>;
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'who answers for meeting the limit' })
  responsible(@Root() timer: DeadlineTimer): Promise<Organisation | null> {
    return timer.responsible ? (timer.responsible.load({ dataloader: true }) as Promise<Organisation>) : Promise.resolve(null);
  }
}
