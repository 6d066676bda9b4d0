/**
 * The sealed floor price is a standard CMS AuthEnvelopedData: `openssl cms -decrypt` opens what
 * FloorSeal.seal stores with the platform floor key or with the project's opening key, and both
 * recipients are named in it. Floors sealed in the earlier JSON format (v1) still open.
 */
import { constants, createPublicKey, generateKeyPairSync, publicEncrypt, randomBytes, randomUUID, createCipheriv } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fromBase64 } from '../../../crypto/bytes';
import { canonicalJson } from '../../../crypto/canonical-json';
import { decodeAuthEnveloped, recipientsFor } from '../../../crypto/cms';
import { certificateFacts, issueCertificate } from '../../../crypto/pki';
import { FLOOR_CERTIFICATE, FLOOR_KEY, FloorSeal, floorCommitment } from '../../../api/src/modules/listing/floor-seal';
import { PlatformSecret } from '../../../api/src/modules/identity/platform-secret.entity';
import { startTestApp, type TestApp } from '../../support/app';
import { runOpenssl, runOpensslOk } from '../../support/openssl';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenderhall-floor-'));
const file = (name: string) => path.join(dir, name);
const openssl = (...args: string[]) => runOpensslOk(args, { cwd: dir }).toString('utf8');

let app: TestApp;
beforeAll(async () => { app = await startTestApp({ demo: false }); });
afterAll(async () => {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const em = () => app.platform.services.orm.em.fork();
const secret = async (name: string) => (await em().findOneOrFail(PlatformSecret, { name })).value;
const floorSeal = () => new FloorSeal(app.platform.services.clock, app.platform.services.pki);

/** What the opening key ceremony makes: an ENCRYPTION certificate of the platform CA. */
async function openingKey(): Promise<{ keyPem: string; certPem: string }> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = new Date();
  const certPem = issueCertificate({
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    ca: await app.platform.services.pki.authority(em()),
    profile: 'ENCRYPTION',
    subject: { commonName: '开标密钥 TEST', country: 'CN' },
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + 86400_000),
  }).pem;
  return { keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), certPem };
}

/** The format before CMS, as the old FloorSeal.seal wrote it (only the platform entry matters for opening). */
function sealV1(publicKeyPem: string, amount: string, salt: string): string {
  const cek = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', cek, iv);
  const ciphertext = Buffer.concat([cipher.update(canonicalJson({ amount, salt }), 'utf8'), cipher.final()]);
  const wrapped = publicEncrypt({ key: publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, cek).toString('base64');
  return JSON.stringify({ v: 'tenderhall/floor-seal/v1', iv: iv.toString('base64'), ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64'), opening: wrapped, platform: wrapped });
}

test('a floor key from before the CMS format gains a certificate and still opens its v1 seals', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  await em().transactional(async (tx) => {
    tx.create(PlatformSecret, { name: FLOOR_KEY, value: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
    tx.create(PlatformSecret, { name: 'listing.floor.pub', value: publicKeyPem });
  });
  const projectId = randomUUID();
  const old = sealV1(publicKeyPem, '880000.00', 'ab'.repeat(16));
  const opened = await em().transactional((tx) => floorSeal().open(tx, projectId, old, floorCommitment(projectId, '880000.00', 'ab'.repeat(16))));
  expect(opened).toEqual({ amount: '880000.00', salt: 'ab'.repeat(16) });
  await expect(em().transactional((tx) => floorSeal().open(tx, projectId, old, floorCommitment(projectId, '880000.01', 'ab'.repeat(16))))).rejects.toThrow(/does not match its commitment/);
  const certificate = certificateFacts(await secret(FLOOR_CERTIFICATE));
  expect(certificate.publicKeyPem).toBe(createPublicKey(publicKeyPem).export({ type: 'spki', format: 'pem' }).toString()); // the same key, now certified
});

test('openssl cms -decrypt opens a sealed floor with the platform floor key and with the opening key; both recipients are named', async () => {
  const opening = await openingKey();
  const projectId = randomUUID();
  const { sealed, commitment } = await em().transactional((tx) => floorSeal().seal(tx, projectId, '1150000.00', opening.certPem));
  expect(sealed).not.toContain('1150000');
  const der = fromBase64(sealed);
  fs.writeFileSync(file('floor.cms'), der);
  fs.writeFileSync(file('floor.key'), await secret(FLOOR_KEY));
  fs.writeFileSync(file('floor.crt'), await secret(FLOOR_CERTIFICATE));
  fs.writeFileSync(file('opening.key'), opening.keyPem);
  fs.writeFileSync(file('opening.crt'), opening.certPem);

  for (const [key, cert] of [['floor.key', 'floor.crt'], ['opening.key', 'opening.crt']]) {
    const plain = JSON.parse(openssl('cms', '-decrypt', '-inform', 'DER', '-in', 'floor.cms', '-inkey', key, '-recip', cert, '-binary'));
    expect(plain.amount).toBe('1150000.00');
    expect(floorCommitment(projectId, plain.amount, plain.salt)).toBe(commitment); // what openssl reads is what the ledger committed to
  }
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  fs.writeFileSync(file('stranger.key'), stranger);
  expect(runOpenssl(['cms', '-decrypt', '-inform', 'DER', '-in', 'floor.cms', '-inkey', 'stranger.key', '-recip', 'floor.crt'], { cwd: dir }).status).not.toBe(0);

  const printed = openssl('cms', '-cmsout', '-print', '-inform', 'DER', '-in', 'floor.cms');
  expect(printed).toMatch(/contentType: id-smime-ct-authEnvelopedData/);
  expect(printed.match(/d\.ktri:/g)).toHaveLength(2);
  expect(printed.match(/rsaesOaep/g)).toHaveLength(2);
  const envelope = decodeAuthEnveloped(der);
  expect(envelope.recipients).toHaveLength(2);
  expect(recipientsFor(envelope, opening.certPem)).toHaveLength(1);
  expect(recipientsFor(envelope, await secret(FLOOR_CERTIFICATE))).toHaveLength(1);

  const opened = await em().transactional((tx) => floorSeal().open(tx, projectId, sealed, commitment));
  expect(opened.amount).toBe('1150000.00');
  await expect(em().transactional((tx) => floorSeal().open(tx, randomUUID(), sealed, commitment))).rejects.toThrow(/does not match its commitment/);
});
