import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Field, FieldResolver, ID, Info, InputType, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Allow } from '../../graphql/access';
import type { Context } from '../../graphql/context';
import { optionalUuid } from '../../graphql/ids';
import { Connection, ConnectionArgs } from '../../graphql/relay';
import { Organisation } from '../identity/organisation.entity';
import { Role } from '../identity/roles';
import { Project } from '../projects/project.entity';
import { mapEvents } from '../../events/streams';
import { DEADLINE_LIGHT_CHANGED, LIGHTS_STREAM, type DeadlineLightChangedPayload } from './deadline-lights.service';
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
  @Subscription(() => DeadlineTimer, {
    description: 'A time limit whose light changed colour.',
    subscribe: ({ context }) => {
      const ctx = context as Context; // @Allow is enforced before subscribe runs
      // live from now, from whichever process made the change; the timer is read back by id
      return mapEvents(ctx.services.events.subscribe(LIGHTS_STREAM), async (event) => {
        if (event.type !== DEADLINE_LIGHT_CHANGED) return null;
        const { timerId, light } = event.payload as unknown as DeadlineLightChangedPayload;
        const timer = await ctx.services.orm.em.fork().findOne(DeadlineTimer, { id: timerId });
        if (!timer) return null;
        timer.lastLight = light; // the light it changed to, even if it has changed again since
        return timer;
      });
    },
  })
  deadlineLightChanged(@Root() timer: DeadlineTimer): DeadlineTimer {
    return timer;
  }

  @FieldResolver(() => DeadlineLight, { description: 'the light now (platform time); in a change event, the light it changed to' })
  async light(@Root() timer: DeadlineTimer, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<DeadlineLight> {
    if (info.operation.operation === 'subscription') return timer.lastLight;
    return ctx.services.lights.lightOf(timer, await ctx.now());
  }

  // Loaded through the request's own EntityManager: a change event's timer comes from the scheduler's.
  @FieldResolver(() => Project)
  project(@Root() timer: DeadlineTimer, @Ctx() ctx: Context): Promise<Project> {
    return ctx.em.getReference(Project, timer.project.id, { wrapped: true }).loadOrFail({ dataloader: true });
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'who answers for meeting the limit' })
  responsible(@Root() timer: DeadlineTimer, @Ctx() ctx: Context): Promise<Organisation | null> {
    return timer.responsible ? ctx.em.getReference(Organisation, timer.responsible.id, { wrapped: true }).loadOrFail({ dataloader: true }) : Promise.resolve(null);
  }
}
