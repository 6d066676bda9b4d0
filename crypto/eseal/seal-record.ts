/**
 * The seal record (印章备案) of eseal/1: RFC 8785 canonical JSON, exactly these fields —
 *   v "eseal/1", sealId, name (e.g. 「示范招标代理有限公司 电子签章」), kind, organisationName,
 *   organisationId (统一社会信用代码, optional, check character enforced), image {mediaType, sha256,
 *   base64}, validFrom, validTo, allowedCertificates (SHA-256 fingerprints of the signing
 *   certificates that may use the seal, sorted, distinct), issuedAt.
 * The seal authority signs these bytes as attached CMS SignedData (sealRecord.p7s).
 */
import { canonicalJsonBytes } from '../canonical-json';
import { isValidUscc } from '../pki/names';
import { formatError } from './errors';
import { JsonObject, SHA256_HEX, canonicalObject, identifier, isoTime, literal, objectWithKeys, sha256Hex, text } from './schema';

export const SEAL_RECORD_VERSION = 'eseal/1';
export const MAX_SEAL_RECORD_BYTES = 512 * 1024;
export const MAX_SEAL_IMAGE_BYTES = 256 * 1024;
export const MAX_ALLOWED_CERTIFICATES = 32;

/** OFFICIAL 公章, CONTRACT 合同专用章, BID 投标专用章, PERSONAL 个人签名章. */
export const SEAL_KINDS = ['OFFICIAL', 'CONTRACT', 'BID', 'PERSONAL'] as const;
export type SealKind = (typeof SEAL_KINDS)[number];

export const SEAL_IMAGE_TYPES = ['image/svg+xml', 'image/png'] as const;
export type SealImageType = (typeof SEAL_IMAGE_TYPES)[number];

/**
 * The picture shown for the seal. Display it as an <img> (data: URL), never inline in the page:
 * an SVG may carry scripts, which browsers do not run inside <img>.
 */
export interface SealImage {
  mediaType: SealImageType;
  /** SHA-256 (hex) of the image bytes. */
  sha256: string;
  base64: string;
}

export interface SealRecord {
  v: typeof SEAL_RECORD_VERSION;
  sealId: string;
  name: string;
  kind: SealKind;
  organisationName: string;
  organisationId?: string;
  image: SealImage;
  validFrom: string;
  validTo: string;
  allowedCertificates: string[];
  issuedAt: string;
}

const REQUIRED = ['v', 'sealId', 'name', 'kind', 'organisationName', 'image', 'validFrom', 'validTo', 'allowedCertificates', 'issuedAt'];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function image(o: JsonObject): SealImage {
  const i = objectWithKeys(o.image, 'image', ['mediaType', 'sha256', 'base64']);
  const b64 = i.base64;
  if (typeof b64 !== 'string' || b64.length === 0 || !BASE64.test(b64) || b64.length > Math.ceil(MAX_SEAL_IMAGE_BYTES / 3) * 4) {
    formatError(`image.base64 must be base64 of at most ${MAX_SEAL_IMAGE_BYTES} bytes`);
  }
  return { mediaType: literal(i, 'mediaType', SEAL_IMAGE_TYPES), sha256: sha256Hex(i, 'sha256'), base64: b64 };
}

function fingerprints(o: JsonObject): string[] {
  const list = o.allowedCertificates;
  if (!Array.isArray(list) || list.length < 1 || list.length > MAX_ALLOWED_CERTIFICATES || !list.every((x) => typeof x === 'string' && SHA256_HEX.test(x))) {
    formatError(`allowedCertificates must be 1–${MAX_ALLOWED_CERTIFICATES} SHA-256 certificate fingerprints`);
  }
  const prints = list as string[];
  if (prints.some((x, i) => i > 0 && prints[i - 1] >= x)) formatError('allowedCertificates must be sorted and distinct');
  return prints;
}

/** Throws SealFormatError naming the first field that breaks the schema. */
export function validateSealRecord(value: unknown): SealRecord {
  const o = objectWithKeys(value, 'seal record', REQUIRED, ['organisationId']);
  if (o.v !== SEAL_RECORD_VERSION) formatError(`v must be "${SEAL_RECORD_VERSION}"`);
  identifier(o, 'sealId');
  text(o, 'name', 128);
  literal(o, 'kind', SEAL_KINDS);
  text(o, 'organisationName', 256);
  if ('organisationId' in o && (typeof o.organisationId !== 'string' || !isValidUscc(o.organisationId))) {
    formatError('organisationId must be a valid 统一社会信用代码');
  }
  image(o);
  if (isoTime(o, 'validFrom').getTime() >= isoTime(o, 'validTo').getTime()) formatError('validFrom must be before validTo');
  isoTime(o, 'issuedAt');
  fingerprints(o);
  return o as unknown as SealRecord;
}

export function encodeSealRecord(record: SealRecord): Uint8Array {
  return canonicalJsonBytes(validateSealRecord(record));
}

/** Parses seal record bytes: size cap, UTF-8, canonical form, schema. */
export function decodeSealRecord(bytes: Uint8Array): SealRecord {
  return validateSealRecord(canonicalObject(bytes, MAX_SEAL_RECORD_BYTES, 'seal record', REQUIRED, ['organisationId']));
}
