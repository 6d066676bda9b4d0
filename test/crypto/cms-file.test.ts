/** Streaming AuthEnvelopedData opening from a file (crypto/cms/auth-enveloped-file.node.ts). */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from '../../crypto/bytes';
import { AuthEnvelope, CmsError, decodeAuthEnveloped, encryptAuthEnveloped } from '../../crypto/cms';
import {
  EnvelopeFileChangedError, decryptAuthEnvelopedFile, readAuthEnvelopedLayout, sha256OfFile,
} from '../../crypto/cms/auth-enveloped-file.node';
import { Fixtures, makeFixtures, removeFixtures } from './openssl-fixtures';

let fx: Fixtures;
let dir: string;
beforeAll(() => {
  fx = makeFixtures();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenderhall-cms-file-'));
});
afterAll(() => {
  removeFixtures(fx);
  fs.rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
function writeTemp(bytes: Uint8Array): string {
  const file = path.join(dir, `env-${counter++}.cms`);
  fs.writeFileSync(file, bytes);
  return file;
}

type Outcome = { ok: true; recipients: AuthEnvelope['recipients']; nonce: Uint8Array; mac: Uint8Array; contentOffset: number; contentLength: number } | { ok: false; code: string; message: string };

function oneShot(der: Uint8Array): Outcome {
  try {
    const env = decodeAuthEnveloped(der);
    return { ok: true, recipients: env.recipients, nonce: env.nonce, mac: env.mac, contentOffset: env.ciphertext.byteOffset - der.byteOffset, contentLength: env.ciphertext.length };
  } catch (e) {
    if (e instanceof CmsError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}

async function streamed(file: string, headBytes?: number): Promise<Outcome> {
  const fh = await fsp.open(file, 'r');
  try {
    const l = await readAuthEnvelopedLayout(fh, { headBytes });
    return { ok: true, recipients: l.envelope.recipients, nonce: l.envelope.nonce, mac: l.envelope.mac, contentOffset: l.contentOffset, contentLength: l.contentLength };
  } catch (e) {
    if (e instanceof CmsError) return { ok: false, code: e.code, message: e.message };
    throw e;
  } finally {
    await fh.close();
  }
}

const plain = (o: Outcome) => (o.ok ? { ...o, recipients: o.recipients.map((r) => ({ issuer: [...r.issuer], serial: [...r.serialNumber], key: [...r.encryptedKey] })), nonce: [...o.nonce], mac: [...o.mac] } : o);

/**
 * Reasons are compared as they are, except DER structure errors: where a length is corrupted, the
 * header walk (which skips whole elements) may meet a different broken length first than the
 * one-shot parser (which descends into each), so only the kind of error must agree there.
 */
const sameReason = (o: ReturnType<typeof plain>) => (!o.ok && / DER: .* at offset \d+$/.test(o.message) ? { ...o, message: 'DER structure error' } : o);

async function sealed(size: number): Promise<{ der: Uint8Array; cek: Uint8Array; content: Uint8Array; contentOffset: number }> {
  const content = randomBytes(size);
  const { der, cek } = await encryptAuthEnveloped(content, [fx.recipientA.certPem, fx.recipientB.certPem]);
  const env = decodeAuthEnveloped(der);
  return { der, cek, content, contentOffset: env.ciphertext.byteOffset - der.byteOffset };
}

describe('reading the header of an envelope file', () => {
  test('gives what decodeAuthEnveloped gives, whole-file and header-only paths alike', async () => {
    const { der, contentOffset } = await sealed(5000);
    const file = writeTemp(der);
    const expected = plain(oneShot(der));
    expect(expected).toMatchObject({ ok: true, contentOffset, contentLength: 5000 });
    expect(plain(await streamed(file))).toEqual(expected);
    expect(plain(await streamed(file, contentOffset + 10))).toEqual(expected); // ciphertext reaches past the head
  });

  test('every flipped byte of header and trailer is refused or accepted exactly as the one-shot decoder does, with the same reason (DER structure errors: the same kind)', async () => {
    const { der, contentOffset } = await sealed(3000);
    const headBytes = contentOffset + 100;
    const positions = [...Array(contentOffset).keys(), ...Array.from({ length: der.length - contentOffset - 3000 }, (_, i) => contentOffset + 3000 + i)];
    for (const at of positions) {
      for (const mask of [0x01, 0x80]) {
        const bad = der.slice();
        bad[at] ^= mask;
        const file = writeTemp(bad);
        expect([at, mask, sameReason(plain(await streamed(file, headBytes)))]).toEqual([at, mask, sameReason(plain(oneShot(bad)))]);
        fs.rmSync(file);
      }
    }
  }, 120_000);

  test('truncated, extended and oversized files are refused like the one-shot decoder refuses them', async () => {
    const { der, contentOffset } = await sealed(3000);
    const headBytes = contentOffset + 100;
    for (const cut of [1, 17, 18, 19, 100, 3000, der.length - contentOffset + 1, der.length - 1]) {
      const file = writeTemp(der.subarray(0, der.length - cut));
      const got = await streamed(file, headBytes);
      expect([cut, got]).toEqual([cut, oneShot(der.subarray(0, der.length - cut))]);
      expect(got.ok).toBe(false);
    }
    for (const extra of [new Uint8Array([0]), new Uint8Array([0x04, 0x00]), randomBytes(70_000)]) {
      const longer = new Uint8Array(der.length + extra.length);
      longer.set(der);
      longer.set(extra, der.length);
      const got = await streamed(writeTemp(longer), headBytes);
      expect(got).toMatchObject({ ok: false, code: 'MALFORMED' });
      expect(oneShot(longer)).toMatchObject({ ok: false, code: 'MALFORMED' });
    }
    const fh = await fsp.open(writeTemp(der), 'r');
    try {
      await expect(readAuthEnvelopedLayout(fh, { maxBytes: der.length - 1 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
    } finally {
      await fh.close();
    }
  });
});

describe('decrypting an envelope file', () => {
  async function decrypt(der: Uint8Array, cek: Uint8Array, out: string, options: Parameters<typeof decryptAuthEnvelopedFile>[4] = {}, headBytes?: number) {
    const fh = await fsp.open(writeTemp(der), 'r');
    try {
      const layout = await readAuthEnvelopedLayout(fh, { headBytes });
      return await decryptAuthEnvelopedFile(fh, layout, cek, out, options);
    } finally {
      await fh.close();
    }
  }
  const leftovers = (out: string) => fs.readdirSync(path.dirname(out)).filter((f) => f.startsWith(`.${path.basename(out)}.`));

  test('chunked decryption gives the content, for chunk sizes that do not divide it', async () => {
    const { der, cek, content, contentOffset } = await sealed(200_003);
    for (const chunkBytes of [1, 4096, 65_536, 1 << 20]) {
      if (chunkBytes === 1 && content.length > 1000) continue;
      const out = path.join(dir, `plain-${chunkBytes}.bin`);
      expect(await decrypt(der, cek, out, { chunkBytes }, contentOffset + 5)).toEqual({ bytes: content.length });
      expect(Buffer.from(fs.readFileSync(out)).equals(content)).toBe(true);
      expect(leftovers(out)).toEqual([]);
    }
    const tiny = await sealed(300);
    const out = path.join(dir, 'tiny.bin');
    await decrypt(tiny.der, tiny.cek, out, { chunkBytes: 1 });
    expect(Buffer.from(fs.readFileSync(out)).equals(tiny.content)).toBe(true);
  });

  test('empty content decrypts to an empty file after the tag verified', async () => {
    const { der, cek } = await sealed(0);
    const out = path.join(dir, 'empty.bin');
    await decrypt(der, cek, out);
    expect(fs.readFileSync(out)).toHaveLength(0);
  });

  test('a wrong key, a flipped ciphertext byte or a flipped tag byte leaves neither output nor temporary file', async () => {
    const { der, cek, contentOffset } = await sealed(100_000);
    const out = path.join(dir, 'never.bin');
    const cases: [string, Uint8Array, Uint8Array][] = [['wrong key', der, randomBytes(32)]];
    for (const [what, at] of [['first ciphertext byte', contentOffset], ['last ciphertext byte', contentOffset + 99_999], ['tag', der.length - 1]] as const) {
      const bad = der.slice();
      bad[at] ^= 0x04;
      cases.push([what, bad, cek]);
    }
    for (const [what, bytes, key] of cases) {
      await expect(decrypt(bytes, key, out, { chunkBytes: 4096 })).rejects.toMatchObject({ code: 'AUTHENTICATION_FAILED' });
      expect([what, fs.existsSync(out), leftovers(out)]).toEqual([what, false, []]);
    }
  });

  test('a file that is not the one expected, or a failing last check, releases nothing; an existing output stays as it was', async () => {
    const { der, cek } = await sealed(50_000);
    const out = path.join(dir, 'kept.bin');
    fs.writeFileSync(out, 'previous');
    await expect(decrypt(der, cek, out, { expectedSha256: randomBytes(32) })).rejects.toBeInstanceOf(EnvelopeFileChangedError);
    await expect(decrypt(der, cek, out, { beforeRelease: () => { throw new Error('signer revoked'); } })).rejects.toThrow('signer revoked');
    expect(fs.readFileSync(out, 'utf8')).toBe('previous');
    expect(leftovers(out)).toEqual([]);

    const file = writeTemp(der);
    const fh = await fsp.open(file, 'r');
    try {
      const expectedSha256 = await sha256OfFile(fh, der.length);
      const layout = await readAuthEnvelopedLayout(fh);
      await decryptAuthEnvelopedFile(fh, layout, cek, out, { expectedSha256 });
      expect(fs.readFileSync(out)).toHaveLength(50_000);
      // the file changes after it was checked: that is detected, not reported as a bad tag
      const bad = Buffer.from(der);
      bad[layout.contentOffset + 10] ^= 1;
      fs.writeFileSync(file, bad);
      fs.rmSync(out);
      await expect(decryptAuthEnvelopedFile(fh, layout, cek, out, { expectedSha256 })).rejects.toBeInstanceOf(EnvelopeFileChangedError);
      fs.writeFileSync(file, der.subarray(0, der.length - 5));
      await expect(decryptAuthEnvelopedFile(fh, layout, cek, out, { expectedSha256 })).rejects.toBeInstanceOf(EnvelopeFileChangedError);
      expect([fs.existsSync(out), leftovers(out)]).toEqual([false, []]);
    } finally {
      await fh.close();
    }
  });
});
