/**
 * Sealed bid submission end to end: a bidder with its own keys seals (as the browser or CLI would),
 * uploads across a broken connection, submits, gets a receipt the offline CLI verifies; every check at
 * the door has its own error code and stores nothing; the deadline is database time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { runCli } from '../../support/cli';
import { gql, loginAs } from '../../support/graphql';
import { startTestApp, type TestApp } from '../../support/app';
import { bidderWithOwnKeys, createUpload, putChunk, seal, submit, uploadAll, type BidderKeys } from '../../support/bidder';
import { createProject, cst, publishProject, SCHEDULES, setClock, T0, userIds } from '../../support/projects';

const PLAINTEXT = 'PLAINTEXT-MARKER 投标总价 1234567.89 元';

let app: TestApp;
let projectId: string;
let lotId: string;
let openingCert: string;
let bidder1: BidderKeys;
let bidder2: BidderKeys;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenderhall-bids-'));
  app = await startTestApp({ demo: true });
  await setClock(app, T0);
  const tenderee = await loginAs(app.graphqlUrl, 'tenderee');
  const custodians = await userIds(app, await loginAs(app.graphqlUrl, 'admin'), 'supervisor', 'tenderee', 'admin');
  const { project } = await createProject(app, tenderee, { title: '放射科设备采购', method: 'GP_OPEN_TENDER', schedule: SCHEDULES.GP_OPEN_TENDER });
  projectId = project.id;
  const published = await publishProject(app, tenderee, { projectId, announcement: '公告', custodianUserIds: custodians });
  openingCert = published.project.openingCertificatePem;
  lotId = (await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { lots { id } } }', { id: projectId })).data!.project.lots[0].id;
  await setClock(app, cst('2026-11-24T10:05:00'));
  await app.platform.services.projectClock.tick(); // documents issued → BIDDING
  bidder1 = await bidderWithOwnKeys(app, await loginAs(app.graphqlUrl, 'bidder1'));
  bidder2 = await bidderWithOwnKeys(app, await loginAs(app.graphqlUrl, 'bidder2'));
  for (const b of [bidder1, bidder2]) await gql(app.graphqlUrl, 'mutation($i: RegisterForProjectInput!) { registerForProject(input: $i) { errors { code } } }', { i: { projectId } }, b.token);
});
afterAll(async () => {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ledgerSize = async () => (await gql(app.graphqlUrl, '{ ledgerCheckpoint { size } }')).data!.ledgerCheckpoint.size as number;
const myBids = async (b: BidderKeys) => (await gql(app.graphqlUrl, 'query($p: ID!) { myBids(projectId: $p) { id rev status } }', { p: projectId }, b.token)).data!.myBids;

test('seal → upload across a broken connection → submit → receipt verified offline; a retry changes nothing', async () => {
  const pkg = await seal(bidder1, { projectId, lotId }, PLAINTEXT, [bidder1.encryption.certPem, openingCert]);
  const { upload } = await createUpload(app, bidder1.token, projectId, lotId, pkg.bidCms);
  const half = Math.floor(pkg.bidCms.length / 2);
  expect((await putChunk(app, bidder1.token, upload.id, 0, pkg.bidCms.subarray(0, half))).status).toBe(204);
  // the connection drops; the client retries from a wrong offset and is told where to resume
  const wrong = await putChunk(app, bidder1.token, upload.id, 0, pkg.bidCms.subarray(0, 10));
  expect(wrong.status).toBe(409);
  const head = await fetch(`${app.baseUrl}/api/bid-uploads/${upload.id}`, { method: 'HEAD', headers: { authorization: `Bearer ${bidder1.token}` } });
  expect(Number(head.headers.get('upload-offset'))).toBe(half);
  expect((await putChunk(app, bidder1.token, upload.id, half, pkg.bidCms.subarray(half))).status).toBe(204);

  const res = await submit(app, bidder1.token, upload.id, pkg, 'key-1');
  expect(res.data!.submitBid.errors).toEqual([]);
  const { bid, receipt } = res.data!.submitBid;
  expect(bid).toMatchObject({ rev: 1, status: 'SUBMITTED' });

  const checkpoint = (await gql(app.graphqlUrl, '{ ledgerCheckpoint { note verifierKey } }')).data!.ledgerCheckpoint;
  fs.writeFileSync(path.join(dir, 'receipt.json'), receipt);
  fs.writeFileSync(path.join(dir, 'checkpoint.txt'), checkpoint.note);
  fs.writeFileSync(path.join(dir, 'log.pub'), checkpoint.verifierKey);
  const verified = await runCli('receipt', path.join(dir, 'receipt.json'), '--checkpoint', path.join(dir, 'checkpoint.txt'), '--key', path.join(dir, 'log.pub'), '--manifest-sha256', bid.manifestSha256);
  expect(verified).toMatchObject({ code: 0, stdout: expect.stringMatching(/^receipt valid/) });
  // a tampered receipt fails with a reason
  fs.writeFileSync(path.join(dir, 'bad.json'), receipt.replace(bid.manifestSha256, bid.manifestSha256.replace(/^./, (c: string) => (c === 'a' ? 'b' : 'a'))));
  expect(await runCli('receipt', path.join(dir, 'bad.json'), '--checkpoint', path.join(dir, 'checkpoint.txt'), '--key', path.join(dir, 'log.pub'))).toMatchObject({ code: 1, stderr: expect.stringMatching(/^FAIL receipt: /) });

  const size = await ledgerSize();
  const retry = await submit(app, bidder1.token, upload.id, pkg, 'key-1');
  expect(retry.data!.submitBid).toEqual({ bid, receipt, errors: [] });
  expect(await ledgerSize()).toBe(size);
  expect(await myBids(bidder1)).toHaveLength(1);
});

describe('checks at the door: a distinct code each, and nothing stored', () => {
  const attempt = async (pkgBytes: { bidCms: Uint8Array; manifestJson: Uint8Array; manifestP7s: Uint8Array }, who: BidderKeys, key: string) => {
    const before = { ledger: await ledgerSize(), bids: (await myBids(who)).length };
    const uploadId = await uploadAll(app, who.token, projectId, lotId, pkgBytes.bidCms);
    const res = await submit(app, who.token, uploadId, pkgBytes, key);
    expect(res.data!.submitBid.bid).toBeNull();
    expect(await ledgerSize()).toBe(before.ledger);
    expect((await myBids(who)).length).toBe(before.bids);
    return res.data!.submitBid.errors.map((e: { code: string }) => e.code);
  };

  test('sealed for another project', async () => {
    const pkg = await seal(bidder2, { projectId: '00000000-0000-4000-8000-000000000001', lotId }, 'x', [bidder2.encryption.certPem, openingCert]);
    expect(await attempt(pkg, bidder2, 'k-project')).toContain('WRONG_PROJECT');
  });

  test('a bad signature', async () => {
    const pkg = await seal(bidder2, { projectId, lotId }, 'x', [bidder2.encryption.certPem, openingCert]);
    const p7s = pkg.manifestP7s.slice();
    p7s[p7s.length - 5] ^= 0x01;
    expect(await attempt({ ...pkg, manifestP7s: p7s }, bidder2, 'k-sig')).toEqual(['SIGNATURE_INVALID']);
  });

  test('missing the opening recipient the policy requires', async () => {
    const pkg = await seal(bidder2, { projectId, lotId }, 'x', [bidder2.encryption.certPem]);
    expect(await attempt(pkg, bidder2, 'k-recipient')).toContain('OPENING_RECIPIENT_MISSING');
  });

  test('a tampered byte of bid.cms', async () => {
    const pkg = await seal(bidder2, { projectId, lotId }, 'x', [bidder2.encryption.certPem, openingCert]);
    const cms = pkg.bidCms.slice();
    cms[cms.length - 20] ^= 0x01;
    expect(await attempt({ ...pkg, bidCms: cms }, bidder2, 'k-tamper')).toContain('HASH_MISMATCH');
  });

  test('a revoked signing certificate', async () => {
    const revoker = await bidderWithOwnKeys(app, await loginAs(app.graphqlUrl, 'bidder3'));
    await gql(app.graphqlUrl, 'mutation($i: RegisterForProjectInput!) { registerForProject(input: $i) { errors { code } } }', { i: { projectId } }, revoker.token);
    const certs = (await gql(app.graphqlUrl, '{ myCertificates { id pem } }', {}, revoker.token)).data!.myCertificates;
    const signing = certs.find((c: { pem: string }) => c.pem.trim() === revoker.signing.certPem.trim());
    await gql(app.graphqlUrl, 'mutation($c: ID!) { revokeCertificate(input: {certificateId: $c, reason: keyCompromise}) { errors { code } } }', { c: signing.id }, revoker.token);
    const pkg = await seal(revoker, { projectId, lotId }, 'x', [revoker.encryption.certPem, openingCert]);
    expect(await attempt(pkg, revoker, 'k-revoked')).toEqual(['CERTIFICATE_REVOKED']);
  });

  test('signed with another organisation\'s certificate', async () => {
    const pkg = await seal({ ...bidder2, organisationId: bidder2.organisationId, signing: bidder1.signing }, { projectId, lotId }, 'x', [bidder2.encryption.certPem, openingCert]);
    expect(await attempt(pkg, bidder2, 'k-other')).toEqual(['CERTIFICATE_NOT_OF_BIDDER']);
  });
});

test('a replacement keeps the history; the last one counts; a withdrawal is logged', async () => {
  const [current] = await myBids(bidder1);
  const { manifestSha256 } = (await gql(app.graphqlUrl, 'query($p: ID!) { myBids(projectId: $p) { manifestSha256 } }', { p: projectId }, bidder1.token)).data!.myBids[0];
  const pkg = await seal(bidder1, { projectId, lotId, rev: 2, prevManifestSha256: manifestSha256 }, `${PLAINTEXT} (rev 2)`, [bidder1.encryption.certPem, openingCert]);
  const res = await submit(app, bidder1.token, await uploadAll(app, bidder1.token, projectId, lotId, pkg.bidCms), pkg, 'key-2');
  expect(res.data!.submitBid.bid).toMatchObject({ rev: 2, status: 'SUBMITTED' });
  expect((await myBids(bidder1)).map((b: { rev: number; status: string }) => [b.rev, b.status])).toEqual([[2, 'SUBMITTED'], [1, 'REPLACED']]);
  expect(current.rev).toBe(1);

  const stale = await seal(bidder1, { projectId, lotId, rev: 2, prevManifestSha256: manifestSha256 }, 'stale', [bidder1.encryption.certPem, openingCert]);
  const staleRes = await submit(app, bidder1.token, await uploadAll(app, bidder1.token, projectId, lotId, stale.bidCms), stale, 'key-stale');
  expect(staleRes.data!.submitBid.errors.map((e: { code: string }) => e.code)).toContain('WRONG_REVISION');

  // bidder2 submits and withdraws
  const pkg2 = await seal(bidder2, { projectId, lotId }, 'bidder2 offer', [bidder2.encryption.certPem, openingCert]);
  const sub2 = await submit(app, bidder2.token, await uploadAll(app, bidder2.token, projectId, lotId, pkg2.bidCms), pkg2, 'b2');
  const withdraw = await gql(app.graphqlUrl, 'mutation($i: WithdrawBidInput!) { withdrawBid(input: $i) { bid { status } errors { code } } }', { i: { bidId: sub2.data!.submitBid.bid.id } }, bidder2.token);
  expect(withdraw.data!.withdrawBid).toEqual({ bid: { status: 'WITHDRAWN' }, errors: [] });
  const kinds = (await gql(app.graphqlUrl, 'query($p: ID) { ledgerEntries(first: 100, projectId: $p) { edges { node { kind } } } }', { p: projectId })).data!.ledgerEntries.edges.map((e: { node: { kind: string } }) => e.node.kind);
  expect(kinds.filter((k: string) => k === 'bid.submitted')).toHaveLength(3);
  expect(kinds).toContain('bid.withdrawn');
});

test('nobody but the owner sees a bid before the deadline', async () => {
  const [own] = await myBids(bidder1);
  const download = (token: string) => fetch(`${app.baseUrl}/api/bids/${own.id}/bid.cms`, { headers: { authorization: `Bearer ${token}` } });
  const mine = await download(bidder1.token);
  expect(mine.status).toBe(200);
  expect(Buffer.from(await mine.arrayBuffer())[0]).toBe(0x30); // a DER SEQUENCE: ciphertext, as uploaded
  for (const who of ['bidder2', 'tenderee', 'supervisor', 'admin']) expect((await download(await loginAs(app.graphqlUrl, who))).status).toBe(404);
  for (const who of ['tenderee', 'supervisor', 'admin', 'agent']) {
    const res = await gql(app.graphqlUrl, 'query($p: ID!) { myBids(projectId: $p) { id } }', { p: projectId }, await loginAs(app.graphqlUrl, who));
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  }
  const theirs = await myBids(bidder2);
  expect(theirs).toEqual([expect.objectContaining({ id: expect.any(String), status: 'WITHDRAWN' })]); // bidder2 sees only its own
  expect(theirs.map((b: { id: string }) => b.id)).not.toContain(own.id);
});

test('the database holds no plaintext and no bidder private key', async () => {
  const client = new Client({ connectionString: app.databaseUrl });
  await client.connect();
  try {
    const tables = (await client.query("select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'")).rows.map((r) => r.table_name as string);
    let dump = '';
    for (const table of tables) {
      const rows = (await client.query(`select * from "${table}"`)).rows;
      dump += JSON.stringify(rows, (_k, v) => (v && v.type === 'Buffer' ? Buffer.from(v.data).toString('latin1') : v));
    }
    expect(dump.length).toBeGreaterThan(10_000);
    expect(dump).not.toContain('PLAINTEXT-MARKER');
    expect(dump).not.toContain('1234567.89');
    for (const b of [bidder1, bidder2]) for (const key of [b.signing.keyPem, b.encryption.keyPem]) expect(dump).not.toContain(key.split('\n')[5]);
  } finally {
    await client.end();
  }
});

test('one millisecond after the deadline (database time) the door is shut, whatever the client clock says', async () => {
  const pkg = await seal(bidder2, { projectId, lotId }, 'late', [bidder2.encryption.certPem, openingCert]);
  const uploadId = await uploadAll(app, bidder2.token, projectId, lotId, pkg.bidCms);
  await setClock(app, new Date(SCHEDULES.GP_OPEN_TENDER.bidDeadline.getTime() + 1));
  try {
    const token = await loginAs(app.graphqlUrl, 'bidder2');
    const res = await submit(app, token, uploadId, pkg, 'late');
    expect(res.data!.submitBid.errors.map((e: { code: string }) => e.code)).toEqual(['DEADLINE_PASSED']);
    // the scheduler seals the set: one valid bidder (bidder1) is fewer than 3 → FAILED
    await app.platform.services.projectClock.tick();
    const project = (await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { status statusReason } }', { id: projectId })).data!.project;
    expect(project).toEqual({ status: 'FAILED', statusReason: expect.stringMatching(/Only 1 valid bid/) });
  } finally {
    await setClock(app, cst('2026-11-24T10:05:00'));
  }
});
