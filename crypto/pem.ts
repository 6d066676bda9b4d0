/** PEM <-> DER (RFC 7468, strict base64 per line). */
import { fromBase64, toBase64 } from './bytes';

export function pemToDer(pem: string, label: string): Uint8Array {
  const blocks = pemBlocks(pem, label);
  if (blocks.length !== 1) throw new Error(`expected exactly one ${label} PEM block, found ${blocks.length}`);
  return blocks[0];
}

/** All blocks with the given label, in order. */
export function pemBlocks(pem: string, label: string): Uint8Array[] {
  const re = new RegExp(`-----BEGIN ${label}-----\\r?\\n([A-Za-z0-9+/=\\r\\n]*?)-----END ${label}-----`, 'g');
  const out: Uint8Array[] = [];
  for (const m of pem.matchAll(re)) out.push(fromBase64(m[1].replace(/\r?\n/g, '')));
  return out;
}

export function derToPem(der: Uint8Array, label: string): string {
  const b64 = toBase64(der);
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Accepts a certificate as PEM text or DER bytes. */
export function certificateDer(cert: string | Uint8Array): Uint8Array {
  return typeof cert === 'string' ? pemToDer(cert, 'CERTIFICATE') : cert;
}
