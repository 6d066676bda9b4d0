/**
 * The fan-out of shared subscriptions (api/src/graphql/shared-subscriptions): one execution per event
 * object and share key, frames exactly as graphql-ws writes them, never another class's payload, in
 * order, slow watchers queued apart and cut off; and the pulled stream's bound.
 */
import { GraphQLError, GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionResult } from 'graphql';
import { EventStreams, MAX_QUEUED as PULL_MAX_QUEUED, type Pipeable } from '../../../api/src/events/streams';
import type { StoredEvent } from '../../../api/src/events/event-log';
import type { EventListener } from '../../../api/src/events/listener';
import { HIGH_WATER_BYTES, MAX_QUEUED, subscribe, type Transport } from '../../../api/src/graphql/shared-subscriptions';
import { visibleEvent } from '../../../api/src/modules/opening/rules/session';

interface Ev { seq: number; type: string; payload: Record<string, unknown> }

let executions = 0;
const EventType = new GraphQLObjectType<Ev>({
  name: 'Event',
  fields: {
    seq: { type: GraphQLInt },
    type: { type: GraphQLString },
    payload: {
      type: GraphQLString,
      args: { format: { type: GraphQLString } },
      resolve: async (e) => {
        executions++;
        await new Promise((r) => setImmediate(r)); // the shared result is still pending while more events arrive
        if (e.type === 'BROKEN') throw new GraphQLError('broken', { extensions: { code: 'BAD_USER_INPUT' } });
        return JSON.stringify(e.payload);
      },
    },
  },
});
const field = { type: EventType, args: { s: { type: GraphQLString } }, subscribe: (_r: unknown, _a: unknown, ctx: { source: FakeSource }) => ctx.source, resolve: (e: Ev) => e };
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { x: { type: GraphQLInt } } }),
  subscription: new GraphQLObjectType({ name: 'Subscription', fields: { events: field, notShared: field } }),
});

class FakeSource implements Pipeable<Ev>, AsyncIterator<Ev> {
  sink: ((e: Ev) => void) | null = null;
  returned = false;
  pipe(sink: (e: Ev) => void): void {
    this.sink = sink;
  }
  emit(e: Ev): void {
    this.sink!(e);
  }
  next(): Promise<IteratorResult<Ev>> {
    return new Promise(() => undefined);
  }
  async return(): Promise<IteratorResult<Ev>> {
    this.returned = true;
    return { value: undefined, done: true };
  }
  [Symbol.asyncIterator]() {
    return this;
  }
}

class FakeSocket {
  readyState = 1;
  bufferedAmount = 0;
  readonly frames: string[] = [];
  send(frame: string): void {
    this.frames.push(frame);
  }
  get received(): { id: string; type: string; payload: ExecutionResult<{ events: { seq: number; payload: string } }> }[] {
    return this.frames.map((f) => JSON.parse(f));
  }
}

const QUERY = 'subscription($s: String) { events(s: $s) { seq type payload } }';
let nextId = 0;

