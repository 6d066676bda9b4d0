/** The whole platform on a fresh database and a free port, as `npm start` runs it (movable clock). */
import 'reflect-metadata';
import { loadConfig } from '../../api/src/config';
import { startPlatform, type Platform } from '../../api/src/platform';
import { createTestDatabase } from './database';
import { MADE_AT } from './made-at';

export interface TestApp {
  baseUrl: string;
  graphqlUrl: string;
  wsUrl: string;
  databaseUrl: string;
  platform: Platform;
  /** stop the platform and drop its database (unless it was given one) */
  close(): Promise<void>;
  /** stop the platform, keep the database (to start again on it) */
  stop(): Promise<void>;
}

export interface TestAppOptions {
  demo?: boolean;
  env?: Record<string, string>;
  onQuery?: (sql: string) => void;
  /** run on an existing test database (e.g. to restart the platform); it is then not dropped on close */
  databaseUrl?: string;
}

export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const db = opts.databaseUrl ? { url: opts.databaseUrl, drop: async () => undefined } : await createTestDatabase();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    CLOCK: 'movable',
    DEMO: opts.demo === false ? 'false' : 'true',
    DEMO_PROJECTS: 'false', // tests make the projects they need
    LOG_LEVEL: 'silent',
    SCHEDULER_INTERVAL_MS: '0',
    ...opts.env,
  });
  const platform = await startPlatform(config, db.url, { onQuery: opts.onQuery, madeAt: opts.databaseUrl ? undefined : MADE_AT });
  const baseUrl = `http://127.0.0.1:${platform.port}`;
  return {
    baseUrl,
    graphqlUrl: `${baseUrl}/graphql`,
    wsUrl: `ws://127.0.0.1:${platform.port}/graphql`,
    databaseUrl: db.url,
    platform,
    close: async () => {
      await platform.close();
      await db.drop();
    },
    stop: () => platform.close(),
  };
}
