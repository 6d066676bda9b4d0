/**
 * Node-only streaming opening of a Sealed Bid Package whose bid.cms is a file (100 MB+ in flat
 * memory). Same steps, order and Art. 31 classification as `openPackage` (open.ts):
 *   manifest signature → manifest schema → size and SHA-256 of bid.cms against the signed manifest
 *   (a first pass over the file, before anything is decrypted) → strict header parse → unwrap (or
 *   the given CEK) → cekCommitment → chunked AES-256-GCM to a temporary file, hashing the file again
 *   on the way (a file that changed in between is STORAGE_CORRUPT, not a bad tag) → tag → the
 *   caller's signer check → rename to the output. No output file exists unless everything passed.
 */
import fs from 'node:fs/promises';
import { bytesEqual, fromHex, zeroise } from '../bytes';
import { CmsError, verifySignedData } from '../cms';
import {
  AuthEnvelopeFileLayout, EnvelopeFileChangedError, decryptAuthEnvelopedFile, readAuthEnvelopedLayout, sha256OfFile,
} from '../cms/auth-enveloped-file.node';
import { cekMatchesCommitment } from './commitments';
import { SbpManifest, decodeManifest } from './manifest';
import { OpenFailure, OpenOptions, OpenResult, OpeningKeys, fail, isBidderCaused, unwrapAll } from './open';

/** A package whose bid.cms stays on disk. */
export interface PackageFiles {
  bidCmsPath: string;
  manifestJson: Uint8Array;
  manifestP7s: Uint8Array;
}

export interface OpenFileOptions extends OpenOptions {
  /** Read size for hashing and decryption (default 1 MiB). */
  chunkBytes?: number;
  /** How much of the start of bid.cms is read to parse the header (tests make it small). */
  headBytes?: number;
}

export type OpenFileResult =
  | { ok: true; outFile: string; bytes: number; manifest: SbpManifest; signerCertificate: Uint8Array }
  | Extract<OpenResult, { ok: false }>;

const STORAGE_CORRUPT_REASON = 'bid.cms is not the file the bidder signed (hash mismatch)';

async function openUnsafe(pkg: PackageFiles, key: OpeningKeys, outFile: string, options: OpenFileOptions): Promise<OpenFileResult> {
  const sig = await verifySignedData(pkg.manifestP7s, { detachedContent: pkg.manifestJson, signerCertificate: options.signerCertificate });
  if (!sig.ok) fail('SIGNATURE_INVALID', `manifest.p7s: ${sig.reason}`);
  let manifest: SbpManifest;
  try {
    manifest = decodeManifest(pkg.manifestJson);
  } catch (e) {
    fail('PACKAGE_MALFORMED', (e as Error).message);
  }
  const file = await fs.open(pkg.bidCmsPath, 'r');
  try {
    const expectedSha256 = fromHex(manifest.bidCmsSha256);
    const size = (await file.stat()).size;
    let hashed: Uint8Array | undefined;
    if (size === manifest.bidCmsSize) {
      try {
        hashed = await sha256OfFile(file, size, options.chunkBytes);
      } catch (e) {
        if (!(e instanceof EnvelopeFileChangedError)) throw e;
      }
    }
    if (!hashed || !bytesEqual(hashed, expectedSha256)) fail('STORAGE_CORRUPT', STORAGE_CORRUPT_REASON);
    let layout: AuthEnvelopeFileLayout;
    try {
      layout = await readAuthEnvelopedLayout(file, { headBytes: options.headBytes });
    } catch (e) {
      if (e instanceof EnvelopeFileChangedError) fail('STORAGE_CORRUPT', `${STORAGE_CORRUPT_REASON}: ${e.message}`);
      if (!(e instanceof CmsError)) throw e;
      fail('PACKAGE_MALFORMED', `bid.cms: ${e.message}`);
    }
    const cek = 'cek' in key ? key.cek.slice() : await unwrapAll(layout.envelope, key.keys);
    try {
      if (!(await cekMatchesCommitment(cek, manifest.cekCommitment))) fail('BAD_COMMITMENT', 'the unwrapped content key does not match cekCommitment');
      let bytes: number;
      try {
        ({ bytes } = await decryptAuthEnvelopedFile(file, layout, cek, outFile, {
          expectedSha256,
          chunkBytes: options.chunkBytes,
          beforeRelease: async () => {
            if (!options.validateSigner) return;
            const v = await options.validateSigner(sig.signerCertificate);
            if (!v.ok) fail('CERTIFICATE_INVALID', `signer certificate: ${v.code}: ${v.message}`);
          },
        }));
      } catch (e) {
        if (e instanceof EnvelopeFileChangedError) fail('STORAGE_CORRUPT', `${STORAGE_CORRUPT_REASON}: ${e.message}`);
        if (e instanceof CmsError && e.code === 'AUTHENTICATION_FAILED') fail('DECRYPTION_FAILED', 'content does not decrypt under the committed key (GCM tag mismatch)');
        throw e;
      }
      return { ok: true, outFile, bytes, manifest, signerCertificate: sig.signerCertificate };
    } finally {
      zeroise(cek);
    }
  } catch (e) {
    if (e instanceof OpenFailure) return { ok: false, code: e.code, bidderCaused: isBidderCaused(e.code), reason: e.message, manifest };
    throw e;
  } finally {
    await file.close();
  }
}

/**
 * Opens the package into `outFile`. Never throws for a bad package: every failure comes back
 * classified as `openPackage` classifies it, and then `outFile` has not been created or replaced.
 */
export async function openPackageToFile(pkg: PackageFiles, key: OpeningKeys, outFile: string, options: OpenFileOptions = {}): Promise<OpenFileResult> {
  try {
    return await openUnsafe(pkg, key, outFile, options);
  } catch (e) {
    if (e instanceof OpenFailure) return { ok: false, code: e.code, bidderCaused: isBidderCaused(e.code), reason: e.message };
    return { ok: false, code: 'INTERNAL_ERROR', bidderCaused: false, reason: `unexpected error: ${(e as Error).message}` };
  }
}
