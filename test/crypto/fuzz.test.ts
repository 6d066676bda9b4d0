/**
 * Property/fuzz tests (fast-check): decoders throw only their typed error; mutated input is never
 * accepted, except a SignedData's two documented unsigned rewrites (./signed-data-rewrites.ts),
 * which crypto/cms accepts by design and the exhaustive sweep below pins down.
 */
import fc from 'fast-check';
import { utf8 } from '../../crypto/bytes';
import { CmsError, decodeAuthEnveloped, encryptAuthEnveloped, rsaSha256Signer, verifySignedData } from '../../crypto/cms';
import { checkPackage, decodeManifest, ManifestError, sealBid, SealedBidPackage } from '../../crypto/sbp';
import { Fixtures, makeFixtures, removeFixtures } from './openssl-fixtures';
import { isUnsignedRewrite, unsignedRewrites } from './signed-data-rewrites';

jest.setTimeout(120_000);
let fx: Fixtures;
let envelope: Uint8Array;
let pkg: SealedBidPackage;
beforeAll(async () => {
  fx = makeFixtures();
  envelope = (await encryptAuthEnveloped(utf8('fuzz me'), [fx.recipientA.certPem])).der;
  pkg = await sealBid({ projectId: 'T-1', lotId: 'L-1', bidderId: 'B-1', content: utf8('fuzz'), recipients: [fx.recipientA.certPem],
    signerCertificate: fx.signer.certPem, sign: await rsaSha256Signer(fx.signer.keyPem) });
});
afterAll(() => removeFixtures(fx));

const mutation = fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }), cut: fc.nat(8), extra: fc.uint8Array({ maxLength: 4 }) });
function mutate(bytes: Uint8Array, m: { at: number; xor: number; cut: number; extra: Uint8Array }, kind: number): Uint8Array {
  if (kind === 0) { const b = bytes.slice(); b[m.at % b.length] ^= m.xor; return b; }
  if (kind === 1) return bytes.slice(0, Math.max(0, bytes.length - 1 - m.cut));
  const b = new Uint8Array(bytes.length + m.extra.length + 1); b.set(bytes); b.set(m.extra, bytes.length + 1); return b;
}

test('AuthEnvelopedData decoder: random bytes only ever raise CmsError', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
    try { decodeAuthEnveloped(bytes); } catch (e) { if (!(e instanceof CmsError)) throw e; }
  }), { numRuns: 3000 });
});

test('AuthEnvelopedData decoder: mutated envelopes raise CmsError or decode to something different', () => {
  fc.assert(fc.property(mutation, fc.nat(2), (m, kind) => {
    const bad = mutate(envelope, m, kind);
    try {
      const env = decodeAuthEnveloped(bad);
      expect(kind).toBe(0); // truncation and trailing data are always refused
      const same = decodeAuthEnveloped(envelope);
      // whatever survived parsing differs in a field that authentication or key matching covers
      const fields = (e: typeof env) => Buffer.concat([e.nonce, e.ciphertext, e.mac, ...e.recipients.flatMap((r) => [r.issuer, r.serialNumber, r.encryptedKey])]);
      expect(fields(env).equals(fields(same))).toBe(false);
    } catch (e) {
      if (!(e instanceof CmsError)) throw e;
    }
  }), { numRuns: 2000 });
});

test('SignedData verifier never throws and accepts no mutation but the unsigned rewrites', async () => {
  await fc.assert(fc.asyncProperty(mutation, fc.nat(2), async (m, kind) => {
    const bad = mutate(pkg.manifestP7s, m, kind);
    const v = await verifySignedData(bad, { detachedContent: pkg.manifestJson, signerCertificate: fx.signer.certPem });
    expect(v.ok).toBe(isUnsignedRewrite(pkg.manifestP7s, bad));
  }), { numRuns: 400 });
});

test('manifest decoder raises only ManifestError on arbitrary JSON-ish input', () => {
  fc.assert(fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
    try { decodeManifest(utf8(text)); } catch (e) { if (!(e instanceof ManifestError)) throw e; }
  }), { numRuns: 2000 });
});

test('package checker: never throws, accepts no package with a file mutated but the signature’s unsigned rewrites', async () => {
  await fc.assert(fc.asyncProperty(fc.constantFrom('bidCms', 'manifestJson', 'manifestP7s' as const), mutation, fc.nat(2), async (part, m, kind) => {
    const bad = { ...pkg, [part]: mutate(pkg[part as keyof SealedBidPackage], m, kind) };
    const r = await checkPackage(bad, { projectId: 'T-1', signerCertificate: fx.signer.certPem });
    const sameBid = part === 'manifestP7s' && isUnsignedRewrite(pkg.manifestP7s, bad.manifestP7s); // signature unchanged
    expect(r.ok).toBe(sameBid);
    expect(r.violations.length > 0).toBe(!sameBid);
  }), { numRuns: 300 });
});

test('SignedData verifier: of every one-byte change at every byte of a manifest signature, only the two unsigned rewrites verify', async () => {
  const p7s = pkg.manifestP7s;
  const accepted: string[] = [];
  for (let at = 0; at < p7s.length; at++) {
    for (let xor = 1; xor < 256; xor++) {
      const bad = p7s.slice();
      bad[at] ^= xor;
      const v = await verifySignedData(bad, { detachedContent: pkg.manifestJson, signerCertificate: fx.signer.certPem });
      if (v.ok) accepted.push(`${at}=${bad[at]}`);
    }
  }
  expect(accepted).toEqual(unsignedRewrites(p7s).map((r) => `${r.at}=${r.value}`));
}, 600_000);
