/**
 * seed = SHA-256(lp("ebid/draw-seed/v1") || lp(projectId) || poolHash || u32be(beaconRound)
 *                || beaconRandomness || u32be(number of reveals) || each reveal, in the given order).
 * Without a beacon, beaconRound is 0 and beaconRandomness is empty.
 */
import { concatBytes, lengthPrefixed, u32be } from '../bytes';
import { sha256 } from '../hash';

export const SEED_LABEL = 'ebid/draw-seed/v1';

export interface SeedInput {
  projectId: string;
  poolHash: Uint8Array;
  beaconRound: number;
  beaconRandomness: Uint8Array;
  reveals: readonly Uint8Array[];
}

export function drawSeed(input: SeedInput): Promise<Uint8Array> {
  if (input.poolHash.length !== 32) throw new RangeError('poolHash must be 32 bytes');
  return sha256(concatBytes(
    lengthPrefixed(SEED_LABEL),
    lengthPrefixed(input.projectId),
    input.poolHash,
    u32be(input.beaconRound),
    input.beaconRandomness,
    u32be(input.reveals.length),
    ...input.reveals,
  ));
}
