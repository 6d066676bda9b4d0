/** DER encoders for the small structures our CMS encoders emit. */
import { concatBytes, utf8 } from '../bytes';
import { TAG } from './fields';
import { identifier, tlv } from './writer';

const universal = (tag: number, constructed = false): number => identifier('universal', constructed, tag);

export function derSequence(...items: Uint8Array[]): Uint8Array {
  return tlv(universal(TAG.SEQUENCE, true), ...items);
}

/** SET OF with elements sorted by their encodings, as DER requires (X.690 §11.6). */
export function derSetOf(...items: Uint8Array[]): Uint8Array {
  return tlv(universal(TAG.SET, true), ...[...items].sort(compareBytes));
}

export function derOctetString(bytes: Uint8Array): Uint8Array {
  return tlv(universal(TAG.OCTET_STRING), bytes);
}

export function derNull(): Uint8Array {
  return new Uint8Array([0x05, 0x00]);
}

export function derSmallInteger(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff) throw new RangeError('only small non-negative integers');
  const bytes: number[] = [];
  for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  if (bytes.length === 0 || bytes[0] & 0x80) bytes.unshift(0);
  return tlv(universal(TAG.INTEGER), new Uint8Array(bytes));
}

export function derOid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((a) => !Number.isSafeInteger(a) || a < 0)) throw new Error(`bad OID ${dotted}`);
  const out: number[] = [];
  const push = (v: number): void => {
    const group: number[] = [v % 128];
    for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128)) group.unshift(0x80 | (x % 128));
    out.push(...group);
  };
  push(arcs[0] * 40 + arcs[1]);
  arcs.slice(2).forEach(push);
  return tlv(universal(TAG.OID), new Uint8Array(out));
}

/** UTCTime through 2049, GeneralizedTime from 2050 (RFC 5652 §11.3). */
export function derTime(date: Date): Uint8Array {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  const year = date.getUTCFullYear();
  if (year >= 1950 && year < 2050) return tlv(universal(TAG.UTC_TIME), utf8(`${digits.slice(2)}Z`));
  return tlv(universal(TAG.GENERALIZED_TIME), utf8(`${digits}Z`));
}

/** AlgorithmIdentifier; parameters absent unless given. */
export function derAlgorithm(oid: string, parameters?: Uint8Array): Uint8Array {
  return parameters ? derSequence(derOid(oid), parameters) : derSequence(derOid(oid));
}

/** [n] EXPLICIT wrapper (constructed context tag). */
export function derExplicit(tagNumber: number, ...inner: Uint8Array[]): Uint8Array {
  return tlv(identifier('context', true, tagNumber), concatBytes(...inner));
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
