/** `seal`, `check`, `open` of the verify CLI (node-only). */
import fs from 'node:fs';
import path from 'node:path';
import { derToPem } from '../pem';
import { importOaepPrivateKey, rsaSha256Signer } from '../cms';
import { readPkcs12, validateCertificate } from '../pki';
import { SignerValidation, checkPackage } from '../sbp';
import { openPackageToFile } from '../sbp/open-file.node';
import { packageDirectoryFiles, readPackageDirectory, sealFilesToDirectory } from '../sbp/seal-files.node';
import { ParsedArgs, UsageError, many, one, optional } from './args';
import { readPrivateKeyPkcs8, readText } from './inputs.node';

export interface CommandOutcome { ok: boolean; line: string }

export async function seal(args: ParsedArgs): Promise<CommandOutcome> {
  const passwordVar = one(args, 'password-env');
  const password = process.env[passwordVar];
  if (password === undefined) throw new UsageError(`environment variable ${passwordVar} is not set`);
  const recipients = many(args, 'to').map((f) => readText(f));
  if (recipients.length === 0) throw new UsageError('at least one --to recipient certificate is required');
  if (args.positionals.length === 0) throw new UsageError('no FILE to seal');
  const p12 = readPkcs12(fs.readFileSync(one(args, 'signer')), password);
  const rev = optional(args, 'rev');
  const result = await sealFilesToDirectory({
    projectId: one(args, 'project'), lotId: one(args, 'lot'), bidderId: one(args, 'bidder'),
    rev: rev === undefined ? 1 : Number(rev), prevManifestSha256: optional(args, 'prev') ?? null,
    files: args.positionals, recipients, signerCertificate: p12.certPem, sign: await rsaSha256Signer(p12.keyPem),
    outDir: one(args, 'out'),
  });
  return { ok: true, line: `sealed: bid.cms ${result.bidCmsSize} bytes sha256 ${result.bidCmsSha256}, manifest sha256 ${result.manifestSha256}` };
}

function signerValidator(args: ParsedArgs): ((cert: Uint8Array) => SignerValidation) | undefined {
  const cas = many(args, 'ca').map((f) => readText(f));
  if (cas.length === 0) return undefined;
  const atText = optional(args, 'at');
  const at = atText ? new Date(atText) : new Date();
  if (Number.isNaN(at.getTime())) throw new UsageError('--at must be an ISO 8601 time');
  const intermediates = many(args, 'intermediate').map((f) => readText(f));
  return (cert) => {
    const v = validateCertificate(derToPem(cert, 'CERTIFICATE'), { trustAnchors: cas, intermediates, at, usage: 'SIGNING' });
    return v.ok ? { ok: true } : { ok: false, code: v.code, message: v.message };
  };
}

export async function check(args: ParsedArgs): Promise<CommandOutcome> {
  const [dir] = args.positionals;
  if (!dir || args.positionals.length !== 1) throw new UsageError('usage: check DIR [--ca ca.pem ...]');
  const validateSigner = signerValidator(args);
  const r = await checkPackage(readPackageDirectory(dir), {
    projectId: optional(args, 'project'), lotId: optional(args, 'lot'), bidderId: optional(args, 'bidder'),
    requiredRecipients: many(args, 'to').map((f) => readText(f)),
  }, { validateSigner });
  if (!r.ok) return { ok: false, line: r.violations.map((v) => `${v.code}: ${v.message}`).join('; ') };
  const m = r.facts.manifest;
  const chain = validateSigner ? 'signer certificate valid' : 'signer certificate NOT checked (no --ca)';
  return { ok: true, line: `valid: project ${m.projectId} lot ${m.lotId} bidder ${m.bidderId} rev ${m.rev}, manifest sha256 ${r.facts.manifestSha256}, ${chain}` };
}

/** Directories `mkdir -p` would create for `dir`, outermost first. */
function missingDirectories(dir: string): string[] {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) missing.unshift(d);
  return missing;
}

export async function open(args: ParsedArgs): Promise<CommandOutcome> {
  const [dir] = args.positionals;
  if (!dir || args.positionals.length !== 1) throw new UsageError('usage: open DIR --key key.pem [--cert cert.pem] --out FILE');
  const out = one(args, 'out');
  const certFile = optional(args, 'cert');
  const privateKey = await importOaepPrivateKey(readPrivateKeyPkcs8(one(args, 'key')));
  const pkg = packageDirectoryFiles(dir);
  const validateSigner = signerValidator(args);
  // bid.cms is decrypted in chunks to a temporary file next to FILE, renamed to FILE only once everything verified
  const created = missingDirectories(path.dirname(out));
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const r = await openPackageToFile(pkg, { keys: [{ privateKey, certificate: certFile ? readText(certFile) : undefined }] }, out, { validateSigner });
  if (!r.ok) {
    for (const d of created.reverse()) {
      try {
        fs.rmdirSync(d); // only directories made for FILE, and only while empty
      } catch {
        break;
      }
    }
    return { ok: false, line: `${r.code} (${r.bidderCaused ? 'bidder-caused' : 'not bidder-caused'}): ${r.reason}` };
  }
  return { ok: true, line: `opened: ${r.bytes} bytes written to ${out} (project ${r.manifest.projectId}, bidder ${r.manifest.bidderId}, commitment and signature verified)` };
}
