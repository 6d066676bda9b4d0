/**
 * Streaming opening of a sealed bid from files (crypto/sbp/open-file.node.ts): same output as
 * `openPackage`, same Art. 31 classification for every failure, and never an output or a
 * temporary file unless everything verified.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { concatBytes, randomBytes, toHex, utf8 } from '../../crypto/bytes';
import {
  aesGcmEncrypt, authEnvelopedFrame, decodeAuthEnveloped, importOaepPrivateKey, keyTransRecipientInfo, rsaSha256Signer,
} from '../../crypto/cms';
import { sha256 } from '../../crypto/hash';
import {
  BidIdentity, OpenOptions, OpenResult, OpeningKeys, SealedBidPackage, buildManifest, decodeManifest, openPackage, sealBid, signManifest,
} from '../../crypto/sbp';
import { OpenFileOptions, OpenFileResult, openPackageToFile } from '../../crypto/sbp/open-file.node';
import { Fixtures, makeFixtures, removeFixtures } from './openssl-fixtures';

let fx: Fixtures;
let dir: string;
beforeAll(() => {
  fx = makeFixtures();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenderhall-open-file-'));
});
afterAll(() => {
  removeFixtures(fx);
  fs.rmSync(dir, { recursive: true, force: true });
});

const ids: BidIdentity = { projectId: 'T-2026-0001', lotId: 'LOT-1', bidderId: 'ORG-42' };
const signer = async () => rsaSha256Signer(fx.signer.keyPem);
const keyA = async () => ({ privateKey: await importOaepPrivateKey(fx.recipientA.keyPem), certificate: fx.recipientA.certPem });
const keyB = async () => ({ privateKey: await importOaepPrivateKey(fx.recipientB.keyPem), certificate: fx.recipientB.certPem });

async function seal(content: Uint8Array, recipients = [fx.recipientA.certPem, fx.recipientB.certPem]): Promise<SealedBidPackage> {
  return sealBid({ ...ids, content, recipients, signerCertificate: fx.signer.certPem, sign: await signer() });
}

/** The manifest signed again over other bid.cms bytes: what a bidder who sent those bytes would have. */
async function resigned(pkg: SealedBidPackage, bidCms: Uint8Array, cekCommitment?: string): Promise<SealedBidPackage> {
  const m = decodeManifest(pkg.manifestJson);
  const manifest = { ...m, bidCmsSha256: toHex(await sha256(bidCms)), bidCmsSize: bidCms.length, cekCommitment: cekCommitment ?? m.cekCommitment };
  return { bidCms, ...(await signManifest(manifest, fx.signer.certPem, await signer())) };
}

const contentOffset = (pkg: SealedBidPackage) => {
  const env = decodeAuthEnveloped(pkg.bidCms);
  return env.ciphertext.byteOffset - pkg.bidCms.byteOffset;
};

let counter = 0;
interface Opened { oneShot: OpenResult; streamed: OpenFileResult; out: string; outDir: string }

/** Opens the package both ways; the streaming opener writes into a fresh directory. */
async function openBoth(pkg: SealedBidPackage, key: OpeningKeys, options: OpenOptions = {}, fileOptions: OpenFileOptions = {}): Promise<Opened> {
  const outDir = path.join(dir, `case-${counter++}`);
  fs.mkdirSync(outDir);
  const bidCmsPath = path.join(outDir, 'bid.cms');
  fs.writeFileSync(bidCmsPath, pkg.bidCms);
  const out = path.join(outDir, 'opened.bin');
  const copy = (k: OpeningKeys): OpeningKeys => ('cek' in k ? { cek: k.cek.slice() } : k);
  const streamed = await openPackageToFile({ bidCmsPath, manifestJson: pkg.manifestJson, manifestP7s: pkg.manifestP7s }, copy(key), out, { ...options, ...fileOptions });
  const oneShot = await openPackage(pkg, copy(key), options);
  return { oneShot, streamed, out, outDir };
}

