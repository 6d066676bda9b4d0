/**
 * Field checks shared by the JSON documents of crypto/ (e-seal records, SBP manifests). Each check
 * reports through the caller's `fail` (which throws the caller's error class), naming the field.
 */
import { parseCanonicalJson } from './canonical-json';

export type JsonObject = Record<string, unknown>;
/** Throws the caller's error (e.g. SealFormatError, ManifestError) with this message. */
export type SchemaFail = (message: string) => never;

export const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Identifiers: 1–128 printable ASCII characters, no spaces. */
export const PRINTABLE_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * A JSON object with exactly the required keys and no keys beyond the optional ones. Field
 * messages start with `fieldPrefix` (default "<what>: ").
 */
export function objectWithKeys(
  value: unknown, what: string, required: readonly string[], optional: readonly string[], fail: SchemaFail, fieldPrefix = `${what}: `,
): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${what} must be a JSON object`);
  const o = value as JsonObject;
  for (const k of Object.keys(o)) if (!required.includes(k) && !optional.includes(k)) fail(`${fieldPrefix}unknown field ${k}`);
  for (const k of required) if (!(k in o)) fail(`${fieldPrefix}missing field ${k}`);
  return o;
}

/** Canonical JSON (RFC 8785) bytes of at most maxBytes holding an object as objectWithKeys checks it. */
export function canonicalObject(
  bytes: Uint8Array, maxBytes: number, what: string, required: readonly string[], optional: readonly string[], fail: SchemaFail,
): JsonObject {
  if (bytes.length > maxBytes) fail(`${what} exceeds ${maxBytes} bytes`);
  let value: unknown;
  try {
    value = parseCanonicalJson(bytes);
  } catch (e) {
    fail(`${what}: ${(e as Error).message}`);
  }
  return objectWithKeys(value, what, required, optional, fail);
}
