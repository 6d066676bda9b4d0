/**
 * Byte layout of ContentInfo(AuthEnvelopedData) with definite lengths computed up front, so the
 * ciphertext can be streamed between a fixed prefix and suffix:
 *
 *   prefix = SEQUENCE { OID authEnvelopedData, [0] { SEQUENCE { INTEGER 0, SET recipientInfos,
 *              SEQUENCE { OID data, aes256-GCM(nonce, 16), [0] IMPLICIT OCTET STRING header } ...
 *   ciphertext (same length as the plaintext)
 *   suffix = OCTET STRING mac (16 bytes) } } }
 *
 * No authAttrs, so the GCM additional data is empty (RFC 5083 §2.2).
 */
import { concatBytes } from '../bytes';
import { derOctetString, derOid, derSetOf, derSmallInteger, encodedLength, header } from '../der';
import { GCM_TAG_BYTES, aes256GcmAlgorithm } from './algorithms';
import { OID } from './oids';

export interface AuthEnvelopedFrame {
  prefix: Uint8Array;
  /** Total DER length: prefix + contentLength + suffix length. */
  totalLength: number;
  suffixFor(mac: Uint8Array): Uint8Array;
}

export function authEnvelopedFrame(recipientInfos: readonly Uint8Array[], nonce: Uint8Array, contentLength: number): AuthEnvelopedFrame {
  const version = derSmallInteger(0);
  const ris = derSetOf(...recipientInfos);
  const eciHead = concatBytes(derOid(OID.data), aes256GcmAlgorithm(nonce), header(0x80, contentLength));
  const eciLength = eciHead.length + contentLength;
  const macLength = encodedLength(GCM_TAG_BYTES);
  const aedLength = version.length + ris.length + encodedLength(eciLength) + macLength;
  const explicitLength = encodedLength(aedLength);
  const contentType = derOid(OID.authEnvelopedData);
  const ciLength = contentType.length + encodedLength(explicitLength);
  const prefix = concatBytes(
    header(0x30, ciLength), contentType,
    header(0xa0, explicitLength),
    header(0x30, aedLength), version, ris,
    header(0x30, eciLength), eciHead,
  );
  return {
    prefix,
    totalLength: encodedLength(ciLength),
    suffixFor(mac) {
      if (mac.length !== GCM_TAG_BYTES) throw new RangeError('GCM tag must be 16 bytes');
      return derOctetString(mac);
    },
  };
}
