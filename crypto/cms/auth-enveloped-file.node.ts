/**
 * Node-only streaming opening of an AuthEnvelopedData file (bid.cms of any size, flat memory).
 *
 * Header: only the first bytes (≤ 1 MiB) and the last bytes after the ciphertext are read. The
 * one primitive element that reaches past the head (the encryptedContent) is cut out: its
 * enclosing headers are re-encoded with the ciphertext's length taken off, and that small
 * stand-in is given to `decodeAuthEnveloped` itself, so the allow-list and every check it makes
 * (content type, version, recipients, OAEP-SHA-256, id-aes256-GCM, ICV 16, mac 16, nothing after
 * it, definite minimal lengths, no trailing data, size caps) apply unchanged. The cut-out element
 * must then be exactly what the decoder took as the ciphertext. A file small enough to fit in the
 * head is decoded whole.
 *
 * Content: AES-256-GCM with node:crypto in chunks, written to a temporary file next to the output;
 * the tag is set before `final()`, and only after it verifies (and the caller's last checks pass)
 * is the temporary file renamed to the output. On any failure it is deleted, so no plaintext is
 * released unauthenticated.
 */
import { createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { bytesEqual, concatBytes } from '../bytes';
import { DerError, lengthOctets, readHeader } from '../der';
import { GCM_TAG_BYTES } from './algorithms';
import { AuthEnvelope, DEFAULT_MAX_ENVELOPE_BYTES, decodeAuthEnveloped } from './auth-enveloped-decode';
import { CEK_BYTES } from './auth-enveloped-encrypt';
import { CmsError, parsing } from './errors';

/** The part of a valid envelope before the ciphertext is a few KiB (≤ 16 recipients). */
export const ENVELOPE_HEAD_BYTES = 1024 * 1024;
/** After the ciphertext a valid envelope has only the 18-byte mac. */
export const ENVELOPE_TAIL_BYTES = 64 * 1024;
export const DEFAULT_CHUNK_BYTES = 1024 * 1024;
/** The decoder's nesting limit for AuthEnvelopedData. */
const MAX_DEPTH = 12;

export interface AuthEnvelopeFileLayout {
  /** Recipients, nonce and mac as `decodeAuthEnveloped` returns them; `ciphertext` is empty (not read). */
  envelope: AuthEnvelope;
  fileSize: number;
  /** Where the ciphertext lies in the file. */
  contentOffset: number;
  contentLength: number;
}

export interface LayoutOptions {
  maxBytes?: number;
  /** How much of the start of the file is read (tests make it small). */
  headBytes?: number;
}

/** The file's bytes are not those checked before decryption (it changed under us). */
export class EnvelopeFileChangedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvelopeFileChangedError';
  }
}

async function readAt(file: fs.FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buf = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.read(buf, done, length - done, position + done);
    if (bytesRead === 0) throw new EnvelopeFileChangedError('the file is shorter than its size said (truncated while being read)');
    done += bytesRead;
  }
  return buf;
}

interface Cut {
  /** Stand-in DER: everything but the long element's contents, its ancestors' lengths reduced. */
  prefix: Uint8Array[];
  prefixLength: number;
  /** Where each piece of the prefix comes from in the file (to report offsets in the file). */
  sources: number[];
  contentOffset: number;
  contentLength: number;
}

/** Identifier octets of the element whose header starts at `pos` (DER lengths are minimal). */
function identifierOctets(head: Uint8Array, pos: number, h: { headerLength: number; length: number }): Uint8Array {
  return head.subarray(pos, pos + h.headerLength - lengthOctets(h.length).length);
}

