/**
 * Sealing in the browser with crypto/sbp (loaded on demand, like node-forge for certificates):
 * AES-256-GCM over the bid archive to every recipient certificate (RSA-OAEP-SHA-256), the manifest
 * with its CEK and price commitments, signed (CMS SignedData) by the non-extractable WebCrypto key.
 */
import { toHex } from '../../../crypto/bytes';
import { rsaSha256Signer } from '../../../crypto/cms';
import { sha256 } from '../../../crypto/hash';
import { priceCommitment, sealBid, type SealedBidPackage } from '../../../crypto/sbp';

export type { SealedBidPackage };

export interface SealRequest {
  projectId: string;
  lotId: string;
  bidderId: string;
  rev: number;
  prevManifestSha256: string | null;
  /** the plain decimal price in yuan and the 32-byte salt kept inside the encrypted bid.json */
  price: string;
  priceSalt: Uint8Array;
  content: Uint8Array;
  recipients: string[];
  signerCertificatePem: string;
  signingKey: CryptoKey;
}

export async function sealInBrowser(request: SealRequest): Promise<{ pkg: SealedBidPackage; bidCmsSha256: string }> {
  const pkg = await sealBid({
    projectId: request.projectId,
    lotId: request.lotId,
    bidderId: request.bidderId,
    rev: request.rev,
    prevManifestSha256: request.prevManifestSha256,
    priceCommitment: await priceCommitment(request.price, request.priceSalt),
    content: request.content,
    recipients: request.recipients,
    signerCertificate: request.signerCertificatePem,
    sign: await rsaSha256Signer(request.signingKey),
  });
  return { pkg, bidCmsSha256: toHex(await sha256(pkg.bidCms)) };
}
