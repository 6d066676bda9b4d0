/** Certificates: issued by the platform CA from a CSR, registered from an external CA, revoked. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { certificateFacts, issueFromCsr, PkiError } from '../../../../crypto/pki';
import type { Clock } from '../../clock';
import { hasRole, type Context } from '../../graphql/context';
import { ForbiddenError } from '../../graphql/errors';
import type { AuditService } from '../supervision/audit.service';
import { AuditOutcome } from '../supervision/audit-record.entity';
import { recordCertificate, subjectOf, validityFrom } from './certificate-records';
import { Certificate } from './certificate.entity';
import {
  IdentityErrorCode,
  type CertificatePayload,
  type IdentityError,
  type IssueCertificateInput,
  type RegisterCertificateInput,
  type RevokeCertificateInput,
} from './identity.types';
import type { PlatformPkiService } from './platform-pki.service';
import { Role } from './roles';
import { User } from './user.entity';


export class CertificatesService {
  constructor(
    private readonly clock: Clock,
    private readonly pki: PlatformPkiService,
    private readonly audit: AuditService,
  ) {}

  /** Administrators issue for anyone; a user may request certificates for itself. */
  async issue(ctx: Context, input: IssueCertificateInput): Promise<CertificatePayload> {
    this.requireSelfOrAdmin(ctx, input.userId);
    return ctx.em.transactional(async (em) => {
      const user = await em.findOne(User, { id: input.userId }, { populate: ['organisation'] });
      if (!user) return this.refuse(em, ctx, { code: IdentityErrorCode.USER_NOT_FOUND, message: 'There is no such user.', field: 'userId' });
      const organisation = user.organisation.getEntity();
      const now = await this.clock.now(em);
      const ca = await this.pki.authority(em);
      let issued;
      try {
        issued = issueFromCsr({
          csrPem: input.csrPem,
          ca,
          profile: input.usage,
          subject: subjectOf(user, organisation),
          ...validityFrom(now),
        });
      } catch (error) {
        if (!(error instanceof PkiError)) throw error;
        return this.refuse(em, ctx, { code: IdentityErrorCode.CSR_INVALID, message: `The certificate request is not valid: ${error.message}`, field: 'csrPem' });
      }
      const certificate = recordCertificate(em, issued, { user, organisation, usage: input.usage, issuerFingerprintSha256: ca.fingerprintSha256 });
      await em.flush();
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      return { certificate, errors: [] };
    });
  }

  /** Bind a certificate from a configured external CA to a user (administrators). */
  async register(ctx: Context, input: RegisterCertificateInput): Promise<CertificatePayload> {
    return ctx.em.transactional(async (em) => {
      const user = await em.findOne(User, { id: input.userId }, { populate: ['organisation'] });
      if (!user) return this.refuse(em, ctx, { code: IdentityErrorCode.USER_NOT_FOUND, message: 'There is no such user.', field: 'userId' });
      const now = await this.clock.now(em);
      const validation = await this.pki.validate(em, input.certificatePem, input.usage, now);
      if (!validation.ok) return this.refuse(em, ctx, { code: IdentityErrorCode.CERTIFICATE_INVALID, message: validation.message, field: 'certificatePem' });
      const leaf = validation.leaf;
      if (await em.count(Certificate, { fingerprintSha256: leaf.fingerprintSha256 })) {
        return this.refuse(em, ctx, { code: IdentityErrorCode.CERTIFICATE_ALREADY_REGISTERED, message: 'This certificate is already registered.', field: 'certificatePem' });
      }
      const certificate = recordCertificate(em, { ...leaf, pem: input.certificatePem }, {
        user,
        organisation: user.organisation.getEntity(),
        usage: input.usage,
        issuerFingerprintSha256: certificateFacts(validation.chainPems[1] ?? validation.chainPems[0]).fingerprintSha256,
      });
      await em.flush();
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      return { certificate, errors: [] };
    });
  }

  /** Administrators revoke any certificate; a holder may revoke its own (e.g. a lost key). */
  async revoke(ctx: Context, input: RevokeCertificateInput): Promise<CertificatePayload> {
    return ctx.em.transactional(async (em) => {
      const certificate = await em.findOne(Certificate, { id: input.certificateId });
      if (!certificate) return this.refuse(em, ctx, { code: IdentityErrorCode.CERTIFICATE_NOT_FOUND, message: 'There is no such certificate.', field: 'certificateId' });
      this.requireSelfOrAdmin(ctx, certificate.user?.id ?? null);
      if (certificate.revokedAt) return this.refuse(em, ctx, { code: IdentityErrorCode.ALREADY_REVOKED, message: `This certificate was revoked at ${certificate.revokedAt.toISOString()}.` });
      certificate.revokedAt = await ctx.now(); // the request's platform time: the payload's status (at ctx.now()) is REVOKED
      certificate.revocationReason = input.reason;
      await em.flush();
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      return { certificate, errors: [] };
    });
  }

  async ofUser(em: EntityManager, userId: string): Promise<Certificate[]> {
    return em.find(Certificate, { user: userId }, { orderBy: { issuedAt: 'desc' } });
  }

  private requireSelfOrAdmin(ctx: Context, userId: string | null): void {
    if (hasRole(ctx.actor, Role.ADMIN) || (userId && ctx.actor?.userId === userId)) return;
    throw new ForbiddenError('Only administrators may act on certificates of other users.');
  }

  private refuse(em: EntityManager, ctx: Context, error: IdentityError): Promise<CertificatePayload> {
    return this.audit.refuse(em, ctx, [error], { certificate: null });
  }
}
