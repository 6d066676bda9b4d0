/**
 * PostgreSQL for a benchmark, the way the tests get it: DATABASE_URL when set (the bench then only
 * creates and drops its own databases there), else an embedded server (api/src/db/embedded.ts) in a
 * fresh folder under the system temp directory, stopped and removed by `close()`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { reachableDataDir, startEmbeddedPostgres, type EmbeddedDatabase } from '../../api/src/db/embedded';

export interface BenchPostgres {
  /** where it runs: "embedded PostgreSQL in <dir>" or "DATABASE_URL" */
  description: string;
  /** the embedded server's data directory (undefined with DATABASE_URL) */
  dataDir?: string;
  /** a new, empty database on the server (dropped by close) */
  createDatabase(prefix: string): Promise<string>;
  /** drop the databases made here, stop the embedded server, remove its folder; safe to call twice */
  close(): Promise<void>;
}

export async function startBenchPostgres(): Promise<BenchPostgres> {
  let embedded: EmbeddedDatabase | undefined;
  let dataDir: string | undefined;
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    // not mkdtemp: initdb creates the folder itself, owned by whoever runs PostgreSQL (the OS user postgres when we are root)
    dataDir = reachableDataDir(path.join(os.tmpdir(), `tenderhall-bench-pg-${process.pid}-${randomBytes(4).toString('hex')}`));
    try {
      embedded = await startEmbeddedPostgres(dataDir, { persistent: false });
    } catch (error) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
    adminUrl = embedded.url('postgres');
  }
  const created: string[] = [];
  const admin = async <T>(fn: (c: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  let closed = false;
  return {
    description: embedded ? `embedded PostgreSQL in ${dataDir}` : 'the PostgreSQL of DATABASE_URL',
    dataDir: embedded ? dataDir : undefined,
    async createDatabase(prefix) {
      const name = `${prefix}_${randomBytes(6).toString('hex')}`;
      await admin((c) => c.query(`create database ${name}`));
      created.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        if (!embedded && created.length) await admin(async (c) => { for (const name of created) await c.query(`drop database if exists ${name} with (force)`); });
      } finally {
        try {
          await embedded?.stop();
        } finally {
          if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
        }
      }
    },
  };
}
