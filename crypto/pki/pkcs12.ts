/**
 * PKCS#12 (RFC 7292) key stores: structures by forge.asn1, cryptography by node:crypto (pbe.ts).
 * Written as: private key in a pkcs8ShroudedKeyBag (PBES2, PBKDF2-HMAC-SHA-256, AES-256-CBC),
 * certificates in a plain SafeContents, HMAC-SHA-256 MAC over the AuthenticatedSafe.
 * Reads DER PKCS#12 files from OpenSSL 3 (PBES2) and legacy 3DES ones; any key type node reads.
 */
import crypto from 'node:crypto';
import forge from 'node-forge';
import { PkiError } from './errors';
import { Asn1, binaryToBytes, build, children, derOf, parseDer, primitive, readOid, readSmallInteger } from './der';
import { OID } from './oids';
import { parseCertificateDer, parseCertificatePem } from './certificate';
import { MAX_ITERATIONS, PbeHash, pbeDecrypt, pbes2Encrypt, pkcs12Kdf } from './pbe';
import { loadPrivateKey } from './signing';

const T = forge.asn1.Type;
const CONTEXT = forge.asn1.Class.CONTEXT_SPECIFIC;
const ITERATIONS = 10_000;
const MAX_PKCS12_BYTES = 1024 * 1024;
const MAC_HASHES: Record<string, PbeHash> = { [OID.sha1]: 'sha1', [OID.sha256]: 'sha256', [OID.sha384]: 'sha384', [OID.sha512]: 'sha512' };

const explicit0 = (inner: Asn1): Asn1 => build.explicit(0, inner);
const dataContentInfo = (content: Uint8Array): Asn1 => build.seq([build.oid(OID.pkcs7Data), explicit0(build.octets(content))]);

function checkPassword(password: string): void {
  if (typeof password !== 'string' || password.length === 0) throw new PkiError('BAD_REQUEST', 'A PKCS#12 password is required.');
}

export function makePkcs12(opts: { keyPem: string; certPem: string; chainPems?: string[]; password: string; friendlyName?: string }): Uint8Array {
  checkPassword(opts.password);
  const key = loadPrivateKey(opts.keyPem);
  const leaf = parseCertificatePem(opts.certPem);
  if (!crypto.createPublicKey(key).export({ type: 'spki', format: 'der' }).equals(Buffer.from(leaf.spkiDer))) {
    throw new PkiError('KEY_MISMATCH', 'The private key does not belong to the certificate.');
  }
  const chain = (opts.chainPems ?? []).map((p) => parseCertificatePem(p));
  const localKeyId = crypto.createHash('sha1').update(leaf.der).digest();
  const attrs: Asn1[] = [build.seq([build.oid(OID.localKeyId), build.set([build.octets(localKeyId)])])];
  if (opts.friendlyName !== undefined) {
    attrs.push(build.seq([build.oid(OID.friendlyName), build.set([forge.asn1.create(forge.asn1.Class.UNIVERSAL, T.BMPSTRING, false, opts.friendlyName)])]));
  }
  const certBag = (der: Uint8Array, withAttrs: boolean): Asn1 => build.seq([
    build.oid(OID.certBag),
    explicit0(build.seq([build.oid(OID.x509CertificateBag), explicit0(build.octets(der))])),
    withAttrs ? build.set(attrs) : undefined,
  ]);
  const pkcs8 = new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }));
  const { algorithm, ciphertext } = pbes2Encrypt(pkcs8, opts.password, ITERATIONS);
  const keyBag = build.seq([
    build.oid(OID.pkcs8ShroudedKeyBag),
    explicit0(build.seq([algorithm, build.octets(ciphertext)])),
    build.set(attrs),
  ]);
  const certContents = build.seq([certBag(leaf.der, true), ...chain.map((c) => certBag(c.der, false))]);
  const authSafe = derOf(build.seq([dataContentInfo(derOf(certContents)), dataContentInfo(derOf(build.seq([keyBag])))]));
  const macSalt = crypto.randomBytes(16);
  const macKey = pkcs12Kdf('sha256', opts.password, macSalt, 3, ITERATIONS, 32);
  const mac = crypto.createHmac('sha256', macKey).update(authSafe).digest();
  const pfx = build.seq([
    build.int(3),
    dataContentInfo(authSafe),
    build.seq([
      build.seq([build.seq([build.oid(OID.sha256), build.nul()]), build.octets(mac)]),
      build.octets(macSalt),
      build.int(ITERATIONS),
    ]),
  ]);
  return derOf(pfx);
}

function octetContent(node: Asn1 | undefined, what: string): Uint8Array {
  if (!node || node.tagClass !== CONTEXT || node.type !== 0 || !node.constructed) throw new PkiError('MALFORMED', `${what}: missing [0] content.`);
  return binaryToBytes(primitive((node.value as Asn1[])[0], T.OCTETSTRING, what));
}

