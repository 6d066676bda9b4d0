/** PKCS#12: ours are read by OpenSSL with the password; OpenSSL's are read by us. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { PkiError, certificateFacts, issueCertificate, makePkcs12, readPkcs12 } from '../../crypto/pki';
import { BIDDER, at, ecKeys, openssl, opensslOk, rootCa, rsaKeys, tempDir, write, expectPkiError } from './pki-fixtures';

const dir = tempDir();
const root = rootCa('PKCS12 Test Root');
const keys = rsaKeys();
const leaf = issueCertificate({ publicKeyPem: keys.publicKeyPem, ca: root, profile: 'SIGNING', subject: BIDDER, notBefore: at(-1), notAfter: at(30) });
const PASSWORD = '投标-Passw0rd!';
const p12 = makePkcs12({ keyPem: keys.privateKeyPem, certPem: leaf.pem, chainPems: [root.certPem], password: PASSWORD, friendlyName: 'zhangsan signing' });
const p12File = write(dir, 'bidder.p12', p12);

const spkiOf = (pem: string): string => crypto.createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();

test('`openssl pkcs12 -info` reads it with the (non-ASCII) password: AES-256-CBC, PBKDF2-SHA-256, SHA-256 MAC', () => {
  const r = openssl(['pkcs12', '-info', '-in', p12File, '-passin', `pass:${PASSWORD}`, '-nokeys'], dir);
  expect(r.status).toBe(0);
  const info = r.stdout + r.stderr;
  expect(info).toContain('MAC: sha256');
  expect(info).toContain('Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC');
  expect(info).toContain('PRF hmacWithSHA256');
  expect(info).toContain('friendlyName: zhangsan signing');
  expect(info.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
});

test('openssl extracts the private key that belongs to the certificate', () => {
  const keyOut = opensslOk(['pkcs12', '-in', p12File, '-passin', `pass:${PASSWORD}`, '-nocerts', '-nodes'], dir);
  const keyPem = keyOut.slice(keyOut.indexOf('-----BEGIN PRIVATE KEY-----'));
  expect(spkiOf(keyPem)).toBe(certificateFacts(leaf.pem).publicKeyPem);
  const certOut = opensslOk(['pkcs12', '-in', p12File, '-passin', `pass:${PASSWORD}`, '-clcerts', '-nokeys'], dir);
  expect(certOut).toContain(leaf.pem.trim().split('\n')[5]);
});

test('openssl refuses the wrong password', () => {
  const r = openssl(['pkcs12', '-info', '-in', p12File, '-passin', 'pass:wrong', '-noout'], dir);
  expect(r.status).not.toBe(0);
  expect(r.stderr).toMatch(/mac verify error/i);
});

test('readPkcs12 round-trips key, certificate and chain', () => {
  const back = readPkcs12(p12, PASSWORD);
  expect(back.certPem).toBe(leaf.pem);
  expect(back.chainPems).toEqual([root.certPem]);
  expect(spkiOf(back.keyPem)).toBe(certificateFacts(leaf.pem).publicKeyPem);
  expect(back.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
});

test('readPkcs12 reads what `openssl pkcs12 -export` writes, modern (AES) and legacy (3DES, SHA-1 MAC)', () => {
  write(dir, 'leaf.pem', leaf.pem);
  write(dir, 'leaf.key', keys.privateKeyPem);
  write(dir, 'root.pem', root.certPem);
  for (const [name, extra] of [['modern', []], ['legacy', ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']]] as const) {
    opensslOk(['pkcs12', '-export', '-inkey', 'leaf.key', '-in', 'leaf.pem', '-certfile', 'root.pem', '-passout', `pass:${PASSWORD}`, ...extra, '-out', `${name}.p12`], dir);
    const back = readPkcs12(fs.readFileSync(`${dir}/${name}.p12`), PASSWORD);
    expect(back.certPem).toBe(leaf.pem);
    expect(back.chainPems).toEqual([root.certPem]);
    expect(spkiOf(back.keyPem)).toBe(certificateFacts(leaf.pem).publicKeyPem);
    expectPkiError(() => readPkcs12(fs.readFileSync(`${dir}/${name}.p12`), 'wrong'), 'PKCS12_PASSWORD');
  }
});

test('an EC key and its certificate survive makePkcs12 → openssl → readPkcs12', () => {
  const ec = ecKeys();
  const ecLeaf = issueCertificate({ publicKeyPem: ec.publicKeyPem, ca: root, profile: 'SIGNING', subject: { commonName: 'EC' }, notBefore: at(-1), notAfter: at(30) });
  const bytes = makePkcs12({ keyPem: ec.privateKeyPem, certPem: ecLeaf.pem, password: 'pw' });
  expect(openssl(['pkcs12', '-info', '-in', write(dir, 'ec.p12', bytes), '-passin', 'pass:pw', '-noout'], dir).status).toBe(0);
  const back = readPkcs12(bytes, 'pw');
  expect(back.certPem).toBe(ecLeaf.pem);
  expect(back.chainPems).toEqual([]);
  expect(spkiOf(back.keyPem)).toBe(spkiOf(ec.publicKeyPem));
});

test('readPkcs12: wrong password → PKCS12_PASSWORD; garbage, truncation, trailing bytes → MALFORMED', () => {
  expectPkiError(() => readPkcs12(p12, 'wrong'), 'PKCS12_PASSWORD');
  expectPkiError(() => readPkcs12(p12, ''), 'PKCS12_PASSWORD');
  expectPkiError(() => readPkcs12(new Uint8Array([1, 2, 3]), PASSWORD), 'MALFORMED');
  expectPkiError(() => readPkcs12(p12.subarray(0, p12.length - 1), PASSWORD), 'MALFORMED');
  expectPkiError(() => readPkcs12(new Uint8Array([...p12, 0]), PASSWORD), 'MALFORMED');
});

test('readPkcs12: a changed byte inside the protected content fails the integrity check', () => {
  const tampered = new Uint8Array(p12);
  const at = Buffer.from(p12).indexOf(Buffer.from(leaf.serialHex, 'hex')); // inside the certificate bag
  expect(at).toBeGreaterThan(0);
  tampered[at] ^= 0x01;
  expect(() => readPkcs12(tampered, PASSWORD)).toThrow(PkiError);
});

test('makePkcs12 refuses a key that does not belong to the certificate, and an empty password', () => {
  expectPkiError(() => makePkcs12({ keyPem: rsaKeys().privateKeyPem, certPem: leaf.pem, password: 'x' }), 'KEY_MISMATCH');
  expectPkiError(() => makePkcs12({ keyPem: keys.privateKeyPem, certPem: leaf.pem, password: '' }), 'BAD_REQUEST');
});
