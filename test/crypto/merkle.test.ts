import { fromHex, toHex, utf8 } from '../../crypto/bytes';
import { canonicalJsonBytes } from '../../crypto/canonical-json';
import { generateEd25519 } from '../../crypto/ed25519';
import {
  EMPTY_FRONTIER, appendLeafHash, checkpointFork, consistencyProof, encodeSignerKey, encodeVerifierKey,
  frontierFromJson, frontierRoot, frontierToJson, inclusionProof, leafHash, parseSignerKey, parseVerifierKey,
  issueReceipt, signCheckpoint, treeRoot, verifyCheckpoint, verifyConsistency, verifyInclusion, verifyReceipt,
} from '../../crypto/merkle';
import { readVector } from './vectors';

const vectors = readVector<{
  leavesHex: string[]; roots: Record<string, string>;
  inclusion: Record<string, string[]>; consistency: Record<string, string[]>;
}>('merkle-rfc6962.json');

const leaves = vectors.leavesHex.map(fromHex);
let leafHashes: Uint8Array[];
beforeAll(async () => { leafHashes = await Promise.all(leaves.map(leafHash)); });

describe('RFC 6962 vectors', () => {
  test.each(Object.entries(vectors.roots))('root of the first %s leaves', async (n, hex) => {
    expect(toHex(await treeRoot(leafHashes, Number(n)))).toBe(hex);
  });

  test.each(Object.entries(vectors.inclusion))('inclusion %s', async (key, path) => {
    const [, i, n] = /index=(\d+),size=(\d+)/.exec(key)!.map(Number);
    const proof = await inclusionProof(leafHashes, i, n);
    expect(proof.map(toHex)).toEqual(path);
    const root = fromHex(vectors.roots[String(n)]);
    expect(await verifyInclusion(leafHashes[i], i, n, path.map(fromHex), root)).toBe(true);
  });

  test.each(Object.entries(vectors.consistency))('consistency %s', async (key, path) => {
    const [m, n] = key.split('->').map(Number);
    const proof = await consistencyProof(leafHashes, m, n);
    expect(proof.map(toHex)).toEqual(path);
    expect(await verifyConsistency(m, n, fromHex(vectors.roots[m]), fromHex(vectors.roots[n]), path.map(fromHex))).toBe(true);
  });
});

describe('proofs for every pair in trees up to 20 leaves', () => {
  const many = Array.from({ length: 20 }, (_, i) => utf8(`entry ${i}`));
  let hashes: Uint8Array[];
  beforeAll(async () => { hashes = await Promise.all(many.map(leafHash)); });

  test('inclusion proofs verify, and fail for the wrong index, leaf or root', async () => {
    for (let n = 1; n <= 20; n++) {
      const root = await treeRoot(hashes, n);
      for (let i = 0; i < n; i++) {
        const proof = await inclusionProof(hashes, i, n);
        expect(await verifyInclusion(hashes[i], i, n, proof, root)).toBe(true);
        expect(await verifyInclusion(hashes[(i + 1) % 20], i, n, proof, root)).toBe(false);
        if (n > 1) expect(await verifyInclusion(hashes[i], (i + 1) % n, n, proof, root)).toBe(false);
        const badRoot = root.slice(); badRoot[0] ^= 1;
        expect(await verifyInclusion(hashes[i], i, n, proof, badRoot)).toBe(false);
      }
    }
  });

  test('consistency proofs verify and a tampered proof element fails', async () => {
    for (let n = 1; n <= 20; n++) {
      const newRoot = await treeRoot(hashes, n);
      for (let m = 1; m <= n; m++) {
        const oldRoot = await treeRoot(hashes, m);
        const proof = await consistencyProof(hashes, m, n);
        expect(await verifyConsistency(m, n, oldRoot, newRoot, proof)).toBe(true);
        for (let j = 0; j < proof.length; j++) {
          const bad = proof.map((p) => p.slice());
          bad[j][5] ^= 0x80;
          expect(await verifyConsistency(m, n, oldRoot, newRoot, bad)).toBe(false);
        }
        if (m < n) expect(await verifyConsistency(m, n, oldRoot, newRoot, proof.slice(0, -1))).toBe(false);
      }
    }
  });

  test('the leaf reader may be an async lookup by index', async () => {
    const lookup = async (i: number) => hashes[i];
    expect(toHex(await treeRoot(lookup, 13))).toBe(toHex(await treeRoot(hashes, 13)));
    expect((await inclusionProof(lookup, 7, 13)).map(toHex)).toEqual((await inclusionProof(hashes, 7, 13)).map(toHex));
  });
});

test('an inclusion proof for an index beyond the tree is refused', async () => {
  expect(await verifyInclusion(leafHashes[0], 8, 8, [], await treeRoot(leafHashes, 8))).toBe(false);
  await expect(inclusionProof(leafHashes, 8, 8)).rejects.toThrow(RangeError);
});

