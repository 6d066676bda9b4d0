/**
 * Strict PEM/DER reading and small ASN.1 builders on top of forge.asn1 (isomorphic: no Buffer,
 * no node:crypto). "Strict" means: one PEM block of the expected label, canonical base64, DER
 * that re-encodes to the very same bytes (no trailing bytes, no indefinite or non-minimal
 * lengths), and a size cap before anything is parsed.
 */
import forge from 'node-forge';
import { fromHex as bytesFromHex, toHex } from '../bytes';
import { derToPem } from '../pem';
import { PkiError } from './errors';

export { toHex };
export { wholeSeconds } from '../time';

export type Asn1 = forge.asn1.Asn1;
const { asn1 } = forge;
const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;

// @types/node-forge only knows the old boolean `strict` argument; forge 1.x takes an options object.
const fromDerStrict = asn1.fromDer as unknown as (
  der: string, options: { strict: boolean; parseAllBytes: boolean; decodeBitStrings: boolean },
) => Asn1;

export const MAX_CERT_BYTES = 64 * 1024;

export function bytesToBinary(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return out;
}

export function binaryToBytes(binary: string): Uint8Array {
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i) & 0xff;
  return out;
}

/** bytes.ts fromHex, failing with PkiError MALFORMED (callers in crypto/pki rely on the error type). */
export function fromHex(hex: string): Uint8Array {
  try {
    return bytesFromHex(hex);
  } catch {
    throw new PkiError('MALFORMED', 'Not a hex string.');
  }
}

/** Decodes exactly one PEM block whose label is one of `labels`; anything else is MALFORMED. */
export function decodePem(text: string, labels: string[], maxDerBytes: number): Uint8Array {
  if (typeof text !== 'string') throw new PkiError('MALFORMED', 'PEM input is not a string.');
  if (text.length > maxDerBytes * 2 + 1024) throw new PkiError('MALFORMED', 'PEM input is too large.');
  const lines = text.trim().split(/\r?\n/);
  const begin = /^-----BEGIN ([A-Z0-9 ]+)-----$/.exec(lines[0] ?? '');
  const end = /^-----END ([A-Z0-9 ]+)-----$/.exec(lines[lines.length - 1] ?? '');
  if (!begin || !end || lines.length < 3 || begin[1] !== end[1] || !labels.includes(begin[1])) {
    throw new PkiError('MALFORMED', `Expected one PEM block labelled ${labels.join(' or ')}.`);
  }
  const body = lines.slice(1, -1).map((l) => l.trim()).join('');
  if (body.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(body)) {
    throw new PkiError('MALFORMED', 'PEM body is not valid base64.');
  }
  const binary = forge.util.decode64(body);
  if (forge.util.encode64(binary) !== body) throw new PkiError('MALFORMED', 'PEM body is not canonical base64.');
  if (binary.length === 0 || binary.length > maxDerBytes) throw new PkiError('MALFORMED', 'PEM body has an unacceptable size.');
  return binaryToBytes(binary);
}

/** pem.ts derToPem with the label first (64-character lines, trailing newline). */
export function encodePem(label: string, der: Uint8Array): string {
  return derToPem(der, label);
}

/** Parses DER, refusing anything that does not re-encode byte for byte. */
export function parseDer(bytes: Uint8Array, what: string): Asn1 {
  const binary = bytesToBinary(bytes);
  let node: Asn1;
  try {
    node = fromDerStrict(binary, { strict: true, parseAllBytes: true, decodeBitStrings: false });
  } catch (e) {
    throw new PkiError('MALFORMED', `${what} is not valid DER (${(e as Error).message}).`);
  }
  if (asn1.toDer(node).getBytes() !== binary) throw new PkiError('MALFORMED', `${what} is not canonical DER.`);
  return node;
}

export function derOf(node: Asn1): Uint8Array {
  return binaryToBytes(asn1.toDer(node).getBytes());
}

// ---- reading -------------------------------------------------------------------------------

export function children(node: Asn1 | undefined, what: string, type: number = T.SEQUENCE, min = 0, max = Infinity): Asn1[] {
  if (!node || node.tagClass !== U || node.type !== type || !node.constructed || !Array.isArray(node.value)) {
    throw new PkiError('MALFORMED', `${what}: expected a constructed type ${type}.`);
  }
  const list = node.value as Asn1[];
  if (list.length < min || list.length > max) throw new PkiError('MALFORMED', `${what}: unexpected number of elements.`);
  return list;
}

export function primitive(node: Asn1 | undefined, type: number, what: string): string {
  if (!node || node.tagClass !== U || node.type !== type || node.constructed || typeof node.value !== 'string') {
    throw new PkiError('MALFORMED', `${what}: expected a primitive of type ${type}.`);
  }
  return node.value;
}

export function readOid(node: Asn1 | undefined, what: string): string {
  const raw = primitive(node, T.OID, what);
  if (raw.length === 0) throw new PkiError('MALFORMED', `${what}: empty OID.`);
  return asn1.derToOid(raw);
}

export function readBoolean(node: Asn1 | undefined, what: string): boolean {
  const raw = primitive(node, T.BOOLEAN, what);
  if (raw === '\x00') return false;
  if (raw === '\xff') return true;
  throw new PkiError('MALFORMED', `${what}: BOOLEAN is not DER.`);
}

