/**
 * Signature algorithms and the node:crypto calls that sign and verify. Every signature made or
 * checked by crypto/pki goes through here (node-forge never signs nor verifies).
 */
import crypto from 'node:crypto';
import { PkiError } from './errors';
import { Asn1, build, children, readOid } from './der';
import { OID } from './oids';

export type HashName = 'sha256' | 'sha384' | 'sha512';
export interface SignatureAlgorithm { oid: string; hash: HashName; keyType: 'rsa' | 'ec' }

const ALGORITHMS: Record<string, SignatureAlgorithm> = {
  [OID.sha256WithRSAEncryption]: { oid: OID.sha256WithRSAEncryption, hash: 'sha256', keyType: 'rsa' },
  [OID.sha384WithRSAEncryption]: { oid: OID.sha384WithRSAEncryption, hash: 'sha384', keyType: 'rsa' },
  [OID.sha512WithRSAEncryption]: { oid: OID.sha512WithRSAEncryption, hash: 'sha512', keyType: 'rsa' },
  [OID.ecdsaWithSha256]: { oid: OID.ecdsaWithSha256, hash: 'sha256', keyType: 'ec' },
  [OID.ecdsaWithSha384]: { oid: OID.ecdsaWithSha384, hash: 'sha384', keyType: 'ec' },
  [OID.ecdsaWithSha512]: { oid: OID.ecdsaWithSha512, hash: 'sha512', keyType: 'ec' },
};

/** Reads an AlgorithmIdentifier; only the algorithms above are accepted (no SHA-1, no MD5). */
export function readSignatureAlgorithm(node: Asn1 | undefined, what: string): SignatureAlgorithm {
  const parts = children(node, what, undefined, 1, 2);
  const oid = readOid(parts[0], what);
  const alg = ALGORITHMS[oid];
  if (!alg) throw new PkiError('UNSUPPORTED_ALGORITHM', `${what}: signature algorithm ${oid} is not accepted.`);
  // RSA PKCS#1 v1.5 identifiers carry NULL parameters; ECDSA ones carry none (RFC 4055, RFC 5758).
  if (alg.keyType === 'rsa' && (parts.length !== 2 || parts[1].type !== 5 || parts[1].value !== '')) {
    throw new PkiError('MALFORMED', `${what}: RSA signature algorithm without NULL parameters.`);
  }
  if (alg.keyType === 'ec' && parts.length !== 1) throw new PkiError('MALFORMED', `${what}: ECDSA algorithm with parameters.`);
  return alg;
}

export function signatureAlgorithmId(alg: SignatureAlgorithm): Asn1 {
  return build.seq([build.oid(alg.oid), alg.keyType === 'rsa' ? build.nul() : undefined]);
}

export function loadPrivateKey(pem: string): crypto.KeyObject {
  try {
    return crypto.createPrivateKey({ key: pem, format: 'pem' });
  } catch (e) {
    throw new PkiError('KEY_INVALID', `Private key could not be read (${(e as Error).message}).`);
  }
}

export function loadPublicKey(spkiDer: Uint8Array): crypto.KeyObject {
  try {
    return crypto.createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' });
  } catch (e) {
    throw new PkiError('MALFORMED', `Public key could not be read (${(e as Error).message}).`);
  }
}

/** SHA-256 with the scheme that fits the key: RSASSA-PKCS1-v1_5 or ECDSA (DER signature). */
export function algorithmForKey(key: crypto.KeyObject): SignatureAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return ALGORITHMS[OID.sha256WithRSAEncryption];
  if (key.asymmetricKeyType === 'ec') return ALGORITHMS[OID.ecdsaWithSha256];
  throw new PkiError('KEY_UNSUPPORTED', `Keys of type ${key.asymmetricKeyType} cannot sign here.`);
}

export function signDer(tbsDer: Uint8Array, privateKey: crypto.KeyObject): { algorithm: SignatureAlgorithm; signature: Uint8Array } {
  const algorithm = algorithmForKey(privateKey);
  const signature = crypto.sign(algorithm.hash, tbsDer, keyOptions(privateKey));
  return { algorithm, signature: new Uint8Array(signature) };
}

/** true only when node:crypto says the signature is valid; any exception counts as invalid. */
export function verifyDer(alg: SignatureAlgorithm, publicKey: crypto.KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (publicKey.asymmetricKeyType !== alg.keyType) return false;
    return crypto.verify(alg.hash, data, keyOptions(publicKey), signature) === true;
  } catch {
    return false;
  }
}

function keyOptions<K extends crypto.KeyObject>(key: K) {
  return key.asymmetricKeyType === 'rsa'
    ? { key, padding: crypto.constants.RSA_PKCS1_PADDING }
    : { key, dsaEncoding: 'der' as const };
}
