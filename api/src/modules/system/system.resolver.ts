import { Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Public } from '../../graphql/access';
import type { Context } from '../../graphql/context';
import { serverTimeTicks } from './server-time';

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
    subscribe: ({ context }) => serverTimeTicks((context as Context).services),
  })
  serverTimeTicks(@Root() at: Date): Date {
    return at;
  }
}
