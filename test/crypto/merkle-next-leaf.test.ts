import { appendLeafHash, EMPTY_FRONTIER, inclusionProof, leafHash, nextLeafInclusionProof, type MerkleFrontier } from '../../crypto/merkle';

test('the proof of a freshly appended leaf from the frontier equals the RFC 9162 audit path, for every size up to 70', async () => {
  const leaves: Uint8Array[] = [];
  let frontier: MerkleFrontier = EMPTY_FRONTIER;
  for (let n = 1; n <= 70; n++) {
    const leaf = await leafHash(new TextEncoder().encode(`entry ${n}`));
    const fromFrontier = nextLeafInclusionProof(frontier);
    frontier = await appendLeafHash(frontier, leaf);
    leaves.push(leaf);
    const expected = await inclusionProof(leaves, n - 1, n);
    expect(fromFrontier.map((h) => Buffer.from(h).toString('hex'))).toEqual(expected.map((h) => Buffer.from(h).toString('hex')));
  }
});
