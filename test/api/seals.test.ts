/**
 * Electronic seals end to end: a user whose signing key never leaves the test gets `mySeal` over
 * HTTP, seals a document with its own key (crypto/eseal sealDocument), and the platform verifies the
 * sealed signature (services.seals.verify) against its seal authority, trust anchors and register.
 */
import { createHash } from 'node:crypto';
import { fromBase64, utf8 } from '../../crypto/bytes';
import { canonicalJsonBytes } from '../../crypto/canonical-json';
import { createSignedData, rsaSha256Signer } from '../../crypto/cms';
import { encodeSealEnvelope, issueSeal, openSealRecord, renderSealSvg, sealDocument } from '../../crypto/eseal';
import { certificateFacts } from '../../crypto/pki';
import { PlatformSecret } from '../../api/src/modules/identity/platform-secret.entity';
import { bidderWithOwnKeys, type BidderKeys } from '../support/bidder';
import { gql, loginAs } from '../support/graphql';
import { startTestApp, type TestApp } from '../support/app';

jest.setTimeout(120_000);

const MY_SEAL = `{ mySeal {
  seal { sealRecordBase64 sealId name organisationName organisationId validFrom validTo allowedCertificateSha256 imageDataUrl authorityCertificatePem }
  errors { code message } } }`;

let app: TestApp;
let bidder1: BidderKeys;
let bidder2: BidderKeys;

const services = () => app.platform.services;
const em = () => services().orm.em.fork();
const now = () => services().clock.now(em());
const fingerprint = (pem: string) => certificateFacts(pem).fingerprintSha256;
const DOCUMENT = utf8('开标记录表\n项目 TH-2026-007 标段 1\n投标人 华东建设集团有限公司 报价 1234567.89 元\n');

async function mySeal(token: string) {
  const res = await gql(app.graphqlUrl, MY_SEAL, {}, token);
  expect(res.errors).toBeUndefined();
  return res.data!.mySeal;
}

/** What the browser does: fetch mySeal, seal the document with the user's own key. */
async function sealAs(bidder: BidderKeys, document = DOCUMENT, signingTime?: Date): Promise<Uint8Array> {
  const { seal } = await mySeal(bidder.token);
  const { envelope } = await sealDocument({
    document,
    sealRecord: fromBase64(seal.sealRecordBase64),
    signerCertificate: bidder.signing.certPem,
    sign: await rsaSha256Signer(bidder.signing.keyPem),
    signingTime: signingTime ?? (await now()),
    purpose: 'opening-record',
  });
  return envelope;
}

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  bidder1 = await bidderWithOwnKeys(app, await loginAs(app.graphqlUrl, 'bidder1'));
  bidder2 = await bidderWithOwnKeys(app, await loginAs(app.graphqlUrl, 'bidder2'));
});
afterAll(() => app.close());

