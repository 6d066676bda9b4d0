import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fromHex, utf8 } from '../../crypto/bytes';
import {
  CmsError, createSignedData, decodeAuthEnveloped, decryptContent, decryptWithWebCrypto, encryptAuthEnveloped, importOaepPrivateKey,
  rsaSha256Signer, unwrapContentKey, verifySignedData,
} from '../../crypto/cms';
import { encryptAuthEnvelopedStream } from '../../crypto/cms/auth-enveloped-stream.node';
import { readDer } from '../../crypto/der';
import { Fixtures, makeFixtures, openssl, opensslResult, removeFixtures } from './openssl-fixtures';

let fx: Fixtures;
beforeAll(() => { fx = makeFixtures(); });
afterAll(() => removeFixtures(fx));

const content = utf8('{"price":"1234567.89","currency":"CNY"} and some documents…');
const file = (name: string) => path.join(fx.dir, name);

async function openWith(der: Uint8Array, keyPem: string, certPem?: string): Promise<Uint8Array> {
  const env = decodeAuthEnveloped(der);
  const cek = await unwrapContentKey(env, await importOaepPrivateKey(keyPem), certPem);
  return decryptContent(env, cek);
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try { await p; return 'OK'; } catch (e) { return e instanceof CmsError ? e.code : `UNTYPED ${(e as Error).name}: ${(e as Error).message}`; }
}

