/**
 * crypto/pki — the platform certificate authority and certificate validation.
 * node-forge builds and reads ASN.1; node:crypto makes and checks every signature.
 * Isomorphic parts (usable in the browser without node:crypto): csr.ts, names.ts, der.ts,
 * extensions.ts — import those files directly from web code.
 */
export { PkiError } from './errors';
export type { SubjectInfo } from './names';
export { isValidUscc } from './names';
export type { CertificateProfile, CertificateAuthority, IssuedCertificate } from './authority';
export { createCertificateAuthority, issueFromCsr, issueCertificate } from './authority';
export { createCsr } from './csr';
export type { RevocationReason } from './crl';
export { buildCrl, parseCrl } from './crl';
export type { CertificateFacts } from './certificate';
export { certificateFacts } from './certificate';
export type { ValidationCode, ValidationResult, ValidationOptions } from './validate';
export { validateCertificate } from './validate';
export { verifySignature } from './verify-signature';
export { makePkcs12, readPkcs12 } from './pkcs12';
