/** createCsr: the signer callback (WebCrypto in the browser, node:crypto here) and OpenSSL's verdict. */
import crypto from 'node:crypto';
import { createCsr, issueFromCsr, certificateFacts } from '../../crypto/pki';
import { BIDDER, at, ecKeys, openssl, rootCa, rsaKeys, tempDir, write, expectPkiError } from './pki-fixtures';

const dir = tempDir();
const root = rootCa('CSR Test Root');

function opensslVerdict(csrPem: string, name: string): string {
  const r = openssl(['req', '-in', write(dir, name, csrPem), '-verify', '-noout', '-subject', '-nameopt', 'RFC2253,-esc_msb'], dir);
  return r.stdout + r.stderr; // openssl 3.0 exits 0 even on failure: read its verdict
}

test('a CSR signed through node:crypto is accepted by `openssl req -verify` and names the subject', async () => {
  const keys = rsaKeys();
  const csrPem = await createCsr({ subject: BIDDER, publicKeyPem: keys.publicKeyPem, sign: (tbs) => crypto.sign('sha256', tbs, keys.privateKey) });
  expect(csrPem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n/);
  const verdict = opensslVerdict(csrPem, 'node.csr');
  expect(verdict).toContain('self-signature verify OK');
  expect(verdict).toContain('subject=CN=张三,serialNumber=zhangsan,organizationIdentifier=91350100MA0000003X,O=华东建设集团有限公司,C=CN');
  const text = openssl(['req', '-in', `${dir}/node.csr`, '-noout', '-text'], dir).stdout;
  expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
});

test('a CSR signed with WebCrypto (as the browser does) is accepted by openssl and by issueFromCsr', async () => {
  const pair = await crypto.webcrypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify']);
  const spki = Buffer.from(await crypto.webcrypto.subtle.exportKey('spki', pair.publicKey));
  const publicKeyPem = `-----BEGIN PUBLIC KEY-----\n${spki.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;
  const csrPem = await createCsr({
    subject: { commonName: 'Browser User' },
    publicKeyPem,
    sign: async (tbs) => new Uint8Array(await crypto.webcrypto.subtle.sign('RSASSA-PKCS1-v1_5', pair.privateKey, tbs)),
  });
  expect(opensslVerdict(csrPem, 'webcrypto.csr')).toContain('self-signature verify OK');
  const issued = issueFromCsr({ csrPem, ca: root, profile: 'SIGNING', notBefore: at(-1), notAfter: at(30) });
  expect(issued.subject).toBe('CN=Browser User');
  expect(certificateFacts(issued.pem).publicKeyPem.replace(/\s/g, '')).toBe(publicKeyPem.replace(/\s/g, ''));
});

test('a CSR signed with a different key than the one it names fails openssl and issueFromCsr', async () => {
  const keys = rsaKeys();
  const other = rsaKeys();
  const csrPem = await createCsr({ subject: { commonName: 'Impostor' }, publicKeyPem: keys.publicKeyPem, sign: (tbs) => crypto.sign('sha256', tbs, other.privateKey) });
  expect(opensslVerdict(csrPem, 'impostor.csr')).toContain('self-signature verify failure');
  expectPkiError(() => issueFromCsr({ csrPem, ca: root, profile: 'SIGNING', notBefore: at(-1), notAfter: at(30) }), 'CSR_INVALID');
});

test('createCsr hands exactly the CertificationRequestInfo to the signer', async () => {
  const keys = rsaKeys();
  let signed: Uint8Array | undefined;
  const csrPem = await createCsr({ subject: { commonName: 'x' }, publicKeyPem: keys.publicKeyPem, sign: (tbs) => { signed = tbs; return crypto.sign('sha256', tbs, keys.privateKey); } });
  // The CSR's first element (CertificationRequestInfo) is what was signed: openssl's asn1parse sees it at offset 4.
  const der = Buffer.from(csrPem.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
  const infoLength = der.readUInt16BE(6) + 4; // 30 82 LL LL
  expect(Buffer.from(signed!).equals(der.subarray(4, 4 + infoLength))).toBe(true);
});

test('refuses a non-RSA public key and an empty signature', async () => {
  await expect(createCsr({ subject: { commonName: 'x' }, publicKeyPem: ecKeys().publicKeyPem, sign: () => new Uint8Array(64) }))
    .rejects.toMatchObject({ code: 'KEY_UNSUPPORTED' });
  await expect(createCsr({ subject: { commonName: 'x' }, publicKeyPem: rsaKeys().publicKeyPem, sign: () => new Uint8Array(0) }))
    .rejects.toMatchObject({ code: 'BAD_REQUEST' });
});
