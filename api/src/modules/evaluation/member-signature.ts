/** A committee member's signature (scoresheet, report): its own registered, valid signing certificate over the exact text. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { verifySignature } from '../../../../crypto/pki';
import { Certificate, CertificateUsage } from '../identity/certificate.entity';
import type { PlatformPkiService } from '../identity/platform-pki.service';
import { EvaluationErrorCode, type EvaluationError } from './evaluation.types';
import { problem } from './evaluation-scope';

export async function checkMemberSignature(
  em: EntityManager,
  pki: PlatformPkiService,
  signer: { userId: string; certificatePem: string; signatureBase64: string },
  message: string,
  now: Date,
): Promise<{ ok: true; certificateSha256: string } | { ok: false; error: EvaluationError }> {
  const validation = await pki.validate(em, signer.certificatePem, 'SIGNING', now);
  if (!validation.ok) return { ok: false, error: problem(EvaluationErrorCode.CERTIFICATE_INVALID, validation.message, 'certificatePem') };
  const registered = await em.findOne(Certificate, { fingerprintSha256: validation.leaf.fingerprintSha256, usage: CertificateUsage.SIGNING, user: signer.userId });
  if (!registered) return { ok: false, error: problem(EvaluationErrorCode.CERTIFICATE_INVALID, 'This signing certificate is not registered to you.', 'certificatePem') };
  if (!verifySignature(signer.certificatePem, Buffer.from(message, 'utf8'), Buffer.from(signer.signatureBase64, 'base64'))) {
    return { ok: false, error: problem(EvaluationErrorCode.SIGNATURE_INVALID, 'The signature does not match the text to sign and the certificate.', 'signature') };
  }
  return { ok: true, certificateSha256: validation.leaf.fingerprintSha256 };
}