describe('AuthEnvelopedData', () => {
  test('round trip for each of two recipients', async () => {
    const { der } = await encryptAuthEnveloped(content, [fx.recipientA.certPem, fx.recipientB.certPem]);
    expect(await openWith(der, fx.recipientA.keyPem, fx.recipientA.certPem)).toEqual(content);
    expect(await openWith(der, fx.recipientB.keyPem)).toEqual(content);
    expect(await codeOf(openWith(der, fx.signer.keyPem))).toBe('KEY_UNWRAP_FAILED');
    expect(await codeOf(openWith(der, fx.signer.keyPem, fx.signer.certPem))).toBe('NO_MATCHING_RECIPIENT');
  });

  test('node:crypto (Node) and WebCrypto (browsers) decrypt alike, across slices, and both refuse a changed byte', async () => {
    const big = new Uint8Array(2.5 * 1024 * 1024 + 7).map((_, i) => (i * 31) % 251); // three slices, the last a short one
    const { der } = await encryptAuthEnveloped(big, [fx.recipientA.certPem]);
    const env = decodeAuthEnveloped(der);
    const cek = await unwrapContentKey(env, await importOaepPrivateKey(fx.recipientA.keyPem), fx.recipientA.certPem);
    expect(Buffer.from(await decryptContent(env, cek)).equals(Buffer.from(big))).toBe(true);
    expect(Buffer.from(await decryptWithWebCrypto(env, cek)).equals(Buffer.from(big))).toBe(true);
    for (const at of [0, 1024 * 1024 + 3, env.ciphertext.length - 1]) {
      const tampered = { ...env, ciphertext: env.ciphertext.slice() };
      tampered.ciphertext[at] ^= 1;
      expect(await codeOf(decryptContent(tampered, cek))).toBe('AUTHENTICATION_FAILED');
      expect(await codeOf(decryptWithWebCrypto(tampered, cek))).toBe('AUTHENTICATION_FAILED');
    }
  });

  test('states AES-256-GCM with a 12-byte nonce and ICV 16, OAEP with SHA-256/MGF1-SHA-256', async () => {
    const { der } = await encryptAuthEnveloped(content, [fx.recipientA.certPem]);
    const text = openssl(['asn1parse', '-inform', 'DER'], der).toString();
    expect(text).toMatch(/OBJECT\s+:id-smime-ct-authEnvelopedData/);
    expect(text).toMatch(/OBJECT\s+:aes-256-gcm[\s\S]*l=\s*12 prim: OCTET STRING[\s\S]*INTEGER\s+:10/);
    expect(text).toMatch(/:rsaesOaep[\s\S]*:sha256[\s\S]*:mgf1[\s\S]*:sha256/);
    expect(() => readDer(der)).not.toThrow(); // strict DER
  });

  test('the streaming encoder is byte-identical to the one-shot encoder and reports its exact length', async () => {
    const cek = fromHex('11'.repeat(32));
    const nonce = fromHex('22'.repeat(12));
    const big = new Uint8Array(300_000).map((_, i) => (i * 7) & 255);
    const oneShot = await encryptAuthEnveloped(big, [fx.recipientA.certPem], { cek, nonce });
    const pieces = [big.subarray(0, 1), big.subarray(1, 70_000), big.subarray(70_000)];
    const streamed = await encryptAuthEnvelopedStream(Readable.from(pieces.map((p) => Buffer.from(p))), big.length, [fx.recipientA.certPem], { cek, nonce });
    const out: Uint8Array[] = [];
    for await (const c of streamed.chunks) out.push(c);
    const joined = Buffer.concat(out);
    expect(joined.length).toBe(streamed.totalLength);
    // OAEP is randomised: compare everything outside the encryptedKey
    const env1 = decodeAuthEnveloped(oneShot.der);
    const env2 = decodeAuthEnveloped(joined);
    expect(Buffer.from(env2.ciphertext).equals(env1.ciphertext)).toBe(true);
    expect(Buffer.from(env2.mac).equals(env1.mac)).toBe(true);
    expect(joined.length).toBe(oneShot.der.length);
    expect(Buffer.from(await openWith(joined, fx.recipientA.keyPem)).equals(big)).toBe(true);
  });

  test('the streaming encoder refuses content longer or shorter than declared', async () => {
    for (const declared of [9, 11]) {
      const s = await encryptAuthEnvelopedStream(Readable.from([Buffer.alloc(10)]), declared, [fx.recipientA.certPem]);
      await expect((async () => { for await (const _ of s.chunks) { /* drain */ } })()).rejects.toThrow(/declared/);
    }
  });

  test('openssl cms -decrypt opens our envelope with either recipient key', async () => {
    const { der } = await encryptAuthEnveloped(content, [fx.recipientA.certPem, fx.recipientB.certPem]);
    fs.writeFileSync(file('ours.cms'), der);
    for (const r of [fx.recipientA, fx.recipientB]) {
      const out = openssl(['cms', '-decrypt', '-inform', 'DER', '-in', file('ours.cms'), '-inkey', r.keyFile, '-recip', r.certFile]);
      expect(new Uint8Array(out)).toEqual(content);
    }
  });

  test('we open what openssl cms -encrypt -aes-256-gcm with OAEP-SHA-256 produces, for each recipient', async () => {
    fs.writeFileSync(file('plain.bin'), content);
    openssl(['cms', '-encrypt', '-aes-256-gcm', '-binary', '-in', file('plain.bin'), '-outform', 'DER', '-out', file('theirs.cms'),
      '-recip', fx.recipientA.certFile, '-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256', '-keyopt', 'rsa_mgf1_md:sha256',
      '-recip', fx.recipientB.certFile, '-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256', '-keyopt', 'rsa_mgf1_md:sha256']);
    const der = fs.readFileSync(file('theirs.cms'));
    expect(await openWith(der, fx.recipientA.keyPem, fx.recipientA.certPem)).toEqual(content);
    expect(await openWith(der, fx.recipientB.keyPem, fx.recipientB.certPem)).toEqual(content);
  });

  test('refuses openssl envelopes outside the allow-list: PKCS#1 v1.5 key transport, OAEP-SHA-1, CBC, AES-128-GCM', async () => {
    fs.writeFileSync(file('plain.bin'), content);
    const cases: [string, string[]][] = [
      ['v15', ['-aes-256-gcm']],
      ['sha1', ['-aes-256-gcm', '-keyopt', 'rsa_padding_mode:oaep']],
      ['cbc', ['-aes-256-cbc', '-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256', '-keyopt', 'rsa_mgf1_md:sha256']],
      ['gcm128', ['-aes-128-gcm', '-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256', '-keyopt', 'rsa_mgf1_md:sha256']],
    ];
    for (const [name, opts] of cases) {
      const [cipher, ...keyopts] = opts;
      openssl(['cms', '-encrypt', cipher, '-binary', '-in', file('plain.bin'), '-outform', 'DER', '-out', file(`${name}.cms`), '-recip', fx.recipientA.certFile, ...keyopts]);
      const der = fs.readFileSync(file(`${name}.cms`));
      expect([name, await codeOf(openWith(der, fx.recipientA.keyPem))]).toEqual([name, 'ALGORITHM_NOT_ALLOWED']);
    }
  });

  test('refuses an ICV length other than 16 and trailing data', async () => {
    const { der } = await encryptAuthEnveloped(content, [fx.recipientA.certPem]);
    const icv = Buffer.from(der);
    const at = icv.indexOf(Buffer.from([0x02, 0x01, 0x10, 0x80])); // ICVlen INTEGER 16, then [0] ciphertext
    expect(at).toBeGreaterThan(0);
    icv[at + 2] = 0x0c;
    expect(await codeOf(openWith(icv, fx.recipientA.keyPem))).toBe('ALGORITHM_NOT_ALLOWED');
    expect(await codeOf(openWith(Buffer.concat([der, Buffer.from([0])]), fx.recipientA.keyPem))).toBe('MALFORMED');
  });

  test('any single flipped byte makes opening fail, with a typed error and no plaintext', async () => {
    const { der } = await encryptAuthEnveloped(utf8('short bid'), [fx.recipientA.certPem]);
    const key = await importOaepPrivateKey(fx.recipientA.keyPem);
    const codes = new Set<string>();
    for (let i = 0; i < der.length; i++) {
      const bad = der.slice();
      bad[i] ^= 0x01;
      const code = await codeOf((async () => {
        const env = decodeAuthEnveloped(bad);
        return decryptContent(env, await unwrapContentKey(env, key, fx.recipientA.certPem));
      })());
      expect([i, code]).not.toEqual([i, 'OK']);
      expect(code).not.toMatch(/^UNTYPED/);
      codes.add(code);
    }
    expect([...codes].sort()).toEqual(['ALGORITHM_NOT_ALLOWED', 'AUTHENTICATION_FAILED', 'KEY_UNWRAP_FAILED', 'MALFORMED', 'NO_MATCHING_RECIPIENT']);
  });
});

