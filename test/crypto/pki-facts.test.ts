/** certificateFacts (strict reading, agreeing with OpenSSL), verifySignature and names. */
import crypto from 'node:crypto';
import fc from 'fast-check';
import { PkiError, certificateFacts, isValidUscc, issueCertificate, verifySignature } from '../../crypto/pki';
import { nameToString } from '../../crypto/pki/names';
import { BIDDER, at, derToPem, ecKeys, opensslOk, pemToDer, rootCa, rsaKeys, tempDir, write, expectPkiError } from './pki-fixtures';

const dir = tempDir();
const root = rootCa('Facts Test Root');
const rsa = rsaKeys();
const ec = ecKeys();
const rsaLeaf = issueCertificate({ publicKeyPem: rsa.publicKeyPem, ca: root, profile: 'SIGNING', subject: BIDDER, notBefore: at(-1), notAfter: at(30) });
const ecLeaf = issueCertificate({ publicKeyPem: ec.publicKeyPem, ca: root, profile: 'SIGNING', subject: { commonName: 'EC signer' }, notBefore: at(-1), notAfter: at(30) });

const expectMalformed = (fn: () => unknown): void => expectPkiError(fn, 'MALFORMED');

describe('certificateFacts', () => {
  test('agrees with openssl on serial, fingerprint, subject, issuer and dates', () => {
    const file = write(dir, 'leaf.pem', rsaLeaf.pem);
    const out = opensslOk(['x509', '-in', file, '-noout', '-serial', '-fingerprint', '-sha256', '-subject', '-issuer', '-dates', '-nameopt', 'RFC2253,-esc_msb'], dir);
    const f = certificateFacts(rsaLeaf.pem);
    expect(out).toContain(`serial=${f.serialHex.toUpperCase()}`);
    expect(out.replace(/:/g, '').toLowerCase()).toContain(`fingerprint=${f.fingerprintSha256}`);
    expect(out).toContain(`subject=${f.subject}`);
    expect(out).toContain(`issuer=${f.issuer}`);
    const notAfter = /notAfter=(.*)/.exec(out)![1];
    expect(new Date(notAfter).getTime()).toBe(f.notAfter.getTime());
    expect(f).toMatchObject({ commonName: '张三', organizationIdentifier: '91350100MA0000003X', isCa: false, keyUsage: ['digitalSignature', 'nonRepudiation'] });
    expect(f.pathLen).toBeUndefined();
  });

  test.each([
    ['garbage', 'garbage'],
    ['trailing bytes after the DER', derToPem(Buffer.concat([pemToDer(rsaLeaf.pem), Buffer.from([0x05, 0x00])]))],
    ['a truncated DER', derToPem(pemToDer(rsaLeaf.pem).subarray(0, 300))],
    ['a certificate with a private key label', rsaLeaf.pem.replace(/CERTIFICATE/g, 'PRIVATE KEY')],
  ])('throws MALFORMED on %s', (_label, pem) => {
    expectMalformed(() => certificateFacts(pem));
  });

  test('throws MALFORMED on base64 whose unused padding bits are set (a second encoding of the same DER)', () => {
    // find a certificate whose DER length is not a multiple of 3, so its base64 ends with '='
    let pem = '';
    for (let n = 1; !pem.includes('='); n++) {
      pem = issueCertificate({ publicKeyPem: rsa.publicKeyPem, ca: root, profile: 'SIGNING', subject: { commonName: 'x'.repeat(n) }, notBefore: at(-1), notAfter: at(30) }).pem;
    }
    const body = pem.split('\n').filter((l) => l && !l.startsWith('-----')).join('');
    const data = body.replace(/=+$/, '');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const last = alphabet.indexOf(data[data.length - 1]);
    const nonCanonical = data.slice(0, -1) + alphabet[last | 1] + body.slice(data.length);
    expect(Buffer.from(nonCanonical, 'base64').equals(Buffer.from(body, 'base64'))).toBe(true); // same bytes for a lenient decoder
    expect(certificateFacts(pem).commonName).toMatch(/^x+$/);
    expectMalformed(() => certificateFacts(`-----BEGIN CERTIFICATE-----\n${nonCanonical}\n-----END CERTIFICATE-----\n`));
  });

  test('whatever the input, it returns facts or throws PkiError MALFORMED', () => {
    const der = pemToDer(rsaLeaf.pem);
    fc.assert(fc.property(fc.nat(der.length - 1), fc.uint8Array({ minLength: 1, maxLength: 4 }), (pos, junk) => {
      const bad = Buffer.concat([der.subarray(0, pos), junk, der.subarray(pos + junk.length)]);
      try {
        certificateFacts(derToPem(bad));
      } catch (e) {
        expect(e).toBeInstanceOf(PkiError);
        expect((e as PkiError).code).toBe('MALFORMED');
      }
    }), { numRuns: 300 });
  });
});