async function watcher(roles = ['SUPERVISOR'], query = QUERY, variables: Record<string, unknown> = { s: 'a' }) {
  const source = new FakeSource();
  const socket = new FakeSocket();
  const id = `id-${++nextId}`;
  const transport: Transport = { socket: socket as unknown as Transport['socket'], id };
  const stream = (await subscribe({ schema, document: parse(query), variableValues: variables, contextValue: { actor: { roles }, source }, transport })) as AsyncGenerator<ExecutionResult>;
  return { source, socket, id, stream, ended: stream.next() };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

beforeEach(() => {
  executions = 0;
});

test('one execution per event and share key; each watcher gets the frame graphql-ws would write, with its own id', async () => {
  const ws = await Promise.all([watcher(), watcher(), watcher()]);
  const e1 = { seq: 1, type: 'BID_READ_OUT', payload: { price: '1.00' } };
  const e2 = { seq: 2, type: 'BID_READ_OUT', payload: { price: '2.00' } };
  for (const w of ws) w.source.emit(e1);
  for (const w of ws) w.source.emit(e2); // while e1's shared result is still pending
  await settle();
  expect(executions).toBe(2);
  for (const w of ws) {
    expect(w.socket.frames).toEqual([e1, e2].map((e) => JSON.stringify({ id: w.id, type: 'next', payload: { data: { events: { seq: e.seq, type: e.type, payload: JSON.stringify(e.payload) } } } })));
  }
});

test('viewers of different classes share a key but not an object: nobody sees the private fields of another class', async () => {
  const [owner, supervisor, otherA, otherB] = await Promise.all([watcher(['BIDDER']), watcher(['BIDDER']), watcher(['BIDDER']), watcher(['BIDDER'])]);
  const failed = { seq: 3, type: 'DECRYPTION_FAILED', payload: { organisationId: 'org-a', code: 'BAD_COMMITMENT', reason: 'the key does not match' } };
  owner.source.emit(visibleEvent(failed, { supervisor: false, host: false, organisationId: 'org-a' })!);
  supervisor.source.emit(visibleEvent(failed, { supervisor: true, host: false, organisationId: null })!);
  otherA.source.emit(visibleEvent(failed, { supervisor: false, host: false, organisationId: 'org-b' })!);
  otherB.source.emit(visibleEvent(failed, { supervisor: false, host: true, organisationId: null })!);
  await settle();
  const payloadOf = (w: Awaited<ReturnType<typeof watcher>>) => JSON.parse(w.socket.received[0].payload.data!.events.payload);
  expect(payloadOf(owner)).toEqual(failed.payload);
  expect(payloadOf(supervisor)).toEqual(failed.payload);
  expect(payloadOf(otherA)).toEqual({ organisationId: 'org-a' });
  expect(payloadOf(otherB)).toEqual({ organisationId: 'org-a' });
  expect(executions).toBe(2); // one per class: the redacted copy is made once and shared
});

test('roles, the document and the variables outside the root arguments are part of the key; other fields are not shared', async () => {
  const e = { seq: 1, type: 'X', payload: {} };
  const nested = 'subscription($s: String, $f: String) { events(s: $s) { seq payload(format: $f) } }';
  const fragment = 'subscription($s: String, $f: String) { events(s: $s) { ...E } } fragment E on Event { seq payload(format: $f) }';
  const ws = await Promise.all([
    watcher(['SUPERVISOR']), watcher(['ADMIN']),
    watcher(['SUPERVISOR'], QUERY, { s: 'b' }), // the root field's own argument: shares with the first
    watcher(['SUPERVISOR'], 'subscription($s: String) { events(s: $s) { payload seq type } }'),
    watcher(['SUPERVISOR'], nested, { s: 'a', f: 'x' }), watcher(['SUPERVISOR'], nested, { s: 'b', f: 'x' }), watcher(['SUPERVISOR'], nested, { s: 'a', f: 'y' }),
    watcher(['SUPERVISOR'], fragment, { s: 'a', f: 'x' }), watcher(['SUPERVISOR'], fragment, { s: 'a', f: 'y' }),
  ]);
  for (const w of ws) w.source.emit(e);
  await settle();
  // supervisor (a and b), admin, reordered document, nested x (a and b), nested y, fragment x, fragment y
  expect(executions).toBe(7);
  const plain = await watcher(['SUPERVISOR'], 'subscription { notShared { seq } }', {});
  expect(plain.source.sink).toBeNull(); // pulled through graphql, not piped
});

test('a result with errors is not shared: each watcher gets its own, then the next events', async () => {
  const ws = await Promise.all([watcher(), watcher()]);
  for (const w of ws) w.source.emit({ seq: 1, type: 'BROKEN', payload: {} });
  for (const w of ws) w.source.emit({ seq: 2, type: 'OK', payload: {} });
  await settle();
  for (const w of ws) {
    const [first, second] = w.socket.received;
    expect(first).toMatchObject({ id: w.id, type: 'next', payload: { data: { events: { seq: 1, payload: null } }, errors: [{ message: 'broken', extensions: { code: 'BAD_USER_INPUT' } }] } });
    expect(second.payload.data!.events.seq).toBe(2);
  }
});

test('a slow watcher waits in its own queue, delays nobody, and is cut off with SLOW_CONSUMER past the bound', async () => {
  const [fast, slow] = await Promise.all([watcher(), watcher()]);
  slow.socket.bufferedAmount = HIGH_WATER_BYTES + 1;
  const events = Array.from({ length: 3 }, (_, k) => ({ seq: k + 1, type: 'X', payload: { k } }));
  for (const e of events) {
    fast.source.emit(e);
    slow.source.emit(e);
  }
  await settle();
  expect(fast.socket.frames).toHaveLength(3);
  expect(slow.socket.frames).toHaveLength(0);
  slow.socket.bufferedAmount = 0; // the socket drained: the queue goes out, in order
  await new Promise((r) => setTimeout(r, 60));
  expect(slow.socket.received.map((f) => f.payload.data!.events.seq)).toEqual([1, 2, 3]);

  slow.socket.bufferedAmount = HIGH_WATER_BYTES + 1;
  const shared = { seq: 4, type: 'X', payload: {} };
  for (let i = 0; i <= MAX_QUEUED; i++) slow.source.emit(shared);
  await expect(slow.ended).rejects.toMatchObject({ extensions: { code: 'SLOW_CONSUMER' } });
  expect(slow.source.returned).toBe(true);
  expect(fast.source.returned).toBe(false);
});

test('return() (complete, or the socket closed) ends the stream and its source; nothing is written after', async () => {
  const w = await watcher();
  await w.stream.return(undefined);
  await expect(w.ended).resolves.toEqual({ value: undefined, done: true });
  expect(w.source.returned).toBe(true);
  w.source.emit({ seq: 1, type: 'X', payload: {} });
  await settle();
  expect(w.socket.frames).toEqual([]);
});

test('a pulled stream subscription that is not read is cut off with SLOW_CONSUMER past its bound', async () => {
  const handlers: ((e: StoredEvent) => void)[] = [];
  const listener = { on: (_s: string, h: (e: StoredEvent) => void) => (handlers.push(h), () => handlers.splice(handlers.indexOf(h), 1)) } as unknown as EventListener;
  const eventLog = { replay: async () => [], head: async () => 0 };
  const streams = new EventStreams({ em: { fork: () => ({}) } } as never, eventLog as never, listener);
  const sub = streams.subscribe('s', 0);
  await settle(); // the (empty) replay is done
  const at = new Date();
  for (let k = 1; k <= PULL_MAX_QUEUED + 1; k++) handlers[0]({ seq: k, stream: 's', streamSeq: k, type: 'X', payload: {}, createdAt: at });
  await expect(sub.next()).rejects.toMatchObject({ extensions: { code: 'SLOW_CONSUMER' } });
  expect(handlers).toHaveLength(0);
});
