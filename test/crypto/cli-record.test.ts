/**
 * `verify record BUNDLE.json --key PUB [--ca CA.pem] [--seal-authority CERT.pem]`: a published
 * opening-record bundle built by hand — the record sealed by a HOST and a SUPERVISOR (crypto/eseal,
 * a test CA), logged in a small ledger (crypto/merkle) with a signed checkpoint — verifies, and
 * tampering with any part of it fails with a one-line reason.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { toBase64, toHex, utf8 } from '../../crypto/bytes';
import { canonicalJson } from '../../crypto/canonical-json';
import { main } from '../../crypto/cli';
import { generateEd25519 } from '../../crypto/ed25519';
import { IssuedSeal, issueSeal, renderSealSvg, sealDocument } from '../../crypto/eseal';
import { encodeSignerKey, encodeVerifierKey, inclusionProof, leafHash, parseSignerKey, signCheckpoint, treeRoot, type NoteSignerKey } from '../../crypto/merkle';
import { ESealWorld, NOW, Party, at, makeParty, makeWorld, tempDir, write } from './eseal-fixtures';

jest.setTimeout(120_000);
const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = path.join(ROOT, 'crypto', 'cli.ts');
const ORIGIN = 'tenderhall.example/ledger';
const PROJECT = '6f1c2a9e-0000-4000-8000-000000000007';

type Bundle = Record<string, any>;

const dir = tempDir();
let w: ESealWorld;
let supervisor: Party;
let supervisorSeal: IssuedSeal;
let logKey: NoteSignerKey;
let otherLogKey: NoteSignerKey;
let good: Bundle;

const RECORD = canonicalJson({
  v: 'opening-record/1', projectId: PROJECT, lotId: 'LOT-1', openedAt: NOW.toISOString(),
  bids: [{ bidder: '华东建设集团有限公司', price: '1234567.89' }, { bidder: '闽江医疗设备有限公司', price: '1198000.00' }],
});
const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const entryData = (recordSha256: string, kind = 'opening.record', loggedAt = NOW) => canonicalJson({ kind, at: loggedAt.toISOString(), projectId: PROJECT, recordSha256, signers: 2 });
const signingTime = () => new Date(NOW.getTime() - 10 * 60_000);

async function sealWith(party: Party, seal: IssuedSeal, document = utf8(RECORD), time = signingTime()): Promise<string> {
  const { envelope } = await sealDocument({
    document, sealRecord: seal.signedRecord, signerCertificate: party.certPem, sign: party.sign, signingTime: time,
    documentName: 'opening-record.json', purpose: 'opening-record', chain: [w.issuing.certPem],
  });
  return toBase64(envelope);
}

/** A ledger of `size` entries with `data` at index 3; proof for `proofSize`, checkpoint for `checkpointSize` signed by `key`. */
async function ledgerWith(data: string, opts: { size?: number; proofSize?: number; checkpointSize?: number; key?: NoteSignerKey } = {}) {
  const size = opts.size ?? 5;
  const entries = Array.from({ length: size }, (_, i) => (i === 3 ? data : canonicalJson({ kind: 'bid.submitted', at: at(-1 + i / 100).toISOString(), projectId: PROJECT, n: i })));
  const hashes = await Promise.all(entries.map((e) => leafHash(utf8(e))));
  const proofSize = opts.proofSize ?? size;
  const checkpointSize = opts.checkpointSize ?? proofSize;
  return {
    entry: { index: 3, data },
    proof: { index: 3, leafHash: toHex(hashes[3]), path: (await inclusionProof(hashes, 3, proofSize)).map(toHex), rootHash: toHex(await treeRoot(hashes, proofSize)), treeSize: proofSize },
    checkpoint: await signCheckpoint({ origin: ORIGIN, size: checkpointSize, rootHash: await treeRoot(hashes, checkpointSize), extensions: [] }, [opts.key ?? logKey]),
  };
}

function file(name: string, bundle: Bundle): string {
  return write(dir, name, JSON.stringify(bundle, null, 2));
}

