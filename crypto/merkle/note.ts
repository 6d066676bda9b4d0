/**
 * C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys.
 *   note      = text "\n" signature-line+
 *   signature = "— " keyName " " base64(keyHash[4] || ed25519Signature[64]) "\n"
 *   keyHash   = SHA-256(keyName || "\n" || 0x01 || publicKey)[0:4]
 * Verifier keys are written "<name>+<keyhash hex>+<base64(0x01 || publicKey)>",
 * signer keys "PRIVATE+KEY+<name>+<keyhash hex>+<base64(0x01 || seed)>".
 */
import { bytesEqual, concatBytes, fromBase64, fromHex, fromUtf8, toBase64, toHex, utf8 } from '../bytes';
import { ed25519Sign, ed25519Verify } from '../ed25519';
import { sha256 } from '../hash';

const ALG_ED25519 = 0x01;
const SIG_PREFIX = '\u2014 '; // em dash + space
export const MAX_NOTE_BYTES = 1 << 20;

export interface NoteVerifierKey { name: string; keyHash: Uint8Array; publicKey: Uint8Array }
export interface NoteSignerKey { name: string; keyHash: Uint8Array; seed: Uint8Array }
export interface NoteSignature { name: string; keyHash: Uint8Array; signature: Uint8Array }
export interface ParsedNote { text: string; signatures: NoteSignature[] }

export type NoteVerification =
  /** verifiedBy: key names; verifiedKeys: the keys themselves (a name alone may be shared by rotated keys). */
  | { ok: true; text: string; verifiedBy: string[]; verifiedKeys: NoteVerifierKey[] }
  | { ok: false; reason: string };

function checkKeyName(name: string): void {
  if (name.length === 0 || /[\s+]/.test(name) || /[\u0000-\u001f]/.test(name)) throw new Error(`invalid key name: ${JSON.stringify(name)}`);
}

export async function noteKeyHash(name: string, publicKey: Uint8Array): Promise<Uint8Array> {
  checkKeyName(name);
  const digest = await sha256(utf8(name), utf8('\n'), new Uint8Array([ALG_ED25519]), publicKey);
  return digest.slice(0, 4);
}

export async function encodeVerifierKey(name: string, publicKey: Uint8Array): Promise<string> {
  const hash = await noteKeyHash(name, publicKey);
  return `${name}+${toHex(hash)}+${toBase64(concatBytes(new Uint8Array([ALG_ED25519]), publicKey))}`;
}

export async function encodeSignerKey(name: string, publicKey: Uint8Array, seed: Uint8Array): Promise<string> {
  const hash = await noteKeyHash(name, publicKey);
  return `PRIVATE+KEY+${name}+${toHex(hash)}+${toBase64(concatBytes(new Uint8Array([ALG_ED25519]), seed))}`;
}

/** Splits on the first count-1 '+' signs (base64 key material may itself contain '+'). */
function splitKey(text: string, count: number): string[] | null {
  const parts: string[] = [];
  let rest = text;
  for (let i = 0; i < count - 1; i++) {
    const at = rest.indexOf('+');
    if (at < 0) return null;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}

export async function parseVerifierKey(text: string): Promise<NoteVerifierKey> {
  const parts = splitKey(text.trim(), 3);
  if (!parts) throw new Error('verifier key must be name+hash+key');
  const [name, hashHex, keyB64] = parts;
  checkKeyName(name);
  const key = fromBase64(keyB64);
  if (key.length !== 33 || key[0] !== ALG_ED25519) throw new Error('verifier key is not an Ed25519 key');
  const publicKey = key.slice(1);
  const keyHash = await noteKeyHash(name, publicKey);
  if (!/^[0-9a-f]{8}$/.test(hashHex) || !bytesEqual(fromHex(hashHex), keyHash)) throw new Error('verifier key hash does not match');
  return { name, keyHash, publicKey };
}

export function parseSignerKey(text: string, publicKeyHash?: Uint8Array): NoteSignerKey {
  const parts = splitKey(text.trim(), 5);
  if (!parts || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') throw new Error('signer key must be PRIVATE+KEY+name+hash+key');
  const [, , name, hashHex, keyB64] = parts;
  checkKeyName(name);
  const key = fromBase64(keyB64);
  if (key.length !== 33 || key[0] !== ALG_ED25519 || !/^[0-9a-f]{8}$/.test(hashHex)) throw new Error('signer key is not an Ed25519 key');
  const keyHash = fromHex(hashHex);
  if (publicKeyHash && !bytesEqual(publicKeyHash, keyHash)) throw new Error('signer key hash mismatch');
  return { name, keyHash, seed: key.slice(1) };
}

function checkText(text: string): void {
  if (!text.endsWith('\n')) throw new Error('note text must end with a newline');
  if (text.includes('\n\n')) throw new Error('note text must not contain a blank line');
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text)) throw new Error('note text contains control characters');
}

