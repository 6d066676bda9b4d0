/**
 * Deterministic u32 stream: block_c = HMAC-SHA-256(seed, lp("ebid/draw-stream/v1") || u32be(c)),
 * c = 0, 1, 2, ...; each block yields 8 big-endian u32 in order.
 */
import { concatBytes, lengthPrefixed, u32be } from '../bytes';
import { hmacSha256, hmacSha256Key } from '../hash';

export const STREAM_LABEL = 'ebid/draw-stream/v1';

export interface U32Source { next(): Promise<number> }

export async function hmacU32Stream(seed: Uint8Array): Promise<U32Source> {
  const key = await hmacSha256Key(seed);
  const label = lengthPrefixed(STREAM_LABEL);
  let counter = 0;
  let block: DataView | null = null;
  let pos = 8;
  return {
    async next() {
      if (pos === 8) {
        const bytes = await hmacSha256(key, concatBytes(label, u32be(counter)));
        counter += 1;
        block = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        pos = 0;
      }
      return block!.getUint32(4 * pos++, false);
    },
  };
}

/** Unbiased integer in [0, n): limit = floor(2^32 / n) * n; reject x >= limit; return x mod n. */
export async function uniform(source: U32Source, n: number): Promise<number> {
  if (!Number.isInteger(n) || n < 1 || n > 0x100000000) throw new RangeError(`invalid range: ${n}`);
  const limit = Math.floor(0x100000000 / n) * n;
  for (;;) {
    const x = await source.next();
    if (x < limit) return x % n;
  }
}
