/**
 * The sealed floor price (底价, rule 30). Choice: a CMS AuthEnvelopedData (RFC 5083/5084, crypto/cms —
 * the same format as sealed bids) with two KeyTransRecipientInfos (RSA-OAEP-SHA-256): the project's
 * opening certificate, so that k of the custodians can open it independently, and the platform's floor
 * key (a platform secret with a certificate of the platform CA, since CMS names recipients by issuer and
 * serial), so that the clock-driven close can decide the outcome on time without waiting for custodians.
 * Being standard, a sealed floor opens with `openssl cms -decrypt` and either key — no code of ours is
 * needed to check it. Only the close step (ListingService.close) unwraps it. At entry a commitment
 * SHA-256 over {projectId, amount, salt} goes to the ledger; at the close the amount and salt are
 * revealed and logged, so anyone can check that the floor used is the one entered, and nobody — the
 * platform included — can change it. Stored as base64 of the DER; floors sealed before this format
 * (JSON, tenderhall/floor-seal/v1) still open with the same platform key.
 */
import { constants, createDecipheriv, createPublicKey, generateKeyPairSync, privateDecrypt, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { fromBase64, fromUtf8, toBase64, utf8, zeroise } from '../../../../crypto/bytes';
import { canonicalJson } from '../../../../crypto/canonical-json';
import { decodeAuthEnveloped, decryptContent, encryptAuthEnveloped, importOaepPrivateKey, unwrapContentKey } from '../../../../crypto/cms';
import { certificateFacts, issueCertificate } from '../../../../crypto/pki';
import type { Clock } from '../../clock';
import { validityFrom } from '../identity/certificate-records';
import type { PlatformPkiService } from '../identity/platform-pki.service';
import { PlatformSecret } from '../identity/platform-secret.entity';
import { sha256Hex } from '../../sha256';

export const FLOOR_KEY = 'listing.floor.key';
export const FLOOR_CERTIFICATE = 'listing.floor.crt';
const FLOOR_CERT_YEARS = 10;

interface FloorKey { privatePem: string; certificatePem: string; privateKey: CryptoKey }

export const floorCommitment = (projectId: string, amount: string, salt: string): string =>
  sha256Hex(canonicalJson({ v: 'tenderhall/floor-commitment/v1', projectId, amount, salt }));

export class FloorSeal {
  private key?: FloorKey;

  constructor(
    private readonly clock: Clock,
    private readonly pki: PlatformPkiService,
  ) {}

  /** Seal `amount`; returns the stored text (base64 DER AuthEnvelopedData) and the commitment to log. */
  async seal(em: EntityManager, projectId: string, amount: string, openingCertificatePem: string): Promise<{ sealed: string; commitment: string }> {
    const salt = randomBytes(16).toString('hex');
    const key = await this.platformKey(em);
    const { der, cek } = await encryptAuthEnveloped(utf8(canonicalJson({ amount, salt })), [openingCertificatePem, key.certificatePem]);
    zeroise(cek);
    return { sealed: toBase64(der), commitment: floorCommitment(projectId, amount, salt) };
  }

  /** Open at the close; the amount must match the commitment logged at entry. */
  async open(em: EntityManager, projectId: string, sealedText: string, commitment: string): Promise<{ amount: string; salt: string }> {
    const key = await this.platformKey(em);
    const plain = JSON.parse(sealedText.startsWith('{') ? openV1(sealedText, key.privatePem) : await openCms(sealedText, key)) as { amount: string; salt: string };
    if (floorCommitment(projectId, plain.amount, plain.salt) !== commitment) throw new Error('the sealed floor price does not match its commitment');
    return plain;
  }

  /** The platform floor key and its certificate, made once (advisory lock: safe with several processes). */
  private async platformKey(em: EntityManager): Promise<FloorKey> {
    if (this.key) return this.key;
    let key = await em.findOne(PlatformSecret, { name: FLOOR_KEY });
    let certificate = await em.findOne(PlatformSecret, { name: FLOOR_CERTIFICATE });
    if (!key || !certificate) {
      await em.execute('select pg_advisory_xact_lock(7170009)');
      key = await em.findOne(PlatformSecret, { name: FLOOR_KEY }, { refresh: true });
      certificate = await em.findOne(PlatformSecret, { name: FLOOR_CERTIFICATE }, { refresh: true });
      if (!key || !certificate) {
        // a key from before the certificates (v1 seals) keeps serving: it only gains its certificate
        key ??= em.create(PlatformSecret, { name: FLOOR_KEY, value: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
        certificate = em.create(PlatformSecret, { name: FLOOR_CERTIFICATE, value: await this.certify(em, key.value) });
        await em.flush();
        return { privatePem: key.value, certificatePem: certificate.value, privateKey: await importOaepPrivateKey(key.value) }; // cached only once committed and read back
      }
    }
    this.key = { privatePem: key.value, certificatePem: certificate.value, privateKey: await importOaepPrivateKey(key.value) };
    return this.key;
  }

  /** An ENCRYPTION certificate of the platform CA for the floor key (within the CA's validity). */
  private async certify(em: EntityManager, privatePem: string): Promise<string> {
    const ca = await this.pki.authority(em);
    const now = await this.clock.now(em);
    return issueCertificate({
      publicKeyPem: createPublicKey(privatePem).export({ type: 'spki', format: 'pem' }).toString(),
      ca,
      profile: 'ENCRYPTION',
      subject: { commonName: 'tenderhall 底价密封', organization: 'tenderhall 公共资源交易中心', country: 'CN' },
      ...validityFrom(now, FLOOR_CERT_YEARS * 365, certificateFacts(ca.certPem).notAfter),
    }).pem;
  }
}

async function openCms(sealedText: string, key: FloorKey): Promise<string> {
  const envelope = decodeAuthEnveloped(fromBase64(sealedText));
  const cek = await unwrapContentKey(envelope, key.privateKey, key.certificatePem);
  try {
    return fromUtf8(await decryptContent(envelope, cek));
  } finally {
    zeroise(cek);
  }
}

/** tenderhall/floor-seal/v1: {iv, ciphertext, tag} AES-256-GCM, the CEK wrapped RSA-OAEP-SHA-256 in `platform`. */
function openV1(sealedText: string, privatePem: string): string {
  const sealed = JSON.parse(sealedText) as { v: string; iv: string; ciphertext: string; tag: string; platform: string };
  if (sealed.v !== 'tenderhall/floor-seal/v1') throw new Error(`unknown sealed floor format ${sealed.v}`);
  const cek = privateDecrypt({ key: privatePem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(sealed.platform, 'base64'));
  try {
    const decipher = createDecipheriv('aes-256-gcm', cek, Buffer.from(sealed.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } finally {
    cek.fill(0);
  }
}
