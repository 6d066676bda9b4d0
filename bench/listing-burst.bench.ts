/**
 * Land listing (挂牌): the last minute of timed bidding.
 *
 * BENCH_BIDDERS qualified bidders (each its own organisation, user and signing key certified from a
 * CSR; each quoted once during the listing, so all are active) quote as fast as they can for
 * BENCH_SECONDS of timed bidding: each signs a raise of one increment over the last price it knows
 * and posts `quote` over HTTP; a refusal (PRICE_CHANGED …) tells it the current price and it tries
 * again. BENCH_WATCHERS anonymous watchers follow `listingEvents` over graphql-ws. Reported: accepted
 * quotes/s, and the latency from sending an accepted quote to its delivery at the watchers — per
 * delivery and per quote (the last watcher to get it: "quote → all watchers").
 *
 * In the same run, the baselines: (1) raw INSERT — the same number of concurrent clients doing plain
 * single-row INSERTs (pg, autocommit) into a scratch table for the same time: rows/s; (2) raw `ws`
 * broadcast — as many plain `ws` clients, as many frames of the same size as there were accepted
 * quotes, sent at the same average pace: latency from just before the broadcast to the parsed frame.
 *
 * Where things run: the server (startPlatform from dist/) and the raw ws server in this process; the
 * quoters in one child process and the watchers in another (this file with BURST_ROLE), so neither
 * shares the server's event loop. Times are process.hrtime (CLOCK_MONOTONIC, common to the processes).
 *
 *   BENCH_BIDDERS   bidders (default 200)         BENCH_WATCHERS  watchers (default 200)
 *   BENCH_SECONDS   burst length (default 60)     BENCH_TIMEOUT_S give up after (default 900)
 *   DATABASE_URL    a PostgreSQL server instead of an embedded one (bench/lib/bench-postgres.ts)
 *
 * Checks (exit 1 if one fails): every accepted quote reached every watcher exactly once, in order; the
 * quote sequence has no gap; accepted responses = quotes in the table. No speed target: it reports.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import { Pool } from 'pg';
import WebSocket, { WebSocketServer } from 'ws';
import { quoteMessage } from '../crypto/listing-quote';
import { startBenchPostgres, type BenchPostgres } from './lib/bench-postgres';
import { bidderWithOwnKeys, dataOf, gql, login } from './lib/bidder-client';
import { intEnv, markdownTable, ROOT } from './lib/measure';
import { ensureCompiled } from './lib/platform-process';
import { usccCheckCharacter } from '../api/src/modules/identity/uscc';
import { MADE_AT } from '../test/support/made-at';

const BIDDERS = intEnv('BENCH_BIDDERS', 200, 2, 5000);
const WATCHERS = intEnv('BENCH_WATCHERS', 200, 1, 20_000);
const SECONDS = intEnv('BENCH_SECONDS', 60, 1, 3600);
const TIMEOUT_S = intEnv('BENCH_TIMEOUT_S', 900, 30, 7200);
const PASSWORD = 'bench-pass-2026';
const INCREMENT = 50_000;
const LISTING = { listingStart: '2026-12-14T09:00:00+08:00', listingEnd: '2026-12-24T15:00:00+08:00' };
const IDLE_GIVE_UP_MS = 30_000;

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stderr.write(`[listing-burst] ${line}\n`);
const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');

interface QuoterSpec { token: string; certPem: string; keyPem: string }
interface Sent { seq: number; sentAt: number }
type ToChild =
  | { op: 'quote'; url: string; projectId: string; quoters: QuoterSpec[]; seconds: number; startPrice: string }
  | { op: 'watch'; url: string; projectId: string | null; clients: number; afterSeq: number; expect: number }
  | { op: 'stop' };
type FromChild =
  | { connected: number }
  | { quoted: true; accepted: Sent[]; refused: Record<string, number>; requests: number }
  | { watched: true; receipts: Record<number, number[]>; missing: number; duplicates: number; outOfOrder: number; errors: string[] }
  | { failed: string };

// ---------------------------------------------------------------------------------------------
// child processes

async function quoters(m: Extract<ToChild, { op: 'quote' }>): Promise<FromChild> {
  const accepted: Sent[] = [];
  const refused: Record<string, number> = {};
  let requests = 0;
  const stopAt = nowMs() + m.seconds * 1000;
  const query = 'mutation($i: QuoteInput!) { quote(input: $i) { quote { seq } currentPrice errors { code } } }';
  await Promise.all(m.quoters.map(async (q) => {
    const key: KeyObject = createPrivateKey(q.keyPem);
    let known = m.startPrice;
    while (nowMs() < stopAt) {
      const amount = (Number(known) + INCREMENT).toFixed(2);
      const signature = sign('sha256', quoteMessage({ projectId: m.projectId, amount, previousHighest: known }), key).toString('base64');
      const sentAt = nowMs();
      requests++;
      const res = await gql(m.url, query, { i: { projectId: m.projectId, amount, previousHighest: known, certificatePem: q.certPem, signature } }, q.token);
      const payload = res.data?.quote as { quote: { seq: number } | null; currentPrice: string | null; errors: { code: string }[] } | undefined;
      if (!payload) throw new Error(`quote: ${JSON.stringify(res.errors)}`);
      if (payload.quote) accepted.push({ seq: payload.quote.seq, sentAt });
      else refused[payload.errors[0].code] = (refused[payload.errors[0].code] ?? 0) + 1;
      if (payload.errors[0]?.code === 'COUNTDOWN_EXPIRED' || payload.errors[0]?.code === 'NOT_OPEN') break;
      known = payload.currentPrice ?? known;
    }
  }));
  return { quoted: true, accepted, refused, requests };
}

/** graphql-ws watchers of `listingEvents` (projectId set), or plain ws clients of the raw server; records receipt times per quote seq. */
function watchers(m: Extract<ToChild, { op: 'watch' }>, send: (f: FromChild) => void, closers: (() => void)[]): void {
  const receipts: Record<number, number[]> = {};
  const last = new Int32Array(m.clients).fill(-1);
  let total = 0;
  let duplicates = 0;
  let outOfOrder = 0;
  let lastAt = Date.now();
  const errors: string[] = [];
  const record = (client: number, seq: number, at: number) => {
    lastAt = Date.now();
    if (last[client] !== -1 && seq <= last[client]) { duplicates++; return; }
    if (last[client] !== -1 && seq !== last[client] + 1) outOfOrder++;
    last[client] = seq;
    (receipts[seq] ??= []).push(at);
    total++;
  };
  let connected = 0;
  const onOpen = () => { if (++connected === m.clients) send({ connected }); };
  for (let c = 0; c < m.clients; c++) {
    if (m.projectId) {
      const client = createClient({ url: m.url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
      closers.push(() => void client.dispose());
      client.on('connected', onOpen);
      client.subscribe<{ listingEvents: { type: string; payload: { seq?: number } } }>(
        { query: 'subscription($p: ID!, $a: Int!) { listingEvents(projectId: $p, afterSeq: $a) { seq type payload } }', variables: { p: m.projectId, a: m.afterSeq } },
        {
          next: (v) => {
            const at = nowMs();
            const event = v.data?.listingEvents;
            if (!event) { if (errors.length < 10) errors.push(JSON.stringify(v.errors)); return; }
            if (event.type === 'QUOTE') record(c, event.payload.seq!, at);
          },
          error: (e) => { if (errors.length < 10) errors.push(String((e as Error).message ?? e)); },
          complete: () => undefined,
        },
      );
    } else {
      const ws = new WebSocket(m.url);
      closers.push(() => ws.close());
      ws.on('open', onOpen);
      ws.on('message', (data) => {
        const at = nowMs();
        const frame = JSON.parse(String(data)) as { payload: { data: { listingEvents: { payload: { seq: number } } } } };
        record(c, frame.payload.data.listingEvents.payload.seq, at);
      });
    }
  }
  const check = () => {
    if (m.expect >= 0 && (total >= m.expect * m.clients || Date.now() - lastAt > IDLE_GIVE_UP_MS)) {
      send({ watched: true, receipts, missing: m.expect * m.clients - total, duplicates, outOfOrder, errors });
      return;
    }
    setTimeout(check, 50);
  };
  process.once('message', (next: { op: string; expect?: number }) => {
    if (next.op === 'expect') { m.expect = next.expect!; lastAt = Date.now(); check(); }
  });
}

function childMain(): void {
  const closers: (() => void)[] = [];
  const send = (f: FromChild) => process.send!(f);
  process.on('message', (m: ToChild | { op: 'expect' }) => {
    if (m.op === 'stop') { for (const close of closers.splice(0)) close(); process.disconnect(); return; }
    if (m.op === 'quote') quoters(m).then(send, (e: Error) => send({ failed: e.stack ?? String(e) }));
    if (m.op === 'watch') watchers({ ...m, expect: -1 }, send, closers);
  });
  process.on('disconnect', () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------
// the bench's process

interface Child { child: ChildProcess; next(): Promise<FromChild>; send(m: unknown): void }

function startChild(): Child {
  const child = fork(__filename, [], { cwd: ROOT, execArgv: ['--import', 'tsx'], env: { ...process.env, BURST_ROLE: 'child' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const queue: FromChild[] = [];
  const waiting: ((m: FromChild) => void)[] = [];
  child.on('message', (m: FromChild) => { const w = waiting.shift(); if (w) w(m); else queue.push(m); });
  child.on('exit', (code, signal) => { for (const w of waiting.splice(0)) w({ failed: `child exited (${signal ?? code})` }); });
  return { child, next: () => new Promise((resolve) => { const m = queue.shift(); if (m) resolve(m); else waiting.push(resolve); }), send: (m) => child.send(m as never) };
}

async function expectMessage<K extends string>(c: Child, key: K): Promise<Extract<FromChild, Record<K, unknown>>> {
  const m = await c.next();
  if ('failed' in m) throw new Error(m.failed);
  if (!(key in m)) throw new Error(`expected ${key}, got ${JSON.stringify(m).slice(0, 200)}`);
  return m as Extract<FromChild, Record<K, unknown>>;
}

function stats(values: number[]): { p50: number; p99: number; max: number; n: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  return { p50: at(50), p99: at(99), max: sorted[sorted.length - 1] ?? NaN, n: sorted.length };
}

type Platform = import('../api/src/platform').Platform;
const fromDist = <T>(file: string): T => require(path.join(ROOT, 'dist', file)) as T; // eslint-disable-line @typescript-eslint/no-require-imports

async function setUp(platform: Platform): Promise<{ projectId: string; quoters: QuoterSpec[]; usernames: string[]; afterSeq: number; highest: string }> {
  const url = `http://127.0.0.1:${platform.port}/graphql`;
  const { clock, orm, projectClock } = platform.services;
  const setClock = (at: string | Date) => clock.set(orm.em.fork(), new Date(at));
  await setClock('2026-11-24T09:00:00+08:00');
  const admin = await login(url, 'admin', 'demo1234');
  const tenderee = await login(url, 'tenderee', 'demo1234');
  const users = dataOf('users', await gql(url, '{ users(first: 100) { edges { node { id username } } } }', {}, admin)).users.edges.map((e: { node: { id: string; username: string } }) => e.node);
  const id = (u: string) => users.find((x: { username: string }) => x.username === u)!.id;
  const created = dataOf('createProject', await gql(url, 'mutation($i: CreateProjectInput!) { createProject(input: $i) { project { id } errors { code message } } }',
    { i: { title: '压测地块挂牌出让', method: 'LAND_LISTING', startPrice: '1000000.00', schedule: LISTING, lots: [{ title: '压测地块' }] } }, tenderee)).createProject;
  const projectId = created.project.id as string;
  const published = dataOf('publishProject', await gql(url, 'mutation($i: PublishProjectInput!) { publishProject(input: $i) { errors { code message } } }', { i: { projectId, announcement: '挂牌出让公告', custodianUserIds: [id('supervisor'), id('tenderee'), id('admin')] } }, tenderee)).publishProject;
  if (published.errors.length) throw new Error(JSON.stringify(published.errors));
  const setUpRes = dataOf('setUpListing', await gql(url, 'mutation($i: SetUpListingInput!) { setUpListing(input: $i) { errors { code message } } }',
    { i: { projectId, location: '压测地块', areaM2: '10000', landUse: '住宅用地', plotRatio: '2.0', termYears: 70, increment: String(INCREMENT), bond: '100000', floorOfficerUserId: id('tenderee') } }, tenderee)).setUpListing;
  if (setUpRes.errors.length) throw new Error(JSON.stringify(setUpRes.errors));

  const usernames: string[] = [];
  const keys: { certPem: string; keyPem: string }[] = [];
  for (let i = 0; i < BIDDERS; i += 8) {
    await Promise.all(Array.from({ length: Math.min(8, BIDDERS - i) }, async (_, j) => {
      const n = i + j + 1;
      const first17 = `91350100LB${String(n).padStart(7, '0')}`;
      const org = dataOf('registerOrganisation', await gql(url, 'mutation($i: RegisterOrganisationInput!) { registerOrganisation(input: $i) { organisation { id } errors { code message } } }', { i: { name: `竞买压测第${n}号有限公司`, kind: 'BIDDER', uscc: first17 + usccCheckCharacter(first17) } }, admin)).registerOrganisation;
      const username = `burst${String(n).padStart(4, '0')}`;
      dataOf('createUser', await gql(url, 'mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code message } } }', { i: { username, displayName: `竞买人 ${n}`, organisationId: org.organisation.id, password: PASSWORD, roles: ['BIDDER'] } }, admin));
      const bidder = await bidderWithOwnKeys(url, username, await login(url, username, PASSWORD));
      dataOf('registerForProject', await gql(url, 'mutation($i: RegisterForProjectInput!) { registerForProject(input: $i) { errors { code } } }', { i: { projectId } }, bidder.token));
      dataOf('confirmListingBond', await gql(url, 'mutation($p: ID!, $o: ID!) { confirmListingBond(projectId: $p, organisationId: $o) { errors { code } } }', { p: projectId, o: bidder.organisationId }, tenderee));
      usernames[n - 1] = username;
      keys[n - 1] = bidder.signing;
    }));
  }
  log(`${BIDDERS} bidders qualified`);
  // each quotes once during the listing: all are active when timed bidding starts
  await setClock(new Date(new Date(LISTING.listingStart).getTime() + 3600_000));
  await projectClock.tick();
  let highest: string | null = null;
  for (let n = 0; n < BIDDERS; n++) {
    const token = await login(url, usernames[n], PASSWORD);
    const amount: string = highest === null ? '1000000.00' : (Number(highest) + INCREMENT).toFixed(2);
    const signature = sign('sha256', quoteMessage({ projectId, amount, previousHighest: highest }), createPrivateKey(keys[n].keyPem)).toString('base64');
    const res = dataOf('quote', await gql(url, 'mutation($i: QuoteInput!) { quote(input: $i) { quote { seq } errors { code message } } }', { i: { projectId, amount, previousHighest: highest, certificatePem: keys[n].certPem, signature } }, token)).quote;
    if (!res.quote) throw new Error(`listing quote ${n}: ${JSON.stringify(res.errors)}`);
    highest = amount;
  }
  const close = new Date(LISTING.listingEnd).getTime();
  await setClock(new Date(close - 60 * 60_000)); // the freeze: timed bidding starts
  await projectClock.tick();
  await setClock(new Date(close - 57 * 60_000)); // a quote every few ms keeps the 4-minute countdown alive
  const status = dataOf('listing', await gql(url, 'query($p: ID!) { listing(projectId: $p) { status lastEventSeq } }', { p: projectId })).listing;
  if (status.status !== 'TIMED_BIDDING') throw new Error(`the listing is ${status.status}, not TIMED_BIDDING`);
  // fresh tokens now (30 minutes of platform time)
  const quoters: QuoterSpec[] = [];
  for (let n = 0; n < BIDDERS; n++) quoters.push({ token: await login(url, usernames[n], PASSWORD), ...keys[n] });
  return { projectId, quoters, usernames, afterSeq: status.lastEventSeq, highest: highest! };
}

async function rawInserts(databaseUrl: string, clients: number, seconds: number): Promise<{ rows: number; perSecond: number }> {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 }); // as many connections as the platform's pool
  try {
    await pool.query('create table if not exists bench_raw_quote (id bigserial primary key, project_id uuid not null, amount numeric(18,2) not null, received_at timestamptz not null default now())');
    let rows = 0;
    const t0 = nowMs();
    const stopAt = t0 + seconds * 1000;
    await Promise.all(Array.from({ length: clients }, async (_, c) => {
      while (nowMs() < stopAt) {
        await pool.query('insert into bench_raw_quote (project_id, amount) values ($1, $2)', ['00000000-0000-4000-8000-000000000000', 1_000_000 + c]);
        rows++;
      }
    }));
    return { rows, perSecond: rows / ((nowMs() - t0) / 1000) };
  } finally {
    await pool.end();
  }
}

async function main(): Promise<number> {
  const t0 = performance.now();
  ensureCompiled(log);
  let pg: BenchPostgres | undefined;
  let platform: Platform | undefined;
  const children: Child[] = [];
  const cleanup = async () => {
    for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
    try { await platform?.close(); } finally { await pg?.close(); }
  };
  const watchdog = setTimeout(() => { log(`gave up after ${TIMEOUT_S} s`); void cleanup().finally(() => process.exit(1)); }, TIMEOUT_S * 1000);
  watchdog.unref();
  try {
    require('reflect-metadata');
    pg = await startBenchPostgres();
    const databaseUrl = await pg.createDatabase('bench_listing');
    const { loadConfig } = fromDist<typeof import('../api/src/config')>('api/src/config.js');
    const { startPlatform } = fromDist<typeof import('../api/src/platform')>('api/src/platform.js');
    platform = await startPlatform(loadConfig({ PORT: '0', HOST: '127.0.0.1', CLOCK: 'movable', DEMO: 'true', DEMO_PROJECTS: 'false', LOG_LEVEL: 'silent', SCHEDULER_INTERVAL_MS: '0' }), databaseUrl, { madeAt: MADE_AT });
    log(`platform up on port ${platform.port} on ${pg.description}`);
    const setup = await setUp(platform);
    const graphqlUrl = `http://127.0.0.1:${platform.port}/graphql`;

    // ---- the burst: quoters and watchers in their own processes
    const watch = startChild();
    const quote = startChild();
    children.push(watch, quote);
    watch.send({ op: 'watch', url: `ws://127.0.0.1:${platform.port}/graphql`, projectId: setup.projectId, clients: WATCHERS, afterSeq: setup.afterSeq, expect: -1 });
    await expectMessage(watch, 'connected');
    log(`${WATCHERS} watchers subscribed; ${BIDDERS} bidders quote for ${SECONDS} s`);
    const burstStart = nowMs();
    quote.send({ op: 'quote', url: graphqlUrl, projectId: setup.projectId, quoters: setup.quoters, seconds: SECONDS, startPrice: setup.highest });
    const quoted = await expectMessage(quote, 'quoted');
    const burstMs = nowMs() - burstStart;
    watch.send({ op: 'expect', expect: quoted.accepted.length });
    const watched = await expectMessage(watch, 'watched');
    watch.send({ op: 'stop' });
    quote.send({ op: 'stop' });

    const sentAt = new Map(quoted.accepted.map((a) => [a.seq, a.sentAt]));
    const perDelivery: number[] = [];
    const perQuote: number[] = [];
    for (const [seq, times] of Object.entries(watched.receipts)) {
      const sent = sentAt.get(Number(seq));
      if (sent === undefined) continue;
      for (const t of times) perDelivery.push(t - sent);
      if (times.length === WATCHERS) perQuote.push(Math.max(...times) - sent);
    }
    const em = platform.services.orm.em.fork();
    const [row] = await em.execute<{ n: string; maxseq: string }[]>('select count(*) as n, max(seq) as maxseq from listing_quote where project_id = ?', [setup.projectId]);
    const inTable = Number(row.n) - BIDDERS;
    const gapFree = Number(row.n) === Number(row.maxseq);

    // ---- baseline 1: raw INSERT, as many clients, as long
    const raw = await rawInserts(databaseUrl, BIDDERS, SECONDS);
    log(`raw INSERT: ${raw.rows} rows, ${raw.perSecond.toFixed(0)}/s`);

    // ---- baseline 2: raw ws broadcast, as many clients, as many frames of the same size, same pace
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const rawWatch = startChild();
    children.push(rawWatch);
    rawWatch.send({ op: 'watch', url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, projectId: null, clients: WATCHERS, afterSeq: 0, expect: -1 });
    await expectMessage(rawWatch, 'connected');
    const frames = Math.max(1, quoted.accepted.length);
    const interval = burstMs / frames;
    const frameOf = (seq: number) => JSON.stringify({ id: '00000000-0000-4000-8000-000000000000', type: 'next', payload: { data: { listingEvents: { seq: seq + BIDDERS + 3, type: 'QUOTE', payload: { seq, amount: (2_000_000 + seq * INCREMENT).toFixed(2), bidderNumber: 1 + (seq % BIDDERS), phase: 'TIMED_BIDDING', receivedAt: new Date().toISOString(), ledgerIndex: 1000 + seq, countdownEndsAt: new Date().toISOString() } } } } });
    rawWatch.send({ op: 'expect', expect: frames });
    const rawStarts = new Map<number, number>();
    const rawT0 = nowMs();
    for (let seq = 1; seq <= frames; seq++) {
      const due = rawT0 + seq * interval;
      while (nowMs() < due) await sleep(Math.max(0, Math.min(5, due - nowMs())));
      const frame = frameOf(seq);
      rawStarts.set(seq, nowMs());
      for (const ws of wss.clients) ws.send(frame);
    }
    const rawWatched = await expectMessage(rawWatch, 'watched');
    rawWatch.send({ op: 'stop' });
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    const rawDelivery: number[] = [];
    const rawPerFrame: number[] = [];
    for (const [seq, times] of Object.entries(rawWatched.receipts)) {
      const start = rawStarts.get(Number(seq))!;
      for (const t of times) rawDelivery.push(t - start);
      if (times.length === WATCHERS) rawPerFrame.push(Math.max(...times) - start);
    }

    const d = stats(perDelivery);
    const q = stats(perQuote);
    const rd = stats(rawDelivery);
    const rq = stats(rawPerFrame);
    const acceptedPerSecond = quoted.accepted.length / (burstMs / 1000);
    process.stdout.write(`### listing burst: ${BIDDERS} bidders quoting for ${SECONDS} s of timed bidding, ${WATCHERS} watchers\n\n`);
    process.stdout.write(`${markdownTable(['', 'count', 'per s', 'p50 ms', 'p99 ms', 'max ms'], [
      ['quotes accepted (signed, checked, row + ledger entry + event, one transaction)', `${quoted.accepted.length} of ${quoted.requests} sent`, acceptedPerSecond.toFixed(1), '', '', ''],
      ['raw INSERT (same clients, same time, autocommit)', `${raw.rows}`, raw.perSecond.toFixed(0), '', '', ''],
      ['quote sent → one watcher (listingEvents, graphql-ws), per delivery', `${d.n}`, '', fmt(d.p50), fmt(d.p99), fmt(d.max)],
      ['quote sent → all watchers, per quote', `${q.n}`, '', fmt(q.p50), fmt(q.p99), fmt(q.max)],
      ['raw ws broadcast → one client, per delivery', `${rd.n}`, '', fmt(rd.p50), fmt(rd.p99), fmt(rd.max)],
      ['raw ws broadcast → all clients, per frame', `${rq.n}`, '', fmt(rq.p50), fmt(rq.p99), fmt(rq.max)],
    ])}\n\n`);
    process.stdout.write(`refused: ${JSON.stringify(quoted.refused)}; node ${process.version}, ${os.cpus().length} CPU(s), load ${os.loadavg()[0].toFixed(1)}; whole run ${((performance.now() - t0) / 1000).toFixed(1)} s\n\n`);
    const exact = watched.missing === 0 && watched.duplicates === 0 && watched.outOfOrder === 0 && watched.errors.length === 0;
    const counted = inTable === quoted.accepted.length && gapFree;
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
    process.stdout.write([
      `${verdict(exact)} every watcher received every accepted quote once, in order: ${watched.missing} missing, ${watched.duplicates} duplicate(s), ${watched.outOfOrder} out of order${watched.errors.length ? ` (errors: ${watched.errors.slice(0, 3).join('; ')})` : ''}`,
      `${verdict(counted)} accepted responses ${quoted.accepted.length} = quotes in the table ${inTable}; sequence without gaps: ${gapFree}`,
    ].join('\n') + '\n');
    return exact && counted ? 0 : 1;
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }
}

if (process.env.BURST_ROLE === 'child') {
  childMain();
} else {
  main().then((code) => process.exit(code), (e: unknown) => {
    process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
