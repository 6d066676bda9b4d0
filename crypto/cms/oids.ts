/** Object identifiers used by the CMS profile of SBP/1. */
import { SHARED_OID } from '../oids';

export const OID = {
  data: SHARED_OID.data,
  signedData: '1.2.840.113549.1.7.2',
  authEnvelopedData: '1.2.840.113549.1.9.16.1.23',
  aes256Gcm: '2.16.840.1.101.3.4.1.46',
  rsaEncryption: SHARED_OID.rsaEncryption,
  rsaesOaep: '1.2.840.113549.1.1.7',
  mgf1: '1.2.840.113549.1.1.8',
  sha256WithRsaEncryption: SHARED_OID.sha256WithRSAEncryption,
  sha256: SHARED_OID.sha256,
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
} as const;
