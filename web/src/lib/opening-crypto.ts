/**
 * The browser's part of the opening (loaded on demand, with node-forge and crypto/*):
 *  - the encryption key is read from the user's PKCS#12 and imported NON-extractable for RSA-OAEP
 *    decryption only (the DER copy is wiped);
 *  - 解密: the CEK of the user's own bid.cms is unwrapped with it (crypto/cms) — only the CEK leaves;
 *  - 保管人: the wrapped share of the opening key is unwrapped (crypto/threshold);
 *  - 签章: the record's exact UTF-8 bytes are sealed (crypto/eseal) with the signing key.
 */
import forge from 'node-forge';
import { fromBase64, toBase64, zeroise } from '../../../crypto/bytes';
import { decodeAuthEnveloped, rsaSha256Signer, unwrapContentKey } from '../../../crypto/cms';
import { sealDocument } from '../../../crypto/eseal';
import { unwrapShare } from '../../../crypto/threshold';
import { CertificateFileError } from '../auth/certificate-login';

export interface DecryptionIdentity {
  certificatePem: string;
  /** non-extractable; usable only for `decrypt` */
  privateKey: CryptoKey;
}

const OAEP = { name: 'RSA-OAEP', hash: 'SHA-256' } as const;

/** The encryption key and its certificate from a PKCS#12 file (throws CertificateFileError). */
export async function readDecryptionIdentity(file: ArrayBuffer, password: string): Promise<DecryptionIdentity> {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.binary.raw.encode(new Uint8Array(file))), password);
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    throw new CertificateFileError(/PFX|not an? PKCS#12|Unsupported|Too few bytes|DER/i.test(message) ? 'P12_MALFORMED' : 'P12_PASSWORD', message);
  }
  const bags = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
  const keys = [...bags(forge.pki.oids.pkcs8ShroudedKeyBag), ...bags(forge.pki.oids.keyBag)].map((b) => b.key as forge.pki.rsa.PrivateKey | undefined).filter((k): k is forge.pki.rsa.PrivateKey => !!k?.n);
  const certificates = bags(forge.pki.oids.certBag).map((b) => b.cert).filter((c): c is forge.pki.Certificate => !!c);
  if (keys.length === 0) throw new CertificateFileError('P12_NO_KEY', 'the file holds no RSA private key');
  for (const key of keys) {
    const certificate = certificates.find((c) => {
      const pub = c.publicKey as forge.pki.rsa.PublicKey;
      return !!pub.n && pub.n.equals(key.n) && pub.e.equals(key.e);
    });
    if (!certificate) continue;
    const raw = forge.asn1.toDer(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key))).getBytes();
    const der = Uint8Array.from(raw, (c) => c.charCodeAt(0));
    try {
      const privateKey = await crypto.subtle.importKey('pkcs8', der, OAEP, false, ['decrypt']);
      return { privateKey, certificatePem: forge.pki.certificateToPem(certificate) };
    } finally {
      der.fill(0);
    }
  }
  throw new CertificateFileError('P12_NO_KEY', 'no certificate matches the private key');
}

/** 签到: base64 RSASSA-PKCS1-v1_5/SHA-256 over the UTF-8 bytes of the sign-in message. */
export async function signText(privateKey: CryptoKey, message: string): Promise<string> {
  const sign = await rsaSha256Signer(privateKey);
  return toBase64(await sign(new TextEncoder().encode(message)));
}

/** Download the caller's own bid.cms (the owner's endpoint). */
export async function downloadOwnBid(bidId: string, token: string): Promise<Uint8Array> {
  const response = await fetch(`/api/bids/${encodeURIComponent(bidId)}/bid.cms`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** 解密: the CEK (base64) of the bidder's own package, unwrapped with its encryption key. */
export async function unwrapBidCek(bidCms: Uint8Array, identity: DecryptionIdentity): Promise<string> {
  const cek = await unwrapContentKey(decodeAuthEnveloped(bidCms), identity.privateKey, identity.certificatePem);
  try {
    return toBase64(cek);
  } finally {
    zeroise(cek);
  }
}

/** 保管人: the custodian's share (base64), unwrapped from its wrapped CMS (base64). */
export async function unwrapCustodianShare(wrappedBase64: string, identity: DecryptionIdentity): Promise<string> {
  const share = await unwrapShare(fromBase64(wrappedBase64), identity.privateKey, identity.certificatePem);
  try {
    return toBase64(share);
  } finally {
    zeroise(share);
  }
}

/** 签章: a *.eseal.json envelope (base64) over the exact UTF-8 bytes of the record, at server time. */
export async function sealRecordJson(input: { recordJson: string; sealRecordBase64: string; certificatePem: string; signingKey: CryptoKey; serverTime: string }): Promise<string> {
  const sealed = await sealDocument({
    document: new TextEncoder().encode(input.recordJson),
    sealRecord: fromBase64(input.sealRecordBase64),
    signerCertificate: input.certificatePem,
    sign: await rsaSha256Signer(input.signingKey),
    signingTime: new Date(input.serverTime),
    purpose: 'opening-record',
  });
  return toBase64(sealed.envelope);
}
