/** RFC 8785 (JCS) canonical JSON, via the `canonicalize` package. */
import canonicalize from 'canonicalize';
import { fromUtf8, utf8 } from './bytes';

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}

export function canonicalJsonBytes(value: unknown): Uint8Array {
  return utf8(canonicalJson(value));
}

/**
 * Parses bytes that must already be in canonical form (re-canonicalising gives the same bytes);
 * used for signed documents so that one meaning has exactly one encoding.
 */
export function parseCanonicalJson(bytes: Uint8Array): unknown {
  const text = fromUtf8(bytes);
  const value: unknown = JSON.parse(text);
  if (canonicalize(value) !== text) throw new Error('JSON is not in RFC 8785 canonical form');
  return value;
}
