/**
 * The platform's certificate authority (development and tests) and the trust store used to validate
 * every certificate: the platform CA plus external CAs added by configuration (TRUST_ANCHORS, TRUST_CRLS).
 */
import fs from 'node:fs';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  buildCrl,
  certificateFacts,
  createCertificateAuthority,
  validateCertificate,
  type CertificateAuthority,
  type CertificateProfile,
  type ValidationResult,
} from '../../../../crypto/pki';
import type { Clock } from '../../clock';
import { Certificate } from './certificate.entity';
import { validityFrom } from './certificate-records';
import { PlatformSecret } from './platform-secret.entity';
import { TrustAnchor } from './trust-anchor.entity';

const CA_KEY = 'platform-ca.key';
const CA_YEARS = 10;
const CRL_HOURS = 24;

export class PlatformPkiService {
  private authorityCache?: CertificateAuthority & { fingerprintSha256: string };
  /** Anchors are written only by bootstrap, so they are read once after it. */
  private anchorsCache?: string[];
  /** The platform CRL as last signed: signed again after a revocation (by any process) or once the clock leaves [thisUpdate, nextUpdate). */
  private crlCache?: { pem: string; thisUpdate: Date; nextUpdate: Date; revision: string };
  /** External CRL files, read again when their modification time changes. */
  private readonly crlFileCache = new Map<string, { mtimeMs: number; text: string }>();

  constructor(
    private readonly clock: Clock,
    private readonly externalAnchorFiles: string[] = [],
    private readonly externalCrlFiles: string[] = [],
  ) {}

  /** Create the platform CA on first start and register configured external anchors (idempotent). */
  async bootstrap(em: EntityManager): Promise<void> {
    if (!(await em.findOne(TrustAnchor, { platform: true }))) {
      const now = await this.clock.now(em);
      const ca = createCertificateAuthority({
        subject: { commonName: 'tenderhall Platform CA (development)', organization: 'tenderhall 公共资源交易中心', country: 'CN' },
        ...validityFrom(now, CA_YEARS * 365),
      });
      em.create(PlatformSecret, { name: CA_KEY, value: ca.keyPem });
      em.create(TrustAnchor, { name: 'tenderhall Platform CA', pem: ca.certPem, fingerprintSha256: certificateFacts(ca.certPem).fingerprintSha256, platform: true });
    }
    for (const file of this.externalAnchorFiles) {
      const pem = fs.readFileSync(file, 'utf8');
      const facts = certificateFacts(pem);
      if (!(await em.findOne(TrustAnchor, { fingerprintSha256: facts.fingerprintSha256 }))) {
        em.create(TrustAnchor, { name: facts.subject, pem, fingerprintSha256: facts.fingerprintSha256, platform: false });
      }
    }
    await em.flush();
    this.anchorsCache = undefined;
  }

  async authority(em: EntityManager): Promise<CertificateAuthority & { fingerprintSha256: string }> {
    if (!this.authorityCache) {
      const anchor = await em.findOneOrFail(TrustAnchor, { platform: true });
      const key = await em.findOneOrFail(PlatformSecret, { name: CA_KEY });
      this.authorityCache = { certPem: anchor.pem, keyPem: key.value, fingerprintSha256: anchor.fingerprintSha256 };
    }
    return this.authorityCache;
  }

  async trustAnchorPems(em: EntityManager): Promise<string[]> {
    this.anchorsCache ??= (await em.find(TrustAnchor, {}, { orderBy: { createdAt: 'asc' } })).map((a) => a.pem);
    return this.anchorsCache;
  }

  /** The platform CA's current revocation list (PEM), built from the certificate register. */
  async crl(em: EntityManager): Promise<string> {
    const ca = await this.authority(em);
    const now = await this.clock.now(em);
    // One cheap query tells whether any process revoked since the list was signed (revocations are never undone).
    const [{ count, latest }] = await em.execute<{ count: string; latest: Date | null }[]>(
      'select count(*) as count, max(revoked_at) as latest from certificate where issuer_fingerprint_sha256 = ? and revoked_at <= ?',
      [ca.fingerprintSha256, now],
    );
    const revision = `${count}/${latest ? new Date(latest).toISOString() : ''}`;
    const cached = this.crlCache;
    if (cached && cached.revision === revision && cached.thisUpdate <= now && now < cached.nextUpdate) return cached.pem;
    const revoked = await em.find(Certificate, { issuerFingerprintSha256: ca.fingerprintSha256, revokedAt: { $ne: null, $lte: now } }, { orderBy: { revokedAt: 'asc' } });
    const nextUpdate = new Date(now.getTime() + CRL_HOURS * 3600_000);
    const pem = buildCrl({
      ca,
      revoked: revoked.map((c) => ({ serialHex: c.serialHex, revokedAt: c.revokedAt!, reason: (c.revocationReason as 'keyCompromise') ?? undefined })),
      thisUpdate: now,
      nextUpdate,
      crlNumber: Math.floor(now.getTime() / 1000),
    });
    this.crlCache = { pem, thisUpdate: now, nextUpdate, revision };
    return pem;
  }

  /** Validate a certificate for a use at an instant: chain to a trust anchor, usage, validity, revocation. */
  async validate(em: EntityManager, pem: string, usage: CertificateProfile, at: Date): Promise<ValidationResult> {
    let serialHex: string;
    try {
      serialHex = certificateFacts(pem).serialHex;
    } catch {
      return { ok: false, code: 'MALFORMED', message: 'This is not a readable X.509 certificate.' };
    }
    const revoked = await em.execute<{ issuer: string }[]>('select issuer_fingerprint_sha256 as issuer from certificate where serial_hex = ? and revoked_at <= ?', [serialHex, at]);
    const revokedKeys = new Set(revoked.map((c) => `${c.issuer}/${serialHex}`));
    return validateCertificate(pem, {
      trustAnchors: await this.trustAnchorPems(em),
      at,
      usage,
      isRevoked: ({ serialHex: serial, issuerFingerprintSha256 }) => revokedKeys.has(`${issuerFingerprintSha256}/${serial}`),
      crls: this.externalCrlFiles.map((f) => this.crlFile(f)),
    });
  }

  private crlFile(file: string): string {
    const { mtimeMs } = fs.statSync(file);
    const cached = this.crlFileCache.get(file);
    if (cached?.mtimeMs === mtimeMs) return cached.text;
    const text = fs.readFileSync(file, 'utf8');
    this.crlFileCache.set(file, { mtimeMs, text });
    return text;
  }
}
