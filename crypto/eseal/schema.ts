/**
 * Field checks shared by the e-seal documents (seal record, statement, envelope). Each throws
 * SealFormatError naming the field. Times have exactly one spelling: Date.prototype.toISOString().
 */
import { parseCanonicalJson } from '../canonical-json';
import { formatError } from './errors';

export const SHA256_HEX = /^[0-9a-f]{64}$/;
const ID = /^[\x21-\x7e]{1,128}$/; // printable ASCII, no spaces

export type JsonObject = Record<string, unknown>;

/** Canonical JSON object with exactly the required keys and no keys beyond the optional ones. */
export function canonicalObject(bytes: Uint8Array, maxBytes: number, what: string, required: string[], optional: string[] = []): JsonObject {
  if (bytes.length > maxBytes) formatError(`${what} exceeds ${maxBytes} bytes`);
  let value: unknown;
  try {
    value = parseCanonicalJson(bytes);
  } catch (e) {
    formatError(`${what}: ${(e as Error).message}`);
  }
  return objectWithKeys(value, what, required, optional);
}

export function objectWithKeys(value: unknown, what: string, required: string[], optional: string[] = []): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) formatError(`${what} must be a JSON object`);
  const o = value as JsonObject;
  for (const k of Object.keys(o)) if (!required.includes(k) && !optional.includes(k)) formatError(`${what}: unknown field ${k}`);
  for (const k of required) if (!(k in o)) formatError(`${what}: missing field ${k}`);
  return o;
}

export function text(o: JsonObject, key: string, maxLength: number): string {
  const v = o[key];
  if (typeof v !== 'string' || v.trim().length === 0 || v.length > maxLength) formatError(`${key} must be a non-blank string of at most ${maxLength} characters`);
  return v;
}

export function identifier(o: JsonObject, key: string): string {
  const v = o[key];
  if (typeof v !== 'string' || !ID.test(v)) formatError(`${key} must be 1–128 printable ASCII characters`);
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
