/**
 * Commitments carried in the SBP/1 manifest.
 *  cekCommitment   = SHA-256(utf8("tenderhall/cek/v1") || CEK)                      (DESIGN §4)
 *  priceCommitment = SHA-256(lp("tenderhall/price/v1") || lp(price) || salt)       salt: 32 random bytes
 * GCM is not key-committing; cekCommitment binds the package to one CEK, so a bidder cannot wrap
 * different keys for different recipients and blame the platform.
 */
import { bytesEqual, concatBytes, lengthPrefixed, randomBytes, toHex, utf8 } from '../bytes';
import { sha256 } from '../hash';

export const CEK_COMMITMENT_LABEL = 'tenderhall/cek/v1';
export const PRICE_COMMITMENT_LABEL = 'tenderhall/price/v1';

export async function cekCommitment(cek: Uint8Array): Promise<string> {
  return toHex(await sha256(utf8(CEK_COMMITMENT_LABEL), cek));
}

export async function cekMatchesCommitment(cek: Uint8Array, commitmentHex: string): Promise<boolean> {
  return bytesEqual(utf8(await cekCommitment(cek)), utf8(commitmentHex));
}

/** Price as a canonical decimal string, e.g. "1234567.89". */
export async function priceCommitment(price: string, salt: Uint8Array): Promise<string> {
  if (!/^(0|[1-9]\d*)(\.\d+)?$/.test(price)) throw new Error('price must be a plain decimal string');
  if (salt.length !== 32) throw new RangeError('salt must be 32 bytes');
  return toHex(await sha256(concatBytes(lengthPrefixed(PRICE_COMMITMENT_LABEL), lengthPrefixed(price), salt)));
}

export function newPriceSalt(): Uint8Array {
  return randomBytes(32);
}
