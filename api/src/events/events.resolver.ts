import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Field, Int, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { Allow } from '../graphql/access';
import type { Context } from '../graphql/context';
import { BadInputError } from '../graphql/errors';
import { Role } from '../modules/identity/roles';
import type { StoredEvent } from './event-log';

@ObjectType('Event', { description: 'A durable domain event (stored before it is published).' })
export class EventType {
  @Field(() => Int, { description: 'global order of appends' })
  seq!: number;

  @Field(() => String, { description: 'e.g. `project:<id>` or `lights`' })
  stream!: string;

  @Field(() => Int, { description: '1, 2, 3, … within the stream, without holes; resume with afterSeq' })
  streamSeq!: number;

  @Field(() => String)
  type!: string;

  @Field(() => GraphQLJSONObject)
  payload!: Record<string, unknown>;

  @Field(() => Date)
  createdAt!: Date;
}

@Resolver()
export class EventsResolver {
  @Allow(Role.SUPERVISOR, Role.ADMIN)
  @Subscription(() => EventType, {
    description: 'The events of one stream after `afterSeq` (a stream position) from the log, then live — no gap, no duplicate.',
    // @Allow is enforced before subscribe runs (type-graphql wraps it with the auth checker)
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      const { stream, afterSeq } = args as { stream: string; afterSeq?: number | null };
      if (!stream || stream.length > 200) throw new BadInputError('stream must be 1 to 200 characters.', 'stream');
      if (afterSeq != null && afterSeq < 0) throw new BadInputError('afterSeq must not be negative.', 'afterSeq');
      return ctx.services.events.subscribe(stream, afterSeq ?? 0);
    },
  })
  events(
    @Arg('stream', () => String) _stream: string,
    @Arg('afterSeq', () => Int, { defaultValue: 0 }) _afterSeq: number,
    @Root() event: StoredEvent,
  ): EventType {
    return event;
  }
}
