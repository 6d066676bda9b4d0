/**
 * Field checks shared by the e-seal documents (seal record, statement, envelope). Each throws
 * SealFormatError naming the field. Times have exactly one spelling: Date.prototype.toISOString().
 */
import { JsonObject, PRINTABLE_ID, SHA256_HEX, canonicalObject as sharedCanonicalObject, objectWithKeys as sharedObjectWithKeys } from '../json-schema';
import { formatError } from './errors';

export { SHA256_HEX };
export type { JsonObject };

/** Canonical JSON object with exactly the required keys and no keys beyond the optional ones. */
export function canonicalObject(bytes: Uint8Array, maxBytes: number, what: string, required: string[], optional: string[] = []): JsonObject {
  return sharedCanonicalObject(bytes, maxBytes, what, required, optional, formatError);
}

export function objectWithKeys(value: unknown, what: string, required: string[], optional: string[] = []): JsonObject {
  return sharedObjectWithKeys(value, what, required, optional, formatError);
}

export function text(o: JsonObject, key: string, maxLength: number): string {
  const v = o[key];
  if (typeof v !== 'string' || v.trim().length === 0 || v.length > maxLength) formatError(`${key} must be a non-blank string of at most ${maxLength} characters`);
  return v;
}

export function identifier(o: JsonObject, key: string): string {
  const v = o[key];
  if (typeof v !== 'string' || !PRINTABLE_ID.test(v)) formatError(`${key} must be 1–128 printable ASCII characters`);
  return v;
}

export function sha256Hex(o: JsonObject, key: string): string {
  const v = o[key];
  if (typeof v !== 'string' || !SHA256_HEX.test(v)) formatError(`${key} must be lowercase SHA-256 hex`);
  return v;
}

/** An ISO 8601 UTC time exactly as toISOString() writes it; returns the Date. */
export function isoTime(o: JsonObject, key: string): Date {
  const v = o[key];
  const d = typeof v === 'string' ? new Date(v) : undefined;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString() !== v) formatError(`${key} must be an ISO 8601 UTC time (toISOString form)`);
  return d;
}

export function literal<T extends string>(o: JsonObject, key: string, allowed: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !allowed.includes(v as T)) formatError(`${key} must be one of ${allowed.join(', ')}`);
  return v as T;
}
