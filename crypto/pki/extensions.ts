/**
 * X.509 v3 extensions: reading them from the raw DER (works for any key type) and building the
 * few the platform CA writes. Isomorphic (forge.asn1 only).
 */
import forge from 'node-forge';
import { PkiError } from './errors';
import {
  Asn1, bitStringBytes, build, children, derOf, parseDer, primitive, readBoolean, readOid, readSmallInteger, toHex,
  binaryToBytes,
} from './der';
import { EXT_KEY_USAGE_NAMES, EXT_KEY_USAGE_OIDS, KEY_USAGE_BITS, KeyUsageName, OID } from './oids';

const T = forge.asn1.Type;

export interface Extension { oid: string; critical: boolean; value: Uint8Array }

export interface CertificateExtensions {
  list: Extension[];
  isCa: boolean;
  pathLen?: number;
  /** undefined when the extension is absent (which is not the same as "no usages"). */
  keyUsage?: KeyUsageName[];
  extKeyUsage?: string[];
  subjectKeyId?: string;
  authorityKeyId?: string;
}

/** Extensions this module understands; an unknown critical extension makes a certificate unusable. */
export const UNDERSTOOD_EXTENSIONS = new Set<string>([
  OID.basicConstraints, OID.keyUsage, OID.extKeyUsage, OID.subjectKeyIdentifier, OID.authorityKeyIdentifier,
  OID.subjectAltName, OID.certificatePolicies, OID.cRLDistributionPoints,
]);

export function readExtensionList(node: Asn1 | undefined, what: string): Extension[] {
  const seen = new Set<string>();
  return children(node, what, T.SEQUENCE, 1).map((ext, i) => {
    const parts = children(ext, `${what}[${i}]`, T.SEQUENCE, 2, 3);
    const oid = readOid(parts[0], `${what}[${i}].extnID`);
    if (seen.has(oid)) throw new PkiError('MALFORMED', `${what}: extension ${oid} appears twice.`);
    seen.add(oid);
    let critical = false;
    if (parts.length === 3) {
      critical = readBoolean(parts[1], `${what}[${i}].critical`);
      if (!critical) throw new PkiError('MALFORMED', `${what}: critical=FALSE must be omitted in DER.`);
    }
    const value = binaryToBytes(primitive(parts[parts.length - 1], T.OCTETSTRING, `${what}[${i}].extnValue`));
    return { oid, critical, value };
  });
}

export function interpretExtensions(list: Extension[]): CertificateExtensions {
  const out: CertificateExtensions = { list, isCa: false };
  for (const ext of list) {
    const what = `extension ${ext.oid}`;
    // only the extensions interpreted here must be strict DER; others are carried as bytes
    const inner = (): Asn1 => parseDer(ext.value, what);
    switch (ext.oid) {
      case OID.basicConstraints: {
        const parts = children(inner(), what, T.SEQUENCE, 0, 2);
        let i = 0;
        if (parts[i] && parts[i].type === T.BOOLEAN) out.isCa = readBoolean(parts[i++], what);
        if (parts[i]) {
          out.pathLen = readSmallInteger(parts[i++], what);
          if (!out.isCa) throw new PkiError('MALFORMED', 'basicConstraints: pathLenConstraint without cA.');
        }
        if (i !== parts.length) throw new PkiError('MALFORMED', `${what}: unexpected content.`);
        break;
      }
      case OID.keyUsage: {
        const { unused, bytes } = bitStringBytes(inner(), what);
        const names: KeyUsageName[] = [];
        KEY_USAGE_BITS.forEach((name, bit) => {
          const byte = bytes[bit >> 3] ?? 0;
          if (byte & (0x80 >> (bit & 7))) names.push(name);
        });
        if (bytes.length * 8 - unused > 16) throw new PkiError('MALFORMED', `${what}: too many bits.`);
        out.keyUsage = names;
        break;
      }
      case OID.extKeyUsage:
        out.extKeyUsage = children(inner(), what, T.SEQUENCE, 1).map((o) => {
          const oid = readOid(o, what);
          return EXT_KEY_USAGE_NAMES[oid] ?? oid;
        });
        break;
      case OID.subjectKeyIdentifier:
        out.subjectKeyId = toHex(binaryToBytes(primitive(inner(), T.OCTETSTRING, what)));
        break;
      case OID.authorityKeyIdentifier: {
        const keyId = children(inner(), what).find((p) => p.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && p.type === 0);
        if (keyId && !keyId.constructed) out.authorityKeyId = toHex(binaryToBytes(keyId.value as string));
        break;
      }
      default:
        break;
    }
  }
  return out;
}

// ---- building ------------------------------------------------------------------------------

function extension(oid: string, critical: boolean, value: Asn1): Asn1 {
  return build.seq([build.oid(oid), critical ? build.bool(true) : undefined, build.octets(derOf(value))]);
}

export function basicConstraintsExt(isCa: boolean, pathLen?: number): Asn1 {
  const parts = isCa ? [build.bool(true), pathLen === undefined ? undefined : build.int(pathLen)] : [];
  return extension(OID.basicConstraints, true, build.seq(parts));
}

/** keyUsage as a DER BIT STRING: trailing zero bits removed, unused-bit count set accordingly. */
export function keyUsageExt(names: KeyUsageName[]): Asn1 {
  const bits = names.map((n) => KEY_USAGE_BITS.indexOf(n));
  const highest = Math.max(...bits);
  const bytes = new Uint8Array((highest >> 3) + 1);
  for (const b of bits) bytes[b >> 3] |= 0x80 >> (b & 7);
  const unused = 7 - (highest & 7);
  return extension(OID.keyUsage, true, build.bits(bytes, unused));
}

export function extKeyUsageExt(names: (keyof typeof EKU_OIDS)[]): Asn1 {
  return extension(OID.extKeyUsage, false, build.seq(names.map((n) => build.oid(EKU_OIDS[n]))));
}

const EKU_OIDS = { clientAuth: EXT_KEY_USAGE_OIDS.clientAuth, emailProtection: EXT_KEY_USAGE_OIDS.emailProtection } as const;

export function subjectKeyIdExt(keyId: Uint8Array): Asn1 {
  return extension(OID.subjectKeyIdentifier, false, build.octets(keyId));
}

export function authorityKeyIdExt(keyId: Uint8Array): Asn1 {
  return extension(OID.authorityKeyIdentifier, false, build.seq([build.implicitPrimitive(0, keyId)]));
}

export function crlNumberExt(n: number): Asn1 {
  return extension(OID.cRLNumber, false, build.intHex(n.toString(16)));
}

export function reasonCodeExt(code: number): Asn1 {
  return extension(OID.reasonCode, false, build.enumerated(code));
}
