/**
 * Electronic seals (电子印章, crypto/eseal): the platform seal authority — a SIGNING key and
 * certificate of the platform CA, created once at bootstrap and kept in PlatformSecret — issues
 * personal seal records (eseal/1) bound to a user's signing certificates; the user seals documents
 * with their own key (browser, CLI); the platform verifies sealed signatures against its own seal
 * authority, its trust anchors and its certificate register.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { toBase64, utf8 } from '../../../../crypto/bytes';
import { rsaSha256Signer, type Signer } from '../../../../crypto/cms';
import { issueSeal, renderSealSvg, verifySealedSignature, type IssuedSeal, type SealVerificationCode } from '../../../../crypto/eseal';
import { certificateFacts, isValidUscc, issueCertificate } from '../../../../crypto/pki';
import type { Clock } from '../../clock';
import type { Context } from '../../graphql/context';
import { Certificate, CertificateStatus, CertificateUsage } from '../identity/certificate.entity';
import { validityFrom } from '../identity/certificate-records';
import type { PlatformPkiService } from '../identity/platform-pki.service';
import { PlatformSecret } from '../identity/platform-secret.entity';
import { User } from '../identity/user.entity';
import { MySealPayload, SealErrorCode, SealsError, type SealView } from './seals.types';

const AUTHORITY_KEY = 'seal-authority.key';
const AUTHORITY_CERTIFICATE = 'seal-authority.crt';
const AUTHORITY_YEARS = 5;
const SEAL_VALIDITY_MS = 86400_000;
const CLOCK_SKEW_MS = 60_000;
/** crypto/eseal's MAX_ALLOWED_CERTIFICATES */
const MAX_ALLOWED_CERTIFICATES = 32;
const MAX_IMAGE_NAME_CHARS = 40;
const MAX_LABEL_CHARS = 12;

export interface PlatformSealAuthority {
  certPem: string;
  fingerprintSha256: string;
  sign: Signer;
}

export type SealCheckCode = SealVerificationCode | 'SIGNER_NOT_REGISTERED' | 'CERTIFICATE_REVOKED';

export type SealCheck =
  | { ok: true; sealId: string; signerCertificateSha256: string; signerName: string; organisationName: string; signingTime: Date }
  | { ok: false; code: SealCheckCode; message: string };

const clip = (text: string, max: number): string => Array.from(text.trim()).slice(0, max).join('');

export class SealsService {
  private authorityCache?: PlatformSealAuthority;

  constructor(
    private readonly clock: Clock,
    private readonly pki: PlatformPkiService,
  ) {}

