/**
 * Incremental appender for the ledger: keeps only the right frontier (the roots of the perfect
 * subtrees that make up the tree, largest first), so appending a leaf costs O(log n) hashes and
 * the current root can be computed without reading old leaves. Pure: every call returns a new value.
 */
import { fromHex, toHex } from '../bytes';
import { HASH_SIZE, emptyRoot, nodeHash } from './hashing';

export interface MerkleFrontier {
  readonly size: number;
  /** One hash per set bit of `size`, from the most significant bit down. */
  readonly subtreeRoots: readonly Uint8Array[];
}

export const EMPTY_FRONTIER: MerkleFrontier = { size: 0, subtreeRoots: [] };

function popCount(x: number): number {
  let count = 0;
  for (let v = x; v > 0; v = Math.floor(v / 2)) count += v % 2;
  return count;
}

export async function appendLeafHash(frontier: MerkleFrontier, leafHash: Uint8Array): Promise<MerkleFrontier> {
  if (leafHash.length !== HASH_SIZE) throw new RangeError('leaf hash must be 32 bytes');
  const roots = [...frontier.subtreeRoots];
  let carry = leafHash;
  // each trailing 1-bit of the old size is a subtree of equal height that merges with the carry
  for (let s = frontier.size; s % 2 === 1; s = Math.floor(s / 2)) {
    const left = roots.pop();
    if (!left) throw new Error('corrupt frontier');
    carry = await nodeHash(left, carry);
  }
  roots.push(carry);
  return { size: frontier.size + 1, subtreeRoots: roots };
}

export async function frontierRoot(frontier: MerkleFrontier): Promise<Uint8Array> {
  const roots = frontier.subtreeRoots;
  if (roots.length !== popCount(frontier.size)) throw new Error('corrupt frontier');
  if (roots.length === 0) return emptyRoot();
  let r = roots[roots.length - 1];
  for (let i = roots.length - 2; i >= 0; i--) r = await nodeHash(roots[i], r);
  return r;
}

/** JSON form for storage next to the ledger table. */
export function frontierToJson(frontier: MerkleFrontier): { size: number; subtreeRootsHex: string[] } {
  return { size: frontier.size, subtreeRootsHex: frontier.subtreeRoots.map(toHex) };
}

export function frontierFromJson(json: { size: number; subtreeRootsHex: string[] }): MerkleFrontier {
  const subtreeRoots = json.subtreeRootsHex.map(fromHex);
  if (!Number.isSafeInteger(json.size) || json.size < 0 || subtreeRoots.length !== popCount(json.size)
    || subtreeRoots.some((h) => h.length !== HASH_SIZE)) throw new Error('invalid frontier');
  return { size: json.size, subtreeRoots };
}

/**
 * The audit path of the leaf about to be appended, in the tree that includes it: the frontier before
 * the append, smallest subtree first (RFC 9162 PATH(n-1, D[n])). Lets a log prove a fresh entry in O(log n).
 */
export function nextLeafInclusionProof(frontierBeforeAppend: MerkleFrontier): Uint8Array[] {
  return [...frontierBeforeAppend.subtreeRoots].reverse();
}
