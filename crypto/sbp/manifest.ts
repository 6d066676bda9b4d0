/**
 * manifest.json of SBP/1: RFC 8785 canonical JSON, exactly these fields (DESIGN §4):
 *   v "sbp/1", projectId, lotId, bidderId, rev (1, 2, ... per replacement), prevManifestSha256
 *   (hex or null for rev 1), bidCmsSha256, bidCmsSize, cekCommitment, priceCommitment (optional),
 *   recipients (SHA-256 fingerprints of the recipient certificates, sorted), clientTime (ISO 8601 UTC,
 *   informational only: the server's clock decides deadlines), tool.
 */
import { canonicalJsonBytes, parseCanonicalJson } from '../canonical-json';
import { PRINTABLE_ID, SHA256_HEX, objectWithKeys } from '../json-schema';

export const SBP_VERSION = 'sbp/1';
export const MAX_MANIFEST_BYTES = 64 * 1024;

export interface SbpManifest {
  v: typeof SBP_VERSION;
  projectId: string;
  lotId: string;
  bidderId: string;
  rev: number;
  prevManifestSha256: string | null;
  bidCmsSha256: string;
  bidCmsSize: number;
  cekCommitment: string;
  priceCommitment?: string;
  recipients: string[];
  clientTime: string;
  tool: string;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const REQUIRED = ['v', 'projectId', 'lotId', 'bidderId', 'rev', 'prevManifestSha256', 'bidCmsSha256', 'bidCmsSize', 'cekCommitment', 'recipients', 'clientTime', 'tool'];
const OPTIONAL = ['priceCommitment'];

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** Throws ManifestError naming the first field that breaks the schema. */
export function validateManifest(value: unknown): SbpManifest {
  const fail = (m: string): never => { throw new ManifestError(m); };
  const m = objectWithKeys(value, 'manifest', REQUIRED, OPTIONAL, fail, '');
  if (m.v !== SBP_VERSION) fail(`v must be "${SBP_VERSION}"`);
  for (const k of ['projectId', 'lotId', 'bidderId']) if (typeof m[k] !== 'string' || !PRINTABLE_ID.test(m[k] as string)) fail(`${k} must be 1–128 printable ASCII characters`);
  if (!Number.isSafeInteger(m.rev) || (m.rev as number) < 1) fail('rev must be a positive integer');
  if (m.rev === 1 ? m.prevManifestSha256 !== null : typeof m.prevManifestSha256 !== 'string' || !SHA256_HEX.test(m.prevManifestSha256)) {
    fail('prevManifestSha256 must be null for rev 1 and a SHA-256 hex otherwise');
  }
  for (const k of ['bidCmsSha256', 'cekCommitment']) if (typeof m[k] !== 'string' || !SHA256_HEX.test(m[k] as string)) fail(`${k} must be lowercase SHA-256 hex`);
  if ('priceCommitment' in m && (typeof m.priceCommitment !== 'string' || !SHA256_HEX.test(m.priceCommitment))) fail('priceCommitment must be lowercase SHA-256 hex');
  if (!Number.isSafeInteger(m.bidCmsSize) || (m.bidCmsSize as number) < 1) fail('bidCmsSize must be a positive integer');
  const r = m.recipients;
  if (!Array.isArray(r) || r.length < 1 || r.length > 16 || !r.every((x) => typeof x === 'string' && SHA256_HEX.test(x))) fail('recipients must be 1–16 certificate fingerprints');
  const rs = r as string[];
  if (rs.some((x, i) => i > 0 && rs[i - 1] >= x)) fail('recipients must be sorted and distinct');
  if (typeof m.clientTime !== 'string' || !ISO_UTC.test(m.clientTime) || Number.isNaN(Date.parse(m.clientTime))) fail('clientTime must be an ISO 8601 UTC time');
  if (typeof m.tool !== 'string' || m.tool.length < 1 || m.tool.length > 128) fail('tool must be a short string');
  return m as unknown as SbpManifest;
}

export function encodeManifest(manifest: SbpManifest): Uint8Array {
  return canonicalJsonBytes(validateManifest(manifest));
}

/** Parses manifest.json bytes: size cap, UTF-8, canonical form, schema. */
export function decodeManifest(bytes: Uint8Array): SbpManifest {
  if (bytes.length > MAX_MANIFEST_BYTES) throw new ManifestError('manifest too large');
  let value: unknown;
  try {
    value = parseCanonicalJson(bytes);
  } catch (e) {
    throw new ManifestError(`manifest.json: ${(e as Error).message}`);
  }
  return validateManifest(value);
}
