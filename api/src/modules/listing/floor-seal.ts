/**
 * The sealed floor price (底价, rule 30). Choice: the amount is AES-256-GCM encrypted under a fresh key
 * that is wrapped (RSA-OAEP-SHA-256) to two recipients — the project's opening certificate, so that k of
 * the custodians can open it independently, and the platform's floor key (a platform secret), so that
 * the clock-driven close can decide the outcome on time without waiting for custodians. Only the
 * close step (ListingService.close) unwraps it. At entry a commitment SHA-256 over {projectId, amount,
 * salt} goes to the ledger; at the close the amount and salt are revealed and logged, so anyone can
 * check that the floor used is the one entered, and nobody — the platform included — can change it.
 */
import { constants, createCipheriv, createDecipheriv, generateKeyPairSync, privateDecrypt, publicEncrypt, randomBytes, X509Certificate } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canonicalJson } from '../../../../crypto/canonical-json';
import { PlatformSecret } from '../identity/platform-secret.entity';
import { sha256Hex } from '../../sha256';

const FLOOR_KEY = 'listing.floor.key';
const FLOOR_CERT_PUBLIC = 'listing.floor.pub';
const OAEP = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' } as const;

interface SealedFloor {
  v: 'tenderhall/floor-seal/v1';
  iv: string;
  ciphertext: string;
  tag: string;
  /** the content key wrapped to: the opening certificate, the platform floor key */
  opening: string;
  platform: string;
}

export const floorCommitment = (projectId: string, amount: string, salt: string): string =>
  sha256Hex(canonicalJson({ v: 'tenderhall/floor-commitment/v1', projectId, amount, salt }));

export class FloorSeal {
  private keys?: { privatePem: string; publicPem: string };

  /** Seal `amount`; returns the stored text and the commitment to log. */
  async seal(em: EntityManager, projectId: string, amount: string, openingCertificatePem: string): Promise<{ sealed: string; commitment: string }> {
    const salt = randomBytes(16).toString('hex');
    const cek = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', cek, iv);
    const ciphertext = Buffer.concat([cipher.update(canonicalJson({ amount, salt }), 'utf8'), cipher.final()]);
    const keys = await this.platformKeys(em);
    const sealed: SealedFloor = {
      v: 'tenderhall/floor-seal/v1',
      iv: iv.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      opening: publicEncrypt({ key: new X509Certificate(openingCertificatePem).publicKey, ...OAEP }, cek).toString('base64'),
      platform: publicEncrypt({ key: keys.publicPem, ...OAEP }, cek).toString('base64'),
    };
    cek.fill(0);
    return { sealed: JSON.stringify(sealed), commitment: floorCommitment(projectId, amount, salt) };
  }

  /** Open at the close; the amount must match the commitment logged at entry. */
  async open(em: EntityManager, projectId: string, sealedText: string, commitment: string): Promise<{ amount: string; salt: string }> {
    const sealed = JSON.parse(sealedText) as SealedFloor;
    const keys = await this.platformKeys(em);
    const cek = privateDecrypt({ key: keys.privatePem, ...OAEP }, Buffer.from(sealed.platform, 'base64'));
    const decipher = createDecipheriv('aes-256-gcm', cek, Buffer.from(sealed.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const plain = JSON.parse(Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8')) as { amount: string; salt: string };
    cek.fill(0);
    if (floorCommitment(projectId, plain.amount, plain.salt) !== commitment) throw new Error('the sealed floor price does not match its commitment');
    return plain;
  }

  /** The platform floor key, made once (advisory lock: safe with several processes). */
  private async platformKeys(em: EntityManager): Promise<{ privatePem: string; publicPem: string }> {
    if (this.keys) return this.keys;
    let key = await em.findOne(PlatformSecret, { name: FLOOR_KEY });
    let pub = await em.findOne(PlatformSecret, { name: FLOOR_CERT_PUBLIC });
    if (!key || !pub) {
      await em.execute('select pg_advisory_xact_lock(7170009)');
      key = await em.findOne(PlatformSecret, { name: FLOOR_KEY }, { refresh: true });
      pub = await em.findOne(PlatformSecret, { name: FLOOR_CERT_PUBLIC }, { refresh: true });
      if (!key || !pub) {
        const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
        key = em.create(PlatformSecret, { name: FLOOR_KEY, value: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
        pub = em.create(PlatformSecret, { name: FLOOR_CERT_PUBLIC, value: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() });
        await em.flush();
        return { privatePem: key.value, publicPem: pub.value }; // cached only once committed and read back
      }
    }
    this.keys = { privatePem: key.value, publicPem: pub.value };
    return this.keys;
  }
}
