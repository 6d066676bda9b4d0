/**
 * The plaintext of a sealed bid (the content that bid.cms encrypts), built in the browser.
 *
 * Format: a POSIX ustar archive — the same deterministic layout as the CLI's multi-file sealing
 * (crypto/sbp/tar.node.ts): mtime 0, uid/gid 0, mode 0644, files in the order given, two zero
 * blocks at the end. `verify open bid/ --out offer.tar` then `tar -x` reads it back.
 *
 *   bid.json          the structured bid form (UTF-8 JSON, keys in a fixed order, see BidForm)
 *   <file name> …     each attached file, byte for byte, under its own name
 *
 * bid.json lists every attached file with its size and SHA-256, and carries the salt of the
 * manifest's priceCommitment (SHA-256(lp(label) ‖ lp(price) ‖ salt), crypto/sbp/commitments.ts),
 * so that after the opening anyone can check the price against the signed manifest. The archive
 * never leaves the browser unencrypted.
 */

const BLOCK = 512;
/** ustar's name field (bytes of UTF-8); longer names are refused rather than split. */
const MAX_NAME_BYTES = 100;
const BID_JSON_NAME = 'bid.json';
const BID_FORM_VERSION = 'tenderhall-bid/1';

export interface BidForm {
  /** 投标总价, yuan, a plain decimal string with at most two decimals ("1234567.89") */
  totalPrice: string;
  /** 工期 / 交货期, days */
  durationDays: number;
  /** 质量承诺 */
  qualityCommitment: string;
  /** 备注 (may be empty) */
  remarks: string;
}

export interface BidFileEntry {
  name: string;
  size: number;
  sha256: string;
}

export interface BidPackageInput {
  projectId: string;
  lotId: string;
  lotNumber: number;
  form: BidForm;
  /** hex, 32 bytes: the salt of the manifest's priceCommitment */
  priceSalt: string;
  files: { name: string; bytes: Uint8Array }[];
}

export class BidPackageError extends Error {
  constructor(
    readonly code: 'NAME_TOO_LONG' | 'NAME_DUPLICATE' | 'NAME_RESERVED' | 'FILE_TOO_LARGE',
    readonly fileName: string,
  ) {
    super(`${code}: ${fileName}`);
    this.name = 'BidPackageError';
  }
}

const encoder = new TextEncoder();
const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

function ascii(target: Uint8Array, offset: number, text: string): void {
  for (let i = 0; i < text.length; i++) target[offset + i] = text.charCodeAt(i);
}

function header(name: string, size: number): Uint8Array {
  const h = new Uint8Array(BLOCK);
  const nameBytes = encoder.encode(name);
  if (nameBytes.length > MAX_NAME_BYTES) throw new BidPackageError('NAME_TOO_LONG', name);
  if (size >= 8 ** 11) throw new BidPackageError('FILE_TOO_LARGE', name);
  h.set(nameBytes, 0);
  ascii(h, 100, '0000644\0');
  ascii(h, 108, '0000000\0');
  ascii(h, 116, '0000000\0');
  ascii(h, 124, `${size.toString(8).padStart(11, '0')}\0`);
  ascii(h, 136, '00000000000\0');
  ascii(h, 148, '        '); // checksum placeholder
  ascii(h, 156, '0');
  ascii(h, 257, 'ustar\0');
  ascii(h, 263, '00');
  let sum = 0;
  for (const b of h) sum += b;
  ascii(h, 148, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

/** A ustar archive of the given files, in order (deterministic: same input, same bytes). */
function tarArchive(files: readonly { name: string; bytes: Uint8Array }[]): Uint8Array {
  const total = files.reduce((sum, f) => sum + BLOCK + f.bytes.length + padding(f.bytes.length), 0) + 2 * BLOCK;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const file of files) {
    out.set(header(file.name, file.bytes.length), offset);
    offset += BLOCK;
    out.set(file.bytes, offset);
    offset += file.bytes.length + padding(file.bytes.length);
  }
  return out; // the rest (padding and the two end blocks) is already zero
}

export function toHexString(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return toHexString(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

/** Problems with the attached files' names, found before anything is read or encrypted. */
export function checkFileNames(names: readonly string[]): BidPackageError | null {
  const seen = new Set<string>();
  for (const name of names) {
    if (name === BID_JSON_NAME) return new BidPackageError('NAME_RESERVED', name);
    if (encoder.encode(name).length > MAX_NAME_BYTES) return new BidPackageError('NAME_TOO_LONG', name);
    if (seen.has(name)) return new BidPackageError('NAME_DUPLICATE', name);
    seen.add(name);
  }
  return null;
}

/** bid.json + the files, as one archive: the plaintext to seal. */
export async function buildBidPackage(input: BidPackageInput): Promise<Uint8Array> {
  const problem = checkFileNames(input.files.map((f) => f.name));
  if (problem) throw problem;
  const entries: BidFileEntry[] = [];
  for (const file of input.files) entries.push({ name: file.name, size: file.bytes.length, sha256: await sha256Hex(file.bytes as Uint8Array<ArrayBuffer>) });
  const bidJson = {
    v: BID_FORM_VERSION,
    projectId: input.projectId,
    lotId: input.lotId,
    lotNumber: input.lotNumber,
    totalPrice: input.form.totalPrice,
    durationDays: input.form.durationDays,
    qualityCommitment: input.form.qualityCommitment,
    remarks: input.form.remarks,
    priceCommitmentSalt: input.priceSalt,
    files: entries,
  };
  return tarArchive([{ name: BID_JSON_NAME, bytes: encoder.encode(`${JSON.stringify(bidJson, null, 2)}\n`) }, ...input.files]);
}

/** "1,250,000.5" → "1250000.5"; null when it is not an amount in yuan with at most two decimals. */
export function normaliseYuan(text: string): string | null {
  const plain = text.trim().replace(/[,，\s]/g, '');
  if (!/^(0|[1-9]\d{0,15})(\.\d{1,2})?$/.test(plain)) return null;
  if (/^0(\.0+)?$/.test(plain)) return null;
  return plain;
}
