/** Spawns the verify CLI (`tsx crypto/cli.ts`) on files, as a bidder or auditor would. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { toHex, utf8 } from '../../crypto/bytes';
import { canonicalJsonBytes } from '../../crypto/canonical-json';
import { generateEd25519 } from '../../crypto/ed25519';
import {
  consistencyProof, encodeSignerKey, encodeVerifierKey, inclusionProof, issueReceipt, leafHash, parseSignerKey, signCheckpoint, treeRoot,
} from '../../crypto/merkle';
import { Fixtures, makeFixtures, openssl, removeFixtures } from './openssl-fixtures';
import { readVector } from './vectors';

jest.setTimeout(120_000);
const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = path.join(ROOT, 'crypto', 'cli.ts');

let fx: Fixtures;
beforeAll(() => { fx = makeFixtures(); });
afterAll(() => removeFixtures(fx));

function verify(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(TSX, [CLI, ...args], { cwd: fx.dir, encoding: 'utf8', env: { ...process.env, P12_PASSWORD: 'correct horse' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
/** A failure is a non-zero exit with exactly one line on stderr. */
function expectFailure(r: ReturnType<typeof verify>, pattern: RegExp): void {
  expect(r.status).not.toBe(0);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}
const f = (name: string) => path.join(fx.dir, name);

describe('sealed bid packages', () => {
  beforeAll(() => {
    openssl(['pkcs12', '-export', '-inkey', fx.signer.keyFile, '-in', fx.signer.certFile, '-out', f('signer.p12'), '-passout', 'pass:correct horse']);
    fs.writeFileSync(f('bid.json'), '{"price":"998000.00"}');
    fs.writeFileSync(f('technical.pdf'), Buffer.alloc(70_000, 7));
  });

  test('seal → check (with the CA) → open with the bidder key; openssl agrees on the same files', () => {
    const s = verify('seal', '--project', 'T-1', '--lot', 'LOT-1', '--bidder', 'ORG-42', '--signer', 'signer.p12', '--password-env', 'P12_PASSWORD',
      '--to', fx.recipientA.certFile, '--to', fx.recipientB.certFile, '--out', 'pkg', 'bid.json', 'technical.pdf');
    expect([s.status, s.stderr]).toEqual([0, '']);
    expect(s.stdout).toMatch(/^sealed: bid.cms \d+ bytes sha256 [0-9a-f]{64}/);

    const c = verify('check', 'pkg', '--ca', fx.ca.certFile, '--project', 'T-1', '--lot', 'LOT-1', '--bidder', 'ORG-42', '--to', fx.recipientB.certFile);
    expect([c.status, c.stderr]).toEqual([0, '']);
    expect(c.stdout).toMatch(/^valid: project T-1 lot LOT-1 bidder ORG-42 rev 1.*signer certificate valid/);

    const o = verify('open', 'pkg', '--key', fx.recipientA.keyFile, '--cert', fx.recipientA.certFile, '--out', 'opened.tar', '--ca', fx.ca.certFile);
    expect([o.status, o.stderr]).toEqual([0, '']);
    const listing = spawnSync('tar', ['-tf', f('opened.tar')], { encoding: 'utf8' }).stdout;
    expect(listing.split('\n').filter(Boolean)).toEqual(['bid.json', 'technical.pdf']);

    const viaOpenssl = openssl(['cms', '-decrypt', '-inform', 'DER', '-in', f('pkg/bid.cms'), '-inkey', fx.recipientB.keyFile, '-recip', fx.recipientB.certFile]);
    expect(viaOpenssl.equals(fs.readFileSync(f('opened.tar')))).toBe(true);
    openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', f('pkg/manifest.p7s'), '-content', f('pkg/manifest.json'), '-CAfile', fx.ca.certFile, '-out', f('m.out')]);
  });

  test('check refuses another project, an untrusted signer, and any tampered file, with one-line reasons', () => {
    expectFailure(verify('check', 'pkg', '--project', 'T-2'), /^FAIL check: WRONG_PROJECT: package is for project T-1$/m);
    expectFailure(verify('check', 'pkg', '--ca', fx.otherCa.certFile), /CERTIFICATE_INVALID/);
    for (const [file, at] of [['bid.cms', 400], ['manifest.json', 30], ['manifest.p7s', 900]] as const) {
      fs.cpSync(f('pkg'), f('bad'), { recursive: true });
      const bytes = fs.readFileSync(f(`bad/${file}`));
      bytes[at] ^= 0x01;
      fs.writeFileSync(f(`bad/${file}`), bytes);
      expectFailure(verify('check', 'bad', '--ca', fx.ca.certFile), /^FAIL check: [A-Z_]+: /);
      fs.rmSync(f('bad'), { recursive: true });
    }
  });

  test('open with a key the package is not encrypted to fails with a classified reason, and writes nothing', () => {
    expectFailure(verify('open', 'pkg', '--key', fx.recipientC.keyFile, '--out', 'nothing.bin'), /^FAIL open: WRONG_KEY \(bidder-caused\): /);
    expect(fs.existsSync(f('nothing.bin'))).toBe(false);
  });

  test('open streams bid.cms: a tampered file is STORAGE_CORRUPT and leaves no output, no temporary file, no new directory', () => {
    fs.cpSync(f('pkg'), f('tampered'), { recursive: true });
    const bytes = fs.readFileSync(f('tampered/bid.cms'));
    bytes[bytes.length - 5] ^= 0x01; // in the tag
    fs.writeFileSync(f('tampered/bid.cms'), bytes);
    expectFailure(verify('open', 'tampered', '--key', fx.recipientB.keyFile, '--out', 'fresh/dir/out.tar'), /^FAIL open: STORAGE_CORRUPT \(not bidder-caused\): /);
    expect(fs.existsSync(f('fresh'))).toBe(false);
    expectFailure(verify('open', 'tampered', '--key', fx.recipientB.keyFile, '--out', 'tampered/out.tar'), /STORAGE_CORRUPT/);
    expect(fs.readdirSync(f('tampered')).sort()).toEqual(['bid.cms', 'manifest.json', 'manifest.p7s']);

    const o = verify('open', 'pkg', '--key', fx.recipientB.keyFile, '--cert', fx.recipientB.certFile, '--out', 'fresh/dir/out.tar');
    expect([o.status, o.stderr]).toEqual([0, '']);
    expect(o.stdout).toMatch(/^opened: \d+ bytes written to fresh\/dir\/out.tar \(project T-1, bidder ORG-42, commitment and signature verified\)\n$/);
    expect(fs.readdirSync(f('fresh/dir'))).toEqual(['out.tar']);
    expect(fs.readFileSync(f('fresh/dir/out.tar')).equals(fs.readFileSync(f('opened.tar')))).toBe(true);
  });

  test('usage errors exit 2', () => {
    expect(verify('open', 'pkg', '--out', 'x').status).toBe(2);
    expect(verify('check').status).toBe(2);
    expect(verify('frobnicate').status).toBe(2);
  });
});

