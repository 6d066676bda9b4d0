/**
 * Typed accessors over DerNode for the decoders: each checks the tag and the content rules
 * (minimal INTEGER, canonical BOOLEAN/NULL, OID encoding) and throws DerError otherwise.
 */
import { fromUtf8 } from '../bytes';
import { DerError, DerNode } from './reader';

export const TAG = {
  BOOLEAN: 1, INTEGER: 2, BIT_STRING: 3, OCTET_STRING: 4, NULL: 5, OID: 6, UTF8_STRING: 12,
  SEQUENCE: 16, SET: 17, PRINTABLE_STRING: 19, IA5_STRING: 22, UTC_TIME: 23, GENERALIZED_TIME: 24,
} as const;

function fail(node: DerNode, what: string): never {
  throw new DerError(what, node.offset);
}

export function expectUniversal(node: DerNode, tag: number, constructed: boolean, what: string): DerNode {
  if (node.tagClass !== 'universal' || node.tagNumber !== tag || node.constructed !== constructed) fail(node, `expected ${what}`);
  return node;
}

export function sequence(node: DerNode, what = 'SEQUENCE'): DerNode[] {
  return expectUniversal(node, TAG.SEQUENCE, true, what).children;
}

export function set(node: DerNode, what = 'SET'): DerNode[] {
  return expectUniversal(node, TAG.SET, true, what).children;
}

export function isContext(node: DerNode | undefined, tagNumber: number): node is DerNode {
  return node !== undefined && node.tagClass === 'context' && node.tagNumber === tagNumber;
}

export function context(node: DerNode, tagNumber: number, constructed: boolean, what: string): DerNode {
  if (!isContext(node, tagNumber) || node.constructed !== constructed) fail(node, `expected [${tagNumber}] ${what}`);
  return node;
}

export function octetString(node: DerNode, what = 'OCTET STRING'): Uint8Array {
  return expectUniversal(node, TAG.OCTET_STRING, false, what).value;
}

export function nullValue(node: DerNode): void {
  expectUniversal(node, TAG.NULL, false, 'NULL');
  if (node.value.length !== 0) fail(node, 'NULL with content');
}

/** Non-negative or negative INTEGER of at most 53 bits, minimally encoded. */
export function smallInteger(node: DerNode, what = 'INTEGER'): number {
  const bytes = integerBytes(node, what);
  if (bytes.length > 6) fail(node, `${what} too large`);
  let v = 0;
  for (const b of bytes) v = v * 256 + b;
  if (bytes[0] & 0x80) v -= 2 ** (8 * bytes.length);
  return v;
}

/** INTEGER contents (two's complement, minimal), e.g. a certificate serial number. */
export function integerBytes(node: DerNode, what = 'INTEGER'): Uint8Array {
  const v = expectUniversal(node, TAG.INTEGER, false, what).value;
  if (v.length === 0) fail(node, `empty ${what}`);
  if (v.length > 1 && ((v[0] === 0x00 && !(v[1] & 0x80)) || (v[0] === 0xff && v[1] & 0x80))) fail(node, `non-minimal ${what}`);
  return v;
}

/** OBJECT IDENTIFIER in dotted form; rejects non-minimal sub-identifiers. */
export function oid(node: DerNode, what = 'OBJECT IDENTIFIER'): string {
  const v = expectUniversal(node, TAG.OID, false, what).value;
  if (v.length === 0 || v.length > 64) fail(node, `bad ${what}`);
  const arcs: number[] = [];
  let cur = 0;
  let fresh = true;
  for (let i = 0; i < v.length; i++) {
    if (fresh && v[i] === 0x80) fail(node, `non-minimal ${what}`);
    fresh = false;
    cur = cur * 128 + (v[i] & 0x7f);
    if (cur > Number.MAX_SAFE_INTEGER / 128) fail(node, `${what} arc too large`);
    if (!(v[i] & 0x80)) {
      arcs.push(cur);
      cur = 0;
      fresh = true;
    }
  }
  if (!fresh) fail(node, `truncated ${what}`);
  const first = arcs[0] < 40 ? 0 : arcs[0] < 80 ? 1 : 2;
  return [first, arcs[0] - 40 * first, ...arcs.slice(1)].join('.');
}

/** UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ), as DER requires. */
export function time(node: DerNode): Date {
  if (node.tagClass !== 'universal' || node.constructed) fail(node, 'expected a time');
  const text = fromUtf8(node.value);
  let m: RegExpExecArray | null;
  let year: number;
  if (node.tagNumber === TAG.UTC_TIME && (m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text))) {
    year = Number(m[1]) < 50 ? 2000 + Number(m[1]) : 1900 + Number(m[1]);
  } else if (node.tagNumber === TAG.GENERALIZED_TIME && (m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text))) {
    year = Number(m[1]);
  } else {
    fail(node, 'malformed time');
  }
  const [mo, d, h, mi, s] = m.slice(2).map(Number);
  const date = new Date(Date.UTC(year, mo - 1, d, h, mi, s));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) fail(node, 'invalid time');
  return date;
}

export function children(node: DerNode, min: number, max: number, what: string): DerNode[] {
  if (node.children.length < min || node.children.length > max) fail(node, `${what} has ${node.children.length} fields`);
  return node.children;
}
