/**
 * The platform certificate authority: root/intermediate CA creation and end-entity issuance
 * (from a CSR, or from a bare public key for server-generated demo keys). RSA 2048 CA keys from
 * node:crypto; every signature by node:crypto (see certificate-builder.ts).
 */
import crypto from 'node:crypto';
import { PkiError } from './errors';
import { Asn1, MAX_CERT_BYTES, decodePem, derOf, encodePem, fromHex, parseDer, wholeSeconds } from './der';
import {
  authorityKeyIdExt, basicConstraintsExt, extKeyUsageExt, keyUsageExt, subjectKeyIdExt,
} from './extensions';
import { ParsedCertificate, keyIdentifier, parseCertificatePem } from './certificate';
import { signCertificate } from './certificate-builder';
import { readCsr } from './csr-verify';
import { SubjectInfo, buildName, nameToString, readName } from './names';
import { loadPrivateKey, loadPublicKey } from './signing';

/** SIGNING: digitalSignature+nonRepudiation (critical), EKU clientAuth+emailProtection. ENCRYPTION: keyEncipherment+dataEncipherment. */
export type CertificateProfile = 'SIGNING' | 'ENCRYPTION';

export interface CertificateAuthority { certPem: string; /** PKCS#8 PEM */ keyPem: string }

export interface IssuedCertificate {
  pem: string;
  serialHex: string;
  fingerprintSha256: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
  profile: CertificateProfile;
}

export interface LoadedAuthority { cert: ParsedCertificate; key: crypto.KeyObject; keyId: Uint8Array }

export function loadAuthority(ca: CertificateAuthority): LoadedAuthority {
  const cert = parseCertificatePem(ca.certPem);
  const key = loadPrivateKey(ca.keyPem);
  const derivedSpki = crypto.createPublicKey(key).export({ type: 'spki', format: 'der' });
  if (!derivedSpki.equals(Buffer.from(cert.spkiDer))) throw new PkiError('CA_INVALID', 'The CA key does not match the CA certificate.');
  if (!cert.extensions.isCa || !(cert.extensions.keyUsage ?? []).includes('keyCertSign')) {
    throw new PkiError('CA_INVALID', 'The issuer certificate is not a CA certificate with keyCertSign.');
  }
  const keyId = cert.extensions.subjectKeyId ? fromHex(cert.extensions.subjectKeyId) : keyIdentifier(cert.spkiDer);
  return { cert, key, keyId };
}

function checkWithinIssuer(issuer: ParsedCertificate, notBefore: Date, notAfter: Date): void {
  if (wholeSeconds(notBefore) < issuer.notBefore || wholeSeconds(notAfter) > issuer.notAfter) {
    throw new PkiError('VALIDITY_INVALID', 'The requested validity lies outside the issuing CA certificate’s validity.');
  }
}

