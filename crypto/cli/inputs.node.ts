/** Reading the files a user brings to the CLI (node-only). */
import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import { fromHex } from '../bytes';
import { NoteVerifierKey, parseVerifierKey } from '../merkle';
import { UsageError } from './args';

export function readText(file: string, maxBytes = 4 * 1024 * 1024): string {
  if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
  if (fs.statSync(file).size > maxBytes) throw new Error(`${file}: larger than ${maxBytes} bytes`);
  return fs.readFileSync(file, 'utf8');
}

export function readJson(file: string): unknown {
  const text = readText(file);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not JSON (${(e as Error).message})`);
  }
}

/** Any RSA private key PEM (PKCS#8 or PKCS#1, unencrypted) as PKCS#8 DER, via node:crypto. */
export function readPrivateKeyPkcs8(file: string): Uint8Array {
  const key = createPrivateKey(readText(file));
  return new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }));
}

/** A note verifier key `name+hash+base64`, given inline or in a file. */
export async function readVerifierKey(value: string): Promise<NoteVerifierKey> {
  const text = fs.existsSync(value) ? readText(value) : value;
  return parseVerifierKey(text.trim());
}

export function hexHash(value: unknown, what: string): Uint8Array {
  if (typeof value !== 'string' || !/^[0-9a-fA-F]{64}$/.test(value)) throw new Error(`${what} must be 32 bytes of hex`);
  return fromHex(value.toLowerCase());
}

export function hexHashes(value: unknown, what: string): Uint8Array[] {
  if (!Array.isArray(value)) throw new Error(`${what} must be an array of hex hashes`);
  return value.map((v, i) => hexHash(v, `${what}[${i}]`));
}

export function count(value: unknown, what: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw new Error(`${what} must be a non-negative integer`);
  return value as number;
}
