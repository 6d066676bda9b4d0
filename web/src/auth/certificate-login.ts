/**
 * 数字证书登录 — log in with the signing certificate in a PKCS#12 file, entirely in the browser.
 *
 * node-forge reads the .p12/.pfx and finds the certificate whose public key matches the private
 * key. The key is handed to WebCrypto as a NON-extractable RSASSA-PKCS1-v1_5/SHA-256 key (forge
 * key → PKCS#8 DER → importKey), the DER copy is wiped, and WebCrypto signs the server's login
 * challenge. Only the certificate (public) and the signature are sent; the private key and the
 * file never leave the browser.
 */
import forge from 'node-forge';
import type { Client } from '@urql/core';
import { USER_FIELDS, type LoginPayload } from '../graphql/types';
import { outcomeOf, type LoginOutcome } from './login-outcome';

export type CertificateLoginStep = 'reading' | 'challenge' | 'signing' | 'verifying';

/** Failures found in the browser, before or instead of asking the server. */
export type LocalFailure = 'P12_PASSWORD' | 'P12_MALFORMED' | 'P12_NO_KEY' | 'P12_UNSUPPORTED_KEY' | 'WEBCRYPTO_UNAVAILABLE';

export class CertificateFileError extends Error {
  constructor(
    readonly code: LocalFailure,
    message: string,
  ) {
    super(message);
    this.name = 'CertificateFileError';
  }
}

export interface SigningIdentity {
  certificatePem: string;
  /** non-extractable; usable only for `sign` */
  privateKey: CryptoKey;
  subject: string;
}

const SIGNING_ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

function subtleCrypto(): SubtleCrypto {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new CertificateFileError('WEBCRYPTO_UNAVAILABLE', 'crypto.subtle is not available (insecure context?)');
  return subtle;
}

function parsePkcs12(file: ArrayBuffer, password: string): forge.pkcs12.Pkcs12Pfx {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.binary.raw.encode(new Uint8Array(file)));
  } catch (error) {
    throw new CertificateFileError('P12_MALFORMED', `not DER: ${(error as Error).message}`);
  }
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, password);
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    // "ASN.1 object is not an PKCS#12 PFX" and friends: the file is something else.
    if (/PFX|not an? PKCS#12|Unsupported PKCS#12/i.test(message)) throw new CertificateFileError('P12_MALFORMED', message);
    // "PKCS#12 MAC could not be verified. Invalid password?", or garbage after decrypting with a wrong password
    throw new CertificateFileError('P12_PASSWORD', message);
  }
}

function bagsOf(p12: forge.pkcs12.Pkcs12Pfx, bagType: string): forge.pkcs12.Bag[] {
  return p12.getBags({ bagType })[bagType] ?? [];
}

/** forge keeps UTF8String values as byte strings: decode them (other strings are left as they are). */
function attributeText(value: unknown): string {
  const text = String(value);
  if (/[^\x00-\xff]/.test(text)) return text;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff));
  } catch {
    return text;
  }
}

function subjectText(certificate: forge.pki.Certificate): string {
  return certificate.subject.attributes.map((a) => `${a.shortName ?? a.name ?? a.type}=${attributeText(a.value)}`).join(', ');
}

function pkcs8Der(key: forge.pki.rsa.PrivateKey): Uint8Array<ArrayBuffer> {
  const der = forge.asn1.toDer(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key))).getBytes();
  const bytes = new Uint8Array(der.length);
  for (let i = 0; i < der.length; i++) bytes[i] = der.charCodeAt(i);
  return bytes;
}

/** A private key (imported non-extractable) and its certificate from a PKCS#12 file. */
export interface Pkcs12Identity {
  certificatePem: string;
  privateKey: CryptoKey;
  subject: string;
}

/**
 * Reads a PKCS#12 file: the first RSA private key with a matching certificate, imported
 * non-extractable for `algorithm` and `usages` (the DER copy is wiped). Throws CertificateFileError.
 */