/** Finds the primitive element reaching past the head, descending through the elements that contain it. */
function cutLongElement(head: Uint8Array, fileSize: number): Cut {
  const ancestors: { pos: number; h: ReturnType<typeof readHeader> }[] = [];
  let pos = 0;
  let end = fileSize;
  for (;;) {
    const h = readHeader(head, pos);
    const elementEnd = pos + h.headerLength + h.length;
    if (elementEnd > end) throw new DerError('length exceeds enclosing data', pos);
    if (!h.constructed) {
      const contentOffset = pos + h.headerLength;
      // each enclosing element shrinks by what its long descendant lost, contents and header octets
      const longHeader = [identifierOctets(head, pos, h), lengthOctets(0)];
      let shrink = h.headerLength + h.length - longHeader[0].length - 1;
      const headers: Uint8Array[][] = [];
      for (let i = ancestors.length - 1; i >= 0; i--) {
        const a = ancestors[i];
        const length = lengthOctets(a.h.length - shrink);
        const id = identifierOctets(head, a.pos, a.h);
        headers[i] = [id, length];
        shrink += a.h.headerLength - id.length - length.length;
      }
      const prefix: Uint8Array[] = [];
      const sources: number[] = [];
      let copied = 0;
      ancestors.forEach((a, i) => {
        prefix.push(head.subarray(copied, a.pos), ...headers[i]);
        sources.push(copied, a.pos, a.pos + headers[i][0].length);
        copied = a.pos + a.h.headerLength;
      });
      prefix.push(head.subarray(copied, pos), ...longHeader);
      sources.push(copied, pos, pos + longHeader[0].length);
      return { prefix, prefixLength: prefix.reduce((s, p) => s + p.length, 0), sources, contentOffset, contentLength: h.length };
    }
    if (ancestors.length >= MAX_DEPTH) throw new DerError('nesting too deep', pos);
    ancestors.push({ pos, h });
    // the child that reaches past the head; the ones before it are copied as they are
    let child = pos + h.headerLength;
    for (;;) {
      if (child >= elementEnd) throw new DerError('element reaching past the header area has no long child', pos);
      const c = readHeader(head, child);
      const childEnd = child + c.headerLength + c.length;
      if (childEnd > elementEnd) throw new DerError('length exceeds enclosing data', child);
      if (childEnd > head.length) break;
      child = childEnd;
    }
    pos = child;
    end = elementEnd;
  }
}

/** Runs the decoder on the stand-in, rewriting "at offset N" in its errors to the offset in the file. */
function withFileOffsets<T>(cut: Cut, tailStart: number, decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    if (!(e instanceof CmsError)) throw e;
    const toFile = (offset: number): number => {
      let at = 0;
      for (let i = 0; i < cut.prefix.length; i++) {
        if (offset < at + cut.prefix[i].length) return cut.sources[i] + (offset - at);
        at += cut.prefix[i].length;
      }
      return tailStart + (offset - at);
    };
    throw new CmsError(e.code, e.message.replace(/ at offset (\d+)$/, (_, n: string) => ` at offset ${toFile(Number(n))}`));
  }
}

/**
 * Reads and checks the envelope's header and trailer without reading the ciphertext. Throws
 * CmsError (MALFORMED, ALGORITHM_NOT_ALLOWED, TOO_LARGE) wherever `decodeAuthEnveloped` would throw
 * on the whole file, with the same code and reason (offsets are those in the file); only where
 * several lengths are broken may a different one be named first. EnvelopeFileChangedError if the
 * file shrinks while being read.
 */
export async function readAuthEnvelopedLayout(file: fs.FileHandle, options: LayoutOptions = {}): Promise<AuthEnvelopeFileLayout> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_ENVELOPE_BYTES;
  const headBytes = options.headBytes ?? ENVELOPE_HEAD_BYTES;
  const fileSize = (await file.stat()).size;
  if (fileSize > maxBytes) throw new CmsError('TOO_LARGE', `envelope of ${fileSize} bytes exceeds ${maxBytes}`);
  if (fileSize <= headBytes) {
    const whole = await readAt(file, 0, fileSize);
    const env = decodeAuthEnveloped(whole, maxBytes);
    return {
      envelope: { ...env, ciphertext: new Uint8Array(0) }, fileSize,
      contentOffset: env.ciphertext.byteOffset - whole.byteOffset, contentLength: env.ciphertext.length,
    };
  }
  const head = await readAt(file, 0, headBytes);
  const cut = parsing('AuthEnvelopedData', () => cutLongElement(head, fileSize));
  const tailStart = cut.contentOffset + cut.contentLength;
  if (fileSize - tailStart > ENVELOPE_TAIL_BYTES) throw new CmsError('MALFORMED', 'AuthEnvelopedData: too much data after the encrypted content');
  const tail = await readAt(file, tailStart, fileSize - tailStart);
  const standIn = concatBytes(...cut.prefix, tail);
  const env = withFileOffsets(cut, tailStart, () => decodeAuthEnveloped(standIn, maxBytes));
  if (env.ciphertext.length !== 0 || env.ciphertext.byteOffset !== standIn.byteOffset + cut.prefixLength) {
    throw new CmsError('MALFORMED', 'AuthEnvelopedData: the large element is not the encrypted content');
  }
  return { envelope: env, fileSize, contentOffset: cut.contentOffset, contentLength: cut.contentLength };
}

