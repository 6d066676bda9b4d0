/** One event of a domain stream as a subscriber receives it (opening, listing, evaluation): resume with afterSeq = seq. */
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import type { StoredEvent } from './event-log';

@ObjectType({ description: 'An event of a domain stream (what the viewer may learn of it), replayed then live' })
export class StreamEvent {
  @Field(() => Int, { description: 'position in its stream (`opening:<id>`, `listing:<id>`, `evaluation:<id>`): resume with afterSeq' })
  seq!: number;

  @Field(() => String)
  type!: string;

  @Field(() => GraphQLJSONObject)
  payload!: Record<string, unknown>;

  @Field(() => Date)
  createdAt!: Date;
}

export function toStreamEvent(event: StoredEvent): StreamEvent {
  return { seq: event.streamSeq, type: event.type, payload: event.payload, createdAt: event.createdAt };
}
