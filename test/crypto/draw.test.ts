import { createHash, createHmac } from 'node:crypto';
import { fromHex, toHex, utf8 } from '../../crypto/bytes';
import {
  DrawInput, U32Source, drawCommitment, hmacU32Stream, partialShuffle, poolHash, runDraw, uniform, verifyDrawReveal,
} from '../../crypto/draw';
import { readVector } from './vectors';

const vector = readVector<{ input: DrawInput; k: number; expected: { poolHash: string; seed: string; draw: string[] } }>('draw.json');

/** An independent, synchronous re-implementation of the vector's description with node:crypto. */
function referenceDraw(input: DrawInput, count: number): string[] {
  const lp = (s: string) => { const b = Buffer.from(s, 'utf8'); const l = Buffer.alloc(4); l.writeUInt32BE(b.length); return Buffer.concat([l, b]); };
  const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
  const a = [...input.pool].sort();
  const ph = createHash('sha256').update(Buffer.concat([lp('ebid/pool/v1'), u32(a.length), ...a.map(lp)])).digest();
  const seed = createHash('sha256').update(Buffer.concat([lp('ebid/draw-seed/v1'), lp(input.projectId), ph, u32(input.beaconRound),
    Buffer.from(input.beaconRandomnessHex, 'hex'), u32(input.reveals.length), ...input.reveals.map((r) => Buffer.from(r, 'hex'))])).digest();
  const words: number[] = [];
  let c = 0;
  const next = () => {
    if (words.length === 0) {
      const block = createHmac('sha256', seed).update(Buffer.concat([lp('ebid/draw-stream/v1'), u32(c++)])).digest();
      for (let i = 0; i < 8; i++) words.push(block.readUInt32BE(4 * i));
    }
    return words.shift()!;
  };
  const uni = (n: number) => { const limit = Math.floor(2 ** 32 / n) * n; for (;;) { const x = next(); if (x < limit) return x % n; } };
  for (let i = 0; i < Math.min(count, a.length - 1); i++) { const j = i + uni(a.length - i); [a[i], a[j]] = [a[j], a[i]]; }
  return a.slice(0, count);
}

test('reproduces vectors/draw.json bit for bit', async () => {
  const r = await runDraw(vector.input, vector.k);
  expect(r.poolHash).toBe(vector.expected.poolHash);
  expect(r.seed).toBe(vector.expected.seed);
  expect(r.draw).toEqual(vector.expected.draw);
  expect(r.reserves).toEqual([]);
});

test('reserves are the continuation of the same shuffle, and match an independent implementation', async () => {
  const r = await runDraw(vector.input, vector.k, 33);
  expect(r.draw).toEqual(vector.expected.draw);
  expect(r.reserves).toHaveLength(33);
  expect([...r.draw, ...r.reserves]).toEqual(referenceDraw(vector.input, 40));
  expect(new Set([...r.draw, ...r.reserves]).size).toBe(40);
  const shorter = await runDraw(vector.input, vector.k, 3);
  expect(shorter.reserves).toEqual(r.reserves.slice(0, 3));
});

test('the pool is hashed sorted, so the order it is given in does not matter', async () => {
  const shuffled = { ...vector.input, pool: [...vector.input.pool].reverse() };
  expect(await runDraw(shuffled, 7)).toEqual(await runDraw(vector.input, 7));
  expect(toHex(await poolHash(['b', 'a', 'B']))).toBe(toHex(await poolHash(['B', 'a', 'b'])));
});

test('any change of input changes the seed and the draw', async () => {
  const base = await runDraw(vector.input, 7);
  const variants: DrawInput[] = [
    { ...vector.input, projectId: 'T-2026-0002' },
    { ...vector.input, beaconRound: 1001 },
    { ...vector.input, beaconRandomnessHex: 'ac' + vector.input.beaconRandomnessHex.slice(2) },
    { ...vector.input, reveals: [...vector.input.reveals].reverse() },
    { ...vector.input, pool: vector.input.pool.slice(1) },
  ];
  for (const v of variants) {
    const r = await runDraw(v, 7);
    expect(r.seed).not.toBe(base.seed);
    expect(r).toEqual({ ...r, draw: referenceDraw(v, 7) });
  }
});

