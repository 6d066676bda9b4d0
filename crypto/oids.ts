/**
 * Object identifiers used by more than one part of crypto/ (dotted form), defined once here;
 * crypto/pki/oids.ts and crypto/cms/oids.ts name them in their own tables.
 */
export const SHARED_OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  sha256: '2.16.840.1.101.3.4.2.1',
  /** id-data (PKCS #7 data). */
  data: '1.2.840.113549.1.7.1',
} as const;
