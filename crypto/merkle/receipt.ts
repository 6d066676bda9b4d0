/**
 * Submission receipts (Art. 28): the platform's signed statement that a ledger entry (for a bid:
 * manifest hash and server time) is at `logIndex` of the log whose signed checkpoint is included.
 *
 *   { v: "tenderhall-receipt/1", entry: {... manifestSha256, serverTime ...}, logIndex,
 *     inclusionProof: [hex], checkpoint: "<signed note>", signature: base64 }
 *
 * leaf data = RFC 8785 canonical JSON of `entry`; `signature` = Ed25519 by the log key over the
 * canonical JSON of the receipt without `signature`. The proof is against the checkpoint's tree.
 */
import { bytesEqual, fromBase64, fromHex, toBase64, toHex, utf8 } from '../bytes';
import { canonicalJson, canonicalJsonBytes } from '../canonical-json';
import { ed25519Sign, ed25519Verify } from '../ed25519';
import { Checkpoint, checkpointFork, verifyCheckpoint } from './checkpoint';
import { leafHash } from './hashing';
import { NoteSignerKey, NoteVerifierKey } from './note';
import { verifyInclusion } from './verify';

export const RECEIPT_VERSION = 'tenderhall-receipt/1';
const SIGNATURE_DOMAIN = 'tenderhall/receipt/v1\n';

export interface ReceiptEntry {
  manifestSha256: string;
  serverTime: string;
  [field: string]: unknown;
}

export interface Receipt {
  v: typeof RECEIPT_VERSION;
  entry: ReceiptEntry;
  logIndex: number;
  inclusionProof: string[];
  checkpoint: string;
  signature: string;
}

export type ReceiptVerification =
  | { ok: true; receipt: Receipt; checkpoint: Checkpoint }
  | { ok: false; reason: string };

function signedBytes(r: Omit<Receipt, 'signature'>): Uint8Array {
  return utf8(SIGNATURE_DOMAIN + canonicalJson({ v: r.v, entry: r.entry, logIndex: r.logIndex, inclusionProof: r.inclusionProof, checkpoint: r.checkpoint }));
}

export async function issueReceipt(
  input: { entry: ReceiptEntry; logIndex: number; inclusionProof: readonly Uint8Array[]; checkpoint: string }, signer: NoteSignerKey,
): Promise<Receipt> {
  const body = { v: RECEIPT_VERSION, entry: input.entry, logIndex: input.logIndex, inclusionProof: input.inclusionProof.map(toHex), checkpoint: input.checkpoint } as const;
  return { ...body, signature: toBase64(await ed25519Sign(signer.seed, signedBytes(body))) };
}

function shapeError(r: unknown): string | null {
  if (typeof r !== 'object' || r === null) return 'receipt must be a JSON object';
  const x = r as Record<string, unknown>;
  const keys = Object.keys(x).sort().join(',');
  if (keys !== 'checkpoint,entry,inclusionProof,logIndex,signature,v') return `unexpected receipt fields: ${keys}`;
  if (x.v !== RECEIPT_VERSION) return `unknown receipt version ${String(x.v)}`;
  const e = x.entry as Record<string, unknown>;
  if (typeof e !== 'object' || e === null || typeof e.manifestSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(e.manifestSha256) || typeof e.serverTime !== 'string') return 'entry must hold manifestSha256 and serverTime';
  if (!Number.isSafeInteger(x.logIndex) || (x.logIndex as number) < 0) return 'bad logIndex';
  if (!Array.isArray(x.inclusionProof) || x.inclusionProof.length > 64 || !x.inclusionProof.every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h))) return 'bad inclusionProof';
  if (typeof x.checkpoint !== 'string' || typeof x.signature !== 'string') return 'bad checkpoint or signature';
  return null;
}

export interface ReceiptCheck {
  keys: readonly NoteVerifierKey[];
  origin?: string;
  /** A checkpoint obtained independently (e.g. the latest one); must be consistent with the receipt's. */
  laterCheckpoint?: string;
  /** Consistency proof from the receipt's tree size to the later checkpoint's (hex hashes). */
  consistencyProof?: readonly string[];
  /** The manifest hash the holder expects the receipt to be for. */
  manifestSha256?: string;
}

export async function verifyReceipt(receipt: unknown, check: ReceiptCheck): Promise<ReceiptVerification> {
  try {
    const shape = shapeError(receipt);
    if (shape) return { ok: false, reason: shape };
    const r = receipt as Receipt;
    if (check.manifestSha256 !== undefined && r.entry.manifestSha256 !== check.manifestSha256) return { ok: false, reason: 'receipt is for another manifest' };
    const cp = await verifyCheckpoint(r.checkpoint, check.keys, check.origin);
    if (!cp.ok) return { ok: false, reason: `receipt checkpoint: ${cp.reason}` };
    // by name AND key hash: rotated keys may share a name
    const key = check.keys.find((k) => cp.verifiedKeys.some((v) => v.name === k.name && bytesEqual(v.keyHash, k.keyHash)))!;
    if (!(await ed25519Verify(key.publicKey, signedBytes(r), fromBase64(r.signature)))) return { ok: false, reason: 'receipt signature is invalid' };
    const leaf = await leafHash(canonicalJsonBytes(r.entry));
    if (!(await verifyInclusion(leaf, r.logIndex, cp.checkpoint.size, r.inclusionProof.map(fromHex), cp.checkpoint.rootHash))) {
      return { ok: false, reason: `entry is not at index ${r.logIndex} of the tree of size ${cp.checkpoint.size}` };
    }
    if (check.laterCheckpoint !== undefined) {
      const later = await verifyCheckpoint(check.laterCheckpoint, check.keys, check.origin ?? cp.checkpoint.origin);
      if (!later.ok) return { ok: false, reason: `checkpoint: ${later.reason}` };
      if (later.checkpoint.size < cp.checkpoint.size) return { ok: false, reason: 'the checkpoint given is older than the receipt' };
      if (later.checkpoint.size > cp.checkpoint.size && !check.consistencyProof) {
        return { ok: false, reason: `a consistency proof from size ${cp.checkpoint.size} to ${later.checkpoint.size} is needed` };
      }
      const fork = await checkpointFork(cp.checkpoint, later.checkpoint, (check.consistencyProof ?? []).map(fromHex));
      if (fork) return { ok: false, reason: fork };
    }
    return { ok: true, receipt: r, checkpoint: cp.checkpoint };
  } catch (e) {
    return { ok: false, reason: `malformed receipt: ${(e as Error).message}` };
  }
}
