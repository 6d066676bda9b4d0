/**
 * One real PostgreSQL for the whole jest run. With DATABASE_URL set, that server is used instead.
 * Each test file creates its own fresh database from it (test/support/database.ts).
 * TENDERHALL_TEST_DB=none skips the database (for crypto-only runs).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../api/src/db/embedded';

export default async function globalSetup(): Promise<void> {
  if (process.env.TENDERHALL_TEST_DB === 'none') return;
  if (process.env.DATABASE_URL) {
    process.env.TEST_ADMIN_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  // Under the system temp folder: the OS user postgres (as which initdb runs when we are root) can reach it.
  const dataDir = path.join(os.tmpdir(), `tenderhall-pg-test-${process.pid}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const db = await startEmbeddedPostgres(dataDir, { persistent: false });
  process.env.TEST_ADMIN_DATABASE_URL = db.url('postgres');
  (globalThis as { __tenderhallPg?: { stop: () => Promise<void> } }).__tenderhallPg = db;
}
