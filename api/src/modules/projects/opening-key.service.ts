/**
 * The opening key ceremony at publication (DESIGN §4): a key pair per project, its certificate from the
 * platform CA, the private key split k-of-n to the custodians' encryption certificates. Only wrapped
 * shares and their hashes are stored; the raw key exists in memory only during the ceremony.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { issueCertificate } from '../../../../crypto/pki';
import { generateOpeningKeyPair, splitOpeningKey, type Custodian } from '../../../../crypto/threshold';
import { Certificate, CertificateUsage, validCertificateWhere } from '../identity/certificate.entity';
import type { PlatformPkiService } from '../identity/platform-pki.service';
import { User } from '../identity/user.entity';
import { OpeningKeyShare } from './opening-key-share.entity';
import type { Project } from './project.entity';

export type CustodianCheck = { ok: true; custodians: Custodian[] } | { ok: false; message: string };

export class OpeningKeyService {
  constructor(private readonly pki: PlatformPkiService) {}

  /** Custodians must be distinct users, each with a valid encryption certificate, at least k of them; the ceremony takes them with those certificates. */
  async checkCustodians(em: EntityManager, userIds: string[], threshold: number, now: Date): Promise<CustodianCheck> {
    if (new Set(userIds).size !== userIds.length) return { ok: false, message: 'A custodian is named twice.' };
    if (userIds.length < threshold) return { ok: false, message: `The opening key needs at least ${threshold} custodians (k = ${threshold}); ${userIds.length} named.` };
    const custodians: Custodian[] = [];
    for (const userId of userIds) {
      const certificate = await this.encryptionCertificate(em, userId, now);
      if (!certificate) return { ok: false, message: `Custodian ${userId} has no valid encryption certificate.` };
      custodians.push({ id: userId, certificate: certificate.pem });
    }
    return { ok: true, custodians };
  }

  async ceremony(em: EntityManager, project: Project, custodians: Custodian[], threshold: number, now: Date): Promise<void> {
    const keyPair = await generateOpeningKeyPair();
    const ca = await this.pki.authority(em);
    const certificate = issueCertificate({
      publicKeyPem: keyPair.publicKeyPem,
      ca,
      profile: 'ENCRYPTION',
      subject: { commonName: `开标密钥 ${project.code}`, organization: 'tenderhall 公共资源交易中心', country: 'CN' },
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(now.getTime() + 365 * 86400_000),
    });
    const { record, shares } = await splitOpeningKey(keyPair.pkcs8, threshold, custodians, certificate.pem);
    project.openingCertificatePem = certificate.pem;
    project.openingKeyRecord = record as unknown as Record<string, unknown>;
    for (const share of shares) {
      em.create(OpeningKeyShare, {
        project,
        custodian: em.getReference(User, share.custodianId),
        custodianCertificateSha256: share.custodianCertificateSha256,
        wrappedShare: Buffer.from(share.wrapped),
        shareSha256: share.shareSha256,
      });
    }
  }

  private async encryptionCertificate(em: EntityManager, userId: string, now: Date): Promise<Certificate | null> {
    const certificates = await em.find(Certificate, { user: userId, ...validCertificateWhere(CertificateUsage.ENCRYPTION, now) }, { orderBy: { issuedAt: 'desc' } });
    return certificates[0] ?? null;
  }
}
