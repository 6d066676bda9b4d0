/**
 * Child process of bench/lib/platform-process.ts: the whole platform (startPlatform, compiled in
 * dist/ — type-graphql and MikroORM need the decorator metadata that tsx does not emit) on the
 * database named by BENCH_PLATFORM_DATABASE_URL, listening on 127.0.0.1 and a free port, with a
 * movable clock and no scheduler. The parent drives it over IPC: move the clock, run the scheduler
 * once, read counters (CPU time, SQL statements, time spent in a few service methods), close.
 * With BENCH_SERVER_PROFILE=<file.cpuprofile> the server's CPU profile from resetStats to stats is
 * written there (open it in Chrome DevTools or speedscope).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { MADE_AT } from '../../test/support/made-at';
import { ROOT } from './measure';

type PlatformModule = typeof import('../../api/src/platform');
type ConfigModule = typeof import('../../api/src/config');
type Platform = import('../../api/src/platform').Platform;

export interface ChildRequest { id: number; op: 'setClock' | 'tick' | 'resetStats' | 'stats' | 'close'; at?: string }
export type ChildMessage =
  | { ready: true; port: number }
  | { failed: string }
  | { id: number; ok: true; result?: unknown }
  | { id: number; ok: false; error: string };

/** Time spent in an instrumented method: calls and summed wall time (waits for locks and connections included). */
export interface MethodTime { calls: number; ms: number }
export interface ChildStats {
  /** CPU time of the server process (all its threads) since the last reset */
  cpuMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  /** SQL statements since the last reset, by statement text with literals cut off */
  statements: Record<string, number>;
  methods: Record<string, MethodTime>;
}

const DIST = path.join(ROOT, 'dist');
function fromDist<T>(file: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(DIST, file)) as T;
}

let statements = new Map<string, number>();
let methods = new Map<string, MethodTime>();
let cpuStart = process.cpuUsage();
let profiler: Session | undefined;

function countStatement(sql: string): void {
  const key = sql.replace(/\s+/g, ' ').slice(0, 160);
  statements.set(key, (statements.get(key) ?? 0) + 1);
}

function addTime(label: string, ms: number): void {
  const m = methods.get(label) ?? { calls: 0, ms: 0 };
  m.calls += 1;
  m.ms += ms;
  methods.set(label, m);
}

/** Per submitBid call: when its ledger.appendWithReceipt returned (it then holds the ledger head's row lock until commit). */
const submission = new AsyncLocalStorage<{ appendedAt?: number }>();
export const LOCK_HELD = 'ledger head lock held after the append (bid, commit)';

/** Wrap `obj[name]` (an async method of a service instance) to add up its calls and wall time. */
function instrument(label: string, obj: object, name: string, hooks: { around?: <T>(fn: () => Promise<T>) => Promise<T>; after?: () => void } = {}): void {
  const target = obj as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = target[name].bind(obj);
  target[name] = (...args: unknown[]) => (hooks.around ?? ((fn) => fn()))(async () => {
    const t0 = performance.now();
    try {
      return await original(...args);
    } finally {
      addTime(label, performance.now() - t0);
      hooks.after?.();
    }
  });
}

function send(message: ChildMessage): void {
  process.send!(message);
}

async function main(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('reflect-metadata');
  const { loadConfig } = fromDist<ConfigModule>('api/src/config.js');
  const { startPlatform } = fromDist<PlatformModule>('api/src/platform.js');
  const databaseUrl = process.env.BENCH_PLATFORM_DATABASE_URL;
  if (!databaseUrl) throw new Error('BENCH_PLATFORM_DATABASE_URL is not set');
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', CLOCK: 'movable', DEMO: 'true', DEMO_PROJECTS: 'false', LOG_LEVEL: 'silent', SCHEDULER_INTERVAL_MS: '0' });
  const platform: Platform = await startPlatform(config, databaseUrl, { onQuery: countStatement, madeAt: MADE_AT });
  const s = platform.services;
  instrument('bids.submit (the whole transaction)', s.bids, 'submit', {
    around: (fn) => submission.run({}, fn),
    after: () => {
      const at = submission.getStore()?.appendedAt;
      if (at !== undefined) addTime(LOCK_HELD, performance.now() - at);
    },
  });
  instrument('ledger.appendWithReceipt (waits for the ledger head lock; entry, checkpoint, receipt)', s.ledger, 'appendWithReceipt', {
    after: () => {
      const store = submission.getStore();
      if (store) store.appendedAt = performance.now();
    },
  });
  instrument('pki.validate (signer certificate)', s.pki, 'validate');
  instrument('uploads.content (read + hash bid.cms)', s.uploads, 'content');
  instrument('audit.record', s.audit, 'record');
  instrument('tokens.actor (bearer token → actor)', s.tokens, 'actor');

  let closing = false;
  process.on('message', (raw: ChildRequest) => {
    void (async () => {
      try {
        let result: unknown;
        switch (raw.op) {
          case 'setClock':
            result = (await s.clock.set(s.orm.em.fork(), new Date(raw.at!))).toISOString();
            break;
          case 'tick':
            result = await s.projectClock.tick();
            break;
          case 'resetStats':
            statements = new Map();
            methods = new Map();
            cpuStart = process.cpuUsage();
            if (process.env.BENCH_SERVER_PROFILE && !profiler) {
              profiler = new Session();
              profiler.connect();
              await profiler.post('Profiler.enable');
              await profiler.post('Profiler.start');
            }
            break;
          case 'stats': {
            const cpu = process.cpuUsage(cpuStart);
            const stats: ChildStats = { cpuMs: (cpu.user + cpu.system) / 1000, cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000, statements: Object.fromEntries(statements), methods: Object.fromEntries(methods) };
            result = stats;
            if (profiler) {
              const { profile } = await profiler.post('Profiler.stop');
              fs.writeFileSync(process.env.BENCH_SERVER_PROFILE!, JSON.stringify(profile));
              profiler.disconnect();
              profiler = undefined;
            }
            break;
          }
          case 'close':
            if (!closing) {
              closing = true;
              await platform.close();
            }
            break;
        }
        send({ id: raw.id, ok: true, result });
        if (raw.op === 'close') process.disconnect();
      } catch (error) {
        send({ id: raw.id, ok: false, error: (error as Error).stack ?? String(error) });
      }
    })();
  });
  // the parent died without closing us: stop too
  process.on('disconnect', () => {
    if (!closing) void platform.close().finally(() => process.exit(1));
  });
  send({ ready: true, port: platform.port });
}

main().catch((error: unknown) => {
  send({ failed: (error as Error).stack ?? String(error) });
  process.exitCode = 1;
  process.disconnect?.();
});
