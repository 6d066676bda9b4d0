/**
 * Sealing (browser or CLI): encrypt the content to every recipient certificate, build the manifest
 * with hashes and the CEK commitment, and sign it with the bidder's signer callback. Nothing here
 * keeps the CEK: it is zeroised before returning.
 */
import { toHex, zeroise } from '../bytes';
import { Signer, createSignedData, encryptAuthEnveloped } from '../cms';
import { sha256 } from '../hash';
import { certificateDer } from '../pem';
import { certificateFingerprint } from '../x509-fields';
import { cekCommitment } from './commitments';
import { SBP_VERSION, SbpManifest, encodeManifest } from './manifest';
import { SealedBidPackage, TOOL_NAME } from './package';

export interface BidIdentity {
  projectId: string;
  lotId: string;
  bidderId: string;
  /** Revision: 1 for the first submission, +1 for each replacement. */
  rev?: number;
  prevManifestSha256?: string | null;
  priceCommitment?: string;
  clientTime?: Date;
  tool?: string;
}

export interface SealInput extends BidIdentity {
  content: Uint8Array;
  /** Recipient encryption certificates: the bidder's own and, per policy, the project's opening certificate. */
  recipients: readonly (string | Uint8Array)[];
  signerCertificate: string | Uint8Array;
  sign: Signer;
}

export async function recipientFingerprints(recipients: readonly (string | Uint8Array)[]): Promise<string[]> {
  const fps = await Promise.all(recipients.map((c) => certificateFingerprint(certificateDer(c))));
  const sorted = [...new Set(fps)].sort();
  if (sorted.length !== fps.length) throw new Error('the same recipient certificate is listed twice');
  return sorted;
}

/**
 * Manifest for an already-encrypted bid.cms (used by the streaming sealer too). `fingerprints`, when
 * given, is recipientFingerprints(recipients) computed earlier by the caller (it is not recomputed).
 */
export async function buildManifest(
  id: BidIdentity, bidCmsSha256: string, bidCmsSize: number, cek: Uint8Array, recipients: readonly (string | Uint8Array)[],
  fingerprints?: readonly string[],
): Promise<SbpManifest> {
  const manifest: SbpManifest = {
    v: SBP_VERSION,
    projectId: id.projectId,
    lotId: id.lotId,
    bidderId: id.bidderId,
    rev: id.rev ?? 1,
    prevManifestSha256: id.prevManifestSha256 ?? null,
    bidCmsSha256,
    bidCmsSize,
    cekCommitment: await cekCommitment(cek),
    recipients: fingerprints ? [...fingerprints] : await recipientFingerprints(recipients),
    clientTime: (id.clientTime ?? new Date()).toISOString(),
    tool: id.tool ?? TOOL_NAME,
  };
  if (id.priceCommitment !== undefined) manifest.priceCommitment = id.priceCommitment;
  return manifest;
}

export async function signManifest(manifest: SbpManifest, signerCertificate: string | Uint8Array, sign: Signer): Promise<{ manifestJson: Uint8Array; manifestP7s: Uint8Array }> {
  const manifestJson = encodeManifest(manifest);
  const manifestP7s = await createSignedData({ content: manifestJson, signerCertificate, sign, detached: true });
  return { manifestJson, manifestP7s };
}

export async function sealBid(input: SealInput): Promise<SealedBidPackage> {
  const recipients = input.recipients.map(certificateDer); // PEM decoded once
  const fingerprints = await recipientFingerprints(recipients); // refuses duplicates before encrypting
  const { der: bidCms, cek } = await encryptAuthEnveloped(input.content, recipients);
  try {
    const manifest = await buildManifest(input, toHex(await sha256(bidCms)), bidCms.length, cek, recipients, fingerprints);
    return { bidCms, ...(await signManifest(manifest, input.signerCertificate, input.sign)) };
  } finally {
    zeroise(cek);
  }
}
