/**
 * The verifiable expert draw (DESIGN §7, vectors/draw.json): partial Fisher–Yates over the sorted
 * pool driven by the HMAC stream. Positions 0..k-1 are the panel; positions k.. of the same shuffle,
 * continued, are the ordered reserves (a decline takes the next reserve, never a new seed).
 */
import { fromHex, toHex } from '../bytes';
import { sortPool, sortedPoolHash } from './pool';
import { drawSeed } from './seed';
import { hmacU32Stream, uniform } from './stream';

export interface DrawInput {
  projectId: string;
  pool: readonly string[];
  beaconRound: number;
  /** Hex of the beacon's raw bytes; empty string when there is no beacon. */
  beaconRandomnessHex: string;
  /** Hex of each party's revealed secret, in the order they are hashed into the seed. */
  reveals: readonly string[];
}

export interface DrawResult {
  poolHash: string;
  seed: string;
  draw: string[];
  reserves: string[];
}

/** Shuffles the first `count` positions of `sorted` (partial Fisher–Yates) with the seed's stream. */
export async function partialShuffle(sorted: readonly string[], seed: Uint8Array, count: number): Promise<string[]> {
  const a = [...sorted];
  const n = a.length;
  const stream = await hmacU32Stream(seed);
  for (let i = 0; i < Math.min(count, n - 1); i++) {
    const j = i + (await uniform(stream, n - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, Math.min(count, n));
}

export async function runDraw(input: DrawInput, k: number, reserves = 0): Promise<DrawResult> {
  if (!Number.isInteger(k) || k < 1) throw new RangeError('k must be a positive integer');
  if (!Number.isInteger(reserves) || reserves < 0) throw new RangeError('reserves must be a non-negative integer');
  const sorted = sortPool(input.pool);
  if (k > sorted.length) throw new RangeError(`cannot draw ${k} from a pool of ${sorted.length}`);
  const ph = await sortedPoolHash(sorted); // sorted once, above
  const seed = await drawSeed({
    projectId: input.projectId,
    poolHash: ph,
    beaconRound: input.beaconRound,
    beaconRandomness: fromHex(input.beaconRandomnessHex),
    reveals: input.reveals.map(fromHex),
  });
  const order = await partialShuffle(sorted, seed, k + reserves);
  return { poolHash: toHex(ph), seed: toHex(seed), draw: order.slice(0, k), reserves: order.slice(k) };
}
