/** Minimal DER header encoding, used where lengths must be known before the contents exist (streaming). */
import { concatBytes } from '../bytes';

export function lengthOctets(length: number): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`invalid DER length ${length}`);
  if (length < 0x80) return new Uint8Array([length]);
  const bytes: number[] = [];
  for (let v = length; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  if (bytes.length > 4) throw new RangeError('DER length too large');
  return new Uint8Array([0x80 | bytes.length, ...bytes]);
}

/** Identifier octet for a low tag number. */
export function identifier(tagClass: 'universal' | 'context', constructed: boolean, tagNumber: number): number {
  if (tagNumber > 30) throw new RangeError('high tag numbers not supported');
  return (tagClass === 'context' ? 0x80 : 0) | (constructed ? 0x20 : 0) | tagNumber;
}

export function header(id: number, contentLength: number): Uint8Array {
  return concatBytes(new Uint8Array([id]), lengthOctets(contentLength));
}

/** A complete TLV from an identifier octet and contents. */
export function tlv(id: number, ...contents: Uint8Array[]): Uint8Array {
  const body = concatBytes(...contents);
  return concatBytes(header(id, body.length), body);
}

export function encodedLength(contentLength: number): number {
  return 1 + lengthOctets(contentLength).length + contentLength;
}
