/**
 * Reading an opened bid (pure): the plaintext is a ustar archive whose first file is bid.json (the
 * structured form the browser built, web/src/lib/bid-package.ts), then the attached files. The price
 * in bid.json must match the manifest's priceCommitment (signed by the bidder before the deadline);
 * a mismatch is the bidder's own doing. Content that is not such an archive opens fine but has no
 * structured form (nothing to read out but the decryption status).
 */
import { fromHex } from '../../../../crypto/bytes';
import { priceCommitment } from '../../../../crypto/sbp';
import { sha256Hex } from '../../sha256';

export interface BidForm {
  totalPrice: string | null;
  durationDays: number | null;
  qualityCommitment: string | null;
  remarks: string | null;
  files: { name: string; size: number; sha256: string }[];
}

export type ReadBid = { ok: true; form: BidForm | null } | { ok: false; code: 'PRICE_COMMITMENT_MISMATCH' | 'FORM_INVALID'; reason: string };

const BLOCK = 512;

export function tarEntries(tar: Uint8Array): { name: string; bytes: Uint8Array }[] | null {
  const out: { name: string; bytes: Uint8Array }[] = [];
  let offset = 0;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return out;
    if (Buffer.from(header.subarray(257, 262)).toString('latin1') !== 'ustar') return null;
    const nameEnd = header.indexOf(0);
    const name = Buffer.from(header.subarray(0, nameEnd < 0 || nameEnd > 100 ? 100 : nameEnd)).toString('utf8');
    const size = parseInt(Buffer.from(header.subarray(124, 135)).toString('latin1'), 8);
    if (!Number.isSafeInteger(size) || size < 0 || offset + BLOCK + size > tar.length) return null;
    out.push({ name, bytes: tar.subarray(offset + BLOCK, offset + BLOCK + size) });
    offset += BLOCK + size + ((BLOCK - (size % BLOCK)) % BLOCK);
  }
  return null;
}

const text = (v: unknown, max = 2000): string | null => (typeof v === 'string' && v.length <= max ? v : null);

export async function readBidContent(content: Uint8Array, manifestPriceCommitment?: string): Promise<ReadBid> {
  const files = tarEntries(content);
  if (!files || files[0]?.name !== 'bid.json') {
    return manifestPriceCommitment
      ? { ok: false, code: 'FORM_INVALID', reason: 'the manifest commits to a price but the bid holds no bid.json' }
      : { ok: true, form: null };
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(Buffer.from(files[0].bytes).toString('utf8')) as Record<string, unknown>;
  } catch {
    return { ok: false, code: 'FORM_INVALID', reason: 'bid.json is not JSON' };
  }
  const price = typeof json.totalPrice === 'string' && /^(0|[1-9]\d{0,15})(\.\d{1,2})?$/.test(json.totalPrice) ? json.totalPrice : null;
  if (manifestPriceCommitment) {
    const salt = typeof json.priceCommitmentSalt === 'string' && /^[0-9a-f]{64}$/.test(json.priceCommitmentSalt) ? fromHex(json.priceCommitmentSalt) : null;
    if (!price || !salt || (await priceCommitment(price, salt)) !== manifestPriceCommitment) {
      return { ok: false, code: 'PRICE_COMMITMENT_MISMATCH', reason: 'the price in bid.json does not match the priceCommitment the bidder signed' };
    }
  }
  return {
    ok: true,
    form: {
      totalPrice: price,
      durationDays: Number.isInteger(json.durationDays) ? (json.durationDays as number) : null,
      qualityCommitment: text(json.qualityCommitment),
      remarks: text(json.remarks),
      files: files.slice(1).map((f) => ({ name: f.name, size: f.bytes.length, sha256: sha256Hex(f.bytes) })),
    },
  };
}
