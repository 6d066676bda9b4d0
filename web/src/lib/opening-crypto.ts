/**
 * The browser's part of the opening (loaded on demand, with node-forge and crypto/*):
 *  - the encryption key is read from the user's PKCS#12 (auth/certificate-login) and imported
 *    NON-extractable for RSA-OAEP decryption only (the DER copy is wiped);
 *  - 解密: the CEK of the user's own bid.cms is unwrapped with it (crypto/cms) — only the CEK leaves;
 *  - 保管人: the wrapped share of the opening key is unwrapped (crypto/threshold);
 *  - 签章: the record's exact UTF-8 bytes are sealed (crypto/eseal) with the signing key.
 */
import { fromBase64, toBase64, zeroise } from '../../../crypto/bytes';
import { decodeAuthEnveloped, rsaSha256Signer, unwrapContentKey } from '../../../crypto/cms';
import { sealDocument } from '../../../crypto/eseal';
import { unwrapShare } from '../../../crypto/threshold';
import { readPkcs12Identity } from '../auth/certificate-login';

export interface DecryptionIdentity {
  certificatePem: string;
  /** non-extractable; usable only for `decrypt` */
  privateKey: CryptoKey;
}

const OAEP = { name: 'RSA-OAEP', hash: 'SHA-256' } as const;

/** The encryption key and its certificate from a PKCS#12 file (throws CertificateFileError). */
export async function readDecryptionIdentity(file: ArrayBuffer, password: string): Promise<DecryptionIdentity> {
  const { privateKey, certificatePem } = await readPkcs12Identity(file, password, OAEP, ['decrypt']);
  return { privateKey, certificatePem };
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
export async function sealRecordJson(input: { recordJson: string; sealRecordBase64: string; certificatePem: string; signingKey: CryptoKey; serverTime: string; purpose?: string }): Promise<string> {
  const sealed = await sealDocument({
    document: new TextEncoder().encode(input.recordJson),
    sealRecord: fromBase64(input.sealRecordBase64),
    signerCertificate: input.certificatePem,
    sign: await rsaSha256Signer(input.signingKey),
    signingTime: new Date(input.serverTime),
    purpose: input.purpose ?? 'opening-record',
  });
  return toBase64(sealed.envelope);
}
