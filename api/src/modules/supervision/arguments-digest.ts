/** SHA-256 over the canonical JSON (RFC 8785) of a mutation's arguments, with secrets redacted first. */
import canonicalize from 'canonicalize';
import { sha256Hex } from '../../sha256';

const SECRET_KEYS = /password|secret|share|^cek$|privatekey|pkcs12/i;

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : redact(v)]));
  }
  return value;
}

export function argumentsDigest(args: Record<string, unknown>): string {
  const json = canonicalize(redact(args)) ?? 'null';
  return sha256Hex(json);
}