describe('verifySignature', () => {
  const data = Buffer.from('tenderhall login challenge 0123', 'utf8');

  test('RSASSA-PKCS1-v1_5/SHA-256 with an RSA certificate', () => {
    const sig = crypto.sign('sha256', data, rsa.privateKey);
    expect(verifySignature(rsaLeaf.pem, data, sig)).toBe(true);
    expect(verifySignature(rsaLeaf.pem, Buffer.from('tenderhall login challenge 0124'), sig)).toBe(false);
    const flipped = Buffer.from(sig); flipped[10] ^= 1;
    expect(verifySignature(rsaLeaf.pem, data, flipped)).toBe(false);
    expect(verifySignature(ecLeaf.pem, data, sig)).toBe(false); // another key
    // PSS or SHA-1 signatures by the right key are not accepted
    expect(verifySignature(rsaLeaf.pem, data, crypto.sign('sha256', data, { key: rsa.privateKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING }))).toBe(false);
    expect(verifySignature(rsaLeaf.pem, data, crypto.sign('sha1', data, rsa.privateKey))).toBe(false);
  });

  test('ECDSA/SHA-256 (DER signature) with an EC certificate', () => {
    const sig = crypto.sign('sha256', data, ec.privateKey);
    expect(verifySignature(ecLeaf.pem, data, sig)).toBe(true);
    expect(verifySignature(ecLeaf.pem, Buffer.concat([data, Buffer.from('x')]), sig)).toBe(false);
    expect(verifySignature(rsaLeaf.pem, data, sig)).toBe(false);
  });

  test('false, never an exception, on malformed input', () => {
    const sig = crypto.sign('sha256', data, rsa.privateKey);
    expect(verifySignature('garbage', data, sig)).toBe(false);
    expect(verifySignature(rsaLeaf.pem, data, new Uint8Array(0))).toBe(false);
    expect(verifySignature(rsaLeaf.pem, 'text' as unknown as Uint8Array, sig)).toBe(false);
    expect(verifySignature(undefined as unknown as string, data, sig)).toBe(false);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      expect(verifySignature(ecLeaf.pem, data, bytes)).toBe(false);
    }), { numRuns: 200 });
  });
});

describe('names', () => {
  test('USCC check character (GB 32100-2015)', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('91350100I000100Y43')).toBe(false); // I is not in the alphabet
  });

  test('RFC 4514 escaping of special characters', () => {
    expect(nameToString([[{ oid: '2.5.4.3', value: ' a,b+c"d\\e<f>g;h=i ' }], [{ oid: '2.5.4.10', value: '#x' }]]))
      .toBe('O=\\#x,CN=\\ a\\,b\\+c\\"d\\\\e\\<f\\>g\\;h\\=i\\ ');
  });

  test('subjects with special characters print as openssl prints them (RFC 2253)', () => {
    const issued = issueCertificate({ publicKeyPem: rsa.publicKeyPem, ca: root, profile: 'SIGNING', subject: { commonName: 'Smith, John+Co', organization: 'A;B' }, notBefore: at(-1), notAfter: at(30) });
    const out = opensslOk(['x509', '-in', write(dir, 'special.pem', issued.pem), '-noout', '-subject', '-nameopt', 'RFC2253,-esc_msb'], dir);
    expect(out.trim()).toBe(`subject=${issued.subject}`);
  });
});