test('the incremental frontier gives the same root as the full tree at every size', async () => {
  let f = EMPTY_FRONTIER;
  expect(toHex(await frontierRoot(f))).toBe(vectors.roots['0']);
  const hashes = await Promise.all(Array.from({ length: 70 }, (_, i) => leafHash(utf8(String(i)))));
  for (let n = 1; n <= 70; n++) {
    f = await appendLeafHash(f, hashes[n - 1]);
    expect(f.subtreeRoots.length).toBeLessThanOrEqual(7);
    expect(toHex(await frontierRoot(f))).toBe(toHex(await treeRoot(hashes, n)));
  }
  const restored = frontierFromJson(JSON.parse(JSON.stringify(frontierToJson(f))));
  expect(toHex(await frontierRoot(restored))).toBe(toHex(await frontierRoot(f)));
  expect(() => frontierFromJson({ size: 71, subtreeRootsHex: frontierToJson(f).subtreeRootsHex })).toThrow();
});

describe('signed checkpoints', () => {
  const origin = 'tenderhall.example/log';
  async function keys(name = 'tenderhall-log') {
    const kp = await generateEd25519();
    const signer = parseSignerKey(await encodeSignerKey(name, kp.publicKey, kp.seed));
    const verifier = await parseVerifierKey(await encodeVerifierKey(name, kp.publicKey));
    return { signer, verifier };
  }

  test('has the C2SP layout and verifies', async () => {
    const { signer, verifier } = await keys();
    const root = await treeRoot(leafHashes, 8);
    const note = await signCheckpoint({ origin, size: 8, rootHash: root, extensions: [] }, [signer]);
    const lines = note.split('\n');
    expect(lines.slice(0, 4)).toEqual([origin, '8', Buffer.from(root).toString('base64'), '']);
    expect(lines[4]).toMatch(/^\u2014 tenderhall-log [A-Za-z0-9+/]{91}=$/); // base64 of 4 + 64 bytes
    const sigBlob = Buffer.from(lines[4].split(' ')[2], 'base64');
    expect(toHex(sigBlob.subarray(0, 4))).toBe(toHex(verifier.keyHash));
    const v = await verifyCheckpoint(note, [verifier], origin);
    expect(v.ok && v.checkpoint.size).toBe(8);
    expect(v.ok && toHex(v.checkpoint.rootHash)).toBe(vectors.roots['8']);
  });

  test('a receipt verifies with the key that signed its checkpoint, also among rotated keys of the same name', async () => {
    const old = await keys();
    const current = await keys(); // same name, different key hash
    const entry = { manifestSha256: 'ab'.repeat(32), serverTime: '2026-01-01T00:00:00.000Z' };
    const hashes = [await leafHash(canonicalJsonBytes(entry)), ...leafHashes.slice(1, 4)];
    const checkpoint = await signCheckpoint({ origin, size: 4, rootHash: await treeRoot(hashes, 4), extensions: [] }, [current.signer]);
    const receipt = await issueReceipt({ entry, logIndex: 0, inclusionProof: await inclusionProof(hashes, 0, 4), checkpoint }, current.signer);
    for (const keyList of [[current.verifier], [old.verifier, current.verifier]]) {
      const r = await verifyReceipt(receipt, { keys: keyList, origin });
      expect(r.ok ? 'ok' : r.reason).toBe('ok');
    }
  });

  test('any changed byte of the note is rejected', async () => {
    const { signer, verifier } = await keys();
    const note = utf8(await signCheckpoint({ origin, size: 8, rootHash: await treeRoot(leafHashes, 8), extensions: [] }, [signer]));
    for (let i = 0; i < note.length; i++) {
      const bad = note.slice();
      bad[i] ^= 0x01;
      expect((await verifyCheckpoint(bad, [verifier], origin)).ok).toBe(false);
    }
  });

  test('rejects a note by another key, a wrong origin, and a note with no signatures', async () => {
    const a = await keys();
    const b = await keys(); // same name, different key: key hash differs
    const note = await signCheckpoint({ origin, size: 3, rootHash: await treeRoot(leafHashes, 3), extensions: [] }, [a.signer]);
    expect(await verifyCheckpoint(note, [b.verifier])).toEqual({ ok: false, reason: 'no signature by a known key' });
    expect((await verifyCheckpoint(note, [a.verifier], 'other.example/log')).ok).toBe(false);
    expect((await verifyCheckpoint(note.split('\n\n')[0] + '\n\n', [a.verifier])).ok).toBe(false);
  });

  test('a forked history is detected: same size with another root, or a newer tree that does not extend', async () => {
    const { signer, verifier } = await keys();
    const honest = leafHashes;
    const forked = [...leafHashes.slice(0, 5), await leafHash(utf8('rewritten')), ...leafHashes.slice(6)];
    const cp = async (hs: Uint8Array[], n: number) => {
      const v = await verifyCheckpoint(await signCheckpoint({ origin, size: n, rootHash: await treeRoot(hs, n), extensions: [] }, [signer]), [verifier]);
      if (!v.ok) throw new Error(v.reason);
      return v.checkpoint;
    };
    const seen = await cp(honest, 6);
    const later = await cp(honest, 8);
    expect(await checkpointFork(seen, later, await consistencyProof(honest, 6, 8))).toBeNull();
    const forkedLater = await cp(forked, 8);
    // the forking log cannot produce a proof that connects what the auditor saw to its new head
    expect(await checkpointFork(seen, forkedLater, await consistencyProof(forked, 6, 8))).toMatch(/does not extend/);
    expect(await checkpointFork(seen, forkedLater, await consistencyProof(honest, 6, 8))).toMatch(/does not extend/);
    expect(await checkpointFork(seen, await cp(forked, 6), [])).toMatch(/two different roots/);
  });
});
