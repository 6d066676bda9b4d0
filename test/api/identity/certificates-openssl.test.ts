/**
 * Certificates with standard tools: a CSR made by openssl is issued by the platform CA and verified by
 * `openssl verify`; an external CA configured by TRUST_ANCHORS is trusted for registration and login.
 */
import { createPrivateKey, sign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gql, loginAs } from '../../support/graphql';
import { startTestApp, type TestApp } from '../../support/app';
import { runOpensslOk } from '../../support/openssl';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenderhall-openssl-'));
const openssl = (...args: string[]) => runOpensslOk(args, { cwd: dir }).toString('utf8');
const file = (name: string) => path.join(dir, name);

let app: TestApp;
let admin: string;

beforeAll(async () => {
  // An external CA (say, a provincial CA) and a signing certificate it issued.
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ext-ca.key', '-out', 'ext-ca.pem', '-subj', '/C=CN/O=Provincial CA/CN=Provincial Root CA', '-days', '30', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ext-leaf.key', '-out', 'ext-leaf.csr', '-subj', '/C=CN/CN=External Expert');
  fs.writeFileSync(file('leaf.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
  openssl('x509', '-req', '-in', 'ext-leaf.csr', '-CA', 'ext-ca.pem', '-CAkey', 'ext-ca.key', '-CAcreateserial', '-out', 'ext-leaf.pem', '-days', '10', '-extfile', 'leaf.ext');
  app = await startTestApp({ demo: true, env: { TRUST_ANCHORS: file('ext-ca.pem') } });
  admin = await loginAs(app.graphqlUrl, 'admin');
});
afterAll(async () => {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const userId = async (username: string) => {
  const res = await gql(app.graphqlUrl, '{ users(first: 100) { edges { node { id username } } } }', {}, admin);
  return res.data!.users.edges.find((e: any) => e.node.username === username).node.id as string;
};

test('a CSR from openssl is issued by the platform CA; openssl verifies the chain and the key usage', async () => {
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'own.key', '-out', 'own.csr', '-subj', '/CN=ignored by the CA');
  const bidder = await loginAs(app.graphqlUrl, 'bidder2');
  const res = await gql(app.graphqlUrl, 'mutation($i: IssueCertificateInput!) { issueCertificate(input: $i) { certificate { pem subject usage status } errors { code message } } }', { i: { userId: await userId('bidder2'), usage: 'ENCRYPTION', csrPem: fs.readFileSync(file('own.csr'), 'utf8') } }, bidder);
  const { certificate, errors } = res.data!.issueCertificate;
  expect(errors).toEqual([]);
  expect(certificate).toMatchObject({ usage: 'ENCRYPTION', status: 'VALID' });
  expect(certificate.subject).toMatch(/投标人 刘洋/); // the CA sets the subject from the account, not from the CSR
  expect(certificate.subject).toMatch(/91350100MA00000041/);
  fs.writeFileSync(file('own.pem'), certificate.pem);
  fs.writeFileSync(file('platform-ca.pem'), await (await fetch(`${app.baseUrl}/pki/ca.pem`)).text());
  expect(openssl('verify', '-CAfile', 'platform-ca.pem', 'own.pem')).toMatch(/own.pem: OK/);
  const text = openssl('x509', '-in', 'own.pem', '-noout', '-text');
  expect(text).toMatch(/Key Encipherment/);
  expect(text).not.toMatch(/Digital Signature/);
  expect(openssl('x509', '-in', 'own.pem', '-noout', '-pubkey')).toBe(openssl('req', '-in', 'own.csr', '-noout', '-pubkey'));
});

test('the CRL is accepted by openssl and a revoked certificate fails `openssl verify -crl_check`', async () => {
  const res = await gql(app.graphqlUrl, '{ myCertificates { id usage } }', {}, await loginAs(app.graphqlUrl, 'bidder2'));
  const own = res.data!.myCertificates.find((c: any) => c.usage === 'ENCRYPTION' && c.id);
  const bidder = await loginAs(app.graphqlUrl, 'bidder2');
  const revoke = await gql(app.graphqlUrl, 'mutation($c: ID!) { revokeCertificate(input: {certificateId: $c, reason: superseded}) { errors { code } } }', { c: own.id }, bidder);
  expect(revoke.data!.revokeCertificate.errors).toEqual([]);
  fs.writeFileSync(file('platform.crl'), await (await fetch(`${app.baseUrl}/pki/crl.pem`)).text());
  expect(openssl('crl', '-in', 'platform.crl', '-CAfile', 'platform-ca.pem', '-noout', '-verify')).toBe('');
  const mine = (await gql(app.graphqlUrl, '{ myCertificates { id pem } }', {}, bidder)).data!.myCertificates.find((c: any) => c.id === own.id);
  fs.writeFileSync(file('revoked.pem'), mine.pem);
  expect(() => openssl('verify', '-crl_check', '-CRLfile', 'platform.crl', '-CAfile', 'platform-ca.pem', 'revoked.pem')).toThrow(/certificate revoked/);
});

test('a certificate of a configured external CA can be registered to a user and used to log in', async () => {
  const pem = fs.readFileSync(file('ext-leaf.pem'), 'utf8');
  const reg = await gql(app.graphqlUrl, 'mutation($i: RegisterCertificateInput!) { registerCertificate(input: $i) { certificate { subject status } errors { code message } } }', { i: { userId: await userId('expert4'), usage: 'SIGNING', certificatePem: pem } }, admin);
  expect(reg.data!.registerCertificate).toMatchObject({ certificate: { status: 'VALID' }, errors: [] });
  const { nonce, message } = (await gql(app.graphqlUrl, 'mutation { requestLoginChallenge { nonce message } }')).data!.requestLoginChallenge;
  const signature = sign('sha256', Buffer.from(message), createPrivateKey(fs.readFileSync(file('ext-leaf.key')))).toString('base64');
  const login = await gql(app.graphqlUrl, 'mutation($i: CertificateLoginInput!) { loginWithCertificate(input: $i) { user { username } errors { code } } }', { i: { nonce, certificatePem: pem, signature } });
  expect(login.data!.loginWithCertificate).toEqual({ user: { username: 'expert4' }, errors: [] });

  const twice = await gql(app.graphqlUrl, 'mutation($i: RegisterCertificateInput!) { registerCertificate(input: $i) { errors { code } } }', { i: { userId: await userId('expert4'), usage: 'SIGNING', certificatePem: pem } }, admin);
  expect(twice.data!.registerCertificate.errors).toEqual([{ code: 'CERTIFICATE_ALREADY_REGISTERED' }]);
});

test('a certificate of an unconfigured CA cannot be registered', async () => {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'self.key', '-out', 'self.pem', '-subj', '/CN=Self Signed', '-days', '5', '-addext', 'keyUsage=critical,digitalSignature');
  const reg = await gql(app.graphqlUrl, 'mutation($i: RegisterCertificateInput!) { registerCertificate(input: $i) { certificate { id } errors { code message } } }', { i: { userId: await userId('expert5'), usage: 'SIGNING', certificatePem: fs.readFileSync(file('self.pem'), 'utf8') } }, admin);
  expect(reg.data!.registerCertificate).toMatchObject({ certificate: null, errors: [{ code: 'CERTIFICATE_INVALID', message: expect.any(String) }] });
});
