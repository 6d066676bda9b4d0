import { toHex, utf8 } from '../../crypto/bytes';
import {
  aesGcmEncrypt, authEnvelopedFrame, createSignedData, importOaepPrivateKey, keyTransRecipientInfo, rsaSha256Signer,
} from '../../crypto/cms';
import { concatBytes, fromHex, randomBytes } from '../../crypto/bytes';
import { sha256 } from '../../crypto/hash';
import {
  BidIdentity, SealedBidPackage, buildManifest, checkPackage, decodeManifest, encodeManifest, openPackage, sealBid, signManifest,
} from '../../crypto/sbp';
import { Fixtures, makeFixtures, removeFixtures } from './openssl-fixtures';

let fx: Fixtures;
beforeAll(() => { fx = makeFixtures(); });
afterAll(() => removeFixtures(fx));

const ids: BidIdentity = { projectId: 'T-2026-0001', lotId: 'LOT-1', bidderId: 'ORG-42' };
const content = utf8('{"price":"998000.00"} + technical proposal');

async function seal(extra: Partial<Parameters<typeof sealBid>[0]> = {}): Promise<SealedBidPackage> {
  return sealBid({
    ...ids, content, recipients: [fx.recipientA.certPem, fx.recipientB.certPem],
    signerCertificate: fx.signer.certPem, sign: await rsaSha256Signer(fx.signer.keyPem), ...extra,
  });
}
const keyA = async () => ({ privateKey: await importOaepPrivateKey(fx.recipientA.keyPem), certificate: fx.recipientA.certPem });
const keyB = async () => ({ privateKey: await importOaepPrivateKey(fx.recipientB.keyPem), certificate: fx.recipientB.certPem });
const expected = () => ({ ...ids, allowedRecipients: [fx.recipientA.certPem, fx.recipientB.certPem], requiredRecipients: [fx.recipientB.certPem], signerCertificate: fx.signer.certPem });
const codes = (r: { ok: boolean; violations: { code: string }[] }) => r.violations.map((v) => v.code);

