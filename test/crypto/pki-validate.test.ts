/** validateCertificate (DESIGN §9.5): one test per refusal code, the happy paths, and OpenSSL agreeing. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import fc from 'fast-check';
import {
  buildCrl, certificateFacts, createCertificateAuthority, issueCertificate, validateCertificate,
  type ValidationCode, type ValidationResult,
} from '../../crypto/pki';
import { signCertificate } from '../../crypto/pki/certificate-builder';
import { keyIdentifier, parseCertificatePem } from '../../crypto/pki/certificate';
import { authorityKeyIdExt, basicConstraintsExt, keyUsageExt, subjectKeyIdExt } from '../../crypto/pki/extensions';
import { buildName } from '../../crypto/pki/names';
import { build, derOf } from '../../crypto/pki/der';
import { BIDDER, NOW, at, derToPem, openssl, opensslOk, pemToDer, rootCa, rsaKeys, tempDir, write } from './pki-fixtures';

const dir = tempDir();
const root = rootCa('Validation Root', 2);
const rootFile = write(dir, 'root.pem', root.certPem);
const leafKeys = rsaKeys();
const signing = issueCertificate({ publicKeyPem: leafKeys.publicKeyPem, ca: root, profile: 'SIGNING', subject: BIDDER, notBefore: at(-10), notAfter: at(100) });
const encryption = issueCertificate({ publicKeyPem: rsaKeys().publicKeyPem, ca: root, profile: 'ENCRYPTION', subject: BIDDER, notBefore: at(-10), notAfter: at(100) });

function refused(result: ValidationResult, code: ValidationCode): void {
  expect(result).toMatchObject({ ok: false, code });
  if (!result.ok) expect(result.message).toMatch(/^\S.*\.$/s); // one human sentence
}

function opensslVerify(leafPem: string, name: string, extra: string[] = []): { ok: boolean; output: string } {
  const r = openssl(['verify', '-CAfile', rootFile, ...extra, write(dir, name, leafPem)], dir);
  return { ok: r.status === 0, output: r.stdout + r.stderr };
}

describe('accepts', () => {
  test('a SIGNING certificate for SIGNING and ANY, with the chain leaf → root and the leaf facts', () => {
    for (const usage of ['SIGNING', 'ANY'] as const) {
      const r = validateCertificate(signing.pem, { trustAnchors: [root.certPem], at: NOW, usage });
      expect(r).toMatchObject({ ok: true, leaf: { serialHex: signing.serialHex, fingerprintSha256: signing.fingerprintSha256, organizationIdentifier: BIDDER.organizationIdentifier } });
      if (r.ok) expect(r.chainPems).toEqual([signing.pem, root.certPem]);
    }
  });

  test('an ENCRYPTION certificate for ENCRYPTION', () => {
    expect(validateCertificate(encryption.pem, { trustAnchors: [root.certPem], at: NOW, usage: 'ENCRYPTION' }).ok).toBe(true);
  });

  test('the first and the last second of the validity period', () => {
    expect(validateCertificate(signing.pem, { trustAnchors: [root.certPem], at: signing.notBefore, usage: 'SIGNING' }).ok).toBe(true);
    expect(validateCertificate(signing.pem, { trustAnchors: [root.certPem], at: signing.notAfter, usage: 'SIGNING' }).ok).toBe(true);
  });

  test('a chain through an intermediate given among several unrelated certificates', () => {
    const inter = createCertificateAuthority({ subject: { commonName: 'Validation Issuing CA' }, notBefore: at(-5), notAfter: at(500), issuer: root });
    const leaf = issueCertificate({ publicKeyPem: rsaKeys().publicKeyPem, ca: inter, profile: 'SIGNING', subject: BIDDER, notBefore: at(-1), notAfter: at(50) });
    const r = validateCertificate(leaf.pem, { trustAnchors: [rootCa('Unrelated').certPem, root.certPem], intermediates: [signing.pem, inter.certPem], at: NOW, usage: 'SIGNING' });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.chainPems).toEqual([leaf.pem, inter.certPem, root.certPem]);
    expect(opensslVerify(leaf.pem, 'inter-leaf.pem', ['-untrusted', write(dir, 'inter.pem', inter.certPem)]).ok).toBe(true);
  });

  test('an EC P-256 leaf issued by an openssl-made EC CA (an external CA)', () => {
    fs.writeFileSync(`${dir}/ec-ca.cnf`, [
      '[req]', 'distinguished_name = dn', 'prompt = no', 'utf8 = yes',
      '[dn]', 'C = CN', 'O = 外部电子认证服务机构', 'CN = External EC CA',
      '[v3_ca]', 'basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign',
      'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid:always',
      '[v3_leaf]', 'basicConstraints = critical,CA:FALSE', 'keyUsage = critical,digitalSignature,nonRepudiation',
      'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid',
    ].join('\n'));
    opensslOk(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ec-ca.key'], dir);
    opensslOk(['req', '-x509', '-new', '-key', 'ec-ca.key', '-config', 'ec-ca.cnf', '-extensions', 'v3_ca', '-days', '30', '-out', 'ec-ca.pem'], dir);
    opensslOk(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ec-leaf.key'], dir);
    opensslOk(['req', '-new', '-key', 'ec-leaf.key', '-subj', '/CN=EC Bidder', '-out', 'ec-leaf.csr'], dir);
    opensslOk(['x509', '-req', '-in', 'ec-leaf.csr', '-CA', 'ec-ca.pem', '-CAkey', 'ec-ca.key', '-set_serial', '0x0123456789', '-days', '10',
      '-extfile', 'ec-ca.cnf', '-extensions', 'v3_leaf', '-sha256', '-out', 'ec-leaf.pem'], dir);
    const caPem = fs.readFileSync(`${dir}/ec-ca.pem`, 'utf8');
    const leafPem = fs.readFileSync(`${dir}/ec-leaf.pem`, 'utf8');
    const now = new Date(); // openssl started the validity when it ran, after NOW
    const r = validateCertificate(leafPem, { trustAnchors: [root.certPem, caPem], at: now, usage: 'SIGNING' });
    expect(r).toMatchObject({ ok: true, leaf: { commonName: 'EC Bidder', serialHex: '0123456789', issuer: 'CN=External EC CA,O=外部电子认证服务机构,C=CN' } });
    refused(validateCertificate(leafPem, { trustAnchors: [root.certPem], at: now, usage: 'SIGNING' }), 'UNTRUSTED');
    refused(validateCertificate(leafPem, { trustAnchors: [caPem], at: at(20), usage: 'SIGNING' }), 'EXPIRED');
    refused(validateCertificate(leafPem, { trustAnchors: [caPem], at: now, usage: 'ENCRYPTION' }), 'WRONG_USAGE');
    const tampered = pemToDer(leafPem);
    tampered[tampered.length - 3] ^= 0x10; // inside the ECDSA signature's s
    refused(validateCertificate(derToPem(tampered), { trustAnchors: [caPem], at: now, usage: 'SIGNING' }), 'BAD_SIGNATURE');
  });
});

describe('refuses', () => {
  test('EXPIRED one second after notAfter, also when the CA itself has expired', () => {
    refused(validateCertificate(signing.pem, { trustAnchors: [root.certPem], at: new Date(signing.notAfter.getTime() + 1000), usage: 'SIGNING' }), 'EXPIRED');
    const shortRoot = createCertificateAuthority({ subject: { commonName: 'Short-lived Root' }, notBefore: at(-30), notAfter: at(-1) });
    const leaf = issueCertificate({ publicKeyPem: rsaKeys().publicKeyPem, ca: shortRoot, profile: 'SIGNING', subject: BIDDER, notBefore: at(-20), notAfter: at(-2) });
    refused(validateCertificate(leaf.pem, { trustAnchors: [shortRoot.certPem], at: at(-1.5), usage: 'SIGNING' }), 'EXPIRED');
    expect(validateCertificate(leaf.pem, { trustAnchors: [shortRoot.certPem], at: at(-3), usage: 'SIGNING' }).ok).toBe(true);
  });

  test('NOT_YET_VALID one second before notBefore', () => {
    refused(validateCertificate(signing.pem, { trustAnchors: [root.certPem], at: new Date(signing.notBefore.getTime() - 1000), usage: 'SIGNING' }), 'NOT_YET_VALID');
  });

  test('WRONG_USAGE: a signing certificate to encrypt, an encryption certificate to sign', () => {
    refused(validateCertificate(signing.pem, { trustAnchors: [root.certPem], at: NOW, usage: 'ENCRYPTION' }), 'WRONG_USAGE');
    refused(validateCertificate(encryption.pem, { trustAnchors: [root.certPem], at: NOW, usage: 'SIGNING' }), 'WRONG_USAGE');
  });

  test('REVOKED by the callback, which is asked with the issuer fingerprint', () => {
    const asked: unknown[] = [];
    const rootPrint = certificateFacts(root.certPem).fingerprintSha256;
    const r = validateCertificate(signing.pem, {
      trustAnchors: [root.certPem], at: NOW, usage: 'SIGNING',
      isRevoked: (f) => { asked.push(f); return f.serialHex === signing.serialHex && f.issuerFingerprintSha256 === rootPrint; },
    });
    refused(r, 'REVOKED');
    expect(asked).toEqual([{ serialHex: signing.serialHex, issuerFingerprintSha256: rootPrint }]);
    expect(validateCertificate(encryption.pem, { trustAnchors: [root.certPem], at: NOW, usage: 'ENCRYPTION', isRevoked: (f) => f.serialHex === signing.serialHex }).ok).toBe(true);
  });

  test('REVOKED (fail closed) when the revocation callback throws', () => {
    refused(validateCertificate(signing.pem, { trustAnchors: [root.certPem], at: NOW, usage: 'SIGNING', isRevoked: () => { throw new Error('database down'); } }), 'REVOKED');
  });

  test('REVOKED by a CRL, from the revocation date on; openssl agrees', () => {
    const crl = buildCrl({ ca: root, revoked: [{ serialHex: signing.serialHex, revokedAt: at(-1), reason: 'keyCompromise' }], thisUpdate: at(-1), nextUpdate: at(6), crlNumber: 7 });
    refused(validateCertificate(signing.pem, { trustAnchors: [root.certPem], at: NOW, usage: 'SIGNING', crls: [crl] }), 'REVOKED');
    // a signature made before the revocation is still judged with the certificate valid at that time
    expect(validateCertificate(signing.pem, { trustAnchors: [root.certPem], at: at(-2), usage: 'SIGNING', crls: [crl] }).ok).toBe(true);
    expect(validateCertificate(encryption.pem, { trustAnchors: [root.certPem], at: NOW, usage: 'ENCRYPTION', crls: [crl] }).ok).toBe(true);
    const o = opensslVerify(signing.pem, 'crl-leaf.pem', ['-crl_check', '-CRLfile', write(dir, 'v.crl', crl)]);
    expect(o.ok).toBe(false);
    expect(o.output).toContain('certificate revoked');
  });

  test('REVOKED (undetermined) with a CRL past its nextUpdate; openssl agrees it has expired', () => {
    const stale = buildCrl({ ca: root, revoked: [], thisUpdate: at(-3), nextUpdate: at(-1), crlNumber: 8 });
    const r = validateCertificate(signing.pem, { trustAnchors: [root.certPem], at: NOW, usage: 'SIGNING', crls: [stale] });
    refused(r, 'REVOKED');
    expect(r.ok ? '' : r.message).toContain('expired');
    // judged at a time the CRL still covered, the same CRL is good evidence
    expect(validateCertificate(signing.pem, { trustAnchors: [root.certPem], at: at(-2), usage: 'SIGNING', crls: [stale] }).ok).toBe(true);
    const o = opensslVerify(signing.pem, 'crl-stale.pem', ['-crl_check', '-CRLfile', write(dir, 'stale.crl', stale)]);
    expect(o.ok).toBe(false);
    expect(o.output).toContain('CRL has expired');
  });

  test('BAD_SIGNATURE for a CRL claiming to be from the root but signed by another key', () => {
    const impostor = rootCa('Validation Root'); // same name, other key
    const forged = buildCrl({ ca: impostor, revoked: [], thisUpdate: at(-1), nextUpdate: at(6), crlNumber: 1 });
    refused(validateCertificate(signing.pem, { trustAnchors: [root.certPem], at: NOW, usage: 'SIGNING', crls: [forged] }), 'BAD_SIGNATURE');
    refused(validateCertificate(signing.pem, { trustAnchors: [root.certPem], at: NOW, usage: 'SIGNING', crls: ['not a crl'] }), 'MALFORMED');
  });

  test('UNTRUSTED when the root is not a trust anchor (or there are none); openssl agrees', () => {
    const other = rootCa('Another Root');
    refused(validateCertificate(signing.pem, { trustAnchors: [other.certPem], at: NOW, usage: 'SIGNING' }), 'UNTRUSTED');
    refused(validateCertificate(signing.pem, { trustAnchors: [], at: NOW, usage: 'SIGNING' }), 'UNTRUSTED');
    // the root offered as an "intermediate" does not make it trusted
    refused(validateCertificate(signing.pem, { trustAnchors: [other.certPem], intermediates: [root.certPem], at: NOW, usage: 'SIGNING' }), 'UNTRUSTED');
    const r = openssl(['verify', '-CAfile', write(dir, 'other.pem', other.certPem), write(dir, 'untrusted-leaf.pem', signing.pem)], dir);
    expect(r.status).not.toBe(0);
  });

  test('UNTRUSTED for a root with the same name but another key (key identifiers differ)', () => {
    const twin = rootCa('Validation Root');
    refused(validateCertificate(signing.pem, { trustAnchors: [twin.certPem], at: NOW, usage: 'SIGNING' }), 'UNTRUSTED');
  });

  test('BAD_SIGNATURE for a flipped byte in the signature and in the signed subject; openssl agrees', () => {
    const der = pemToDer(signing.pem);
    const sigFlip = Buffer.from(der);
    sigFlip[sigFlip.length - 1] ^= 0x01;
    refused(validateCertificate(derToPem(sigFlip), { trustAnchors: [root.certPem], at: NOW, usage: 'SIGNING' }), 'BAD_SIGNATURE');
    expect(opensslVerify(derToPem(sigFlip), 'sigflip.pem').output).toContain('certificate signature failure');
    const cn = der.indexOf(Buffer.from('张三'));
    expect(cn).toBeGreaterThan(0);
    const subjectFlip = Buffer.from(der);
    subjectFlip[cn + 5] ^= 0x01; // 三 (e4 b8 89) → e4 b8 88, still valid UTF-8
    refused(validateCertificate(derToPem(subjectFlip), { trustAnchors: [root.certPem], at: NOW, usage: 'SIGNING' }), 'BAD_SIGNATURE');
  });

  test('NOT_A_CA when a leaf certificate signed another certificate; openssl agrees', () => {
    const parsed = parseCertificatePem(signing.pem);
    const victimKeys = rsaKeys();
    const { der } = signCertificate({
      issuerNameDer: parsed.subjectDer,
      subjectName: buildName({ commonName: 'Issued by a leaf' }),
      notBefore: at(-1), notAfter: at(10),
      spkiDer: new Uint8Array(crypto.createPublicKey(victimKeys.publicKeyPem).export({ type: 'spki', format: 'der' })),
      extensions: [basicConstraintsExt(false), keyUsageExt(['digitalSignature']), authorityKeyIdExt(keyIdentifier(parsed.spkiDer))],
      signingKey: leafKeys.privateKey,
    });
    const pem = derToPem(der);
    refused(validateCertificate(pem, { trustAnchors: [root.certPem], intermediates: [signing.pem], at: NOW, usage: 'SIGNING' }), 'NOT_A_CA');
    const o = opensslVerify(pem, 'by-leaf.pem', ['-untrusted', write(dir, 'signing.pem', signing.pem)]);
    expect(o.ok).toBe(false);
    expect(o.output).toContain('invalid CA certificate');
  });

  test('PATH_LEN_EXCEEDED for root(pathLen 0) → openssl-made intermediate → leaf; openssl agrees', () => {
    const strict = rootCa('PathLen Zero Root', 0);
    write(dir, 'strict.pem', strict.certPem);
    write(dir, 'strict.key', strict.keyPem);
    write(dir, 'sub.cnf', ['[v3_sub]', 'basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign', 'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid'].join('\n'));
    opensslOk(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'sub.key', '-subj', '/CN=Sub CA beyond pathLen', '-out', 'sub.csr'], dir);
    opensslOk(['x509', '-req', '-in', 'sub.csr', '-CA', 'strict.pem', '-CAkey', 'strict.key', '-set_serial', '77', '-days', '30', '-extfile', 'sub.cnf', '-extensions', 'v3_sub', '-sha256', '-out', 'sub.pem'], dir);
    const sub = { certPem: fs.readFileSync(`${dir}/sub.pem`, 'utf8'), keyPem: fs.readFileSync(`${dir}/sub.key`, 'utf8') };
    const subNotBefore = certificateFacts(sub.certPem).notBefore; // openssl starts the validity "now"
    const leaf = issueCertificate({ publicKeyPem: rsaKeys().publicKeyPem, ca: sub, profile: 'SIGNING', subject: BIDDER, notBefore: subNotBefore, notAfter: at(10) });
    refused(validateCertificate(leaf.pem, { trustAnchors: [strict.certPem], intermediates: [sub.certPem], at: at(1), usage: 'SIGNING' }), 'PATH_LEN_EXCEEDED');
    const r = openssl(['verify', '-CAfile', 'strict.pem', '-untrusted', 'sub.pem', write(dir, 'deep-leaf.pem', leaf.pem)], dir);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('path length constraint exceeded');
    // the same shape under a root that allows one intermediate is fine
    const relaxed = createCertificateAuthority({ subject: { commonName: 'Relaxed Sub' }, notBefore: at(-1), notAfter: at(100), issuer: root });
    const ok = issueCertificate({ publicKeyPem: rsaKeys().publicKeyPem, ca: relaxed, profile: 'SIGNING', subject: BIDDER, notBefore: at(-1), notAfter: at(10) });
    expect(validateCertificate(ok.pem, { trustAnchors: [root.certPem], intermediates: [relaxed.certPem], at: NOW, usage: 'SIGNING' }).ok).toBe(true);
  });

  test.each([
    ['cA=true but without keyCertSign', true, ['cRLSign'] as const],
    ['keyCertSign but cA=false', false, ['keyCertSign', 'cRLSign'] as const],
  ])('NOT_A_CA for an issuer with %s', (_label, isCa, usages) => {
    const keys = rsaKeys();
    const parsedRoot = parseCertificatePem(root.certPem);
    const spkiDer = new Uint8Array(crypto.createPublicKey(keys.publicKeyPem).export({ type: 'spki', format: 'der' }));
    const name = buildName({ commonName: `Half a CA (${_label})` });
    const { der: caDer } = signCertificate({
      issuerNameDer: parsedRoot.subjectDer, subjectName: name, notBefore: at(-1), notAfter: at(100), spkiDer,
      extensions: [basicConstraintsExt(isCa), keyUsageExt([...usages]), subjectKeyIdExt(keyIdentifier(spkiDer)), authorityKeyIdExt(keyIdentifier(parsedRoot.spkiDer))],
      signingKey: crypto.createPrivateKey(root.keyPem),
    });
    const caPem = derToPem(caDer);
    const { der: leafDer } = signCertificate({
      issuerNameDer: parseCertificatePem(caPem).subjectDer, subjectName: buildName({ commonName: 'leaf' }), notBefore: at(-1), notAfter: at(10),
      spkiDer: new Uint8Array(crypto.createPublicKey(rsaKeys().publicKeyPem).export({ type: 'spki', format: 'der' })),
      extensions: [basicConstraintsExt(false), keyUsageExt(['digitalSignature'])], signingKey: keys.privateKey,
    });
    refused(validateCertificate(derToPem(leafDer), { trustAnchors: [root.certPem], intermediates: [caPem], at: NOW, usage: 'SIGNING' }), 'NOT_A_CA');
  });

  describe('a path search bounded against many same-subject self-issued CA certificates', () => {
    const keys = rsaKeys();
    const spkiDer = new Uint8Array(crypto.createPublicKey(keys.publicKeyPem).export({ type: 'spki', format: 'der' }));
    const loopName = buildName({ commonName: 'Loop CA' });
    const loopNameDer = derOf(loopName);
    const selfIssued = (n: number): string[] => Array.from({ length: n }, () => derToPem(signCertificate({
      issuerNameDer: loopNameDer, subjectName: buildName({ commonName: 'Loop CA' }), notBefore: at(-1), notAfter: at(100), spkiDer,
      extensions: [basicConstraintsExt(true), keyUsageExt(['keyCertSign', 'cRLSign'])], signingKey: keys.privateKey,
    }).der));
    const leaf = derToPem(signCertificate({
      issuerNameDer: loopNameDer, subjectName: buildName({ commonName: 'Loop leaf' }), notBefore: at(-1), notAfter: at(10),
      spkiDer: new Uint8Array(crypto.createPublicKey(rsaKeys().publicKeyPem).export({ type: 'spki', format: 'der' })),
      extensions: [basicConstraintsExt(false), keyUsageExt(['digitalSignature'])], signingKey: keys.privateKey,
    }).der);

    test('UNTRUSTED, quickly, for 10 mutually signing intermediates (fail closed, not exponential)', () => {
      const intermediates = selfIssued(10);
      const started = Date.now();
      refused(validateCertificate(leaf, { trustAnchors: [root.certPem], intermediates, at: NOW, usage: 'SIGNING' }), 'UNTRUSTED');
      expect(Date.now() - started).toBeLessThan(2000);
    });

    test('MALFORMED for more than 10 intermediates, before any signature is checked', () => {
      refused(validateCertificate(leaf, { trustAnchors: [root.certPem], intermediates: selfIssued(11), at: NOW, usage: 'SIGNING' }), 'MALFORMED');
    });
  });

  test('MALFORMED for a leaf with a critical extension the platform does not understand', () => {
    const parsedRoot = parseCertificatePem(root.certPem);
    const spkiDer = new Uint8Array(crypto.createPublicKey(rsaKeys().publicKeyPem).export({ type: 'spki', format: 'der' }));
    const unknownCritical = build.seq([build.oid('1.3.6.1.4.1.99999.1'), build.bool(true), build.octets(derOf(build.nul()))]);
    const sign = (extra: typeof unknownCritical[]) => derToPem(signCertificate({
      issuerNameDer: parsedRoot.subjectDer, subjectName: buildName({ commonName: 'odd' }), notBefore: at(-1), notAfter: at(10), spkiDer,
      extensions: [basicConstraintsExt(false), keyUsageExt(['digitalSignature']), authorityKeyIdExt(keyIdentifier(parsedRoot.spkiDer)), ...extra],
      signingKey: crypto.createPrivateKey(root.keyPem),
    }).der);
    expect(validateCertificate(sign([]), { trustAnchors: [root.certPem], at: NOW, usage: 'SIGNING' }).ok).toBe(true);
    refused(validateCertificate(sign([unknownCritical]), { trustAnchors: [root.certPem], at: NOW, usage: 'SIGNING' }), 'MALFORMED');
  });

  describe('MALFORMED input, never an exception', () => {
    const der = pemToDer(signing.pem);
    test.each([
      ['garbage text', 'hello world'],
      ['an empty string', ''],
      ['base64 garbage in PEM armour', derToPem(Buffer.from('definitely not DER'))],
      ['a truncated certificate', derToPem(der.subarray(0, der.length - 20))],
      ['trailing bytes after the DER', derToPem(Buffer.concat([der, Buffer.from([0x00])]))],
      ['a second certificate appended', signing.pem + root.certPem],
      ['text after the END line', `${signing.pem}extra\n`],
      ['a non-canonical length (0x82 00 xx)', derToPem(Buffer.concat([Buffer.from([0x30, 0x83, 0x00]), der.subarray(2)]))],
      ['a CSR label', signing.pem.replace(/CERTIFICATE/g, 'CERTIFICATE REQUEST')],
      ['undefined', undefined as unknown as string],
    ])('%s', (_label, input) => {
      refused(validateCertificate(input, { trustAnchors: [root.certPem], at: NOW, usage: 'SIGNING' }), 'MALFORMED');
    });

    test('a garbage trust anchor or intermediate, and an invalid date', () => {
      refused(validateCertificate(signing.pem, { trustAnchors: ['garbage'], at: NOW, usage: 'SIGNING' }), 'MALFORMED');
      refused(validateCertificate(signing.pem, { trustAnchors: [root.certPem], intermediates: ['x'], at: NOW, usage: 'SIGNING' }), 'MALFORMED');
      refused(validateCertificate(signing.pem, { trustAnchors: [root.certPem], at: new Date(NaN), usage: 'SIGNING' }), 'MALFORMED');
    });

    test('any single changed byte of a valid certificate is refused, without throwing', () => {
      fc.assert(fc.property(fc.nat(der.length - 1), fc.integer({ min: 1, max: 255 }), (pos, mask) => {
        const bad = Buffer.from(der);
        bad[pos] ^= mask;
        const r = validateCertificate(derToPem(bad), { trustAnchors: [root.certPem], at: NOW, usage: 'SIGNING' });
        expect(r.ok).toBe(false);
      }), { numRuns: 300 });
    });

    test('arbitrary strings never make it throw', () => {
      fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
        refused(validateCertificate(s, { trustAnchors: [root.certPem], at: NOW, usage: 'ANY' }), 'MALFORMED');
      }), { numRuns: 300 });
    });
  });
});

test('the leaf in the result is the validated one (facts match openssl)', () => {
  const out = opensslOk(['x509', '-in', write(dir, 'facts.pem', signing.pem), '-noout', '-serial', '-subject', '-nameopt', 'RFC2253,-esc_msb'], dir);
  const r = validateCertificate(signing.pem, { trustAnchors: [root.certPem], at: NOW, usage: 'SIGNING' });
  if (!r.ok) throw new Error(r.message);
  expect(out).toContain(`serial=${r.leaf.serialHex.toUpperCase()}`);
  expect(out).toContain(`subject=${r.leaf.subject}`);
});