/** SHA-256 of a whole file, read in chunks. */
export async function sha256OfFile(file: fs.FileHandle, size: number, chunkBytes = DEFAULT_CHUNK_BYTES): Promise<Uint8Array> {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(Math.min(chunkBytes, Math.max(size, 1)));
  for (let pos = 0; pos < size;) {
    const { bytesRead } = await file.read(buf, 0, Math.min(buf.length, size - pos), pos);
    if (bytesRead === 0) throw new EnvelopeFileChangedError('the file is shorter than its size said (truncated while being read)');
    hash.update(buf.subarray(0, bytesRead));
    pos += bytesRead;
  }
  return new Uint8Array(hash.digest());
}

export interface FileDecryptOptions {
  /**
   * SHA-256 the whole file must still have. The file is then read whole and hashed while decrypting,
   * so a file that changed after it was checked fails with EnvelopeFileChangedError, not as a bad tag.
   */
  expectedSha256?: Uint8Array;
  /** Last check after the tag verified, before the output appears; if it throws, the plaintext is deleted. */
  beforeRelease?: () => Promise<void> | void;
  chunkBytes?: number;
}

async function writeAll(file: fs.FileHandle, data: Uint8Array): Promise<void> {
  for (let done = 0; done < data.length;) done += (await file.write(data, done, data.length - done)).bytesWritten;
}

/**
 * Decrypts the ciphertext of a checked envelope file to `outFile` (replaced if it exists). Throws
 * CmsError AUTHENTICATION_FAILED on a bad tag, EnvelopeFileChangedError if the file is not as
 * expected; in every failure the output is not created and the temporary file is removed.
 */
export async function decryptAuthEnvelopedFile(
  file: fs.FileHandle, layout: AuthEnvelopeFileLayout, cek: Uint8Array, outFile: string, options: FileDecryptOptions = {},
): Promise<{ bytes: number }> {
  if (cek.length !== CEK_BYTES) throw new CmsError('KEY_UNWRAP_FAILED', 'CEK must be 32 bytes');
  const out = path.resolve(outFile);
  const temp = path.join(path.dirname(out), `.${path.basename(out)}.${randomBytes(6).toString('hex')}.partial`);
  const sink = await fs.open(temp, 'wx', 0o600);
  let open = true;
  let released = false;
  try {
    const decipher = createDecipheriv('aes-256-gcm', cek, layout.envelope.nonce, { authTagLength: GCM_TAG_BYTES });
    decipher.setAuthTag(layout.envelope.mac);
    const hash = options.expectedSha256 ? createHash('sha256') : undefined;
    const contentEnd = layout.contentOffset + layout.contentLength;
    const start = hash ? 0 : layout.contentOffset;
    const stop = hash ? layout.fileSize : contentEnd;
    const buf = Buffer.allocUnsafe(Math.max(1, Math.min(options.chunkBytes ?? DEFAULT_CHUNK_BYTES, stop - start)));
    for (let pos = start; pos < stop;) {
      const { bytesRead } = await file.read(buf, 0, Math.min(buf.length, stop - pos), pos);
      if (bytesRead === 0) throw new EnvelopeFileChangedError('the file is shorter than when its header was read');
      const chunk = buf.subarray(0, bytesRead);
      hash?.update(chunk);
      const a = Math.max(pos, layout.contentOffset);
      const b = Math.min(pos + bytesRead, contentEnd);
      if (a < b) await writeAll(sink, decipher.update(chunk.subarray(a - pos, b - pos)));
      pos += bytesRead;
    }
    if (hash) {
      const size = (await file.stat()).size;
      if (size !== layout.fileSize || !bytesEqual(new Uint8Array(hash.digest()), options.expectedSha256!)) {
        throw new EnvelopeFileChangedError('the file changed after it was checked (hash differs while decrypting)');
      }
    }
    let last: Buffer;
    try {
      last = decipher.final();
    } catch {
      throw new CmsError('AUTHENTICATION_FAILED', 'AES-GCM authentication failed (wrong key or altered ciphertext)');
    }
    await writeAll(sink, last);
    await sink.close();
    open = false;
    await options.beforeRelease?.();
    await fs.rename(temp, out);
    released = true;
    return { bytes: layout.contentLength };
  } finally {
    if (!released) {
      if (open) await sink.close().catch(() => undefined);
      await fs.rm(temp, { force: true });
    }
  }
}