test('mySeal is a PERSONAL seal of the platform seal authority, bound to the caller’s valid signing certificates, valid one day', async () => {
  const before = await now();
  const { seal, errors } = await mySeal(bidder1.token);
  expect(errors).toEqual([]);
  expect(seal).toMatchObject({ name: '投标人 张伟 电子签名', organisationName: '华东建设集团有限公司', organisationId: '91350100MA0000003X' });
  expect(seal.imageDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
  expect(Buffer.from(seal.imageDataUrl.split(',')[1], 'base64').toString('utf8')).toContain('投标人 张伟');

  // the demo signing certificate and the one made from the bidder's own CSR; never an encryption certificate
  expect(seal.allowedCertificateSha256).toHaveLength(2);
  expect(seal.allowedCertificateSha256).toContain(fingerprint(bidder1.signing.certPem));
  expect(seal.allowedCertificateSha256).not.toContain(fingerprint(bidder1.encryption.certPem));

  const validFrom = Date.parse(seal.validFrom);
  const validTo = Date.parse(seal.validTo);
  expect(validFrom).toBeLessThanOrEqual(before.getTime());
  expect(validTo - validFrom).toBe(86400_000 + 60_000);

  // the signed record is what the view says, signed by the seal authority of the platform CA
  const opened = await openSealRecord(fromBase64(seal.sealRecordBase64));
  expect(opened.record).toMatchObject({ v: 'eseal/1', kind: 'PERSONAL', sealId: seal.sealId, allowedCertificates: [...seal.allowedCertificateSha256].sort() });
  const authorityPem = (await services().seals.authority(em())).certPem;
  expect(seal.authorityCertificatePem).toBe(authorityPem);
  expect(createHash('sha256').update(opened.authorityCertificate).digest('hex')).toBe(fingerprint(authorityPem));
  const validation = await services().pki.validate(em(), authorityPem, 'SIGNING', await now());
  expect(validation.ok).toBe(true);
});

test('each mySeal is a fresh seal record', async () => {
  const a = (await mySeal(bidder1.token)).seal;
  const b = (await mySeal(bidder1.token)).seal;
  expect(a.sealId).not.toBe(b.sealId);
});

test('a user without a signing certificate gets NO_SIGNING_CERTIFICATE (and issueFor throws it)', async () => {
  const admin = await loginAs(app.graphqlUrl, 'admin');
  const created = await gql(app.graphqlUrl, 'mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code } } }',
    { i: { username: 'nocert', displayName: '无证书用户', organisationId: bidder1.organisationId, roles: ['BIDDER'], password: 'long-enough' } }, admin);
  const userId = created.data!.createUser.user.id as string;
  const res = await mySeal(await loginAs(app.graphqlUrl, 'nocert', 'long-enough'));
  expect(res).toEqual({ seal: null, errors: [{ code: 'NO_SIGNING_CERTIFICATE', message: expect.any(String) }] });
  await expect(services().seals.issueFor(em(), userId, await now())).rejects.toMatchObject({ code: 'NO_SIGNING_CERTIFICATE' });
});

test('the seal authority is created once: bootstrapping again changes nothing', async () => {
  const before = (await services().seals.authority(em())).certPem;
  await em().transactional((tx) => services().seals.bootstrap(tx));
  const rows = await em().find(PlatformSecret, { name: { $like: 'seal-authority.%' } });
  expect(rows.map((r) => r.name).sort()).toEqual(['seal-authority.crt', 'seal-authority.key']);
  expect(rows.find((r) => r.name === 'seal-authority.crt')!.value).toBe(before);
});

test('a document sealed with the user’s own key verifies for that user', async () => {
  const envelope = await sealAs(bidder1);
  const result = await services().seals.verify(em(), DOCUMENT, envelope, { userId: bidder1.userId, at: await now() });
  expect(result).toEqual({
    ok: true,
    sealId: expect.stringMatching(/^PS-/),
    signerCertificateSha256: fingerprint(bidder1.signing.certPem),
    signerName: '投标人 张伟',
    organisationName: '华东建设集团有限公司',
    signingTime: expect.any(Date),
  });
});

test('refuses the seal when another user is expected (certificate registered to someone else)', async () => {
  const envelope = await sealAs(bidder1);
  const result = await services().seals.verify(em(), DOCUMENT, envelope, { userId: bidder2.userId, at: await now() });
  expect(result).toMatchObject({ ok: false, code: 'SIGNER_NOT_REGISTERED' });
});

test('refuses another user’s certificate used with my seal record', async () => {
  const { seal } = await mySeal(bidder1.token);
  const sealRecord = fromBase64(seal.sealRecordBase64);
  const signingTime = new Date(Math.floor((await now()).getTime() / 1000) * 1000);
  const opened = await openSealRecord(sealRecord);
  // bidder2 signs a statement naming bidder1's seal (sealDocument itself refuses to do this)
  const statement = await createSignedData({
    content: canonicalJsonBytes({
      v: 'eseal-sig/1',
      documentSha256: createHash('sha256').update(DOCUMENT).digest('hex'),
      sealRecordSha256: opened.sha256,
      signingTime: signingTime.toISOString(),
      signerCertificateSha256: fingerprint(bidder2.signing.certPem),
    }),
    signerCertificate: bidder2.signing.certPem,
    sign: await rsaSha256Signer(bidder2.signing.keyPem),
    signingTime,
    detached: false,
  });
  const envelope = encodeSealEnvelope({ statement, sealRecord });
  for (const userId of [bidder1.userId, bidder2.userId]) {
    expect(await services().seals.verify(em(), DOCUMENT, envelope, { userId, at: await now() })).toMatchObject({ ok: false, code: 'SIGNER_NOT_ALLOWED' });
  }
});

test('refuses an altered document', async () => {
  const envelope = await sealAs(bidder1);
  const altered = utf8(new TextDecoder().decode(DOCUMENT).replace('1234567.89', '1234567.80'));
  const result = await services().seals.verify(em(), altered, envelope, { userId: bidder1.userId, at: await now() });
  expect(result).toMatchObject({ ok: false, code: 'DOCUMENT_MISMATCH' });
});

test('refuses a seal record not signed by the platform seal authority, even by a certificate of the platform CA', async () => {
  // bidder1 plays seal authority with its own platform-issued signing certificate
  const signingTime = await now();
  const forged = await issueSeal({
    sealId: 'PS-forged', name: '监督员 王敏 电子签名', kind: 'PERSONAL', organisationName: '示范市财政局政府采购监督管理处',
    image: { mediaType: 'image/svg+xml', bytes: utf8(renderSealSvg({ organisationName: '示范市财政局政府采购监督管理处', kind: 'PERSONAL' })) },
    validFrom: new Date(signingTime.getTime() - 60_000), validTo: new Date(signingTime.getTime() + 86400_000),
    allowedCertificates: [bidder1.signing.certPem], issuedAt: signingTime,
  }, { certificate: bidder1.signing.certPem, sign: await rsaSha256Signer(bidder1.signing.keyPem) });
  const { envelope } = await sealDocument({
    document: DOCUMENT, sealRecord: forged.signedRecord, signerCertificate: bidder1.signing.certPem, sign: await rsaSha256Signer(bidder1.signing.keyPem), signingTime,
  });
  const result = await services().seals.verify(em(), DOCUMENT, envelope, { userId: bidder1.userId, at: await now() });
  expect(result).toMatchObject({ ok: false, code: 'SEAL_RECORD_INVALID' });
});

test('a revoked certificate: sealed before the revocation verifies at that time, not after; no longer in new seals', async () => {
  const sealedAt = await now();
  const envelope = await sealAs(bidder2, DOCUMENT, sealedAt);
  const certs = (await gql(app.graphqlUrl, '{ myCertificates { id fingerprintSha256 } }', {}, bidder2.token)).data!.myCertificates as { id: string; fingerprintSha256: string }[];
  const own = certs.find((c) => c.fingerprintSha256 === fingerprint(bidder2.signing.certPem))!;
  await services().clock.advance(em(), 5_000);
  const revoked = await gql(app.graphqlUrl, 'mutation($c: ID!) { revokeCertificate(input: {certificateId: $c, reason: keyCompromise}) { errors { code } } }', { c: own.id }, bidder2.token);
  expect(revoked.data!.revokeCertificate.errors).toEqual([]);

  expect(await services().seals.verify(em(), DOCUMENT, envelope, { userId: bidder2.userId, at: new Date(sealedAt.getTime() + 1000) })).toMatchObject({ ok: true });
  expect(await services().seals.verify(em(), DOCUMENT, envelope, { userId: bidder2.userId, at: await now() })).toMatchObject({ ok: false, code: 'CERTIFICATE_REVOKED' });

  const { seal } = await mySeal(bidder2.token);
  expect(seal.allowedCertificateSha256).not.toContain(own.fingerprintSha256);
  expect(seal.allowedCertificateSha256).toHaveLength(1); // the demo certificate remains
});
