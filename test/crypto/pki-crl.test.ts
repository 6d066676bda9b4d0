/** CRLs: built and signed by the platform CA, checked by OpenSSL; parseCrl verifies signature and issuer. */
import fc from 'fast-check';
import { PkiError, buildCrl, issueCertificate, parseCrl } from '../../crypto/pki';
import { BIDDER, at, derToPem, openssl, pemToDer, rootCa, rsaKeys, tempDir, write, expectPkiError } from './pki-fixtures';

const dir = tempDir();
const root = rootCa('CRL Test Root');
const rootFile = write(dir, 'root.pem', root.certPem);
const issue = () => issueCertificate({ publicKeyPem: rsaKeys().publicKeyPem, ca: root, profile: 'SIGNING', subject: BIDDER, notBefore: at(-10), notAfter: at(300) });
const revokedLeaf = issue();
const goodLeaf = issue();
const crlPem = buildCrl({
  ca: root,
  revoked: [
    { serialHex: revokedLeaf.serialHex, revokedAt: at(-1), reason: 'keyCompromise' },
    { serialHex: '0a0b', revokedAt: at(-2), reason: 'unspecified' },
    { serialHex: 'FF', revokedAt: at(-3) },
  ],
  thisUpdate: at(0),
  nextUpdate: at(7),
  crlNumber: 1_763_900_000_123,
});
const crlFile = write(dir, 'root.crl', crlPem);

test('`openssl crl -verify -CAfile` accepts the CRL and reads its entries, reasons and number', () => {
  const r = openssl(['crl', '-in', crlFile, '-CAfile', rootFile, '-verify', '-noout', '-text'], dir);
  expect(r.status).toBe(0);
  expect(r.stderr).toContain('verify OK');
  expect(r.stdout).toContain('Version 2 (0x1)');
  expect(r.stdout).toContain(`Serial Number: ${revokedLeaf.serialHex.toUpperCase()}`);
  expect(r.stdout).toMatch(/Serial Number: 0A0B\s+Revocation Date/); // "unspecified" leaves no reason extension
  expect(r.stdout).toMatch(/Serial Number: FF\s+Revocation Date/);
  expect(r.stdout).toContain('Key Compromise');
  expect(r.stdout).toContain('1763900000123');
});

test('`openssl verify -crl_check` refuses the revoked leaf and accepts the other', () => {
  const revoked = openssl(['verify', '-crl_check', '-CRLfile', crlFile, '-CAfile', rootFile, write(dir, 'revoked.pem', revokedLeaf.pem)], dir);
  expect(revoked.status).not.toBe(0);
  expect(revoked.stdout + revoked.stderr).toContain('certificate revoked');
  const good = openssl(['verify', '-crl_check', '-CRLfile', crlFile, '-CAfile', rootFile, write(dir, 'good.pem', goodLeaf.pem)], dir);
  expect(good.status).toBe(0);
});

test('an empty CRL omits revokedCertificates and openssl accepts it', () => {
  const empty = buildCrl({ ca: root, revoked: [], thisUpdate: at(0), nextUpdate: at(1), crlNumber: 0 });
  const r = openssl(['crl', '-in', write(dir, 'empty.crl', empty), '-CAfile', rootFile, '-verify', '-noout', '-text'], dir);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('No Revoked Certificates');
  expect(parseCrl(empty, root.certPem).revokedSerials.size).toBe(0);
});

test('parseCrl returns canonical serials and the update times', () => {
  const parsed = parseCrl(crlPem, root.certPem);
  expect([...parsed.revokedSerials].sort()).toEqual([revokedLeaf.serialHex, '0a0b', 'ff'].sort());
  expect(parsed.thisUpdate.getTime()).toBe(Math.floor(at(0).getTime() / 1000) * 1000);
  expect(parsed.nextUpdate.getTime()).toBe(Math.floor(at(7).getTime() / 1000) * 1000);
});

test('parseCrl refuses a CRL checked against another CA (CRL_INVALID)', () => {
  expectPkiError(() => parseCrl(crlPem, rootCa('Someone Else').certPem), 'CRL_INVALID');
  // same name, different key: the name matches but the signature does not
  expectPkiError(() => parseCrl(crlPem, rootCa('CRL Test Root').certPem), 'CRL_INVALID');
});

test('parseCrl refuses garbage, truncation and trailing bytes (MALFORMED)', () => {
  const der = pemToDer(crlPem);
  expectPkiError(() => parseCrl('garbage', root.certPem), 'MALFORMED');
  expectPkiError(() => parseCrl(derToPem(der.subarray(0, der.length - 10), 'X509 CRL'), root.certPem), 'MALFORMED');
  expectPkiError(() => parseCrl(derToPem(Buffer.concat([der, Buffer.from([0, 0])]), 'X509 CRL'), root.certPem), 'MALFORMED');
  expectPkiError(() => parseCrl(root.certPem, root.certPem), 'MALFORMED');
});

test('any single changed byte makes parseCrl throw a PkiError', () => {
  const der = pemToDer(crlPem);
  fc.assert(fc.property(fc.nat(der.length - 1), fc.integer({ min: 1, max: 255 }), (pos, mask) => {
    const bad = Buffer.from(der);
    bad[pos] ^= mask;
    let caught: unknown;
    try { parseCrl(derToPem(bad, 'X509 CRL'), root.certPem); } catch (e) { caught = e; }
    expect(caught).toBeInstanceOf(PkiError);
  }), { numRuns: 300 });
});

test('buildCrl refuses a duplicate serial, a zero serial and a CA without its key', () => {
  expectPkiError(() => buildCrl({ ca: root, revoked: [{ serialHex: '01', revokedAt: at(0) }, { serialHex: '0001', revokedAt: at(0) }], thisUpdate: at(0), nextUpdate: at(1), crlNumber: 1 }), 'BAD_REQUEST');
  expectPkiError(() => buildCrl({ ca: root, revoked: [{ serialHex: '00', revokedAt: at(0) }], thisUpdate: at(0), nextUpdate: at(1), crlNumber: 1 }), 'BAD_REQUEST');
  expectPkiError(() => buildCrl({ ca: { certPem: root.certPem, keyPem: rootCa('x').keyPem }, revoked: [], thisUpdate: at(0), nextUpdate: at(1), crlNumber: 1 }), 'CA_INVALID');
});
