/**
 * Reading one X.509 certificate strictly from PEM, for any key type (RSA, EC), and the
 * CertificateFacts callers see. forge.asn1 reads the structure; node:crypto gives the key.
 */
import crypto from 'node:crypto';
import forge from 'node-forge';
import { PkiError } from './errors';
import {
  Asn1, MAX_CERT_BYTES, bitStringBytes, children, decodePem, derOf, encodePem, parseDer, readSmallInteger, readTime,
  serialHexOf,
} from './der';
import { bytesEqual } from '../bytes';
import { CertificateExtensions, interpretExtensions, readExtensionList } from './extensions';
import { NAME_OIDS, NameAttribute, findAttribute, nameToString, readName } from './names';
import { SignatureAlgorithm, loadPublicKey, readSignatureAlgorithm } from './signing';

const T = forge.asn1.Type;
const CONTEXT = forge.asn1.Class.CONTEXT_SPECIFIC;

export interface CertificateFacts {
  serialHex: string;
  fingerprintSha256: string;
  subject: string;
  issuer: string;
  commonName: string;
  organizationIdentifier?: string;
  notBefore: Date;
  notAfter: Date;
  keyUsage: string[];
  extKeyUsage: string[];
  isCa: boolean;
  pathLen?: number;
  publicKeyPem: string;
}

export interface ParsedCertificate {
  der: Uint8Array;
  pem: string;
  fingerprintSha256: string;
  tbsDer: Uint8Array;
  serialHex: string;
  issuerDer: Uint8Array;
  subjectDer: Uint8Array;
  issuer: NameAttribute[][];
  subject: NameAttribute[][];
  notBefore: Date;
  notAfter: Date;
  spkiDer: Uint8Array;
  publicKey: crypto.KeyObject;
  /** null when the algorithm is not one crypto/pki accepts (e.g. SHA-1): such a signature never verifies. */
  signatureAlgorithm: SignatureAlgorithm | null;
  signature: Uint8Array;
  extensions: CertificateExtensions;
  x509: crypto.X509Certificate;
}

/**
 * Certificates parsed recently, by PEM text: the trust anchors and a bidder's certificates come back
 * on every validation, and parsing (forge ASN.1, OpenSSL, key import) costs milliseconds. A parsed
 * certificate is read-only for every caller. Failures are not kept.
 */
const parsedByPem = new Map<string, ParsedCertificate>();
const PARSED_CACHE_SIZE = 512;

export function parseCertificatePem(pem: string): ParsedCertificate {
  const hit = parsedByPem.get(pem);
  if (hit) {
    parsedByPem.delete(pem); // most recently used last
    parsedByPem.set(pem, hit);
    return hit;
  }
  const parsed = parseCertificateDer(decodePem(pem, ['CERTIFICATE'], MAX_CERT_BYTES));
  if (parsedByPem.size >= PARSED_CACHE_SIZE) parsedByPem.delete(parsedByPem.keys().next().value!);
  parsedByPem.set(pem, parsed);
  return parsed;
}

export function parseCertificateDer(der: Uint8Array): ParsedCertificate {
  const root = parseDer(der, 'certificate');
  const [tbs, outerAlg, sigBits] = children(root, 'Certificate', T.SEQUENCE, 3, 3);
  const fields = children(tbs, 'TBSCertificate', T.SEQUENCE, 6, 10);
  let i = 0;
  let version = 0;
  if (fields[0].tagClass === CONTEXT && fields[0].type === 0) {
    version = readSmallInteger((fields[i++].value as Asn1[])[0], 'version');
    if (version === 0) throw new PkiError('MALFORMED', 'version v1 must not be encoded explicitly.');
  }
  if (version !== 0 && version !== 2) throw new PkiError('MALFORMED', `Unsupported certificate version ${version + 1}.`);
  const serialHex = serialHexOf(fields[i++], 'serialNumber');
  const innerAlgDer = derOf(fields[i++]);
  const issuerNode = fields[i++];
  const [nb, na] = children(fields[i++], 'validity', T.SEQUENCE, 2, 2);
  const subjectNode = fields[i++];
  const spkiNode = fields[i++];
  let extensionList: ReturnType<typeof readExtensionList> = [];
  for (; i < fields.length; i++) {
    const f = fields[i];
    if (f.tagClass !== CONTEXT || f.type < 1 || f.type > 3) throw new PkiError('MALFORMED', 'Unexpected TBSCertificate field.');
    if (f.type === 3) {
      if (version !== 2 || i !== fields.length - 1) throw new PkiError('MALFORMED', 'Extensions in a non-v3 certificate.');
      extensionList = readExtensionList((f.value as Asn1[])[0], 'extensions');
    }
  }
  const signatureAlgorithm = acceptedAlgorithm(outerAlg);
  if (!bytesEqual(derOf(outerAlg), innerAlgDer)) {
    throw new PkiError('MALFORMED', 'The signature algorithm inside and outside the TBSCertificate differ.');
  }
  const { unused, bytes: signature } = bitStringBytes(sigBits, 'signatureValue');
  if (unused !== 0) throw new PkiError('MALFORMED', 'signatureValue has unused bits.');
  const spkiDer = derOf(spkiNode);
  const publicKey = loadPublicKey(spkiDer);
  let x509: crypto.X509Certificate;
  try {
    x509 = new crypto.X509Certificate(Buffer.from(der));
  } catch (e) {
    throw new PkiError('MALFORMED', `OpenSSL refuses the certificate (${(e as Error).message}).`);
  }
  return {
    der,
    pem: encodePem('CERTIFICATE', der),
    fingerprintSha256: crypto.createHash('sha256').update(der).digest('hex'),
    tbsDer: derOf(tbs),
    serialHex,
    issuerDer: derOf(issuerNode),
    subjectDer: derOf(subjectNode),
    issuer: readName(issuerNode, 'issuer'),
    subject: readName(subjectNode, 'subject'),
    notBefore: readTime(nb, 'notBefore'),
    notAfter: readTime(na, 'notAfter'),
    spkiDer,
    publicKey,
    signatureAlgorithm,
    signature,
    extensions: interpretExtensions(extensionList),
    x509,
  };
}