  /**
   * Create the seal authority on first start: inside bootstrapPlatform's transaction, after the
   * platform CA exists and under its advisory lock (idempotent, safe with several processes).
   */
  async bootstrap(em: EntityManager): Promise<void> {
    if (await em.findOne(PlatformSecret, { name: AUTHORITY_KEY })) return;
    const ca = await this.pki.authority(em);
    const now = await this.clock.now(em);
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const certificate = issueCertificate({
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      ca,
      profile: 'SIGNING',
      subject: { commonName: 'tenderhall 电子印章签发', organization: 'tenderhall 公共资源交易中心', country: 'CN' },
      ...validityFrom(now, AUTHORITY_YEARS * 365, certificateFacts(ca.certPem).notAfter),
    });
    em.create(PlatformSecret, { name: AUTHORITY_KEY, value: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
    em.create(PlatformSecret, { name: AUTHORITY_CERTIFICATE, value: certificate.pem });
    await em.flush();
  }

  /** The platform seal authority: its certificate and a signer with its key. */
  async authority(em: EntityManager): Promise<PlatformSealAuthority> {
    if (!this.authorityCache) {
      const [key, certificate] = await Promise.all([AUTHORITY_KEY, AUTHORITY_CERTIFICATE].map((name) => em.findOneOrFail(PlatformSecret, { name })));
      this.authorityCache = { certPem: certificate.value, fingerprintSha256: certificateFacts(certificate.value).fingerprintSha256, sign: await rsaSha256Signer(key.value) };
    }
    return this.authorityCache;
  }

  /**
   * A fresh PERSONAL seal record for the user, valid from a minute before `now` for one day, usable
   * with every SIGNING certificate of the user that is valid at `now` (unrevoked, in its validity,
   * chaining to a trust anchor). Throws SealsError NO_SIGNING_CERTIFICATE when there is none.
   */
  async issueFor(em: EntityManager, userId: string, now: Date): Promise<IssuedSeal> {
    const user = await em.findOneOrFail(User, { id: userId }, { populate: ['organisation'] });
    const organisation = user.organisation.getEntity();
    const candidates = await em.find(Certificate, { user: userId, usage: CertificateUsage.SIGNING }, { orderBy: { notAfter: 'desc' } });
    const allowed: string[] = [];
    for (const certificate of candidates) {
      if (allowed.length === MAX_ALLOWED_CERTIFICATES) break;
      if (certificate.statusAt(now) !== CertificateStatus.VALID) continue;
      if ((await this.pki.validate(em, certificate.pem, 'SIGNING', now)).ok) allowed.push(certificate.pem);
    }
    if (allowed.length === 0) {
      throw new SealsError(SealErrorCode.NO_SIGNING_CERTIFICATE, 'You have no valid signing certificate to seal with; request one first.');
    }
    const uscc = organisation.uscc && isValidUscc(organisation.uscc) ? organisation.uscc : undefined;
    const svg = renderSealSvg({ organisationName: clip(organisation.name, MAX_IMAGE_NAME_CHARS), kind: 'PERSONAL', label: clip(user.displayName, MAX_LABEL_CHARS) });
    const authority = await this.authority(em);
    return issueSeal({
      sealId: `PS-${randomUUID()}`,
      name: `${clip(user.displayName, 100)} 电子签名`,
      kind: 'PERSONAL',
      organisationName: clip(organisation.name, 256),
      ...(uscc ? { organisationId: uscc } : {}),
      image: { mediaType: 'image/svg+xml', bytes: utf8(svg) },
      validFrom: new Date(now.getTime() - CLOCK_SKEW_MS),
      validTo: new Date(now.getTime() + SEAL_VALIDITY_MS),
      allowedCertificates: allowed,
      issuedAt: now,
    }, { certificate: authority.certPem, sign: authority.sign });
  }

  /**
   * Verify a sealed signature (*.eseal.json) over `document` as sealed by `expect.userId`, at the
   * trusted time `expect.at`: the crypto/eseal checks against the platform trust anchors with the
   * platform seal authority as the only accepted one, then the signer's certificate must be a
   * SIGNING certificate registered to that user, not revoked at `at`. Never throws for a bad envelope.
   */
  async verify(em: EntityManager, document: Uint8Array, envelope: Uint8Array, expect: { userId: string; at: Date }): Promise<SealCheck> {
    const authority = await this.authority(em);
    const result = await verifySealedSignature(document, envelope, {
      trustAnchors: await this.pki.trustAnchorPems(em),
      sealAuthorities: [authority.certPem],
      at: expect.at,
    });
    if (!result.ok) return { ok: false, code: result.code, message: result.message };

    const fingerprint = result.statement.signerCertificateSha256;
    const registered = await em.findOne(Certificate, { fingerprintSha256: fingerprint });
    if (!registered || registered.user?.id !== expect.userId || registered.usage !== CertificateUsage.SIGNING) {
      return { ok: false, code: 'SIGNER_NOT_REGISTERED', message: 'The seal was applied with a certificate that is not a signing certificate registered to this user.' };
    }
    if (registered.revokedAt && registered.revokedAt <= expect.at) {
      return { ok: false, code: 'CERTIFICATE_REVOKED', message: `The signing certificate was revoked at ${registered.revokedAt.toISOString()}.` };
    }
    const validation = await this.pki.validate(em, registered.pem, 'SIGNING', expect.at); // the register's revocations and the configured CRLs
    if (!validation.ok) {
      return { ok: false, code: validation.code === 'REVOKED' ? 'CERTIFICATE_REVOKED' : 'SIGNER_CERTIFICATE_INVALID', message: validation.message };
    }
    return {
      ok: true,
      sealId: result.seal.sealId,
      signerCertificateSha256: fingerprint,
      signerName: result.signer.commonName,
      organisationName: result.seal.organisationName,
      signingTime: result.signingTime,
    };
  }

  /** `mySeal`: a fresh seal for the logged-in user, or NO_SIGNING_CERTIFICATE. */
  async mine(ctx: Context): Promise<MySealPayload> {
    const em = ctx.em;
    const now = await this.clock.now(em);
    let issued: IssuedSeal;
    try {
      issued = await this.issueFor(em, ctx.actor!.userId, now);
    } catch (error) {
      if (error instanceof SealsError) return { seal: null, errors: [{ code: error.code, message: error.message }] };
      throw error;
    }
    return { seal: await this.view(em, issued), errors: [] };
  }

  private async view(em: EntityManager, issued: IssuedSeal): Promise<SealView> {
    const { record, signedRecord } = issued;
    return {
      sealRecordBase64: toBase64(signedRecord),
      sealId: record.sealId,
      name: record.name,
      organisationName: record.organisationName,
      organisationId: record.organisationId ?? null,
      validFrom: new Date(record.validFrom),
      validTo: new Date(record.validTo),
      allowedCertificateSha256: record.allowedCertificates,
      imageDataUrl: `data:${record.image.mediaType};base64,${record.image.base64}`,
      authorityCertificatePem: (await this.authority(em)).certPem,
    };
  }
}