/** Runs the CLI in this process; stdout/stderr captured. */
async function verifyInProcess(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => { stdout += String(chunk); return true; });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { stderr += String(chunk); return true; });
  try {
    return { status: await main(['record', ...args]), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

function expectFailure(r: { status: number | null; stderr: string; stdout: string }, pattern: RegExp): void {
  expect(r.stdout).toBe('');
  expect(r.status).not.toBe(0);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

const clone = (b: Bundle): Bundle => JSON.parse(JSON.stringify(b));

beforeAll(async () => {
  w = await makeWorld();
  supervisor = await makeParty(w.issuing, '监督员 王敏');
  supervisorSeal = await issueSeal({
    sealId: 'PS-supervisor', name: '监督员 王敏 电子签名', kind: 'PERSONAL', organisationName: '示范市财政局政府采购监督管理处',
    image: { mediaType: 'image/svg+xml', bytes: utf8(renderSealSvg({ organisationName: '示范市财政局政府采购监督管理处', kind: 'PERSONAL', label: '王敏' })) },
    validFrom: at(-1), validTo: at(1), allowedCertificates: [supervisor.certPem], issuedAt: at(-1),
  }, { certificate: w.authority.certPem, sign: w.authority.sign, chain: [w.issuing.certPem] });

  const kp = await generateEd25519();
  logKey = parseSignerKey(await encodeSignerKey(ORIGIN, kp.publicKey, kp.seed));
  write(dir, 'log.pub', await encodeVerifierKey(ORIGIN, kp.publicKey));
  const other = await generateEd25519();
  otherLogKey = parseSignerKey(await encodeSignerKey(ORIGIN, other.publicKey, other.seed));
  write(dir, 'other-log.pub', await encodeVerifierKey(ORIGIN, other.publicKey));
  write(dir, 'root.pem', w.root.certPem);
  write(dir, 'foreign-root.pem', w.foreignRoot.certPem);
  write(dir, 'authority.pem', w.authority.certPem);
  write(dir, 'colleague.pem', w.colleague.certPem);

  good = {
    v: 'tenderhall-opening-record/1',
    record: RECORD,
    recordSha256: sha256Hex(RECORD),
    seals: [
      { role: 'HOST', envelope: await sealWith(w.signer, w.seal) },
      { role: 'SUPERVISOR', envelope: await sealWith(supervisor, supervisorSeal) },
    ],
    ledger: await ledgerWith(entryData(sha256Hex(RECORD))),
    trustAnchorPems: [w.root.certPem],
  };
  file('good.json', good);
  file('pinned.json', { ...good, sealAuthorityPems: [w.authority.certPem] });
});

const f = (name: string) => path.join(dir, name);

test('a genuine bundle verifies with `npm run verify -- record` (spawned), naming the trust anchors and seal authorities used', () => {
  const r = spawnSync(TSX, [CLI, 'record', f('good.json'), '--key', f('log.pub')], { cwd: ROOT, encoding: 'utf8' });
  expect([r.status, r.stderr]).toEqual([0, '']);
  expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
  const out = JSON.parse(r.stdout);
  expect(out).toMatchObject({
    valid: 'opening-record',
    recordSha256: sha256Hex(RECORD),
    ledger: { origin: ORIGIN, index: 3, treeSize: 5, loggedAt: NOW.toISOString() },
    trustAnchors: 'bundle trustAnchorPems (1)',
    sealAuthorities: expect.stringMatching(/not pinned/),
    seals: [
      { role: 'HOST', signer: '张三', organisation: '示范招标代理有限公司', sealId: 'SEAL-0001', signerCertificateSha256: w.signer.fingerprint },
      { role: 'SUPERVISOR', signer: '监督员 王敏', sealId: 'PS-supervisor', signerCertificateSha256: supervisor.fingerprint },
    ],
  });
});

test('a failure is a non-zero exit with one line on stderr (spawned)', () => {
  const bad = clone(good);
  bad.record = bad.record.replace('1234567.89', '1234567.80');
  file('spawn-bad.json', bad);
  const r = spawnSync(TSX, [CLI, 'record', f('spawn-bad.json'), '--key', f('log.pub')], { cwd: ROOT, encoding: 'utf8' });
  expectFailure(r, /^FAIL record: record: its SHA-256 is [0-9a-f]{64}, the bundle names/);
});

test('--ca and --seal-authority pin what the bundle would otherwise say for itself', async () => {
  const withCa = await verifyInProcess(file('ca.json', { ...good, trustAnchorPems: [w.foreignRoot.certPem] }), '--key', f('log.pub'), '--ca', f('root.pem'));
  expect([withCa.status, withCa.stderr]).toEqual([0, '']);
  expect(JSON.parse(withCa.stdout).trustAnchors).toBe('--ca (1 file)');

  const pinned = await verifyInProcess(f('pinned.json'), '--key', f('log.pub'));
  expect([pinned.status, pinned.stderr]).toEqual([0, '']);
  expect(JSON.parse(pinned.stdout).sealAuthorities).toBe('bundle sealAuthorityPems (1)');

  const flag = await verifyInProcess(f('good.json'), '--key', f('log.pub'), '--seal-authority', f('authority.pem'), '--ca', f('root.pem'));
  expect([flag.status, flag.stderr]).toEqual([0, '']);
  expect(JSON.parse(flag.stdout)).toMatchObject({ trustAnchors: '--ca (1 file)', sealAuthorities: '--seal-authority (1 file)' });
});

type Tamper = (b: Bundle) => Promise<void> | void;
const cases: [string, Tamper, RegExp, string[]?][] = [
  ['the record altered', (b) => { b.record = b.record.replace('1234567.89', '1234567.80'); }, /record: its SHA-256 is/],
  ['the record and its hash altered together (the seals and the ledger no longer match)', async (b) => {
    b.record = b.record.replace('1234567.89', '1234567.80');
    b.recordSha256 = sha256Hex(b.record);
  }, /ledger: the entry logs recordSha256/],
  ['… and the ledger too: the seals still do not match', async (b) => {
    b.record = b.record.replace('1234567.89', '1234567.80');
    b.recordSha256 = sha256Hex(b.record);
    b.ledger = await ledgerWith(entryData(b.recordSha256));
  }, /seal 0 \(HOST\): DOCUMENT_MISMATCH/],
  ['a seal over another document', async (b) => { b.seals[1].envelope = await sealWith(supervisor, supervisorSeal, utf8(`${RECORD} `)); }, /seal 1 \(SUPERVISOR\): DOCUMENT_MISMATCH/],
  ['a seal envelope with a flipped byte', (b) => {
    const bytes = Buffer.from(b.seals[0].envelope, 'base64');
    bytes[bytes.length - 40] ^= 1;
    b.seals[0].envelope = bytes.toString('base64');
  }, /seal 0 \(HOST\): (MALFORMED|SIGNATURE_INVALID|SEAL_RECORD_INVALID)/],
  ['a seal envelope that is not base64', (b) => { b.seals[0].envelope = 'not base64!'; }, /seal 0 \(HOST\): MALFORMED/],
  ['no SUPERVISOR seal', (b) => { b.seals = b.seals.slice(0, 1); }, /no SUPERVISOR seal/],
  ['the SUPERVISOR seal relabelled HOST', (b) => { b.seals[1].role = 'HOST'; }, /no SUPERVISOR seal/],
  ['an unknown role', (b) => { b.seals[1].role = 'WITNESS'; }, /seal 1 \(WITNESS\): the role must be HOST or SUPERVISOR/],
  ['one certificate sealing as HOST and as SUPERVISOR', async (b) => { b.seals[1].envelope = await sealWith(w.signer, w.seal); }, /seals as HOST and as SUPERVISOR/],
  ['a seal signed after the logged time', async (b) => { b.seals[1].envelope = await sealWith(supervisor, supervisorSeal, utf8(RECORD), new Date(NOW.getTime() + 3_600_000)); }, /seal 1 \(SUPERVISOR\): SIGNING_TIME_INVALID/],
  ['a seal record signed by someone who is not the pinned seal authority', async (b) => {
    // a platform-CA signing certificate (the colleague's) playing seal authority
    const forged = await issueSeal({
      sealId: 'PS-supervisor', name: '监督员 王敏 电子签名', kind: 'PERSONAL', organisationName: '示范市财政局政府采购监督管理处',
      image: { mediaType: 'image/svg+xml', bytes: utf8(renderSealSvg({ organisationName: '示范市财政局政府采购监督管理处', kind: 'PERSONAL' })) },
      validFrom: at(-1), validTo: at(1), allowedCertificates: [supervisor.certPem], issuedAt: at(-1),
    }, { certificate: w.colleague.certPem, sign: w.colleague.sign, chain: [w.issuing.certPem] });
    b.seals[1].envelope = await sealWith(supervisor, forged);
    b.sealAuthorityPems = [w.authority.certPem];
  }, /seal 1 \(SUPERVISOR\): SEAL_RECORD_INVALID: the seal record is not signed by a seal authority/],
  ['the bundle’s own trust anchors are not the ones the seals chain to', (b) => { b.trustAnchorPems = [w.foreignRoot.certPem]; }, /seal 0 \(HOST\): SEAL_RECORD_INVALID: seal authority: /],
  ['good bundle, but --ca names another CA', () => undefined, /seal 0 \(HOST\): SEAL_RECORD_INVALID/, ['--ca', 'foreign-root.pem']],
  ['good bundle, but --seal-authority names another certificate', () => undefined, /SEAL_RECORD_INVALID: the seal record is not signed by a seal authority/, ['--seal-authority', 'colleague.pem']],
  ['the ledger entry data altered', (b) => { b.ledger.entry.data = b.ledger.entry.data.replace('"signers":2', '"signers":3'); }, /ledger: the entry's leaf hash is/],
  ['the ledger entry data altered with a matching leaf hash', async (b) => {
    b.ledger.entry.data = b.ledger.entry.data.replace('"signers":2', '"signers":3');
    b.ledger.proof.leafHash = toHex(await leafHash(utf8(b.ledger.entry.data)));
  }, /ledger: the inclusion proof does not verify/],
  ['a ledger entry of another kind', async (b) => { b.ledger = await ledgerWith(entryData(b.recordSha256, 'bid.submitted')); }, /ledger: the entry is of kind "bid.submitted"/],
  ['a ledger entry naming another record', async (b) => { b.ledger = await ledgerWith(entryData('ab'.repeat(32))); }, /ledger: the entry logs recordSha256 "abab/],
  ['a ledger entry logged after the seal expired', async (b) => { b.ledger = await ledgerWith(entryData(b.recordSha256, 'opening.record', at(2))); }, /SEAL_EXPIRED/],
  ['the proof path altered', (b) => { b.ledger.proof.path[0] = '00'.repeat(32); }, /ledger: the inclusion proof does not verify/],
  ['the proof index moved', (b) => { b.ledger.proof.index = 2; }, /ledger: the entry's index 3 is not the proof's index 2/],
  ['entry and proof index moved together', (b) => { b.ledger.proof.index = 2; b.ledger.entry.index = 2; }, /ledger: the inclusion proof does not verify/],
  ['the proof root not the checkpoint’s', (b) => { b.ledger.proof.rootHash = '11'.repeat(32); }, /ledger: the checkpoint .* is not the proof's tree head/],
  ['a checkpoint of another tree size', async (b) => { b.ledger = await ledgerWith(entryData(b.recordSha256), { size: 6, proofSize: 5, checkpointSize: 6 }); }, /ledger: the checkpoint \(size 6, .* is not the proof's tree head \(size 5/],
  ['a checkpoint signed by another key', async (b) => { b.ledger = await ledgerWith(entryData(b.recordSha256), { key: otherLogKey }); }, /checkpoint: /],
  ['a checkpoint with an altered body', (b) => { b.ledger.checkpoint = b.ledger.checkpoint.replace(`${ORIGIN}\n5\n`, `${ORIGIN}\n4\n`); }, /checkpoint: /],
  ['good bundle, but the wrong --key', () => undefined, /checkpoint: /, ['--key', 'other-log.pub']],
  ['the record hash named in the bundle altered', (b) => { b.recordSha256 = 'cd'.repeat(32); }, /record: its SHA-256 is/],
  ['another bundle version', (b) => { b.v = 'tenderhall-opening-record/2'; }, /error \(record\): the bundle's v must be/],
];

// every row has four cells: with fewer, jest would pass its `done` callback as the last argument
test.each(cases.map(([name, tamper, pattern, extra]) => [name, tamper, pattern, extra ?? []] as const))('fails: %s', async (name, tamper, pattern, extra) => {
  const b = clone(good);
  await tamper(b);
  const bundleFile = file(`case-${cases.findIndex((c) => c[0] === name)}.json`, b);
  const flags = extra.map((a) => (a.endsWith('.pem') || a.endsWith('.pub') ? f(a) : a));
  const args = flags.includes('--key') ? [bundleFile, ...flags] : [bundleFile, '--key', f('log.pub'), ...flags];
  expectFailure(await verifyInProcess(...args), pattern);
});

test('usage: --key is required', async () => {
  const r = await verifyInProcess(f('good.json'));
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/--key PUB is required/);
  expect(fs.existsSync(f('good.json'))).toBe(true);
});
