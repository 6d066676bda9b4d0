/**
 * The platform as a running server in its own process (bench/lib/platform-child.ts), so that the
 * load generator does not share the server's event loop. Runs the compiled code in dist/ and
 * builds it first (`tsc -p tsconfig.build.json`) when it is missing or older than the sources.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ChildMessage, ChildRequest, ChildStats } from './platform-child';
import { ROOT } from './measure';

export interface PlatformProcess {
  baseUrl: string;
  graphqlUrl: string;
  pid: number;
  setClock(at: Date): Promise<string>;
  /** run the clock-driven transitions once; the number applied */
  tick(): Promise<number>;
  resetStats(): Promise<void>;
  stats(): Promise<ChildStats>;
  close(): Promise<void>;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Build dist/ with tsc unless dist/api/src/platform.js is newer than every .ts under api/, crypto/, migrations/. */
export function ensureCompiled(log: (line: string) => void): void {
  const marker = path.join(ROOT, 'dist', 'api', 'src', 'platform.js');
  const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
  const sources = Math.max(...['api', 'crypto', 'migrations'].map((d) => newestMtime(path.join(ROOT, d))));
  if (built >= sources) return;
  log(built ? 'dist/ is older than the sources: building it (tsc -p tsconfig.build.json)…' : 'no dist/: building it (tsc -p tsconfig.build.json)…');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
}

export async function startPlatformProcess(databaseUrl: string, opts: { startTimeoutMs?: number } = {}): Promise<PlatformProcess> {
  const child: ChildProcess = fork(path.join(__dirname, 'platform-child.ts'), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_PLATFORM_DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let exited = false;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the platform did not start in time')), opts.startTimeoutMs ?? 120_000);
    child.once('exit', (code, signal) => {
      exited = true;
      clearTimeout(timer);
      reject(new Error(`the platform process exited during start-up (${signal ?? code})`));
      for (const p of pending.values()) p.reject(new Error(`the platform process exited (${signal ?? code})`));
    });
    child.on('message', (m: ChildMessage) => {
      if ('ready' in m) {
        clearTimeout(timer);
        resolve(m.port);
      } else if ('failed' in m) {
        clearTimeout(timer);
        reject(new Error(`the platform did not start: ${m.failed}`));
      } else {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.ok) p?.resolve(m.result);
        else p?.reject(new Error(m.error));
      }
    });
  }).catch((error: unknown) => {
    if (!exited) child.kill('SIGKILL');
    throw error;
  });
  let next = 0;
  const call = <T>(op: ChildRequest['op'], extra: Partial<ChildRequest> = {}): Promise<T> => new Promise<T>((resolve, reject) => {
    if (exited) return reject(new Error('the platform process has exited'));
    const id = ++next;
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    child.send({ id, op, ...extra } satisfies ChildRequest);
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  let closed: Promise<void> | undefined;
  return {
    baseUrl,
    graphqlUrl: `${baseUrl}/graphql`,
    pid: child.pid!,
    setClock: (at) => call<string>('setClock', { at: at.toISOString() }),
    tick: () => call<number>('tick'),
    resetStats: () => call<void>('resetStats'),
    stats: () => call<ChildStats>('stats'),
    close: () => {
      closed ??= (async () => {
        if (exited) return;
        const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        try {
          await call('close');
        } catch {
          child.kill('SIGKILL');
        }
        await gone;
        clearTimeout(timer);
      })();
      return closed;
    },
  };
}