test('refuses duplicate pool members and k larger than the pool', async () => {
  await expect(runDraw({ ...vector.input, pool: ['A', 'B', 'A'] }, 1)).rejects.toThrow(/duplicate/);
  await expect(runDraw({ ...vector.input, pool: ['A', 'B'] }, 3)).rejects.toThrow(RangeError);
});

test('uniform() rejects values at or above the limit instead of reducing them modulo n', async () => {
  const values = [0xffffffff, 0xfffffffe, 4_294_967_292, 7];
  const src: U32Source = { next: async () => values.shift()! };
  // n = 6: limit = 4294967292; the first three values are rejected, 7 mod 6 = 1
  expect(await uniform(src, 6)).toBe(1);
  expect(values).toHaveLength(0);
});

/** Pearson χ² statistic of observed counts against a uniform expectation. */
function chiSquare(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
}
const CHI2_9DF_P001 = 27.877; // critical value, 9 degrees of freedom, p = 0.001

test('χ² shows no bias in who lands at each of the first three positions over 3000 seeds', async () => {
  const pool = Array.from({ length: 10 }, (_, i) => `E${i}`);
  const counts = [0, 1, 2].map(() => new Array(10).fill(0));
  for (let s = 0; s < 3000; s++) {
    const seed = fromHex(createHash('sha256').update(`chi2-${s}`).digest('hex'));
    const picked = await partialShuffle(pool, seed, 3);
    picked.forEach((id, pos) => counts[pos][Number(id.slice(1))]++);
  }
  for (const c of counts) expect(chiSquare(c)).toBeLessThan(CHI2_9DF_P001);
});

test('the same χ² check catches a classic shuffle bug (Sattolo: j drawn from i+1..n-1)', async () => {
  const pool = Array.from({ length: 10 }, (_, i) => `E${i}`);
  const counts = new Array(10).fill(0);
  for (let s = 0; s < 3000; s++) {
    const stream = await hmacU32Stream(fromHex(createHash('sha256').update(`chi2-${s}`).digest('hex')));
    const a = [...pool];
    const j = 1 + (await uniform(stream, a.length - 1)); // the bug: position 0 can never keep its member
    [a[0], a[j]] = [a[j], a[0]];
    counts[Number(a[0].slice(1))]++;
  }
  expect(chiSquare(counts)).toBeGreaterThan(CHI2_9DF_P001);
});

describe('commit–reveal', () => {
  const secret = fromHex('11'.repeat(32));
  test('commitment layout is SHA-256(lp(label) || lp(project) || lp(party) || secret)', async () => {
    const lp = (s: string) => { const b = Buffer.from(s); const l = Buffer.alloc(4); l.writeUInt32BE(b.length); return Buffer.concat([l, b]); };
    const expected = createHash('sha256').update(Buffer.concat([lp('ebid/draw-commit/v1'), lp('T-1'), lp('supervisor'), secret])).digest('hex');
    expect(toHex(await drawCommitment('T-1', 'supervisor', secret))).toBe(expected);
  });
  test('a reveal verifies only for its own project, party and secret', async () => {
    const c = await drawCommitment('T-1', 'supervisor', secret);
    expect(await verifyDrawReveal('T-1', 'supervisor', secret, c)).toBe(true);
    expect(await verifyDrawReveal('T-2', 'supervisor', secret, c)).toBe(false);
    expect(await verifyDrawReveal('T-1', 'tenderee', secret, c)).toBe(false);
    const other = secret.slice(); other[31] ^= 1;
    expect(await verifyDrawReveal('T-1', 'supervisor', other, c)).toBe(false);
    // fields cannot run together: ("T-1s", "upervisor") ≠ ("T-1", "supervisor")
    expect(await verifyDrawReveal('T-1s', 'upervisor', secret, c)).toBe(false);
    await expect(drawCommitment('T-1', 'p', utf8('short'))).rejects.toThrow(RangeError);
  });
});