const factsCache = new WeakMap<ParsedCertificate, CertificateFacts>();

/** The facts of a parsed certificate (a fresh copy each time: callers may change theirs). */
export function factsOf(c: ParsedCertificate): CertificateFacts {
  let facts = factsCache.get(c);
  if (!facts) {
    facts = computeFacts(c);
    factsCache.set(c, facts);
  }
  return { ...facts, keyUsage: [...facts.keyUsage], extKeyUsage: [...facts.extKeyUsage] };
}

function computeFacts(c: ParsedCertificate): CertificateFacts {
  const facts: CertificateFacts = {
    serialHex: c.serialHex,
    fingerprintSha256: c.fingerprintSha256,
    subject: nameToString(c.subject),
    issuer: nameToString(c.issuer),
    commonName: findAttribute(c.subject, NAME_OIDS.commonName) ?? '',
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    keyUsage: [...(c.extensions.keyUsage ?? [])],
    extKeyUsage: [...(c.extensions.extKeyUsage ?? [])],
    isCa: c.extensions.isCa,
    publicKeyPem: c.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  const orgId = findAttribute(c.subject, NAME_OIDS.organizationIdentifier);
  if (orgId !== undefined) facts.organizationIdentifier = orgId;
  if (c.extensions.pathLen !== undefined) facts.pathLen = c.extensions.pathLen;
  return facts;
}

/** Facts of one PEM certificate; throws PkiError('MALFORMED') on anything that is not exactly that. */
export function certificateFacts(pem: string): CertificateFacts {
  try {
    return factsOf(parseCertificatePem(pem));
  } catch (e) {
    if (e instanceof PkiError && e.code === 'MALFORMED') throw e;
    throw new PkiError('MALFORMED', `Not a usable certificate: ${(e as Error).message}`);
  }
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING contents. */
export function keyIdentifier(spkiDer: Uint8Array): Uint8Array {
  const [, bits] = children(parseDer(spkiDer, 'SubjectPublicKeyInfo'), 'SubjectPublicKeyInfo', T.SEQUENCE, 2, 2);
  return new Uint8Array(crypto.createHash('sha1').update(bitStringBytes(bits, 'subjectPublicKey').bytes).digest());
}

function acceptedAlgorithm(node: Asn1): SignatureAlgorithm | null {
  try {
    return readSignatureAlgorithm(node, 'signatureAlgorithm');
  } catch (e) {
    if (e instanceof PkiError && e.code === 'UNSUPPORTED_ALGORITHM') return null;
    throw e;
  }
}

/** Whether `issuer`'s key made `cert`'s signature: accepted algorithm, matching key type, node's X509Certificate.verify. */
export function isSignedBy(cert: ParsedCertificate, issuer: ParsedCertificate): boolean {
  // both are fixed by their fingerprints, so the answer never changes
  let known = signedByCache.get(cert);
  if (!known) signedByCache.set(cert, (known = new Map()));
  let ok = known.get(issuer.fingerprintSha256);
  if (ok === undefined) {
    ok = checkSignedBy(cert, issuer);
    known.set(issuer.fingerprintSha256, ok);
  }
  return ok;
}

const signedByCache = new WeakMap<ParsedCertificate, Map<string, boolean>>();

function checkSignedBy(cert: ParsedCertificate, issuer: ParsedCertificate): boolean {
  const alg = cert.signatureAlgorithm;
  if (!alg || issuer.publicKey.asymmetricKeyType !== alg.keyType) return false;
  try {
    return cert.x509.verify(issuer.publicKey) === true;
  } catch {
    return false;
  }
}
