/** What `checkPackage` can report: expected failures as data (Saleor-style codes). */
export type ViolationCode =
  | 'PACKAGE_MALFORMED' | 'ALGORITHM_NOT_ALLOWED' | 'TOO_LARGE' | 'HASH_MISMATCH' | 'SIZE_MISMATCH'
  | 'SIGNATURE_INVALID' | 'SIGNER_MISMATCH' | 'CERTIFICATE_INVALID'
  | 'RECIPIENT_MISSING' | 'RECIPIENT_NOT_ALLOWED' | 'RECIPIENTS_MISMATCH'
  | 'WRONG_PROJECT' | 'WRONG_LOT' | 'WRONG_BIDDER' | 'WRONG_REVISION';

export interface Violation {
  code: ViolationCode;
  message: string;
  /** for CERTIFICATE_INVALID: the code the signer validation gave (e.g. REVOKED) */
  detail?: string;
}
