/**
 * Merkle tree head and proofs (RFC 9162 §2.1.1–2.1.4) computed from stored leaf hashes.
 * The server keeps leaf hashes by index; `LeafHashes` is how these functions read them.
 */
import { emptyRoot, nodeHash, splitPoint } from './hashing';

/** Leaf hashes by index: an array, or a reader such as a database lookup. */
export type LeafHashes = readonly Uint8Array[] | ((index: number) => Uint8Array | Promise<Uint8Array>);

function reader(leaves: LeafHashes): (index: number) => Promise<Uint8Array> {
  if (typeof leaves === 'function') return async (i) => leaves(i);
  return async (i) => {
    const h = leaves[i];
    if (!h) throw new RangeError(`no leaf hash at index ${i}`);
    return h;
  };
}

function checkSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`invalid tree size: ${size}`);
}

/** MTH(D[start:end]) over leaf hashes. */
async function subtreeHash(leaf: (i: number) => Promise<Uint8Array>, start: number, end: number): Promise<Uint8Array> {
  const n = end - start;
  if (n === 0) return emptyRoot();
  if (n === 1) return leaf(start);
  const k = splitPoint(n);
  return nodeHash(await subtreeHash(leaf, start, start + k), await subtreeHash(leaf, start + k, end));
}

/** Tree head (root hash) over the first `size` leaves. */
export async function treeRoot(leaves: LeafHashes, size: number): Promise<Uint8Array> {
  checkSize(size);
  return subtreeHash(reader(leaves), 0, size);
}

/** Audit path PATH(index, D[size]) (RFC 9162 §2.1.3.1), nearest sibling first. */
export async function inclusionProof(leaves: LeafHashes, index: number, size: number): Promise<Uint8Array[]> {
  checkSize(size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new RangeError(`leaf index ${index} not in tree of size ${size}`);
  const leaf = reader(leaves);
  const path: Uint8Array[] = [];
  async function walk(m: number, start: number, end: number): Promise<void> {
    const n = end - start;
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      await walk(m, start, start + k);
      path.push(await subtreeHash(leaf, start + k, end));
    } else {
      await walk(m - k, start + k, end);
      path.push(await subtreeHash(leaf, start, start + k));
    }
  }
  await walk(index, 0, size);
  return path;
}

/** Consistency proof PROOF(oldSize, D[newSize]) (RFC 9162 §2.1.4.1, RFC 6962 SUBPROOF). */
export async function consistencyProof(leaves: LeafHashes, oldSize: number, newSize: number): Promise<Uint8Array[]> {
  checkSize(oldSize);
  checkSize(newSize);
  if (oldSize > newSize) throw new RangeError(`old size ${oldSize} exceeds new size ${newSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];
  const leaf = reader(leaves);
  const proof: Uint8Array[] = [];
  async function subproof(m: number, start: number, end: number, wholeOldTree: boolean): Promise<void> {
    const n = end - start;
    if (m === n) {
      if (!wholeOldTree) proof.push(await subtreeHash(leaf, start, end));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      await subproof(m, start, start + k, wholeOldTree);
      proof.push(await subtreeHash(leaf, start + k, end));
    } else {
      await subproof(m - k, start + k, end, false);
      proof.push(await subtreeHash(leaf, start, start + k));
    }
  }
  await subproof(oldSize, 0, newSize, true);
  return proof;
}