describe('draw and log proofs', () => {
  const merkle = readVector<{ leavesHex: string[]; roots: Record<string, string>; inclusion: Record<string, string[]>; consistency: Record<string, string[]> }>('merkle-rfc6962.json');

  test('draw prints poolHash, seed, draw and reserves for the vector input', () => {
    const vector = readVector<{ input: object; k: number; expected: object }>('draw.json');
    fs.writeFileSync(f('draw-input.json'), JSON.stringify({ ...vector.input, k: vector.k, reserves: 2 }));
    const r = verify('draw', 'draw-input.json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['poolHash', 'seed', 'draw', 'reserves']);
    expect(out).toMatchObject(vector.expected);
    expect(out.reserves).toEqual(['EXP-0010', 'EXP-0017']);
  });

  test('log-root, inclusion and consistency on the RFC 6962 vectors; altered proofs fail', () => {
    fs.writeFileSync(f('leaves.json'), JSON.stringify(merkle.leavesHex));
    expect(JSON.parse(verify('log-root', 'leaves.json', '--size', '7').stdout)).toEqual({ size: 7, rootHash: merkle.roots['7'] });
    expectFailure(verify('log-root', 'leaves.json', '--expect', merkle.roots['7']), /root mismatch/);

    const proof = { leafHex: merkle.leavesHex[5], index: 5, treeSize: 8, path: merkle.inclusion['index=5,size=8'], rootHash: merkle.roots['8'] };
    fs.writeFileSync(f('inclusion.json'), JSON.stringify(proof));
    expect(verify('inclusion', 'inclusion.json').status).toBe(0);
    fs.writeFileSync(f('inclusion-bad.json'), JSON.stringify({ ...proof, index: 4 }));
    expectFailure(verify('inclusion', 'inclusion-bad.json'), /does not verify/);

    const cons = { oldSize: 3, newSize: 7, oldRootHash: merkle.roots['3'], newRootHash: merkle.roots['7'], path: merkle.consistency['3->7'] };
    fs.writeFileSync(f('consistency.json'), JSON.stringify(cons));
    expect(verify('consistency', 'consistency.json').status).toBe(0);
    fs.writeFileSync(f('consistency-bad.json'), JSON.stringify({ ...cons, newRootHash: merkle.roots['6'] }));
    expectFailure(verify('consistency', 'consistency-bad.json'), /not consistent/);
  });

  test('receipt: valid against its checkpoint and a later consistent one; tampering or a fork fails', async () => {
    const kp = await generateEd25519();
    const signer = parseSignerKey(await encodeSignerKey('tenderhall.example', kp.publicKey, kp.seed));
    fs.writeFileSync(f('log.pub'), await encodeVerifierKey('tenderhall.example', kp.publicKey));
    const origin = 'tenderhall.example/log';
    const entries = Array.from({ length: 11 }, (_, i) => ({ kind: 'bid.submitted', manifestSha256: toHex(new Uint8Array(32).fill(i)), serverTime: `2026-03-01T08:00:${String(i).padStart(2, '0')}Z` }));
    const hashes = await Promise.all(entries.map((e) => leafHash(canonicalJsonBytes(e))));
    const checkpointAt = async (hs: Uint8Array[], n: number) => signCheckpoint({ origin, size: n, rootHash: await treeRoot(hs, n), extensions: [] }, [signer]);
    const receipt = await issueReceipt({ entry: entries[6], logIndex: 6, inclusionProof: await inclusionProof(hashes, 6, 9), checkpoint: await checkpointAt(hashes, 9) }, signer);
    fs.writeFileSync(f('receipt.json'), JSON.stringify(receipt));
    fs.writeFileSync(f('cp9.txt'), receipt.checkpoint);
    fs.writeFileSync(f('cp11.txt'), await checkpointAt(hashes, 11));
    fs.writeFileSync(f('proof-9-11.json'), JSON.stringify({ path: (await consistencyProof(hashes, 9, 11)).map(toHex) }));

    const ok = verify('receipt', 'receipt.json', '--checkpoint', 'cp9.txt', '--key', 'log.pub');
    expect([ok.status, ok.stderr]).toEqual([0, '']);
    expect(ok.stdout).toMatch(/^receipt valid: manifest (06){32} logged at index 6/);
    expect(verify('receipt', 'receipt.json', '--checkpoint', 'cp11.txt', '--key', 'log.pub', '--consistency', 'proof-9-11.json').status).toBe(0);
    expectFailure(verify('receipt', 'receipt.json', '--checkpoint', 'cp11.txt', '--key', 'log.pub'), /consistency proof from size 9 to 11 is needed/);

    // a log that rewrote entry 2 after issuing the receipt
    const forked = [...hashes]; forked[2] = await leafHash(utf8('rewritten'));
    fs.writeFileSync(f('cp11-fork.txt'), await checkpointAt(forked, 11));
    fs.writeFileSync(f('proof-fork.json'), JSON.stringify({ path: (await consistencyProof(forked, 9, 11)).map(toHex) }));
    expectFailure(verify('receipt', 'receipt.json', '--checkpoint', 'cp11-fork.txt', '--key', 'log.pub', '--consistency', 'proof-fork.json'), /fork/);

    const altered = { ...receipt, entry: { ...receipt.entry, serverTime: '2026-03-01T07:59:59Z' } };
    fs.writeFileSync(f('receipt-bad.json'), JSON.stringify(altered));
    expectFailure(verify('receipt', 'receipt-bad.json', '--checkpoint', 'cp9.txt', '--key', 'log.pub'), /receipt signature is invalid/);
    const cpBytes = fs.readFileSync(f('cp9.txt')); cpBytes[3] ^= 1;
    fs.writeFileSync(f('cp9-bad.txt'), cpBytes);
    expectFailure(verify('receipt', 'receipt.json', '--checkpoint', 'cp9-bad.txt', '--key', 'log.pub'), /checkpoint/);
  });
});
