/** Durable events: replay after a position then live (no gap, no duplicate), across two API instances, never a rolled-back one, append-only. */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EVENTS_SUBSCRIPTION as EVENTS, gql, loginAs, watch as watchEvents, wsClient, wsOnce } from '../../support/graphql';
import { startTestApp, type TestApp } from '../../support/app';
import { waitFor } from '../../support/wait';

let app: TestApp;
let other: TestApp;
let supervisor: string;

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  other = await startTestApp({ databaseUrl: app.databaseUrl });
  supervisor = await loginAs(app.graphqlUrl, 'supervisor');
});
afterAll(async () => {
  await other?.stop();
  await app?.close();
});

const append = (on: TestApp, stream: string, type: string, payload: Record<string, unknown> = {}) =>
  on.platform.services.orm.em.fork().transactional((em) => on.platform.services.eventLog.append(em, stream, type, payload));

/** Subscribe over graphql-ws (on instance `on`) and collect what arrives. */
const watch = (on: TestApp, stream: string, afterSeq: number, token = supervisor) => watchEvents(on.wsUrl, token, stream, afterSeq);

test('a late subscriber receives exactly the events it missed, in order, then the live ones — no gap, no duplicate', async () => {
  const stream = `test:${randomUUID()}`;
  for (let i = 1; i <= 5; i++) await append(app, stream, 'STEP', { i });
  const w = watch(app, stream, 2);
  try {
    // appends race the replay/live switch: one transaction each, several at a time
    const more = Array.from({ length: 20 }, (_, k) => append(app, stream, 'STEP', { i: 6 + k }));
    await Promise.all(more);
    await w.until(23);
    // a sentinel: once it is in, anything sent before it (a duplicate, a stray) is in too
    await append(app, stream, 'LAST', { i: 26 });
    await w.untilType('LAST');
    expect(w.received.map((e) => e.streamSeq)).toEqual(Array.from({ length: 24 }, (_, k) => 3 + k));
    expect(w.received.slice(0, 23).every((e) => e.stream === stream && e.type === 'STEP')).toBe(true);
    const seqs = w.received.map((e) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs); // global order agrees within a stream
    expect(w.received[0]).toMatchObject({ streamSeq: 3, payload: { i: 3 }, createdAt: expect.any(String) });
    expect(w.received[23]).toMatchObject({ stream, streamSeq: 26, type: 'LAST', payload: { i: 26 } });
  } finally {
    await w.dispose();
  }
});

test('the in-process helper switches from replay to live without a gap or a duplicate', async () => {
  const { events } = app.platform.services;
  const stream = `test:${randomUUID()}`;
  for (let i = 1; i <= 3; i++) await append(app, stream, 'E', { i });
  const writer = (async () => {
    for (let i = 4; i <= 40; i++) await append(app, stream, 'E', { i });
  })();
  const iterator = events.subscribe(stream, 1);
  const got: number[] = [];
  for await (const event of iterator) {
    got.push(event.streamSeq);
    expect(event.payload).toEqual({ i: event.streamSeq });
    if (got.length === 39) break;
  }
  await writer;
  expect(got).toEqual(Array.from({ length: 39 }, (_, k) => 2 + k));
  const tail = events.subscribe(stream); // live from the head: nothing old
  await append(app, stream, 'E', { i: 41 });
  expect((await tail.next()).value).toMatchObject({ streamSeq: 41 });
  await tail.return!();
  expect(await tail.next()).toEqual({ value: undefined, done: true });
});

test('two API instances on one database deliver each other\'s events', async () => {
  const stream = `test:${randomUUID()}`;
  const onB = watch(other, stream, 0);
  const onA = watch(app, stream, 0);
  try {
    // a warm-up event both have received: both subscriptions are past their replay, so what follows is live
    await append(app, stream, 'WARM_UP', {});
    await onB.until(1);
    await onA.until(1);
    await append(app, stream, 'FROM_A', { by: 'A' });
    await append(other, stream, 'FROM_B', { by: 'B' });
    await onB.until(3);
    await onA.until(3);
    for (const w of [onA, onB]) expect(w.received.map((e) => [e.streamSeq, e.type])).toEqual([[1, 'WARM_UP'], [2, 'FROM_A'], [3, 'FROM_B']]);
  } finally {
    await onB.dispose();
    await onA.dispose();
  }
});