describe('SignedData', () => {
  const manifest = utf8('{"v":"sbp/1"}');
  const sign = async (opts: Partial<Parameters<typeof createSignedData>[0]> = {}) => createSignedData({
    content: manifest, signerCertificate: fx.signer.certPem, sign: await rsaSha256Signer(fx.signer.keyPem), ...opts,
  });

  test('detached and attached signatures verify, and report the signer and signing time', async () => {
    const at = new Date('2026-03-01T08:00:00Z');
    const detached = await sign({ signingTime: at });
    const v = await verifySignedData(detached, { detachedContent: manifest });
    expect(v.ok && v.signingTime?.toISOString()).toBe(at.toISOString());
    const attached = await sign({ detached: false });
    const w = await verifySignedData(attached);
    expect(w.ok && Buffer.from(w.content).toString()).toBe('{"v":"sbp/1"}');
    expect((await verifySignedData(detached)).ok).toBe(false);
  });

  test('openssl cms -verify accepts our detached and attached SignedData', async () => {
    fs.writeFileSync(file('manifest.json'), manifest);
    fs.writeFileSync(file('detached.p7s'), await sign());
    fs.writeFileSync(file('attached.p7s'), await sign({ detached: false }));
    const d = opensslResult(['cms', '-verify', '-binary', '-inform', 'DER', '-in', file('detached.p7s'), '-content', file('manifest.json'), '-CAfile', fx.ca.certFile, '-out', file('v1.out')]);
    expect([d.status, d.stderr.trim()]).toEqual([0, 'CMS Verification successful']);
    const a = opensslResult(['cms', '-verify', '-binary', '-inform', 'DER', '-in', file('attached.p7s'), '-CAfile', fx.ca.certFile, '-out', file('v2.out')]);
    expect(a.status).toBe(0);
    expect(fs.readFileSync(file('v2.out')).toString()).toBe('{"v":"sbp/1"}');
  });

  test('we verify what openssl cms -sign -binary -md sha256 produces (detached and -nodetach)', async () => {
    fs.writeFileSync(file('manifest.json'), manifest);
    openssl(['cms', '-sign', '-binary', '-md', 'sha256', '-in', file('manifest.json'), '-signer', fx.signer.certFile, '-inkey', fx.signer.keyFile, '-outform', 'DER', '-out', file('os-d.p7s')]);
    openssl(['cms', '-sign', '-binary', '-nodetach', '-md', 'sha256', '-in', file('manifest.json'), '-signer', fx.signer.certFile, '-inkey', fx.signer.keyFile, '-outform', 'DER', '-out', file('os-a.p7s')]);
    const d = await verifySignedData(fs.readFileSync(file('os-d.p7s')), { detachedContent: manifest, signerCertificate: fx.signer.certPem });
    expect(d.ok).toBe(true);
    const a = await verifySignedData(fs.readFileSync(file('os-a.p7s')));
    expect(a.ok && Buffer.from(a.content).toString()).toBe('{"v":"sbp/1"}');
    expect((await verifySignedData(fs.readFileSync(file('os-d.p7s')), { detachedContent: utf8('{"v":"sbp/2"}') })).ok).toBe(false);
  });

  test('wrong key: a signature by another key under the signer certificate is rejected', async () => {
    const forged = await sign({ sign: await rsaSha256Signer(fx.outsider.keyPem) });
    expect(await verifySignedData(forged, { detachedContent: manifest })).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
  });

  test('a signature by someone else is rejected when a specific signer is expected', async () => {
    const other = await sign({ signerCertificate: fx.outsider.certPem, sign: await rsaSha256Signer(fx.outsider.keyPem) });
    expect((await verifySignedData(other, { detachedContent: manifest })).ok).toBe(true);
    expect(await verifySignedData(other, { detachedContent: manifest, signerCertificate: fx.signer.certPem })).toMatchObject({ ok: false, code: 'SIGNER_NOT_FOUND' });
  });

  test('altered signed attributes and a mismatched messageDigest are rejected', async () => {
    const p7s = Buffer.from(await sign({ signingTime: new Date('2026-03-01T08:00:00Z') }));
    const t = p7s.indexOf(Buffer.from('260301080000Z'));
    const altered = Buffer.from(p7s); altered[t + 4] = '1'.charCodeAt(0); // signingTime 2026-03-01 → 2026-03-11
    expect(await verifySignedData(altered, { detachedContent: manifest })).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
    expect(await verifySignedData(p7s, { detachedContent: utf8('{"v":"sbp/1" }') })).toMatchObject({ ok: false, code: 'DIGEST_MISMATCH' });
  });

  test('any flipped byte outside the embedded certificate is rejected (chain checks cover the certificate)', async () => {
    const p7s = await sign();
    const root = readDer(p7s);
    const certNode = root.children[1].children[0].children[3]; // [0] certificates
    const skip = [certNode.offset + certNode.headerLength, certNode.offset + certNode.der.length];
    for (let i = 0; i < p7s.length; i++) {
      if (i >= skip[0] && i < skip[1]) continue;
      const bad = p7s.slice();
      bad[i] ^= 0x04;
      const v = await verifySignedData(bad, { detachedContent: manifest });
      expect([i, v.ok]).toEqual([i, false]);
    }
  });
});
