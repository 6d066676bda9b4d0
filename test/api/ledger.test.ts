/**
 * The transparency ledger: project acts are appended with the state change; the incremental head equals
 * a full recomputation; checkpoints, inclusion and consistency proofs verify with the offline CLI; the
 * table is append-only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { runCli } from '../support/cli';
import { gql, loginAs } from '../support/graphql';
import { startTestApp, type TestApp } from '../support/app';
import { createProject, publishProject, SCHEDULES, setClock, T0, userIds } from '../support/projects';

/** the offline verifier: its stdout when it exits 0; rejects with {code, stdout, stderr} otherwise */
const verify = (...args: string[]) => runCli(...args).then((r) => (r.code === 0 ? r.stdout.trim() : Promise.reject(r)));

let app: TestApp;
let dir: string;
let projectId: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenderhall-ledger-'));
  app = await startTestApp({ demo: true });
  await setClock(app, T0);
  const tenderee = await loginAs(app.graphqlUrl, 'tenderee');
  const custodians = await userIds(app, await loginAs(app.graphqlUrl, 'admin'), 'supervisor', 'tenderee', 'admin');
  const { project } = await createProject(app, tenderee, { title: '急救车采购', method: 'GP_OPEN_TENDER', schedule: SCHEDULES.GP_OPEN_TENDER });
  projectId = project.id;
  await fetch(`${app.baseUrl}/api/projects/${projectId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${tenderee}`, 'x-file-name': 'tender.pdf' }, body: 'documents' });
  expect((await publishProject(app, tenderee, { projectId, announcement: '公告', custodianUserIds: custodians })).errors).toEqual([]);
});
afterAll(async () => {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const checkpoint = async () => (await gql(app.graphqlUrl, '{ ledgerCheckpoint { size rootHash note verifierKey } }')).data!.ledgerCheckpoint;
const entries = async () => (await gql(app.graphqlUrl, '{ ledgerEntries(first: 100) { totalCount edges { node { index kind data } } } }')).data!.ledgerEntries;

test('publication is in the ledger with the document hashes, the opening certificate and the share hashes', async () => {
  const { edges } = await entries();
  const published = edges.map((e: any) => e.node).find((n: any) => n.kind === 'project.published');
  const data = JSON.parse(published.data);
  expect(data).toMatchObject({ projectId, method: 'GP_OPEN_TENDER', documents: [{ name: 'tender.pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }], openingCertificateSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  expect(data.keyCeremony.shares).toHaveLength(3);
  expect(data.keyCeremony.threshold).toBe(2);
  expect(edges.map((e: any) => e.node.kind)).toContain('project.transition');
});

test('the incremental head equals the root recomputed from every entry (`verify log-root`)', async () => {
  const cp = await checkpoint();
  const { edges, totalCount } = await entries();
  expect(cp.size).toBe(totalCount);
  const leavesFile = path.join(dir, 'leaves.json');
  fs.writeFileSync(leavesFile, JSON.stringify(edges.map((e: any) => Buffer.from(e.node.data, 'utf8').toString('hex'))));
  expect(await verify('log-root', leavesFile, '--expect', cp.rootHash)).toContain(cp.rootHash);
});

test('inclusion and consistency proofs verify offline against signed checkpoints', async () => {
  const before = await checkpoint();
  fs.writeFileSync(path.join(dir, 'old.cp'), before.note);
  fs.writeFileSync(path.join(dir, 'log.pub'), before.verifierKey);
  // more acts: an amendment appends entries
  const tenderee = await loginAs(app.graphqlUrl, 'tenderee');
  await gql(app.graphqlUrl, 'mutation($i: AmendProjectInput!) { amendProject(input: $i) { errors { code } } }', { i: { projectId, note: '补充' } }, tenderee);
  const after = await checkpoint();
  expect(after.size).toBeGreaterThan(before.size);
  fs.writeFileSync(path.join(dir, 'new.cp'), after.note);

  const proof = (await gql(app.graphqlUrl, 'query($i: Int!, $n: Int!) { ledgerInclusionProof(index: $i, treeSize: $n) { index treeSize leafHash rootHash path } }', { i: 1, n: after.size })).data!.ledgerInclusionProof;
  fs.writeFileSync(path.join(dir, 'inclusion.json'), JSON.stringify(proof));
  expect(await verify('inclusion', path.join(dir, 'inclusion.json'), '--checkpoint', path.join(dir, 'new.cp'), '--key', path.join(dir, 'log.pub'))).toMatch(/^included/);

  const consistency = (await gql(app.graphqlUrl, 'query($o: Int!, $n: Int!) { ledgerConsistencyProof(oldSize: $o, newSize: $n) { oldSize newSize oldRootHash newRootHash path } }', { o: before.size, n: after.size })).data!.ledgerConsistencyProof;
  fs.writeFileSync(path.join(dir, 'consistency.json'), JSON.stringify(consistency));
  expect(await verify('consistency', path.join(dir, 'consistency.json'), '--old', path.join(dir, 'old.cp'), '--new', path.join(dir, 'new.cp'), '--key', path.join(dir, 'log.pub'))).toMatch(/^consistent/);

  // a forked history: the same proof against a checkpoint whose root was changed does not verify
  const forged = { ...consistency, path: consistency.path.map((h: string, i: number) => (i === 0 ? h.replace(/^./, (c) => (c === '0' ? '1' : '0')) : h)) };
  fs.writeFileSync(path.join(dir, 'forged.json'), JSON.stringify(forged));
  await expect(verify('consistency', path.join(dir, 'forged.json'), '--old', path.join(dir, 'old.cp'), '--new', path.join(dir, 'new.cp'), '--key', path.join(dir, 'log.pub'))).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/not consistent/) });
  // a tampered checkpoint note is refused
  fs.writeFileSync(path.join(dir, 'tampered.cp'), after.note.replace(`\n${after.size}\n`, `\n${after.size + 1}\n`));
  await expect(verify('inclusion', path.join(dir, 'inclusion.json'), '--checkpoint', path.join(dir, 'tampered.cp'), '--key', path.join(dir, 'log.pub'))).rejects.toMatchObject({ code: 1 });
});

test('bad proof requests are bad input', async () => {
  const res = await gql(app.graphqlUrl, '{ ledgerInclusionProof(index: 5, treeSize: 100000) { path } }');
  expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
});

test('UPDATE, DELETE and TRUNCATE of ledger entries and checkpoints are rejected by the database', async () => {
  const client = new Client({ connectionString: app.databaseUrl });
  await client.connect();
  try {
    await expect(client.query("update ledger_entry set data = '{}' where idx = 0")).rejects.toThrow(/append-only/);
    await expect(client.query('delete from ledger_entry')).rejects.toThrow(/append-only/);
    await expect(client.query('truncate ledger_entry cascade')).rejects.toThrow(/append-only/);
    await expect(client.query('delete from ledger_checkpoint')).rejects.toThrow(/append-only/);
  } finally {
    await client.end();
  }
});