/** Both refuse with the same code, classification and reason; nothing but bid.cms is in the directory. */
function expectSameFailure(o: Opened, code: string, bidderCaused: boolean): void {
  const strip = (r: OpenResult | OpenFileResult) => (r.ok ? { ok: true } : { ok: false, code: r.code, bidderCaused: r.bidderCaused, reason: r.reason, manifest: r.manifest });
  expect(strip(o.oneShot)).toMatchObject({ ok: false, code, bidderCaused });
  expect(strip(o.streamed)).toEqual(strip(o.oneShot));
  expect(fs.readdirSync(o.outDir)).toEqual(['bid.cms']); // no output, no temporary file
}

function expectSameContent(o: Opened): void {
  if (!o.oneShot.ok || !o.streamed.ok) throw new Error(`not opened: ${JSON.stringify([o.oneShot, o.streamed])}`);
  expect(o.streamed.bytes).toBe(o.oneShot.content.length);
  expect(Buffer.from(fs.readFileSync(o.out)).equals(Buffer.from(o.oneShot.content))).toBe(true);
  expect(o.streamed.manifest).toEqual(o.oneShot.manifest);
  expect(fs.readdirSync(o.outDir).sort()).toEqual(['bid.cms', 'opened.bin']);
}

describe('same output as openPackage', () => {
  test('small content, read whole and through the header-only path, in one chunk or many', async () => {
    const pkg = await seal(utf8('{"price":"998000.00"} + technical proposal'));
    expectSameContent(await openBoth(pkg, { keys: [await keyA()] }, { signerCertificate: fx.signer.certPem }));
    expectSameContent(await openBoth(pkg, { keys: [await keyB()] }, {}, { chunkBytes: 7, headBytes: contentOffset(pkg) + 3 }));
    expectSameContent(await openBoth(await seal(new Uint8Array(0)), { keys: [await keyB()] }));
  });

  test('multi-chunk content larger than the header area (3 MiB + 5), with both keys or one', async () => {
    const pkg = await seal(randomBytes(3 * 1024 * 1024 + 5));
    expectSameContent(await openBoth(pkg, { keys: [await keyA(), await keyB()] }));
    expectSameContent(await openBoth(pkg, { keys: [await keyB()] }, {}, { chunkBytes: 65_537 }));
  }, 60_000);
});

