/**
 * crypto/eseal — electronic seals (电子印章), formats eseal/1, eseal-sig/1, eseal-envelope/1.
 *  - seal record: canonical JSON signed by the platform's seal authority (sealRecord.p7s)
 *  - sealed signature: the signer's statement {document hash, seal record hash, signing time,
 *    signer certificate} as attached SignedData (statement.p7s), shipped with sealRecord.p7s in one
 *    canonical-JSON envelope (*.eseal.json)
 * Everything but verify-sealed-signature.ts (crypto/pki, node:crypto) runs in the browser too;
 * web code imports those files directly.
 */
export { SealFormatError } from './errors';
export type { SealImage, SealImageType, SealKind, SealRecord } from './seal-record';
export { MAX_SEAL_IMAGE_BYTES, SEAL_IMAGE_TYPES, SEAL_KINDS, SEAL_RECORD_VERSION, decodeSealRecord, encodeSealRecord, validateSealRecord } from './seal-record';
export type { SealStatement } from './seal-statement';
export { SEAL_STATEMENT_VERSION, decodeSealStatement, encodeSealStatement, validateSealStatement } from './seal-statement';
export type { SealEnvelope } from './envelope';
export { SEAL_ENVELOPE_VERSION, decodeSealEnvelope, encodeSealEnvelope } from './envelope';
export { sealImage, sealImageProblem } from './seal-image';
export type { OpenedSealRecord } from './open-seal-record';
export { openSealRecord } from './open-seal-record';
export type { IssuedSeal, SealAuthority, SealRequest } from './issue-seal';
export { issueSeal } from './issue-seal';
export type { SealDocumentInput, SealedDocument } from './seal-document';
export { sealDocument } from './seal-document';
export type { SealVerification, SealVerificationCode, SealVerificationOptions } from './verify-sealed-signature';
export { MAX_CLOCK_SKEW_MS, verifySealedSignature } from './verify-sealed-signature';
export type { SealSvgInput } from './seal-svg';
export { renderSealSvg } from './seal-svg';
