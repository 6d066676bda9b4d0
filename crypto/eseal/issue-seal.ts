/**
 * Issuing a seal: the seal authority (a SIGNING certificate of the platform CA) signs the seal
 * record as attached CMS SignedData — the seal record certificate, sealRecord.p7s.
 */
import { Signer, createSignedData } from '../cms';
import { certificateDer } from '../pem';
import { certificateFingerprint } from '../x509-fields';
import { sealImage } from './seal-image';
import { SEAL_RECORD_VERSION, SealImageType, SealKind, SealRecord, encodeSealRecord } from './seal-record';

export interface SealRequest {
  sealId: string;
  name: string;
  kind: SealKind;
  organisationName: string;
  /** 统一社会信用代码, when the organisation has one. */
  organisationId?: string;
  image: { mediaType: SealImageType; bytes: Uint8Array };
  validFrom: Date;
  validTo: Date;
  /** The signing certificates (PEM or DER) allowed to use the seal. */
  allowedCertificates: readonly (string | Uint8Array)[];
  issuedAt: Date;
}

export interface SealAuthority {
  certificate: string | Uint8Array;
  sign: Signer;
  /** Intermediate CA certificates to embed, if the authority is not issued by a trust anchor directly. */
  chain?: readonly (string | Uint8Array)[];
}

export interface IssuedSeal {
  record: SealRecord;
  /** sealRecord.p7s: DER of the attached SignedData. */
  signedRecord: Uint8Array;
}

export async function issueSeal(request: SealRequest, authority: SealAuthority): Promise<IssuedSeal> {
  const prints = await Promise.all(request.allowedCertificates.map((c) => certificateFingerprint(certificateDer(c))));
  const record: SealRecord = {
    v: SEAL_RECORD_VERSION,
    sealId: request.sealId,
    name: request.name,
    kind: request.kind,
    organisationName: request.organisationName,
    ...(request.organisationId === undefined ? {} : { organisationId: request.organisationId }),
    image: await sealImage(request.image.mediaType, request.image.bytes),
    validFrom: request.validFrom.toISOString(),
    validTo: request.validTo.toISOString(),
    allowedCertificates: [...new Set(prints)].sort(),
    issuedAt: request.issuedAt.toISOString(),
  };
  const signedRecord = await createSignedData({
    content: encodeSealRecord(record),
    signerCertificate: authority.certificate,
    sign: authority.sign,
    signingTime: request.issuedAt,
    detached: false,
    extraCertificates: authority.chain,
  });
  return { record, signedRecord };
}
