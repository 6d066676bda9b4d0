/**
 * Distinguished names: building one from a SubjectInfo, and printing any Name RFC 4514-style
 * (most specific RDN first, e.g. `CN=张三,organizationIdentifier=91350100M000100Y43,O=某公司,C=CN`).
 * organizationIdentifier (2.5.4.97) carries the 统一社会信用代码 (USCC) as is. Isomorphic.
 */
import forge from 'node-forge';
import { PkiError } from './errors';
import { Asn1, binaryToBytes, build, children, readOid } from './der';

const { asn1 } = forge;
const T = asn1.Type;

export interface SubjectInfo {
  commonName: string;
  organization?: string;
  /** 统一社会信用代码 (unified social credit code), 18 characters with a valid check character. */
  organizationIdentifier?: string;
  /** ISO 3166 two-letter code, e.g. CN. */
  country?: string;
  serialNumber?: string;
}

export const NAME_OIDS = {
  commonName: '2.5.4.3', serialNumber: '2.5.4.5', country: '2.5.4.6', locality: '2.5.4.7', state: '2.5.4.8',
  organization: '2.5.4.10', organizationalUnit: '2.5.4.11', organizationIdentifier: '2.5.4.97',
} as const;

const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN', '2.5.4.5': 'serialNumber', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.9': 'STREET',
  '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.97': 'organizationIdentifier', '2.5.4.4': 'SN', '2.5.4.42': 'GN',
  '2.5.4.12': 'title', '1.2.840.113549.1.9.1': 'emailAddress', '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};

/** The 31 characters of a USCC (no I, O, S, V, Z). */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The 18th character of a USCC, computed from the first 17 (weights 3^i mod 31). */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]) * USCC_WEIGHTS[i];
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** GB 32100-2015: 18 characters from the USCC alphabet, the last one a mod-31 check character. */
export function isValidUscc(code: string): boolean {
  return /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code) && usccCheckCharacter(code) === code[17];
}

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]+$/;

function attribute(oid: string, type: number, value: string): Asn1 {
  const content = type === T.UTF8 ? forge.util.encodeUtf8(value) : value;
  return build.set([build.seq([build.oid(oid), asn1.create(asn1.Class.UNIVERSAL, type, false, content)])]);
}

function requireText(label: string, value: string, max: number): string {
  if (typeof value !== 'string' || value.trim() !== value || value.length === 0 || value.length > max || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new PkiError('SUBJECT_INVALID', `${label} must be 1–${max} characters without control characters or surrounding spaces.`);
  }
  return value;
}

/** Builds the Name: C, O, organizationIdentifier, serialNumber, CN (least to most specific). */
export function buildName(subject: SubjectInfo): Asn1 {
  const rdns: Asn1[] = [];
  if (subject.country !== undefined) {
    if (!/^[A-Z]{2}$/.test(subject.country)) throw new PkiError('SUBJECT_INVALID', 'country must be two capital letters (ISO 3166).');
    rdns.push(attribute(NAME_OIDS.country, T.PRINTABLESTRING, subject.country));
  }
  if (subject.organization !== undefined) {
    rdns.push(attribute(NAME_OIDS.organization, T.UTF8, requireText('organization', subject.organization, 64)));
  }
  if (subject.organizationIdentifier !== undefined) {
    if (!isValidUscc(subject.organizationIdentifier)) {
      throw new PkiError('SUBJECT_INVALID', 'organizationIdentifier is not a valid 统一社会信用代码 (USCC).');
    }
    rdns.push(attribute(NAME_OIDS.organizationIdentifier, T.PRINTABLESTRING, subject.organizationIdentifier));
  }
  if (subject.serialNumber !== undefined) {
    if (!PRINTABLE.test(subject.serialNumber) || subject.serialNumber.length > 64) {
      throw new PkiError('SUBJECT_INVALID', 'serialNumber must be 1–64 PrintableString characters.');
    }
    rdns.push(attribute(NAME_OIDS.serialNumber, T.PRINTABLESTRING, subject.serialNumber));
  }
  rdns.push(attribute(NAME_OIDS.commonName, T.UTF8, requireText('commonName', subject.commonName, 64)));
  return build.seq(rdns);
}

export interface NameAttribute { oid: string; value: string }

/** Reads a Name into its RDNs (outer array in encoded order, least specific first). */
export function readName(node: Asn1 | undefined, what: string): NameAttribute[][] {
  return children(node, what).map((rdn, i) =>
    children(rdn, `${what} RDN ${i}`, T.SET, 1).map((atv) => {
      const [type, value] = children(atv, `${what} attribute`, T.SEQUENCE, 2, 2);
      return { oid: readOid(type, `${what} attribute type`), value: attributeValue(value, what) };
    }));
}

function attributeValue(node: Asn1, what: string): string {
  if (node.tagClass !== asn1.Class.UNIVERSAL || node.constructed || typeof node.value !== 'string') {
    throw new PkiError('MALFORMED', `${what}: unsupported attribute value.`);
  }
  const v = node.value;
  try {
    switch (node.type as number) {
      case T.UTF8: return forge.util.decodeUtf8(v);
      case T.PRINTABLESTRING: case T.IA5STRING: case 18: case 20: case 26: // Numeric, Teletex, Visible
        return v;
      case T.BMPSTRING: return v; // forge already decoded UTF-16BE
      case 28: { // UniversalString (UCS-4)
        const b = binaryToBytes(v);
        if (b.length % 4) throw new Error('odd length');
        let s = '';
        for (let i = 0; i < b.length; i += 4) s += String.fromCodePoint(((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0);
        return s;
      }
      default: throw new Error(`string type ${node.type}`);
    }
  } catch (e) {
    throw new PkiError('MALFORMED', `${what}: undecodable attribute value (${(e as Error).message}).`);
  }
}

function escapeValue(v: string): string {
  let out = v.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`).replace(/\u0000/g, '\\00');
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && out.length > 0) out = `${out.slice(0, -1)}\\ `;
  return out;
}

/** RFC 4514-style string: RDNs most specific first, multi-valued RDNs joined with '+'. */
export function nameToString(rdns: NameAttribute[][]): string {
  return [...rdns].reverse()
    .map((rdn) => rdn.map((a) => `${SHORT_NAMES[a.oid] ?? a.oid}=${escapeValue(a.value)}`).join('+'))
    .join(',');
}

export function findAttribute(rdns: NameAttribute[][], oid: string): string | undefined {
  for (let i = rdns.length - 1; i >= 0; i--) {
    const hit = rdns[i].find((a) => a.oid === oid);
    if (hit) return hit.value;
  }
  return undefined;
}