/** Signs `text` (which must end with "\n") and returns the full note. */
export async function signNote(text: string, signers: readonly NoteSignerKey[]): Promise<string> {
  checkText(text);
  const lines: string[] = [];
  for (const s of signers) {
    const sig = await ed25519Sign(s.seed, utf8(text));
    lines.push(`${SIG_PREFIX}${s.name} ${toBase64(concatBytes(s.keyHash, sig))}\n`);
  }
  return `${text}\n${lines.join('')}`;
}

/** Splits a note into text and signature lines; throws on any malformed part. */
export function parseNote(note: string | Uint8Array): ParsedNote {
  const raw = typeof note === 'string' ? utf8(note) : note;
  if (raw.length > MAX_NOTE_BYTES) throw new Error('note too large');
  const msg = fromUtf8(raw);
  const split = msg.lastIndexOf('\n\n');
  if (split < 0) throw new Error('note has no signature block');
  const text = msg.slice(0, split + 1);
  checkText(text);
  const sigBlock = msg.slice(split + 2);
  if (!sigBlock.endsWith('\n')) throw new Error('signature block must end with a newline');
  const signatures: NoteSignature[] = [];
  for (const line of sigBlock.slice(0, -1).split('\n')) {
    if (!line.startsWith(SIG_PREFIX)) throw new Error('malformed signature line');
    const fields = line.slice(SIG_PREFIX.length).split(' ');
    if (fields.length !== 2) throw new Error('malformed signature line');
    const [name, b64] = fields;
    checkKeyName(name);
    const blob = fromBase64(b64);
    if (blob.length < 5) throw new Error('signature too short');
    signatures.push({ name, keyHash: blob.slice(0, 4), signature: blob.slice(4) });
  }
  if (signatures.length === 0) throw new Error('note has no signatures');
  return { text, signatures };
}

/** Verifies a note: at least one signature by a known key, and every known key's signature valid. */
export async function verifyNote(note: string | Uint8Array, keys: readonly NoteVerifierKey[]): Promise<NoteVerification> {
  let parsed: ParsedNote;
  try {
    parsed = parseNote(note);
  } catch (e) {
    return { ok: false, reason: `malformed note: ${(e as Error).message}` };
  }
  const verifiedBy: string[] = [];
  const verifiedKeys: NoteVerifierKey[] = [];
  for (const sig of parsed.signatures) {
    const key = keys.find((k) => k.name === sig.name && bytesEqual(k.keyHash, sig.keyHash));
    if (!key) continue; // signatures by unknown keys are ignored (C2SP signed-note)
    if (!(await ed25519Verify(key.publicKey, utf8(parsed.text), sig.signature))) {
      return { ok: false, reason: `invalid signature by ${sig.name}` };
    }
    verifiedBy.push(sig.name);
    verifiedKeys.push(key);
  }
  if (verifiedBy.length === 0) return { ok: false, reason: 'no signature by a known key' };
  return { ok: true, text: parsed.text, verifiedBy, verifiedKeys };
}
