/** Certificate login end to end: challenge → signature with the certificate's key → chain, usage, validity, revocation. */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createCertificateAuthority, issueCertificate, readPkcs12, parseCrl } from '../../../crypto/pki';
import { Certificate, CertificateUsage } from '../../../api/src/modules/identity/certificate.entity';
import { User } from '../../../api/src/modules/identity/user.entity';
import { gql, loginAs, wsClient, wsOnce } from '../../support/graphql';
import { startTestApp, type TestApp } from '../../support/app';
import { advanceClock } from '../../support/projects';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ demo: true });
});
afterAll(() => app.close());

const CHALLENGE = 'mutation { requestLoginChallenge { nonce message expiresAt } }';
const CERT_LOGIN = 'mutation($i: CertificateLoginInput!) { loginWithCertificate(input: $i) { token user { username } errors { code message } } }';

async function demoCredential(file: string): Promise<{ key: KeyObject; certPem: string }> {
  const res = await fetch(`${app.baseUrl}/demo/certificates/${file}`);
  expect(res.status).toBe(200);
  const { keyPem, certPem } = readPkcs12(new Uint8Array(await res.arrayBuffer()), 'demo1234');
  return { key: (await import('node:crypto')).createPrivateKey(keyPem), certPem };
}

async function certificateLogin(certPem: string, key: KeyObject, tamper?: (message: string) => string) {
  const { nonce, message } = (await gql(app.graphqlUrl, CHALLENGE)).data!.requestLoginChallenge;
  const signature = sign('sha256', Buffer.from(tamper ? tamper(message) : message), key).toString('base64');
  const res = await gql(app.graphqlUrl, CERT_LOGIN, { i: { nonce, certificatePem: certPem, signature } });
  return { nonce, signature, payload: res.data!.loginWithCertificate };
}

test('a demo PKCS#12 signs the challenge and logs in; the token works over WebSocket too', async () => {
  const { key, certPem } = await demoCredential('bidder1-signing.p12');
  const { payload } = await certificateLogin(certPem, key);
  expect(payload).toMatchObject({ user: { username: 'bidder1' }, errors: [] });
  const client = wsClient(app.wsUrl, payload.token);
  try {
    expect((await wsOnce(client, '{ me { username } }')).data).toEqual({ me: { username: 'bidder1' } });
  } finally {
    await client.dispose();
  }
});

test('a challenge is used once', async () => {
  const { key, certPem } = await demoCredential('bidder2-signing.p12');
  const first = await certificateLogin(certPem, key);
  expect(first.payload.errors).toEqual([]);
  const replay = await gql(app.graphqlUrl, CERT_LOGIN, { i: { nonce: first.nonce, certificatePem: certPem, signature: first.signature } });
  expect(replay.data!.loginWithCertificate).toMatchObject({ token: null, errors: [{ code: 'CHALLENGE_INVALID' }] });
});

test('an expired challenge is refused (5 minutes, platform time)', async () => {
  const { key, certPem } = await demoCredential('bidder2-signing.p12');
  const { nonce, message } = (await gql(app.graphqlUrl, CHALLENGE)).data!.requestLoginChallenge;
  await advanceClock(app, 5 * 60_000 + 1000);
  const signature = sign('sha256', Buffer.from(message), key).toString('base64');
  const res = await gql(app.graphqlUrl, CERT_LOGIN, { i: { nonce, certificatePem: certPem, signature } });
  expect(res.data!.loginWithCertificate.errors[0].code).toBe('CHALLENGE_INVALID');
});

test('a signature over anything but the challenge is refused', async () => {
  const { key, certPem } = await demoCredential('bidder3-signing.p12');
  const { payload } = await certificateLogin(certPem, key, (m) => `${m}!`);
  expect(payload).toMatchObject({ token: null, errors: [{ code: 'SIGNATURE_INVALID' }] });
});

test('the key of another certificate does not sign for this one', async () => {
  const { certPem } = await demoCredential('bidder3-signing.p12');
  const { key } = await demoCredential('bidder1-signing.p12');
  expect((await certificateLogin(certPem, key)).payload.errors[0].code).toBe('SIGNATURE_INVALID');
});

test('an encryption certificate cannot be used to log in', async () => {
  const { key, certPem } = await demoCredential('bidder1-encryption.p12');
  expect((await certificateLogin(certPem, key)).payload.errors[0].code).toBe('CERTIFICATE_WRONG_USAGE');
});

test('a certificate from an unknown CA is untrusted', async () => {
  const now = new Date();
  const rogue = createCertificateAuthority({ subject: { commonName: 'tenderhall Platform CA (development)' }, notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + 86400_000) });
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const leaf = issueCertificate({ publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), ca: rogue, profile: 'SIGNING', subject: { commonName: '投标人 张伟' }, notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + 86400_000) });
  expect((await certificateLogin(leaf.pem, privateKey)).payload.errors[0].code).toBe('CERTIFICATE_UNTRUSTED');
});