describe('same classification as openPackage, and nothing released', () => {
  test('bid.cms altered in storage (ciphertext, tag or header byte, or truncated) is STORAGE_CORRUPT, not the bidder’s fault', async () => {
    const pkg = await seal(randomBytes(100_000));
    const at = contentOffset(pkg);
    for (const i of [at + 50_000, pkg.bidCms.length - 1, 40]) {
      const bad = pkg.bidCms.slice();
      bad[i] ^= 1;
      expectSameFailure(await openBoth({ ...pkg, bidCms: bad }, { keys: [await keyB()] }), 'STORAGE_CORRUPT', false);
    }
    expectSameFailure(await openBoth({ ...pkg, bidCms: pkg.bidCms.subarray(0, pkg.bidCms.length - 10) }, { keys: [await keyB()] }), 'STORAGE_CORRUPT', false);
  });

  test('a flipped ciphertext, tag or nonce byte in the bytes the bidder signed: DECRYPTION_FAILED, bidder-caused', async () => {
    const pkg = await seal(randomBytes(100_000));
    const at = contentOffset(pkg);
    const nonceAt = Buffer.from(pkg.bidCms).indexOf(Buffer.from(decodeAuthEnveloped(pkg.bidCms).nonce));
    expect(nonceAt).toBeGreaterThan(0);
    for (const i of [at, at + 99_999, pkg.bidCms.length - 16, pkg.bidCms.length - 1, nonceAt]) {
      const bad = pkg.bidCms.slice();
      bad[i] ^= 0x10;
      for (const headBytes of [undefined, at + 1]) {
        expectSameFailure(await openBoth(await resigned(pkg, bad), { keys: [await keyB()] }, {}, { headBytes, chunkBytes: 4096 }), 'DECRYPTION_FAILED', true);
      }
    }
  });

  test('a flipped header byte the bidder signed: PACKAGE_MALFORMED or WRONG_KEY, as openPackage says', async () => {
    const pkg = await seal(randomBytes(10_000));
    const env = decodeAuthEnveloped(pkg.bidCms);
    const keyAt = env.recipients[1].encryptedKey.byteOffset - pkg.bidCms.byteOffset + 5;
    const icvAt = Buffer.from(pkg.bidCms).indexOf(Buffer.from(env.nonce)) + 12 + 2; // GCMParameters { nonce, INTEGER 16 }
    expect(pkg.bidCms[icvAt]).toBe(16);
    // root tag, content type OID, ICV length 16 → 17, encryptedContent tag, first recipient's version
    const issuerAt = env.recipients[0].issuer.byteOffset - pkg.bidCms.byteOffset;
    const firstRecipientAt = Buffer.from(pkg.bidCms.subarray(0, issuerAt)).lastIndexOf(Buffer.from([2, 1, 0])) + 2; // version INTEGER 0
    expect([pkg.bidCms[firstRecipientAt - 2], pkg.bidCms[firstRecipientAt - 1], pkg.bidCms[firstRecipientAt]]).toEqual([2, 1, 0]);
    const cases: [number, string][] = [[0, 'PACKAGE_MALFORMED'], [8, 'PACKAGE_MALFORMED'], [icvAt, 'PACKAGE_MALFORMED'],
      [contentOffset(pkg) - 4, 'PACKAGE_MALFORMED'], [firstRecipientAt, 'PACKAGE_MALFORMED']];
    for (const [i, code] of cases) {
      const bad = pkg.bidCms.slice();
      bad[i] ^= 0x01;
      expectSameFailure(await openBoth(await resigned(pkg, bad), { keys: [await keyB()] }, {}, { headBytes: contentOffset(pkg) + 1 }), code, true);
    }
    for (const k of [await keyA(), await keyB()]) {
      const bad = pkg.bidCms.slice();
      bad[keyAt] ^= 0x01; // inside the second recipient's encryptedKey: which one that is depends on the order
      const o = await openBoth(await resigned(pkg, bad), { keys: [k] });
      if (o.oneShot.ok) expectSameContent(o);
      else expectSameFailure(o, 'WRONG_KEY', true);
    }
  });

  test('a truncated bid.cms the bidder signed is refused as malformed', async () => {
    const pkg = await seal(randomBytes(20_000));
    for (const cut of [1, 18, 5000]) {
      const short = await resigned(pkg, pkg.bidCms.slice(0, pkg.bidCms.length - cut));
      expectSameFailure(await openBoth(short, { keys: [await keyB()] }, {}, { headBytes: contentOffset(pkg) + 1 }), 'PACKAGE_MALFORMED', true);
    }
  });

  test('different CEKs for different recipients are still the bidder’s fault', async () => {
    const content = randomBytes(70_000);
    const cek = randomBytes(32);
    const nonce = randomBytes(12);
    const ris = [await keyTransRecipientInfo(fx.recipientA.certPem, cek), await keyTransRecipientInfo(fx.recipientB.certPem, randomBytes(32))];
    const { ciphertext, mac } = await aesGcmEncrypt(cek, nonce, content);
    const frame = authEnvelopedFrame(ris, nonce, ciphertext.length);
    const bidCms = concatBytes(frame.prefix, ciphertext, frame.suffixFor(mac));
    const manifest = await buildManifest(ids, toHex(await sha256(bidCms)), bidCms.length, cek, [fx.recipientA.certPem, fx.recipientB.certPem]);
    const pkg = { bidCms, ...(await signManifest(manifest, fx.signer.certPem, await signer())) };
    expectSameContent(await openBoth(pkg, { keys: [await keyA()] }));
    expectSameContent(await openBoth(pkg, { cek }));
    expectSameFailure(await openBoth(pkg, { keys: [await keyB()] }), 'BAD_COMMITMENT', true);
    expectSameFailure(await openBoth(pkg, { keys: [await keyA(), await keyB()] }), 'CEK_MISMATCH_BETWEEN_RECIPIENTS', true);
    expectSameFailure(await openBoth(pkg, { keys: [await keyB(), await keyA()] }), 'CEK_MISMATCH_BETWEEN_RECIPIENTS', true);
  });

  test('keys, commitment, signature and signer certificate failures: every code as openPackage gives it', async () => {
    const pkg = await seal(randomBytes(5000));
    const outsiderKey = { privateKey: await importOaepPrivateKey(fx.recipientC.keyPem) };
    expectSameFailure(await openBoth(pkg, { keys: [outsiderKey] }), 'WRONG_KEY', true);
    expectSameFailure(await openBoth(pkg, { keys: [{ ...outsiderKey, certificate: fx.recipientC.certPem }] }), 'RECIPIENT_MISSING', true);
    expectSameFailure(await openBoth(await seal(randomBytes(10), [fx.recipientA.certPem]), { keys: [await keyB()] }), 'RECIPIENT_MISSING', true);
    expectSameFailure(await openBoth(pkg, { keys: [{ privateKey: (await keyA()).privateKey, certificate: fx.recipientB.certPem }] }), 'KEY_CERTIFICATE_MISMATCH', false);
    expectSameFailure(await openBoth(pkg, { keys: [] }), 'NO_KEY', false);
    expectSameFailure(await openBoth(pkg, { cek: randomBytes(32) }), 'BAD_COMMITMENT', true);
    const p7s = pkg.manifestP7s.slice();
    p7s[p7s.length - 3] ^= 1;
    expectSameFailure(await openBoth({ ...pkg, manifestP7s: p7s }, { keys: [await keyB()] }), 'SIGNATURE_INVALID', true);
    expectSameFailure(await openBoth(pkg, { keys: [await keyB()] }, { signerCertificate: fx.outsider.certPem }), 'SIGNATURE_INVALID', true);
    const revoked: OpenOptions = { validateSigner: () => ({ ok: false, code: 'REVOKED', message: 'revoked before the deadline' }) };
    expectSameFailure(await openBoth(pkg, { keys: [await keyB()] }, revoked), 'CERTIFICATE_INVALID', true);
    const broken: OpenOptions = { validateSigner: () => { throw new Error('CRL unavailable'); } };
    expectSameFailure(await openBoth(pkg, { keys: [await keyB()] }, broken), 'INTERNAL_ERROR', false);
    // a bad tag is reported before a bad signer certificate, by both
    const bad = pkg.bidCms.slice();
    bad[bad.length - 1] ^= 1;
    expectSameFailure(await openBoth(await resigned(pkg, bad), { keys: [await keyB()] }, revoked), 'DECRYPTION_FAILED', true);
  });

  test('an existing output file is left as it was when opening fails', async () => {
    const pkg = await seal(randomBytes(5000));
    const bad = pkg.bidCms.slice();
    bad[bad.length - 1] ^= 1;
    const bidCmsPath = path.join(dir, 'kept-bid.cms');
    fs.writeFileSync(bidCmsPath, bad);
    const out = path.join(dir, 'kept.bin');
    fs.writeFileSync(out, 'previous');
    const r = await openPackageToFile({ bidCmsPath, manifestJson: pkg.manifestJson, manifestP7s: pkg.manifestP7s }, { keys: [await keyB()] }, out);
    expect(r).toMatchObject({ ok: false, code: 'STORAGE_CORRUPT' });
    expect(fs.readFileSync(out, 'utf8')).toBe('previous');
  });
});