function verifyMac(macData: Asn1 | undefined, authSafe: Uint8Array, password: string): void {
  if (!macData) throw new PkiError('MALFORMED', 'The PKCS#12 file has no integrity MAC.');
  const [digestInfo, saltNode, iterNode] = children(macData, 'MacData', T.SEQUENCE, 2, 3);
  const [alg, digestNode] = children(digestInfo, 'MAC DigestInfo', T.SEQUENCE, 2, 2);
  const hash = MAC_HASHES[readOid(children(alg, 'MAC algorithm', T.SEQUENCE, 1, 2)[0], 'MAC algorithm')];
  if (!hash) throw new PkiError('MALFORMED', 'Unsupported PKCS#12 MAC algorithm.');
  const iterations = iterNode ? readSmallInteger(iterNode, 'MAC iterations') : 1;
  if (iterations < 1 || iterations > MAX_ITERATIONS) throw new PkiError('MALFORMED', 'Unacceptable MAC iteration count.');
  const expected = Buffer.from(binaryToBytes(primitive(digestNode, T.OCTETSTRING, 'MAC')));
  const salt = binaryToBytes(primitive(saltNode, T.OCTETSTRING, 'MAC salt'));
  const keyLength = crypto.createHash(hash).digest().length;
  const actual = crypto.createHmac(hash, pkcs12Kdf(hash, password, salt, 3, iterations, keyLength)).update(authSafe).digest();
  if (actual.length !== expected.length || !crypto.timingSafeEqual(actual, expected)) {
    throw new PkiError('PKCS12_PASSWORD', 'Wrong PKCS#12 password (the integrity check failed).');
  }
}

interface Bags { keys: Buffer[]; certs: Uint8Array[] }

function readSafeContents(der: Uint8Array, password: string, bags: Bags): void {
  for (const bag of children(parseDer(der, 'SafeContents'), 'SafeContents')) {
    const [idNode, valueNode] = children(bag, 'SafeBag', T.SEQUENCE, 2, 3);
    const id = readOid(idNode, 'bagId');
    if (valueNode.tagClass !== CONTEXT || valueNode.type !== 0) throw new PkiError('MALFORMED', 'SafeBag value is not [0].');
    const value = (valueNode.value as Asn1[])[0];
    if (id === OID.keyBag) {
      bags.keys.push(Buffer.from(derOf(value)));
    } else if (id === OID.pkcs8ShroudedKeyBag) {
      const [alg, data] = children(value, 'EncryptedPrivateKeyInfo', T.SEQUENCE, 2, 2);
      bags.keys.push(pbeDecrypt(alg, password, binaryToBytes(primitive(data, T.OCTETSTRING, 'encryptedData'))));
    } else if (id === OID.certBag) {
      const [certType, certValue] = children(value, 'CertBag', T.SEQUENCE, 2, 2);
      if (readOid(certType, 'certId') === OID.x509CertificateBag) bags.certs.push(octetContent(certValue, 'certValue'));
    }
    // other bag types (CRLs, secrets, nested safes) carry nothing this API returns
  }
}

export function readPkcs12(bytes: Uint8Array, password: string): { keyPem: string; certPem: string; chainPems: string[] } {
  try {
    if (!(bytes instanceof Uint8Array) || bytes.length > MAX_PKCS12_BYTES) throw new PkiError('MALFORMED', 'PKCS#12 input must be bytes, at most 1 MiB.');
    if (typeof password !== 'string') throw new PkiError('PKCS12_PASSWORD', 'A password is required.');
    const [version, authSafeInfo, macData] = children(parseDer(bytes, 'PKCS#12'), 'PFX', T.SEQUENCE, 2, 3);
    if (readSmallInteger(version, 'PFX version') !== 3) throw new PkiError('MALFORMED', 'Unsupported PFX version.');
    const [type, content] = children(authSafeInfo, 'authSafe', T.SEQUENCE, 2, 2);
    if (readOid(type, 'authSafe contentType') !== OID.pkcs7Data) throw new PkiError('MALFORMED', 'Only password-integrity PKCS#12 is supported.');
    const authSafe = octetContent(content, 'authSafe');
    verifyMac(macData, authSafe, password);
    const bags: Bags = { keys: [], certs: [] };
    for (const info of children(parseDer(authSafe, 'AuthenticatedSafe'), 'AuthenticatedSafe')) {
      const [ct, body] = children(info, 'ContentInfo', T.SEQUENCE, 1, 2);
      const contentType = readOid(ct, 'contentType');
      if (contentType === OID.pkcs7Data) {
        readSafeContents(octetContent(body, 'data'), password, bags);
      } else if (contentType === OID.pkcs7EncryptedData) {
        const [v, eci] = children((body?.value as Asn1[] | undefined)?.[0], 'EncryptedData', T.SEQUENCE, 2, 3);
        readSmallInteger(v, 'EncryptedData version');
        const [, alg, encrypted] = children(eci, 'EncryptedContentInfo', T.SEQUENCE, 3, 3);
        if (encrypted.tagClass !== CONTEXT || encrypted.type !== 0 || encrypted.constructed) throw new PkiError('MALFORMED', 'Unsupported encryptedContent encoding.');
        readSafeContents(pbeDecrypt(alg, password, binaryToBytes(encrypted.value as string)), password, bags);
      } else {
        throw new PkiError('MALFORMED', `Unsupported PKCS#12 content type ${contentType}.`);
      }
    }
    if (bags.keys.length !== 1) throw new PkiError('MALFORMED', `Expected exactly one private key, found ${bags.keys.length}.`);
    const key = crypto.createPrivateKey({ key: bags.keys[0], format: 'der', type: 'pkcs8' });
    const spki = crypto.createPublicKey(key).export({ type: 'spki', format: 'der' });
    const certs = bags.certs.map((der) => parseCertificateDer(der));
    const leaf = certs.find((c) => spki.equals(Buffer.from(c.spkiDer)));
    if (!leaf) throw new PkiError('MALFORMED', 'No certificate in the PKCS#12 file matches its private key.');
    return {
      keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
      certPem: leaf.pem,
      chainPems: certs.filter((c) => c !== leaf).map((c) => c.pem),
    };
  } catch (e) {
    if (e instanceof PkiError && (e.code === 'PKCS12_PASSWORD' || e.code === 'MALFORMED')) throw e;
    throw new PkiError('MALFORMED', `Not a readable PKCS#12 file: ${(e as Error)?.message ?? String(e)}`);
  }
}

