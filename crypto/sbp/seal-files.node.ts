/**
 * Node-only streaming sealer: file(s) → DIR/bid.cms, DIR/manifest.json, DIR/manifest.p7s with flat
 * memory (the envelope is written as it is encrypted and hashed on the way out). One file is sealed
 * as is; several are put in a ustar archive first.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { zeroise } from '../bytes';
import { certificateDer } from '../pem';
import { Signer } from '../cms';
import { encryptAuthEnvelopedStream } from '../cms/auth-enveloped-stream.node';
import { planTar, tarStream } from './tar.node';
import { PACKAGE_FILES } from './package';
import { BidIdentity, buildManifest, recipientFingerprints, signManifest } from './seal';

export interface SealFilesInput extends BidIdentity {
  files: readonly string[];
  recipients: readonly (string | Uint8Array)[];
  signerCertificate: string | Uint8Array;
  sign: Signer;
  outDir: string;
}

export async function sealFilesToDirectory(input: SealFilesInput): Promise<{ bidCmsSha256: string; bidCmsSize: number; manifestSha256: string }> {
  if (input.files.length === 0) throw new Error('nothing to seal');
  const recipients = input.recipients.map(certificateDer); // PEM decoded once
  const fingerprints = await recipientFingerprints(recipients); // refuses duplicates before encrypting
  let source: AsyncIterable<Uint8Array>;
  let size: number;
  if (input.files.length === 1) {
    size = fs.statSync(input.files[0]).size;
    source = fs.createReadStream(input.files[0], { highWaterMark: 1 << 20 });
  } else {
    const plan = planTar(input.files);
    size = plan.totalSize;
    source = tarStream(plan);
  }
  fs.mkdirSync(input.outDir, { recursive: true });
  const envelope = await encryptAuthEnvelopedStream(source, size, recipients);
  try {
    const hash = createHash('sha256');
    async function* hashed(): AsyncGenerator<Uint8Array> {
      for await (const c of envelope.chunks) {
        hash.update(c);
        yield c;
      }
    }
    await pipeline(Readable.from(hashed()), fs.createWriteStream(path.join(input.outDir, PACKAGE_FILES.bidCms)));
    const bidCmsSha256 = hash.digest('hex');
    const manifest = await buildManifest(input, bidCmsSha256, envelope.totalLength, envelope.cek, recipients, fingerprints);
    const { manifestJson, manifestP7s } = await signManifest(manifest, input.signerCertificate, input.sign);
    fs.writeFileSync(path.join(input.outDir, PACKAGE_FILES.manifestJson), manifestJson);
    fs.writeFileSync(path.join(input.outDir, PACKAGE_FILES.manifestP7s), manifestP7s);
    return { bidCmsSha256, bidCmsSize: envelope.totalLength, manifestSha256: createHash('sha256').update(manifestJson).digest('hex') };
  } finally {
    zeroise(envelope.cek);
  }
}

const MAX_BID_CMS_BYTES = 512 * 1024 * 1024;

function readCapped(dir: string, name: string, max: number): Uint8Array {
  const file = path.join(dir, name);
  const size = fs.statSync(file).size;
  if (size > max) throw new Error(`${name} is larger than ${max} bytes`);
  return fs.readFileSync(file);
}

export function readPackageDirectory(dir: string, maxBidCmsBytes = MAX_BID_CMS_BYTES): { bidCms: Uint8Array; manifestJson: Uint8Array; manifestP7s: Uint8Array } {
  return {
    bidCms: readCapped(dir, PACKAGE_FILES.bidCms, maxBidCmsBytes),
    manifestJson: readCapped(dir, PACKAGE_FILES.manifestJson, 64 * 1024),
    manifestP7s: readCapped(dir, PACKAGE_FILES.manifestP7s, 1024 * 1024),
  };
}

/** The package in DIR for streaming opening: the manifest files read, bid.cms only located (same caps). */
export function packageDirectoryFiles(dir: string, maxBidCmsBytes = MAX_BID_CMS_BYTES): { bidCmsPath: string; manifestJson: Uint8Array; manifestP7s: Uint8Array } {
  const bidCmsPath = path.join(dir, PACKAGE_FILES.bidCms);
  if (fs.statSync(bidCmsPath).size > maxBidCmsBytes) throw new Error(`${PACKAGE_FILES.bidCms} is larger than ${maxBidCmsBytes} bytes`);
  return {
    bidCmsPath,
    manifestJson: readCapped(dir, PACKAGE_FILES.manifestJson, 64 * 1024),
    manifestP7s: readCapped(dir, PACKAGE_FILES.manifestP7s, 1024 * 1024),
  };
}
