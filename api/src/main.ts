/** `npm start`: the platform on DATABASE_URL, or on an embedded PostgreSQL under DATA_DIR when unset. */
import 'reflect-metadata';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from './config';
import { reachableDataDir, startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded';
import { startPlatform } from './platform';

const DATABASE = 'tenderhall';

async function ensureDatabase(db: EmbeddedDatabase): Promise<void> {
  const client = new Client({ connectionString: db.url('postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (!rowCount) await db.createDatabase(DATABASE);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const wanted = path.join(config.dataDir, 'postgres');
    const dataDir = reachableDataDir(wanted);
    if (dataDir !== wanted) console.log(`the OS user postgres cannot reach ${wanted}; using ${dataDir} instead (set DATA_DIR to choose)`);
    console.log(`DATABASE_URL is not set: starting an embedded PostgreSQL in ${dataDir}`);
    embedded = await startEmbeddedPostgres(dataDir, { persistent: true });
    await ensureDatabase(embedded);
    databaseUrl = embedded.url(DATABASE);
  }
  const platform = await startPlatform(config, databaseUrl);
  console.log(`tenderhall is running: ${platform.url}/  (GraphQL over HTTP and WebSocket: ${platform.url}/graphql)`);
  if (config.demo) console.log('demo accounts: admin, supervisor, tenderee, agent, bidder1-3, expert1-5 — password demo1234');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping…');
    await platform.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