/** Content bytes of an INTEGER; refuses non-minimal encodings. */
export function readIntegerBytes(node: Asn1 | undefined, what: string): Uint8Array {
  const b = binaryToBytes(primitive(node, T.INTEGER, what));
  if (b.length === 0 || (b.length > 1 && ((b[0] === 0 && b[1] < 0x80) || (b[0] === 0xff && b[1] >= 0x80)))) {
    throw new PkiError('MALFORMED', `${what}: INTEGER is not minimally encoded.`);
  }
  return b;
}

export function readSmallInteger(node: Asn1 | undefined, what: string): number {
  const b = readIntegerBytes(node, what);
  if (b[0] >= 0x80 || b.length > 4) throw new PkiError('MALFORMED', `${what}: integer out of range.`);
  return b.reduce((n, x) => n * 256 + x, 0);
}

/** Canonical serial: lowercase hex of the INTEGER content without a leading 00 sign byte. */
export function serialHexOf(node: Asn1 | undefined, what: string): string {
  const b = readIntegerBytes(node, what);
  return toHex(b.length > 1 && b[0] === 0 ? b.subarray(1) : b);
}

/** Normalises a caller's hex serial to the canonical form used throughout crypto/pki. */
export function normalizeSerialHex(hex: string): string {
  const h = hex.trim().toLowerCase().replace(/^0x/, '').replace(/:/g, '');
  if (!/^[0-9a-f]+$/.test(h)) throw new PkiError('MALFORMED', `Not a hex serial number: ${hex}`);
  const stripped = h.replace(/^0+/, '');
  if (stripped === '') return '00';
  return stripped.length % 2 ? `0${stripped}` : stripped;
}

export function readTime(node: Asn1 | undefined, what: string): Date {
  if (!node || node.tagClass !== U || node.constructed) throw new PkiError('MALFORMED', `${what}: expected a time.`);
  const v = node.value as string;
  if (node.type === T.UTCTIME && /^\d{12}Z$/.test(v)) return asn1.utcTimeToDate(v);
  if (node.type === T.GENERALIZEDTIME && /^\d{14}Z$/.test(v)) return asn1.generalizedTimeToDate(v);
  throw new PkiError('MALFORMED', `${what}: time is not in DER form (YYMMDDHHMMSSZ or YYYYMMDDHHMMSSZ).`);
}

export function bitStringBytes(node: Asn1 | undefined, what: string): { unused: number; bytes: Uint8Array } {
  const raw = binaryToBytes(primitive(node, T.BITSTRING, what));
  if (raw.length === 0 || raw[0] > 7 || (raw.length === 1 && raw[0] !== 0)) {
    throw new PkiError('MALFORMED', `${what}: bad BIT STRING.`);
  }
  return { unused: raw[0], bytes: raw.subarray(1) };
}

// ---- building ------------------------------------------------------------------------------

export const build = {
  seq: (items: (Asn1 | undefined)[]): Asn1 =>
    asn1.create(U, T.SEQUENCE, true, items.filter((x): x is Asn1 => x !== undefined)),
  set: (items: Asn1[]): Asn1 => asn1.create(U, T.SET, true, items),
  oid: (oid: string): Asn1 => asn1.create(U, T.OID, false, asn1.oidToDer(oid).getBytes()),
  nul: (): Asn1 => asn1.create(U, T.NULL, false, ''),
  bool: (v: boolean): Asn1 => asn1.create(U, T.BOOLEAN, false, v ? '\xff' : '\x00'),
  int: (n: number): Asn1 => asn1.create(U, T.INTEGER, false, asn1.integerToDer(n).getBytes()),
  /** A non-negative INTEGER from canonical hex (adds the 00 sign byte when needed). */
  intHex: (hex: string): Asn1 => {
    const b = fromHex(normalizeSerialHex(hex));
    const content = b[0] >= 0x80 ? bytesToBinary(new Uint8Array([0, ...b])) : bytesToBinary(b);
    return asn1.create(U, T.INTEGER, false, content);
  },
  enumerated: (n: number): Asn1 => asn1.create(U, T.ENUMERATED, false, asn1.integerToDer(n).getBytes()),
  octets: (b: Uint8Array): Asn1 => asn1.create(U, T.OCTETSTRING, false, bytesToBinary(b)),
  bits: (b: Uint8Array, unused = 0): Asn1 =>
    asn1.create(U, T.BITSTRING, false, String.fromCharCode(unused) + bytesToBinary(b)),
  /** Validity times per RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime after. */
  time: (d: Date): Asn1 => {
    if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new PkiError('BAD_REQUEST', 'Invalid date.');
    const y = d.getUTCFullYear();
    return y >= 1950 && y < 2050
      ? asn1.create(U, T.UTCTIME, false, asn1.dateToUtcTime(d))
      : asn1.create(U, T.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(d));
  },
  explicit: (tag: number, inner: Asn1): Asn1 => asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, true, [inner]),
  implicitPrimitive: (tag: number, value: Uint8Array): Asn1 =>
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, false, bytesToBinary(value)),
  /** Re-uses already encoded DER (e.g. an issuer Name or a SubjectPublicKeyInfo) verbatim. */
  raw: (der: Uint8Array): Asn1 => parseDer(der, 'embedded DER'),
};