describe('seal and check', () => {
  test('a sealed package passes every check and its manifest is canonical', async () => {
    const pkg = await seal();
    const r = await checkPackage(pkg, expected());
    expect(codes(r)).toEqual([]);
    if (!r.ok) throw new Error('unreachable');
    expect(r.facts.manifest).toMatchObject({ v: 'sbp/1', ...ids, rev: 1, prevManifestSha256: null, bidCmsSize: pkg.bidCms.length });
    expect(r.facts.manifest.bidCmsSha256).toBe(toHex(await sha256(pkg.bidCms)));
    expect(r.facts.manifest.recipients).toHaveLength(2);
    expect(Buffer.from(encodeManifest(decodeManifest(pkg.manifestJson))).equals(pkg.manifestJson)).toBe(true);
  });

  test('a package for another project, lot or bidder is refused (no replay)', async () => {
    const pkg = await seal();
    expect(codes(await checkPackage(pkg, { ...expected(), projectId: 'T-2026-0002' }))).toEqual(['WRONG_PROJECT']);
    expect(codes(await checkPackage(pkg, { ...expected(), lotId: 'LOT-2', bidderId: 'ORG-43' }))).toEqual(['WRONG_LOT', 'WRONG_BIDDER']);
  });

  test('missing opening recipient and recipients outside the allowed set are reported', async () => {
    const onlyBidder = await seal({ recipients: [fx.recipientA.certPem] });
    expect(codes(await checkPackage(onlyBidder, expected()))).toEqual(['RECIPIENT_MISSING', 'RECIPIENT_MISSING']);
    expect(codes(await checkPackage(await seal(), { ...expected(), allowedRecipients: [fx.recipientB.certPem] }))).toEqual(['RECIPIENT_NOT_ALLOWED']);
  });

  test('a manifest signed by someone else, or with a forged signature, is refused', async () => {
    const other = await seal({ signerCertificate: fx.outsider.certPem, sign: await rsaSha256Signer(fx.outsider.keyPem) });
    expect(codes(await checkPackage(other, expected()))).toEqual(['SIGNER_MISMATCH']);
    const forged = await seal({ sign: await rsaSha256Signer(fx.outsider.keyPem) });
    expect(codes(await checkPackage(forged, expected()))).toEqual(['SIGNATURE_INVALID']);
  });

  test('the signer certificate check (chain, usage, revocation) is applied and its failure reported', async () => {
    const r = await checkPackage(await seal(), expected(), { validateSigner: () => ({ ok: false, code: 'REVOKED', message: 'revoked at submission' }) });
    expect(r.violations).toEqual([{ code: 'CERTIFICATE_INVALID', detail: 'REVOKED', message: 'signer certificate: revoked at submission' }]);
    const threw = await checkPackage(await seal(), expected(), { validateSigner: () => { throw new Error('boom'); } });
    expect(codes(threw)).toEqual(['CERTIFICATE_INVALID']);
  });

  test('a bid.cms swapped for another sealed bid fails the hash check', async () => {
    const a = await seal();
    const b = await seal();
    expect(codes(await checkPackage({ ...a, bidCms: b.bidCms }, expected()))).toEqual(['HASH_MISMATCH']);
  });

  test('a bid.cms over maxBidCmsBytes is TOO_LARGE and is not hashed', async () => {
    const a = await seal();
    const b = await seal();
    const cap = { maxBidCmsBytes: a.bidCms.length - 1 };
    expect(codes(await checkPackage(a, expected(), cap))).toEqual(['TOO_LARGE']);
    expect(codes(await checkPackage({ ...a, bidCms: b.bidCms }, expected(), cap))).toEqual(['TOO_LARGE']);
  });

  test('any flipped byte in any of the three files makes the check fail', async () => {
    const pkg = await seal({ content: utf8('tiny') });
    for (const part of ['bidCms', 'manifestJson', 'manifestP7s'] as const) {
      for (let i = 0; i < pkg[part].length; i++) {
        const bad = pkg[part].slice();
        bad[i] ^= 0x20;
        const r = await checkPackage({ ...pkg, [part]: bad }, expected());
        expect([part, i, r.ok]).toEqual([part, i, false]);
      }
    }
  }, 120_000);
});

