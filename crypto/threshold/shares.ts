/**
 * k-of-n custody of the opening key with Shamir secret sharing (package `shamir-secret-sharing`,
 * audited; no field arithmetic here). Each share is wrapped to its custodian's encryption
 * certificate as a CMS AuthEnvelopedData (AES-256-GCM + RSA-OAEP-SHA-256, the SBP/1 profile),
 * and its hash is published in the ledger:
 *   shareSha256 = SHA-256(utf8("tenderhall/share/v1") || share)
 * so at the opening a forged, foreign or corrupted share is recognised before it is used.
 */
import { combine, split } from 'shamir-secret-sharing';
import { bytesEqual, fromHex, toHex, utf8, zeroise } from '../bytes';
import { decodeAuthEnveloped, decryptContent, encryptAuthEnveloped, unwrapContentKey } from '../cms';
import { sha256 } from '../hash';
import { certificateDer } from '../pem';
import { certificateFields, certificateFingerprint } from '../x509-fields';
import { publicKeyMatches } from './opening-key';

export const SHARE_HASH_LABEL = 'tenderhall/share/v1';

export interface Custodian {
  id: string;
  /** The custodian's encryption certificate. */
  certificate: string | Uint8Array;
}

export interface WrappedShare {
  custodianId: string;
  custodianCertificateSha256: string;
  shareSha256: string;
  /** DER of the AuthEnvelopedData holding the share. */
  wrapped: Uint8Array;
}

/** What the key ceremony logs: enough to check shares and the rebuilt key, nothing secret. */
export interface KeyCeremonyRecord {
  threshold: number;
  openingCertificateSha256: string;
  shares: { custodianId: string; custodianCertificateSha256: string; shareSha256: string }[];
}

export async function shareHash(share: Uint8Array): Promise<string> {
  return toHex(await sha256(utf8(SHARE_HASH_LABEL), share));
}

/**
 * Splits the PKCS#8 key k-of-n (n = custodians.length), wraps each share, and zeroises the raw shares
 * and the PKCS#8 buffer. The opening certificate must hold the key's public half.
 */
export async function splitOpeningKey(
  pkcs8: Uint8Array, threshold: number, custodians: readonly Custodian[], openingCertificate: string | Uint8Array,
): Promise<{ record: KeyCeremonyRecord; shares: WrappedShare[] }> {
  const n = custodians.length;
  if (!Number.isInteger(threshold) || threshold < 2 || threshold > n || n > 255) throw new RangeError('need 2 <= k <= n <= 255');
  if (new Set(custodians.map((c) => c.id)).size !== n) throw new Error('custodian ids must be distinct');
  const openingDer = certificateDer(openingCertificate);
  if (!publicKeyMatches(pkcs8, certificateFields(openingDer).subjectPublicKeyInfo)) throw new Error('the opening certificate does not hold this key');
  const raw = await split(pkcs8, n, threshold);
  try {
    const shares: WrappedShare[] = [];
    for (let i = 0; i < n; i++) {
      const { der, cek } = await encryptAuthEnveloped(raw[i], [custodians[i].certificate]);
      zeroise(cek);
      shares.push({
        custodianId: custodians[i].id,
        custodianCertificateSha256: await certificateFingerprint(certificateDer(custodians[i].certificate)),
        shareSha256: await shareHash(raw[i]),
        wrapped: der,
      });
    }
    const record: KeyCeremonyRecord = {
      threshold,
      openingCertificateSha256: await certificateFingerprint(openingDer),
      shares: shares.map(({ custodianId, custodianCertificateSha256, shareSha256 }) => ({ custodianId, custodianCertificateSha256, shareSha256 })),
    };
    return { record, shares };
  } finally {
    zeroise(pkcs8, ...raw);
  }
}

/** Run by the custodian: opens their wrapped share with their own key. */
export async function unwrapShare(wrapped: Uint8Array, custodianKey: CryptoKey, custodianCertificate?: string | Uint8Array): Promise<Uint8Array> {
  const env = decodeAuthEnveloped(wrapped, 64 * 1024);
  const cek = await unwrapContentKey(env, custodianKey, custodianCertificate);
  try {
    return await decryptContent(env, cek);
  } finally {
    zeroise(cek);
  }
}

export interface SubmittedShare {
  custodianId: string;
  share: Uint8Array;
}

export type RebuildResult =
  /** spki: the SubjectPublicKeyInfo the key was checked against (pass it on as RecipientKey.spki). */
  | { ok: true; privateKey: CryptoKey; spki: Uint8Array; usedCustodians: string[]; rejected: { custodianId: string; reason: string }[] }
  | { ok: false; code: 'NOT_ENOUGH_SHARES' | 'KEY_MISMATCH'; message: string; rejected: { custodianId: string; reason: string }[] };

/**
 * Rebuilds the opening key in memory from ≥ k shares that match the ceremony record, checks it
 * against the opening certificate, returns it as a non-extractable RSA-OAEP CryptoKey, and zeroises
 * every share and the rebuilt PKCS#8. Fewer than k good shares rebuild nothing.
 */
export async function rebuildOpeningKey(
  submitted: readonly SubmittedShare[], record: KeyCeremonyRecord, openingCertificate: string | Uint8Array,
): Promise<RebuildResult> {
  const rejected: { custodianId: string; reason: string }[] = [];
  const good: SubmittedShare[] = [];
  try {
    const openingDer = certificateDer(openingCertificate);
    if ((await certificateFingerprint(openingDer)) !== record.openingCertificateSha256) {
      return { ok: false, code: 'KEY_MISMATCH', message: 'this is not the opening certificate of the ceremony', rejected };
    }
    for (const s of submitted) {
      const entry = record.shares.find((e) => e.custodianId === s.custodianId);
      if (!entry) rejected.push({ custodianId: s.custodianId, reason: 'not a custodian of this key' });
      else if (good.some((g) => g.custodianId === s.custodianId)) rejected.push({ custodianId: s.custodianId, reason: 'duplicate share' });
      else if (!bytesEqual(fromHex(await shareHash(s.share)), fromHex(entry.shareSha256))) rejected.push({ custodianId: s.custodianId, reason: 'share does not match its published hash' });
      else good.push(s);
    }
    if (good.length < record.threshold) {
      return { ok: false, code: 'NOT_ENOUGH_SHARES', message: `${good.length} valid shares, ${record.threshold} needed`, rejected };
    }
    const chosen = good.slice(0, record.threshold);
    const pkcs8 = await combine(chosen.map((s) => s.share));
    try {
      const spki = certificateFields(openingDer).subjectPublicKeyInfo;
      if (!publicKeyMatches(pkcs8, spki)) {
        return { ok: false, code: 'KEY_MISMATCH', message: 'the rebuilt key does not match the opening certificate', rejected };
      }
      const privateKey = await globalThis.crypto.subtle.importKey('pkcs8', pkcs8 as Uint8Array<ArrayBuffer>, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['decrypt']);
      return { ok: true, privateKey, spki, usedCustodians: chosen.map((s) => s.custodianId), rejected };
    } finally {
      zeroise(pkcs8);
    }
  } finally {
    zeroise(...submitted.map((s) => s.share));
  }
}
