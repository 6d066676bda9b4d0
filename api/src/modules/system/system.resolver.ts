import { Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Public } from '../../graphql/access';
import type { Context } from '../../graphql/context';

/** Server time: countdowns in the web app follow it, never the browser's clock. */
@Resolver()
export class SystemResolver {
  @Public()
  @Query(() => Date, { description: 'Platform time (database time).' })
  serverTime(@Ctx() ctx: Context): Promise<Date> {
    return ctx.now();
  }

  @Public()
  @Subscription(() => Date, {
    description: 'Platform time, once a second.',
    subscribe: ({ context }) => ticks(context as Context),
  })
  serverTimeTicks(@Root() at: Date): Date {
    return at;
  }
}

async function* ticks(ctx: Context): AsyncGenerator<Date> {
  for (;;) {
    yield await ctx.services.clock.now(ctx.em.fork());
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