describe('open', () => {
  test('opens with either recipient key, or with a CEK unwrapped elsewhere', async () => {
    const pkg = await seal();
    for (const k of [await keyA(), await keyB()]) {
      const r = await openPackage(pkg, { keys: [k] }, { signerCertificate: fx.signer.certPem });
      expect(r.ok && Buffer.from(r.content).toString()).toBe(Buffer.from(content).toString());
    }
    const both = await openPackage(pkg, { keys: [await keyA(), await keyB()] });
    expect(both.ok).toBe(true);
  });

  async function packageWithSplitCeks(): Promise<SealedBidPackage> {
    // a cheating bidder: its own entry wraps the real key, the opening certificate's entry wraps another
    const cek = randomBytes(32);
    const decoy = randomBytes(32);
    const nonce = randomBytes(12);
    const ris = [await keyTransRecipientInfo(fx.recipientA.certPem, cek), await keyTransRecipientInfo(fx.recipientB.certPem, decoy)];
    const { ciphertext, mac } = await aesGcmEncrypt(cek, nonce, content);
    const frame = authEnvelopedFrame(ris, nonce, ciphertext.length);
    const bidCms = concatBytes(frame.prefix, ciphertext, frame.suffixFor(mac));
    const manifest = await buildManifest(ids, toHex(await sha256(bidCms)), bidCms.length, cek, [fx.recipientA.certPem, fx.recipientB.certPem]);
    return { bidCms, ...(await signManifest(manifest, fx.signer.certPem, await rsaSha256Signer(fx.signer.keyPem))) };
  }

  test('different CEKs for different recipients: passes the blind check, then is caught at opening and attributed to the bidder', async () => {
    const pkg = await packageWithSplitCeks();
    expect(codes(await checkPackage(pkg, expected()))).toEqual([]); // undetectable without decryption
    expect((await openPackage(pkg, { keys: [await keyA()] })).ok).toBe(true);
    expect(await openPackage(pkg, { keys: [await keyB()] })).toMatchObject({ ok: false, code: 'BAD_COMMITMENT', bidderCaused: true });
    expect(await openPackage(pkg, { keys: [await keyA(), await keyB()] })).toMatchObject({ ok: false, code: 'CEK_MISMATCH_BETWEEN_RECIPIENTS', bidderCaused: true });
  });

  test('content encrypted under a key other than the committed one fails decryption, bidder-caused', async () => {
    const cek = randomBytes(32);
    const nonce = randomBytes(12);
    const ris = [await keyTransRecipientInfo(fx.recipientB.certPem, cek)];
    const { ciphertext, mac } = await aesGcmEncrypt(randomBytes(32), nonce, content);
    const frame = authEnvelopedFrame(ris, nonce, ciphertext.length);
    const bidCms = concatBytes(frame.prefix, ciphertext, frame.suffixFor(mac));
    const manifest = await buildManifest(ids, toHex(await sha256(bidCms)), bidCms.length, cek, [fx.recipientB.certPem]);
    const pkg = { bidCms, ...(await signManifest(manifest, fx.signer.certPem, await rsaSha256Signer(fx.signer.keyPem))) };
    expect(await openPackage(pkg, { keys: [await keyB()] })).toMatchObject({ ok: false, code: 'DECRYPTION_FAILED', bidderCaused: true });
  });

  test('bid.cms altered in storage is STORAGE_CORRUPT, not the bidder’s fault', async () => {
    const pkg = await seal();
    const bad = pkg.bidCms.slice();
    bad[bad.length - 20] ^= 1;
    expect(await openPackage({ ...pkg, bidCms: bad }, { keys: [await keyB()] })).toMatchObject({ ok: false, code: 'STORAGE_CORRUPT', bidderCaused: false });
  });

  test('a package not encrypted to the opening certificate: RECIPIENT_MISSING, bidder-caused', async () => {
    const pkg = await seal({ recipients: [fx.recipientA.certPem] });
    expect(await openPackage(pkg, { keys: [await keyB()] })).toMatchObject({ ok: false, code: 'RECIPIENT_MISSING', bidderCaused: true });
  });

  test('a custodian key that does not belong to its certificate is not blamed on the bidder', async () => {
    const pkg = await seal();
    const wrong = { privateKey: await importOaepPrivateKey(fx.recipientA.keyPem), certificate: fx.recipientB.certPem };
    expect(await openPackage(pkg, { keys: [wrong] })).toMatchObject({ ok: false, code: 'KEY_CERTIFICATE_MISMATCH', bidderCaused: false });
  });

  test('a wrong CEK given directly is BAD_COMMITMENT; a bad manifest signature is SIGNATURE_INVALID', async () => {
    const pkg = await seal();
    expect(await openPackage(pkg, { cek: randomBytes(32) })).toMatchObject({ ok: false, code: 'BAD_COMMITMENT', bidderCaused: true });
    const p7s = pkg.manifestP7s.slice(); p7s[p7s.length - 3] ^= 1;
    expect(await openPackage({ ...pkg, manifestP7s: p7s }, { keys: [await keyB()] })).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID', bidderCaused: true });
  });

  test('the manifest schema is strict', async () => {
    const pkg = await seal();
    const m = decodeManifest(pkg.manifestJson);
    expect(() => encodeManifest({ ...m, rev: 2 })).toThrow(/prevManifestSha256/);
    expect(() => encodeManifest({ ...m, extra: 1 } as never)).toThrow(/unknown field/);
    expect(() => encodeManifest({ ...m, bidCmsSha256: m.bidCmsSha256.toUpperCase() })).toThrow(/bidCmsSha256/);
    expect(() => decodeManifest(utf8(JSON.stringify(m, null, 1)))).toThrow(/canonical/);
    const signedRev2 = { ...m, rev: 2, prevManifestSha256: toHex(await sha256(pkg.manifestJson)) };
    expect(decodeManifest(encodeManifest(signedRev2)).rev).toBe(2);
    expect(fromHex(m.cekCommitment)).toHaveLength(32);
    void createSignedData;
  });
});
