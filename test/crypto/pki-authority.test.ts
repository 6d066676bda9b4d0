/** The platform CA: certificates it issues are accepted by OpenSSL and carry the profile's extensions. */
import crypto from 'node:crypto';
import {
  certificateFacts, createCertificateAuthority, issueCertificate, issueFromCsr,
} from '../../crypto/pki';
import { BIDDER, at, ecKeys, openssl, opensslOk, rootCa, rsaKeys, tempDir, write, expectPkiError } from './pki-fixtures';

const dir = tempDir();
const root = rootCa('Authority Test Root', 1);
const rootFile = write(dir, 'root.pem', root.certPem);

function opensslCsr(name: string, subj: string, keyArgs = ['-newkey', 'rsa:2048']): string {
  opensslOk(['req', '-new', ...keyArgs, '-nodes', '-keyout', `${name}.key`, '-subj', subj, '-utf8', '-out', `${name}.csr`], dir);
  return require('node:fs').readFileSync(`${dir}/${name}.csr`, 'utf8');
}

describe('root CA', () => {
  test('is a self-signed CA openssl accepts as a trust anchor, with critical basicConstraints and keyCertSign', () => {
    expect(opensslOk(['verify', '-CAfile', rootFile, rootFile], dir)).toContain('OK');
    const text = opensslOk(['x509', '-in', rootFile, '-noout', '-text'], dir);
    expect(text).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:1/);
    expect(text).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(text).toContain('Public-Key: (2048 bit)');
    const facts = certificateFacts(root.certPem);
    expect(facts).toMatchObject({ isCa: true, pathLen: 1, keyUsage: ['keyCertSign', 'cRLSign'], subject: facts.issuer });
  });

  test('keyPem is an unencrypted PKCS#8 key that matches the certificate', () => {
    expect(root.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const pub = crypto.createPublicKey(root.keyPem).export({ type: 'spki', format: 'pem' }).toString();
    expect(pub).toBe(certificateFacts(root.certPem).publicKeyPem);
  });
});