export async function readPkcs12Identity(
  file: ArrayBuffer,
  password: string,
  algorithm: RsaHashedImportParams,
  usages: KeyUsage[],
): Promise<Pkcs12Identity> {
  const subtle = subtleCrypto();
  const p12 = parsePkcs12(file, password);
  const keyBags = [...bagsOf(p12, forge.pki.oids.pkcs8ShroudedKeyBag), ...bagsOf(p12, forge.pki.oids.keyBag)];
  const certificates = bagsOf(p12, forge.pki.oids.certBag)
    .map((bag) => bag.cert)
    .filter((cert): cert is forge.pki.Certificate => !!cert);
  if (keyBags.length === 0) throw new CertificateFileError('P12_NO_KEY', 'the file holds no private key');

  for (const bag of keyBags) {
    const key = bag.key as forge.pki.rsa.PrivateKey | undefined;
    if (!key || !key.n) continue; // forge only reads RSA keys
    const certificate = certificates.find((cert) => {
      const publicKey = cert.publicKey as forge.pki.rsa.PublicKey;
      return !!publicKey.n && publicKey.n.equals(key.n) && publicKey.e.equals(key.e);
    });
    if (!certificate) continue;

    const der = pkcs8Der(key);
    try {
      const privateKey = await subtle.importKey('pkcs8', der, algorithm, false, usages);
      return { privateKey, certificatePem: forge.pki.certificateToPem(certificate), subject: subjectText(certificate) };
    } finally {
      der.fill(0);
    }
  }
  if (keyBags.every((bag) => !bag.key)) throw new CertificateFileError('P12_UNSUPPORTED_KEY', 'no RSA private key in the file');
  throw new CertificateFileError('P12_NO_KEY', 'no certificate matches the private key');
}

/** The signing key (imported non-extractable) and its certificate from a PKCS#12 file. */
export function readSigningIdentity(file: ArrayBuffer, password: string): Promise<SigningIdentity> {
  return readPkcs12Identity(file, password, SIGNING_ALGORITHM, ['sign']);
}

/** base64 of RSASSA-PKCS1-v1_5/SHA-256 over the UTF-8 bytes of `message`. */
export async function signChallenge(privateKey: CryptoKey, message: string): Promise<string> {
  const signature = new Uint8Array(await subtleCrypto().sign(SIGNING_ALGORITHM, privateKey, new TextEncoder().encode(message)));
  let binary = '';
  for (const byte of signature) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const REQUEST_LOGIN_CHALLENGE = /* GraphQL */ `
  mutation RequestLoginChallenge {
    requestLoginChallenge { nonce message expiresAt }
  }
`;

const LOGIN_WITH_CERTIFICATE = /* GraphQL */ `
  mutation LoginWithCertificate($input: CertificateLoginInput!) {
    loginWithCertificate(input: $input) {
      token
      user { ${USER_FIELDS} }
      errors { code message }
    }
  }
`;

/** The whole flow: read the file, get a challenge, sign it, log in. Never throws for expected failures. */
export async function loginWithCertificate(
  client: Client,
  file: ArrayBuffer,
  password: string,
  onStep: (step: CertificateLoginStep) => void = () => {},
): Promise<LoginOutcome> {
  let identity: SigningIdentity;
  try {
    onStep('reading');
    identity = await readSigningIdentity(file, password);
  } catch (error) {
    if (error instanceof CertificateFileError) return { kind: 'rejected', code: error.code, message: error.message };
    throw error;
  }

  onStep('challenge');
  const challenge = await client
    .mutation<{ requestLoginChallenge: { nonce: string; message: string; expiresAt: string } }>(REQUEST_LOGIN_CHALLENGE, {})
    .toPromise();
  if (!challenge.data) {
    return challenge.error ? { kind: 'error', error: challenge.error } : { kind: 'rejected', code: 'UNKNOWN', message: 'no login challenge in the response' };
  }
  const { nonce, message } = challenge.data.requestLoginChallenge;

  onStep('signing');
  const signature = await signChallenge(identity.privateKey, message);

  onStep('verifying');
  const result = await client
    .mutation<{ loginWithCertificate: LoginPayload }>(LOGIN_WITH_CERTIFICATE, {
      input: { nonce, certificatePem: identity.certificatePem, signature },
    })
    .toPromise();
  return outcomeOf(result.data?.loginWithCertificate, result.error);
}