test('garbage is a malformed certificate, with a clear message', async () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  for (const garbage of ['hello', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', '']) {
    const { payload } = await certificateLogin(garbage, privateKey);
    expect(payload.errors[0]).toMatchObject({ code: 'CERTIFICATE_MALFORMED', message: expect.stringMatching(/\w+/) });
  }
});

test('a valid platform certificate that no account holds is unknown', async () => {
  const em = app.platform.services.orm.em.fork();
  const ca = await app.platform.services.pki.authority(em);
  const now = new Date();
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const leaf = issueCertificate({ publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), ca, profile: 'SIGNING', subject: { commonName: 'stranger' }, notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + 86400_000) });
  expect((await certificateLogin(leaf.pem, privateKey)).payload.errors[0].code).toBe('CERTIFICATE_UNKNOWN');
});

test('a certificate is refused once it has expired (platform time)', async () => {
  const em = app.platform.services.orm.em.fork();
  const ca = await app.platform.services.pki.authority(em);
  const user = await em.findOneOrFail(User, { username: 'expert3' }, { populate: ['organisation'] });
  const now = await app.platform.services.clock.now(em);
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const leaf = issueCertificate({ publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), ca, profile: 'SIGNING', subject: { commonName: 'expert3' }, notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + 3600_000) });
  em.create(Certificate, { serialHex: leaf.serialHex, issuerFingerprintSha256: ca.fingerprintSha256, fingerprintSha256: leaf.fingerprintSha256, usage: CertificateUsage.SIGNING, subject: leaf.subject, pem: leaf.pem, user, organisation: user.organisation, notBefore: leaf.notBefore, notAfter: leaf.notAfter });
  await em.flush();
  expect((await certificateLogin(leaf.pem, privateKey)).payload.errors).toEqual([]);
  await advanceClock(app, 2 * 3600_000);
  expect((await certificateLogin(leaf.pem, privateKey)).payload.errors[0].code).toBe('CERTIFICATE_EXPIRED');
});

test('a revoked certificate is refused, and the CRL lists it', async () => {
  const { key, certPem } = await demoCredential('expert1-signing.p12');
  expect((await certificateLogin(certPem, key)).payload.errors).toEqual([]);
  const admin = await loginAs(app.graphqlUrl, 'admin');
  const expert = await gql(app.graphqlUrl, '{ users(first: 100) { edges { node { id username } } } }', {}, admin);
  const expertId = expert.data!.users.edges.find((e: any) => e.node.username === 'expert1').node.id;
  const certs = await gql(app.graphqlUrl, 'query($u: ID!) { certificates(userId: $u) { id usage serialHex } }', { u: expertId }, admin);
  const signing = certs.data!.certificates.find((c: any) => c.usage === 'SIGNING');
  const revoke = await gql(app.graphqlUrl, 'mutation($c: ID!) { revokeCertificate(input: {certificateId: $c, reason: keyCompromise}) { certificate { status revokedAt } errors { code } } }', { c: signing.id }, admin);
  expect(revoke.data!.revokeCertificate).toMatchObject({ certificate: { status: 'REVOKED' }, errors: [] });
  expect((await certificateLogin(certPem, key)).payload.errors[0].code).toBe('CERTIFICATE_REVOKED');

  const crlPem = await (await fetch(`${app.baseUrl}/pki/crl.pem`)).text();
  const caPem = await (await fetch(`${app.baseUrl}/pki/ca.pem`)).text();
  expect(parseCrl(crlPem, caPem).revokedSerials.has(signing.serialHex)).toBe(true);

  const again = await gql(app.graphqlUrl, 'mutation($c: ID!) { revokeCertificate(input: {certificateId: $c, reason: keyCompromise}) { errors { code } } }', { c: signing.id }, admin);
  expect(again.data!.revokeCertificate.errors).toEqual([{ code: 'ALREADY_REVOKED' }]);
});

test('every failed certificate login is audited with its code', async () => {
  const supervisor = await loginAs(app.graphqlUrl, 'supervisor');
  const res = await gql(app.graphqlUrl, '{ auditRecords(first: 100, filter: {operation: "loginWithCertificate", outcome: FAILED}) { edges { node { errorCode } } } }', {}, supervisor);
  const codes = new Set(res.data!.auditRecords.edges.map((e: any) => e.node.errorCode));
  for (const code of ['CHALLENGE_INVALID', 'SIGNATURE_INVALID', 'CERTIFICATE_WRONG_USAGE', 'CERTIFICATE_UNTRUSTED', 'CERTIFICATE_MALFORMED', 'CERTIFICATE_UNKNOWN', 'CERTIFICATE_EXPIRED', 'CERTIFICATE_REVOKED']) {
    expect([code, codes.has(code)]).toEqual([code, true]);
  }
});