test('an event appended in a transaction that rolls back is never delivered', async () => {
  const stream = `test:${randomUUID()}`;
  const w = watch(other, stream, 0);
  try {
    // a warm-up event from the other instance: the subscription is then live, not replaying
    await append(app, stream, 'WARM_UP', {});
    await w.until(1);
    await expect(
      app.platform.services.orm.em.fork().transactional(async (em) => {
        await app.platform.services.eventLog.append(em, stream, 'ROLLED_BACK', {});
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await append(app, stream, 'KEPT', {});
    await append(app, stream, 'SENTINEL', {}); // once it is in, a delivered rolled-back event would be too
    await w.untilType('SENTINEL');
    expect(w.received.map((e) => [e.streamSeq, e.type])).toEqual([[1, 'WARM_UP'], [2, 'KEPT'], [3, 'SENTINEL']]); // the rollback left no hole either
    const replayed = await app.platform.services.eventLog.replay(app.platform.services.orm.em.fork(), stream, 0);
    expect(replayed.map((e) => e.type)).toEqual(['WARM_UP', 'KEPT', 'SENTINEL']);
  } finally {
    await w.dispose();
  }
});

test('append refuses to run outside a transaction', async () => {
  await expect(app.platform.services.eventLog.append(app.platform.services.orm.em.fork(), 'test:x', 'X', {})).rejects.toThrow(/inside a transaction/);
});

test('after its LISTEN connection drops, an instance reconnects and catches up from the table', async () => {
  const stream = `test:${randomUUID()}`;
  const w = watch(other, stream, 0);
  const listener = other.platform.services.events.listener;
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined); // "connection lost, reconnecting"
  const pg = new Client({ connectionString: app.databaseUrl });
  await pg.connect();
  try {
    await append(app, stream, 'BEFORE', {});
    await w.until(1);
    const pid = listener.backendPid;
    expect(pid).toEqual(expect.any(Number));
    await pg.query('select pg_terminate_backend($1)', [pid]);
    await waitFor(() => !listener.connected, 'the listener to notice its connection is gone');
    await append(app, stream, 'WHILE_DOWN', {}); // its NOTIFY reaches nobody on B
    await w.until(2);
    await append(app, stream, 'AFTER', {});
    await w.until(3);
    expect(w.received.map((e) => e.type)).toEqual(['BEFORE', 'WHILE_DOWN', 'AFTER']);
    expect(listener.backendPid).not.toBe(pid);
    expect(quiet).toHaveBeenCalledWith(expect.stringContaining('connection lost (the database ended it'), expect.anything());
  } finally {
    quiet.mockRestore();
    await pg.end();
    await w.dispose();
  }
});

test('the event table is append-only', async () => {
  const stream = `test:${randomUUID()}`;
  await append(app, stream, 'X', {});
  const pg = new Client({ connectionString: app.databaseUrl });
  await pg.connect();
  try {
    await expect(pg.query("update event set type = 'Y' where stream = $1", [stream])).rejects.toThrow(/append-only/);
    await expect(pg.query('delete from event where stream = $1', [stream])).rejects.toThrow(/append-only/);
    await expect(pg.query('truncate event')).rejects.toThrow(/append-only/);
    await expect(pg.query('insert into event (stream, stream_seq, type) values ($1, 1, $2)', [stream, 'DUP'])).rejects.toThrow(/duplicate key/);
  } finally {
    await pg.end();
  }
});

test('only supervisors and administrators subscribe to event streams; the check is made when the subscription starts', async () => {
  const bidder = await loginAs(app.graphqlUrl, 'bidder1');
  for (const [token, code] of [[bidder, 'FORBIDDEN'], [null, 'UNAUTHENTICATED']] as const) {
    const client = wsClient(app.wsUrl, token);
    try {
      const res = await wsOnce(client, EVENTS, { s: 'lights', a: 0 });
      expect(res.errors![0].extensions!.code).toBe(code);
    } finally {
      await client.dispose();
    }
  }
  const admin = wsClient(app.wsUrl, await loginAs(app.graphqlUrl, 'admin'));
  try {
    const res = await wsOnce(admin, EVENTS, { s: 'lights', a: -1 });
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  } finally {
    await admin.dispose();
  }
  expect((await gql(app.graphqlUrl, '{ __typename }', {}, supervisor)).data).toEqual({ __typename: 'Query' });
});
