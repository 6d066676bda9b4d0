/**
 * Password-based encryption and MAC keys for PKCS#12, by node:crypto: PBES2 (PBKDF2 + AES-CBC or
 * 3DES-CBC, RFC 8018), the legacy pbeWithSHAAnd3-KeyTripleDES-CBC (read only), and the PKCS#12
 * key derivation of RFC 7292 Appendix B (for the MAC key). Passwords: UTF-8 for PBES2, BMPString
 * for the PKCS#12 KDF, as OpenSSL 3 does.
 */
import crypto from 'node:crypto';
import forge from 'node-forge';
import { PkiError } from './errors';
import { Asn1, binaryToBytes, build, children, primitive, readOid, readSmallInteger } from './der';
import { OID } from './oids';

const T = forge.asn1.Type;
export const MAX_ITERATIONS = 1_000_000;
export type PbeHash = 'sha1' | 'sha256' | 'sha384' | 'sha512';

const PRF_HASH: Record<string, PbeHash> = {
  [OID.hmacWithSha1]: 'sha1', [OID.hmacWithSha256]: 'sha256', [OID.hmacWithSha384]: 'sha384', [OID.hmacWithSha512]: 'sha512',
};
const CIPHERS: Record<string, { name: string; keyLength: number; ivLength: number }> = {
  [OID.aes128Cbc]: { name: 'aes-128-cbc', keyLength: 16, ivLength: 16 },
  [OID.aes192Cbc]: { name: 'aes-192-cbc', keyLength: 24, ivLength: 16 },
  [OID.aes256Cbc]: { name: 'aes-256-cbc', keyLength: 32, ivLength: 16 },
  [OID.desEde3Cbc]: { name: 'des-ede3-cbc', keyLength: 24, ivLength: 8 },
};

function bmpPassword(password: string): Buffer {
  const out = Buffer.alloc(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) out.writeUInt16BE(password.charCodeAt(i), i * 2);
  return out;
}

/** RFC 7292 Appendix B.2. id: 1 = key, 2 = IV, 3 = MAC key. */
export function pkcs12Kdf(hash: PbeHash, password: string, salt: Uint8Array, id: 1 | 2 | 3, iterations: number, length: number): Buffer {
  const u = crypto.createHash(hash).digest().length;
  const v = hash === 'sha384' || hash === 'sha512' ? 128 : 64;
  const repeat = (src: Buffer): Buffer => {
    if (src.length === 0) return Buffer.alloc(0);
    const out = Buffer.alloc(v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length];
    return out;
  };
  const D = Buffer.alloc(v, id);
  const I = Buffer.concat([repeat(Buffer.from(salt)), repeat(bmpPassword(password))]);
  const blocks: Buffer[] = [];
  for (let produced = 0; produced < length; produced += u) {
    let A = crypto.createHash(hash).update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = crypto.createHash(hash).update(A).digest();
    blocks.push(A);
    const B = Buffer.alloc(v);
    for (let i = 0; i < v; i++) B[i] = A[i % u];
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = I[j + k] + B[k] + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, length);
}

function checkIterations(n: number): number {
  if (n < 1 || n > MAX_ITERATIONS) throw new PkiError('MALFORMED', `Unacceptable PBE iteration count ${n}.`);
  return n;
}

/** PBES2 with PBKDF2-HMAC-SHA-256 and AES-256-CBC. Returns {AlgorithmIdentifier, ciphertext}. */
export function pbes2Encrypt(plaintext: Uint8Array, password: string, iterations: number): { algorithm: Asn1; ciphertext: Uint8Array } {
  const salt = crypto.randomBytes(16);
  const iv = crypto.randomBytes(16);
  const key = crypto.pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const cipher = crypto.createCipheriv('aes-256-cbc', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const algorithm = build.seq([
    build.oid(OID.pbes2),
    build.seq([
      build.seq([build.oid(OID.pbkdf2), build.seq([build.octets(salt), build.int(iterations), build.seq([build.oid(OID.hmacWithSha256), build.nul()])])]),
      build.seq([build.oid(OID.aes256Cbc), build.octets(iv)]),
    ]),
  ]);
  return { algorithm, ciphertext: new Uint8Array(ciphertext) };
}

/** Decrypts PBES2 or pbeWithSHAAnd3-KeyTripleDES-CBC content; throws (bad password shows as bad padding). */
export function pbeDecrypt(algorithm: Asn1, password: string, ciphertext: Uint8Array): Buffer {
  const [oidNode, params] = children(algorithm, 'PBE algorithm', T.SEQUENCE, 2, 2);
  const oid = readOid(oidNode, 'PBE algorithm');
  let name: string;
  let key: Buffer;
  let iv: Buffer;
  if (oid === OID.pbes2) {
    const [kdf, scheme] = children(params, 'PBES2-params', T.SEQUENCE, 2, 2);
    const [kdfOid, kdfParams] = children(kdf, 'keyDerivationFunc', T.SEQUENCE, 2, 2);
    if (readOid(kdfOid, 'keyDerivationFunc') !== OID.pbkdf2) throw new PkiError('MALFORMED', 'Only PBKDF2 is supported.');
    const p = children(kdfParams, 'PBKDF2-params', T.SEQUENCE, 2, 4);
    const salt = binaryToBytes(primitive(p[0], T.OCTETSTRING, 'PBKDF2 salt'));
    const iterations = checkIterations(readSmallInteger(p[1], 'PBKDF2 iterations'));
    let i = 2;
    const explicitLength = p[i] && p[i].type === T.INTEGER ? readSmallInteger(p[i++], 'PBKDF2 keyLength') : undefined;
    let hash: PbeHash = 'sha1';
    if (p[i]) {
      const prf = readOid(children(p[i++], 'PBKDF2 prf', T.SEQUENCE, 1, 2)[0], 'PBKDF2 prf');
      if (!PRF_HASH[prf]) throw new PkiError('MALFORMED', `Unsupported PBKDF2 PRF ${prf}.`);
      hash = PRF_HASH[prf];
    }
    const [encOid, ivNode] = children(scheme, 'encryptionScheme', T.SEQUENCE, 2, 2);
    const cipher = CIPHERS[readOid(encOid, 'encryptionScheme')];
    if (!cipher) throw new PkiError('MALFORMED', 'Unsupported PBES2 encryption scheme.');
    iv = Buffer.from(binaryToBytes(primitive(ivNode, T.OCTETSTRING, 'IV')));
    if (iv.length !== cipher.ivLength || (explicitLength !== undefined && explicitLength !== cipher.keyLength)) {
      throw new PkiError('MALFORMED', 'PBES2 parameters do not fit the cipher.');
    }
    name = cipher.name;
    key = crypto.pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, cipher.keyLength, hash);
  } else if (oid === OID.pbeWithSha1And3DesCbc) {
    const [saltNode, iterNode] = children(params, 'pkcs-12PbeParams', T.SEQUENCE, 2, 2);
    const salt = binaryToBytes(primitive(saltNode, T.OCTETSTRING, 'PBE salt'));
    const iterations = checkIterations(readSmallInteger(iterNode, 'PBE iterations'));
    name = 'des-ede3-cbc';
    key = pkcs12Kdf('sha1', password, salt, 1, iterations, 24);
    iv = pkcs12Kdf('sha1', password, salt, 2, iterations, 8);
  } else {
    throw new PkiError('MALFORMED', `Unsupported PKCS#12 encryption algorithm ${oid}.`);
  }
  const decipher = crypto.createDecipheriv(name, key, iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}