export function createCertificateAuthority(opts: {
  subject: SubjectInfo;
  notBefore: Date;
  notAfter: Date;
  pathLen?: number;
  issuer?: CertificateAuthority;
}): CertificateAuthority {
  let pathLen = opts.pathLen;
  if (pathLen !== undefined && (!Number.isInteger(pathLen) || pathLen < 0 || pathLen > 16)) {
    throw new PkiError('BAD_REQUEST', 'pathLen must be an integer between 0 and 16.');
  }
  const parent = opts.issuer ? loadAuthority(opts.issuer) : undefined;
  if (parent) {
    const limit = parent.cert.extensions.pathLen;
    if (limit !== undefined) {
      if (limit === 0) throw new PkiError('CA_INVALID', 'The issuing CA has pathLen 0 and cannot create a sub-CA.');
      if (pathLen !== undefined && pathLen > limit - 1) throw new PkiError('BAD_REQUEST', `pathLen must be at most ${limit - 1}.`);
      pathLen = pathLen ?? limit - 1;
    }
    checkWithinIssuer(parent.cert, opts.notBefore, opts.notAfter);
  }
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spkiDer = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  const subjectName = buildName(opts.subject);
  const ownKeyId = keyIdentifier(spkiDer);
  const { der } = signCertificate({
    issuerNameDer: parent ? parent.cert.subjectDer : derOf(subjectName),
    subjectName,
    notBefore: opts.notBefore,
    notAfter: opts.notAfter,
    spkiDer,
    extensions: [
      basicConstraintsExt(true, pathLen),
      keyUsageExt(['keyCertSign', 'cRLSign']),
      subjectKeyIdExt(ownKeyId),
      authorityKeyIdExt(parent ? parent.keyId : ownKeyId),
    ],
    signingKey: parent ? parent.key : privateKey,
  });
  return {
    certPem: encodePem('CERTIFICATE', der),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

const MIN_RSA_BITS = 2048;
const ACCEPTED_CURVES = new Set(['prime256v1', 'secp384r1']);

function checkSubjectKey(key: crypto.KeyObject, profile: CertificateProfile): void {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    if ((details.modulusLength ?? 0) < MIN_RSA_BITS) throw new PkiError('KEY_UNSUPPORTED', `RSA keys must have at least ${MIN_RSA_BITS} bits.`);
    return;
  }
  if (key.asymmetricKeyType === 'ec' && ACCEPTED_CURVES.has(details.namedCurve ?? '')) {
    if (profile === 'ENCRYPTION') throw new PkiError('KEY_UNSUPPORTED', 'ENCRYPTION certificates need an RSA key (bids are wrapped with RSA-OAEP).');
    return;
  }
  throw new PkiError('KEY_UNSUPPORTED', `Subject keys of type ${key.asymmetricKeyType} are not accepted.`);
}

interface IssueOptions {
  ca: CertificateAuthority;
  profile: CertificateProfile;
  notBefore: Date;
  notAfter: Date;
  serialHex?: string;
}

function issue(opts: IssueOptions, subjectName: Asn1, publicKey: crypto.KeyObject): IssuedCertificate {
  const spkiDer = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  if (opts.profile !== 'SIGNING' && opts.profile !== 'ENCRYPTION') throw new PkiError('BAD_REQUEST', `Unknown profile ${String(opts.profile)}.`);
  checkSubjectKey(publicKey, opts.profile);
  const authority = loadAuthority(opts.ca);
  checkWithinIssuer(authority.cert, opts.notBefore, opts.notAfter);
  const usage = opts.profile === 'SIGNING'
    ? [keyUsageExt(['digitalSignature', 'nonRepudiation']), extKeyUsageExt(['clientAuth', 'emailProtection'])]
    : [keyUsageExt(['keyEncipherment', 'dataEncipherment'])];
  const { der, serialHex } = signCertificate({
    serialHex: opts.serialHex,
    issuerNameDer: authority.cert.subjectDer,
    subjectName,
    notBefore: opts.notBefore,
    notAfter: opts.notAfter,
    spkiDer,
    extensions: [
      basicConstraintsExt(false),
      ...usage,
      subjectKeyIdExt(keyIdentifier(spkiDer)),
      authorityKeyIdExt(authority.keyId),
    ],
    signingKey: authority.key,
  });
  return {
    pem: encodePem('CERTIFICATE', der),
    serialHex,
    fingerprintSha256: crypto.createHash('sha256').update(der).digest('hex'),
    subject: nameToString(readName(subjectName, 'subject')),
    notBefore: wholeSeconds(opts.notBefore),
    notAfter: wholeSeconds(opts.notAfter),
    profile: opts.profile,
  };
}

/** Issues an end-entity certificate for a CSR whose self-signature verifies (else CSR_INVALID). */
export function issueFromCsr(opts: IssueOptions & { csrPem: string; subject?: SubjectInfo }): IssuedCertificate {
  const csr = readCsr(opts.csrPem);
  const subjectName = opts.subject ? buildName(opts.subject) : parseDer(csr.subjectDer, 'CSR subject');
  if (!opts.subject && readName(subjectName, 'CSR subject').length === 0) {
    throw new PkiError('CSR_INVALID', 'The CSR has an empty subject and no subject was given.');
  }
  return issue(opts, subjectName, csr.publicKey);
}

/** Issues an end-entity certificate for a bare public key (server-generated demo keys). */
export function issueCertificate(opts: IssueOptions & { publicKeyPem: string; subject: SubjectInfo }): IssuedCertificate {
  const publicKey = loadPublicKey(decodePem(opts.publicKeyPem, ['PUBLIC KEY'], MAX_CERT_BYTES));
  return issue(opts, buildName(opts.subject), publicKey);
}
