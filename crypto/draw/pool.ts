/** poolHash = SHA-256(lp("ebid/pool/v1") || u32be(n) || lp(id) for each id sorted by UTF-16 code unit). */
import { concatBytes, lengthPrefixed, u32be } from '../bytes';
import { sha256 } from '../hash';

export const POOL_LABEL = 'ebid/pool/v1';

/** Sorted copy of the pool (code-unit order, i.e. JavaScript's default sort); duplicates rejected. */
export function sortPool(pool: readonly string[]): string[] {
  const sorted = [...pool].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) throw new Error(`duplicate pool member: ${sorted[i]}`);
  }
  return sorted;
}

export function poolHash(pool: readonly string[]): Promise<Uint8Array> {
  return sortedPoolHash(sortPool(pool));
}

/** poolHash of a pool already returned by sortPool (not sorted or checked again). */
export function sortedPoolHash(sorted: readonly string[]): Promise<Uint8Array> {
  return sha256(concatBytes(lengthPrefixed(POOL_LABEL), u32be(sorted.length), ...sorted.map((id) => lengthPrefixed(id))));
}