describe('issueFromCsr', () => {
  test('a CSR made by `openssl req -new` becomes a SIGNING certificate that `openssl verify` accepts', () => {
    const csrPem = opensslCsr('bidder', '/C=CN/O=华东建设集团有限公司/CN=张三');
    const issued = issueFromCsr({ csrPem, ca: root, profile: 'SIGNING', notBefore: at(-1), notAfter: at(365) });
    const leafFile = write(dir, 'bidder.pem', issued.pem);
    const verify = openssl(['verify', '-CAfile', rootFile, leafFile], dir);
    expect(verify.stdout + verify.stderr).toContain(`${leafFile}: OK`);
    expect(verify.status).toBe(0);
    // the certificate is for the CSR's key
    const keyPub = crypto.createPublicKey(require('node:fs').readFileSync(`${dir}/bidder.key`)).export({ type: 'spki', format: 'pem' });
    expect(certificateFacts(issued.pem).publicKeyPem).toBe(keyPub.toString());
    expect(issued.subject).toBe('CN=张三,O=华东建设集团有限公司,C=CN');
    expect(issued.profile).toBe('SIGNING');
    const text = opensslOk(['x509', '-in', leafFile, '-noout', '-text'], dir);
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation\n/);
    expect(text).toMatch(/Extended Key Usage: \s+TLS Web Client Authentication, E-mail Protection/);
    expect(text).toContain('X509v3 Authority Key Identifier');
  });

  test('serialHex and fingerprintSha256 are those openssl reports', () => {
    const csrPem = opensslCsr('serial', '/CN=Serial');
    const issued = issueFromCsr({ csrPem, ca: root, profile: 'SIGNING', notBefore: at(-1), notAfter: at(30) });
    const file = write(dir, 'serial.pem', issued.pem);
    const out = opensslOk(['x509', '-in', file, '-noout', '-serial', '-fingerprint', '-sha256'], dir);
    expect(out).toContain(`serial=${issued.serialHex.toUpperCase()}`);
    expect(out.replace(/:/g, '').toLowerCase()).toContain(`fingerprint=${issued.fingerprintSha256}`);
    expect(issued.serialHex).toMatch(/^[4-7][0-9a-f]{31}$/); // 16 random bytes, positive, no sign byte
  });

  test('a CA-chosen subject replaces the CSR subject (organizationIdentifier carries the USCC)', () => {
    const csrPem = opensslCsr('override', '/CN=Platform Root CA/O=Evil');
    const issued = issueFromCsr({ csrPem, ca: root, profile: 'ENCRYPTION', subject: BIDDER, notBefore: at(-1), notAfter: at(30) });
    const file = write(dir, 'override.pem', issued.pem);
    const subject = opensslOk(['x509', '-in', file, '-noout', '-subject', '-nameopt', 'RFC2253,-esc_msb'], dir).trim();
    expect(subject).toBe(`subject=${issued.subject}`);
    expect(issued.subject).toBe('CN=张三,serialNumber=zhangsan,organizationIdentifier=91350100MA0000003X,O=华东建设集团有限公司,C=CN');
    const facts = certificateFacts(issued.pem);
    expect(facts.organizationIdentifier).toBe('91350100MA0000003X');
    expect(facts.keyUsage).toEqual(['keyEncipherment', 'dataEncipherment']);
    expect(facts.extKeyUsage).toEqual([]);
    expect(opensslOk(['x509', '-in', file, '-noout', '-text'], dir)).toMatch(/Key Usage: critical\s+Key Encipherment, Data Encipherment\n/);
  });

  test('an EC P-256 CSR from openssl gets a SIGNING certificate openssl verifies', () => {
    const csrPem = opensslCsr('ecbidder', '/CN=EC Bidder', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
    const issued = issueFromCsr({ csrPem, ca: root, profile: 'SIGNING', notBefore: at(-1), notAfter: at(30) });
    expect(openssl(['verify', '-CAfile', rootFile, write(dir, 'ecbidder.pem', issued.pem)], dir).status).toBe(0);
  });

  test.each([
    ['garbage text', 'hello'],
    ['empty string', ''],
    ['a certificate instead of a CSR', null],
  ])('refuses %s with CSR_INVALID', (_label, input) => {
    expectPkiError(() => issueFromCsr({ csrPem: input ?? root.certPem, ca: root, profile: 'SIGNING', notBefore: at(-1), notAfter: at(30) }), 'CSR_INVALID');
  });

  test('refuses a CSR whose self-signature does not verify (one signature bit flipped)', () => {
    const csrPem = opensslCsr('tampered', '/CN=Tampered');
    const der = Buffer.from(csrPem.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
    der[der.length - 5] ^= 0x01;
    const bad = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    // openssl 3.0 exits 0 either way; its verdict is in the message
    const r = openssl(['req', '-in', write(dir, 'tampered-bad.csr', bad), '-verify', '-noout'], dir);
    expect(r.stdout + r.stderr).toContain('self-signature verify failure');
    expectPkiError(() => issueFromCsr({ csrPem: bad, ca: root, profile: 'SIGNING', notBefore: at(-1), notAfter: at(30) }), 'CSR_INVALID');
  });

  test('refuses a CSR with trailing bytes after the DER', () => {
    const csrPem = opensslCsr('trailing', '/CN=Trailing');
    const der = Buffer.concat([Buffer.from(csrPem.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64'), Buffer.from([0])]);
    const bad = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    expectPkiError(() => issueFromCsr({ csrPem: bad, ca: root, profile: 'SIGNING', notBefore: at(-1), notAfter: at(30) }), 'CSR_INVALID');
  });
});

describe('issueCertificate (server-generated keys)', () => {
  test('issues for a bare RSA public key with a caller-chosen serial', () => {
    const keys = rsaKeys();
    const issued = issueCertificate({ publicKeyPem: keys.publicKeyPem, ca: root, profile: 'SIGNING', subject: BIDDER, notBefore: at(-1), notAfter: at(30), serialHex: '00FF01' });
    expect(issued.serialHex).toBe('ff01');
    expect(opensslOk(['x509', '-in', write(dir, 'serial-ff01.pem', issued.pem), '-noout', '-serial'], dir).trim()).toBe('serial=FF01');
  });

  test('times are whole seconds as stored in the certificate', () => {
    const keys = rsaKeys();
    const nb = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
    const ca = createCertificateAuthority({ subject: { commonName: 'Old CA' }, notBefore: new Date(Date.UTC(2025, 0, 1)), notAfter: new Date(Date.UTC(2060, 0, 1)) });
    const issued = issueCertificate({ publicKeyPem: keys.publicKeyPem, ca, profile: 'SIGNING', subject: { commonName: 'x' }, notBefore: nb, notAfter: new Date(Date.UTC(2055, 5, 6)) });
    expect(issued.notBefore.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(certificateFacts(issued.pem).notAfter.toISOString()).toBe('2055-06-06T00:00:00.000Z'); // GeneralizedTime after 2049
    const text = opensslOk(['x509', '-in', write(dir, 'gentime.pem', issued.pem), '-noout', '-enddate'], dir);
    expect(text.trim()).toBe('notAfter=Jun  6 00:00:00 2055 GMT');
  });

  test.each<[string, () => string, 'SIGNING' | 'ENCRYPTION', string]>([
    ['an RSA key below 2048 bits', () => rsaKeys(1024).publicKeyPem, 'SIGNING', 'KEY_UNSUPPORTED'],
    ['an EC key for ENCRYPTION (bids are wrapped with RSA-OAEP)', () => ecKeys().publicKeyPem, 'ENCRYPTION', 'KEY_UNSUPPORTED'],
    ['an Ed25519 key', () => crypto.generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'SIGNING', 'KEY_UNSUPPORTED'],
    ['garbage instead of a public key', () => 'not a key', 'SIGNING', 'MALFORMED'],
  ])('refuses %s', (_label, key, profile, code) => {
    expectPkiError(() => issueCertificate({ publicKeyPem: key(), ca: root, profile, subject: BIDDER, notBefore: at(-1), notAfter: at(30) }), code);
  });

  test.each([
    ['an invalid USCC check character', { ...BIDDER, organizationIdentifier: '91350100MA0000003Y' }, 'SUBJECT_INVALID'],
    ['an empty common name', { commonName: '' }, 'SUBJECT_INVALID'],
    ['a lower-case country', { commonName: 'x', country: 'cn' }, 'SUBJECT_INVALID'],
  ])('refuses a subject with %s', (_label, subject, code) => {
    expectPkiError(() => issueCertificate({ publicKeyPem: rsaKeys().publicKeyPem, ca: root, profile: 'SIGNING', subject, notBefore: at(-1), notAfter: at(30) }), code);
  });

  test.each([
    ['notAfter before notBefore', at(10), at(1), 'VALIDITY_INVALID'],
    ['a validity beyond the CA certificate', at(-1), at(4000), 'VALIDITY_INVALID'],
  ])('refuses %s', (_label, notBefore, notAfter, code) => {
    expectPkiError(() => issueCertificate({ publicKeyPem: rsaKeys().publicKeyPem, ca: root, profile: 'SIGNING', subject: BIDDER, notBefore, notAfter }), code);
  });

  test('refuses a zero serial and a CA key that does not belong to the CA certificate', () => {
    const keys = rsaKeys();
    expectPkiError(() => issueCertificate({ publicKeyPem: keys.publicKeyPem, ca: root, profile: 'SIGNING', subject: BIDDER, notBefore: at(-1), notAfter: at(30), serialHex: '00' }), 'BAD_REQUEST');
    const other = rootCa('Other');
    expectPkiError(() => issueCertificate({ publicKeyPem: keys.publicKeyPem, ca: { certPem: root.certPem, keyPem: other.keyPem }, profile: 'SIGNING', subject: BIDDER, notBefore: at(-1), notAfter: at(30) }), 'CA_INVALID');
  });
});

describe('intermediate CA', () => {
  test('root → intermediate → leaf verifies with openssl (intermediate given as untrusted)', () => {
    const intermediate = createCertificateAuthority({ subject: { commonName: 'Issuing CA 1', country: 'CN' }, notBefore: at(-1), notAfter: at(1000), issuer: root });
    expect(certificateFacts(intermediate.certPem)).toMatchObject({ isCa: true, pathLen: 0, issuer: certificateFacts(root.certPem).subject });
    const leaf = issueCertificate({ publicKeyPem: rsaKeys().publicKeyPem, ca: intermediate, profile: 'SIGNING', subject: BIDDER, notBefore: at(-1), notAfter: at(30) });
    const r = openssl(['verify', '-CAfile', rootFile, '-untrusted', write(dir, 'inter.pem', intermediate.certPem), write(dir, 'inter-leaf.pem', leaf.pem)], dir);
    expect(r.status).toBe(0);
    // without the intermediate openssl cannot build the chain
    expect(openssl(['verify', '-CAfile', rootFile, `${dir}/inter-leaf.pem`], dir).status).not.toBe(0);
  });

  test('a CA with pathLen 0 cannot create a sub-CA, and a leaf certificate cannot act as issuer', () => {
    const intermediate = createCertificateAuthority({ subject: { commonName: 'Issuing CA 2' }, notBefore: at(-1), notAfter: at(1000), issuer: root });
    expectPkiError(() => createCertificateAuthority({ subject: { commonName: 'Too deep' }, notBefore: at(-1), notAfter: at(100), issuer: intermediate }), 'CA_INVALID');
    const keys = rsaKeys();
    const leaf = issueCertificate({ publicKeyPem: keys.publicKeyPem, ca: root, profile: 'SIGNING', subject: BIDDER, notBefore: at(-1), notAfter: at(30) });
    expectPkiError(() => issueCertificate({ publicKeyPem: rsaKeys().publicKeyPem, ca: { certPem: leaf.pem, keyPem: keys.privateKeyPem }, profile: 'SIGNING', subject: BIDDER, notBefore: at(-1), notAfter: at(10) }), 'CA_INVALID');
  });
});
