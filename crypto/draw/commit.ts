/**
 * Commit–reveal for parties contributing to the draw seed.
 *   commit = SHA-256(lp("ebid/draw-commit/v1") || lp(projectId) || lp(partyId) || secret)
 * where lp(x) = u32be(byteLength(utf8(x))) || utf8(x) and secret is raw bytes (>= 16, the reveal).
 * The label is length-prefixed like the other draw labels so no two fields can run together.
 */
import { bytesEqual, concatBytes, lengthPrefixed, randomBytes } from '../bytes';
import { sha256 } from '../hash';

export const COMMIT_LABEL = 'ebid/draw-commit/v1';
export const MIN_SECRET_BYTES = 16;

export async function drawCommitment(projectId: string, partyId: string, secret: Uint8Array): Promise<Uint8Array> {
  if (secret.length < MIN_SECRET_BYTES) throw new RangeError(`secret must be at least ${MIN_SECRET_BYTES} bytes`);
  return sha256(concatBytes(lengthPrefixed(COMMIT_LABEL), lengthPrefixed(projectId), lengthPrefixed(partyId), secret));
}

export function newDrawSecret(): Uint8Array {
  return randomBytes(32);
}

export async function verifyDrawReveal(projectId: string, partyId: string, secret: Uint8Array, commitment: Uint8Array): Promise<boolean> {
  if (secret.length < MIN_SECRET_BYTES) return false;
  return bytesEqual(await drawCommitment(projectId, partyId, secret), commitment);
}
