/**
 * `npm start` as a newcomer runs it: no DATABASE_URL, so an embedded PostgreSQL starts under DATA_DIR,
 * migrations and demo data load, GraphQL and the web app answer; a restart keeps the data and loads nothing twice.
 * Runs the compiled server (npm test builds it first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../api/src/db/embedded';
import { gql, loginAs } from '../support/graphql';

const root = path.resolve(__dirname, '..', '..');
const main = path.join(root, 'dist', 'api', 'src', 'main.js');
const dataDir = path.join(os.tmpdir(), `tenderhall-npm-start-${process.pid}`);

function start(port: number): Promise<{ child: ChildProcess; output: () => string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('tenderhall is running')) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

beforeAll(() => {
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run \`npm run build:api\` (npm test does)`);
  fs.rmSync(dataDir, { recursive: true, force: true });
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test('starts on an embedded PostgreSQL with demo data, and restarts on the same data', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const first = await start(port);
  let caPem: string;
  try {
    expect(first.output()).toMatch(/embedded PostgreSQL/);
    expect(first.output()).toMatch(/loaded demo data/);
    expect((await gql(url, '{ __typename }')).data).toEqual({ __typename: 'Query' });
    const page = await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await loginAs(url, 'admin')).toEqual(expect.any(String));
    // two demo projects, published through the tenderee's own path: dated from platform time by the rules, announced, in the ledger
    const projects = (await gql(url, '{ projects(first: 10) { edges { node { title method status documentsFrom bidDeadline announcements { kind } } } } }', {}, await loginAs(url, 'bidder1'))).data!.projects.edges.map((e: any) => e.node);
    expect(projects.map((p: any) => [p.method, p.status]).sort()).toEqual([['CONSTRUCTION_OPEN_TENDER', 'PUBLISHED'], ['GP_OPEN_TENDER', 'PUBLISHED']]);
    for (const p of projects) {
      expect(p.announcements.length).toBeGreaterThan(0);
      expect(new Date(p.documentsFrom).getTime()).toBeGreaterThanOrEqual(Date.now() - 60_000);
      expect(new Date(p.bidDeadline).getTime() - new Date(p.documentsFrom).getTime()).toBeGreaterThanOrEqual(19 * 86_400_000); // rule: ≥ 20 days from documents to bids
    }
    caPem = (await gql(url, '{ platformTrust { caCertificatePem } }')).data!.platformTrust.caCertificatePem;
    // a second start on the same data folder says what is wrong, instead of failing somewhere inside PostgreSQL
    await expect(start(await freePort())).rejects.toThrow(/A PostgreSQL \(pid \d+\) is already running on .* is tenderhall already running\?/);
  } finally {
    expect(await stop(first.child)).toBe(0);
  }
  expect(fs.existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);

  const second = await start(port);
  try {
    expect(second.output()).not.toMatch(/loaded demo data/);
    const again = (await gql(url, '{ projects(first: 10) { edges { node { id } } } }', {}, await loginAs(url, 'bidder1'))).data!.projects.edges;
    expect(again).toHaveLength(2); // nothing made twice
    expect((await gql(url, '{ platformTrust { caCertificatePem } }')).data!.platformTrust.caCertificatePem).toBe(caPem);
    expect(await loginAs(url, 'bidder1')).toEqual(expect.any(String));
  } finally {
    expect(await stop(second.child)).toBe(0);
  }
});
