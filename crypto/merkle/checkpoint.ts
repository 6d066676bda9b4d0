/**
 * Transparency-log checkpoints (https://c2sp.org/tlog-checkpoint):
 *   <origin>\n<tree size, decimal>\n<base64 root hash>\n[extension lines]\n  + signed-note signatures.
 */
import { fromBase64, toBase64 } from '../bytes';
import { HASH_SIZE } from './hashing';
import { NoteSignerKey, NoteVerifierKey, signNote, verifyNote } from './note';
import { verifyConsistency } from './verify';

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  extensions: string[];
}

export type CheckpointVerification =
  | { ok: true; checkpoint: Checkpoint; verifiedBy: string[]; verifiedKeys: NoteVerifierKey[] }
  | { ok: false; reason: string };

export function checkpointBody(cp: Checkpoint): string {
  if (cp.rootHash.length !== HASH_SIZE) throw new RangeError('root hash must be 32 bytes');
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) throw new RangeError('invalid tree size');
  for (const line of [cp.origin, ...cp.extensions]) {
    if (line.length === 0 || line.includes('\n')) throw new Error('checkpoint lines must be non-empty single lines');
  }
  return [cp.origin, String(cp.size), toBase64(cp.rootHash), ...cp.extensions].map((l) => `${l}\n`).join('');
}

export function parseCheckpointBody(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.pop() !== '' || lines.length < 3) throw new Error('checkpoint needs origin, size and root hash lines');
  const [origin, sizeText, rootB64, ...extensions] = lines;
  if (origin.length === 0) throw new Error('empty origin');
  if (!/^(0|[1-9][0-9]{0,15})$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) throw new Error('invalid tree size');
  const rootHash = fromBase64(rootB64);
  if (rootHash.length !== HASH_SIZE) throw new Error('root hash must be 32 bytes');
  if (extensions.some((l) => l.length === 0)) throw new Error('empty extension line');
  return { origin, size: Number(sizeText), rootHash, extensions };
}

export function signCheckpoint(cp: Checkpoint, signers: readonly NoteSignerKey[]): Promise<string> {
  return signNote(checkpointBody(cp), signers);
}

/** Verifies the note signature(s) and parses the body; `expectedOrigin` guards against cross-log replay. */
export async function verifyCheckpoint(
  note: string | Uint8Array, keys: readonly NoteVerifierKey[], expectedOrigin?: string,
): Promise<CheckpointVerification> {
  const v = await verifyNote(note, keys);
  if (!v.ok) return v;
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpointBody(v.text);
  } catch (e) {
    return { ok: false, reason: `malformed checkpoint: ${(e as Error).message}` };
  }
  if (expectedOrigin !== undefined && checkpoint.origin !== expectedOrigin) {
    return { ok: false, reason: `checkpoint origin ${JSON.stringify(checkpoint.origin)} is not ${JSON.stringify(expectedOrigin)}` };
  }
  return { ok: true, checkpoint, verifiedBy: v.verifiedBy, verifiedKeys: v.verifiedKeys };
}

/**
 * Detects a forked history between two verified checkpoints of one log: same size with different
 * roots, or a consistency proof that does not connect them. Returns null when consistent.
 */
export async function checkpointFork(
  older: Checkpoint, newer: Checkpoint, proof: readonly Uint8Array[],
): Promise<string | null> {
  if (older.origin !== newer.origin) return 'checkpoints are from different logs';
  if (older.size > newer.size) return checkpointFork(newer, older, proof);
  const ok = await verifyConsistency(older.size, newer.size, older.rootHash, newer.rootHash, proof);
  if (ok) return null;
  return older.size === newer.size
    ? `fork: two different roots for tree size ${older.size}`
    : `fork: tree of size ${newer.size} does not extend tree of size ${older.size}`;
}
