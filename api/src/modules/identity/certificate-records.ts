/** How platform certificates are named, dated and registered (shared by issuance and demo data). */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubjectInfo } from '../../../../crypto/pki';
import { Certificate, type CertificateUsage } from './certificate.entity';
import type { Organisation } from './organisation.entity';
import type { User } from './user.entity';

export const VALIDITY_DAYS = 730;

/** The CA names the holder from the account, never from the request. */
export function subjectOf(user: Pick<User, 'displayName' | 'username'>, organisation: Pick<Organisation, 'name' | 'uscc'>): SubjectInfo {
  return { commonName: user.displayName, organization: organisation.name, organizationIdentifier: organisation.uscc ?? undefined, serialNumber: user.username, country: 'CN' };
}

/** Valid from a minute ago (clock skew) for `days` days, and never past `atMost` (e.g. the issuing CA's own end). */
export function validityFrom(now: Date, days = VALIDITY_DAYS, atMost?: Date): { notBefore: Date; notAfter: Date } {
  const notAfter = now.getTime() + days * 86400_000;
  return { notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(atMost ? Math.min(notAfter, atMost.getTime()) : notAfter) };
}

export interface CertificateFields {
  pem: string;
  serialHex: string;
  fingerprintSha256: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
}

export function recordCertificate(em: EntityManager, certificate: CertificateFields, holder: { user: User; organisation: Organisation; usage: CertificateUsage; issuerFingerprintSha256: string }): Certificate {
  const { pem, serialHex, fingerprintSha256, subject, notBefore, notAfter } = certificate;
  return em.create(Certificate, { pem: pem.trim(), serialHex, fingerprintSha256, subject, notBefore, notAfter, ...holder });
}
