/**
 * Strict decoder of ContentInfo(AuthEnvelopedData) for SBP/1. Accepts only: version 0, no
 * originatorInfo, 1..16 KeyTransRecipientInfos (issuerAndSerialNumber, OAEP-SHA-256), id-data
 * content encrypted with id-aes256-GCM (12-byte nonce, ICV 16), the ciphertext present and
 * primitive, no authAttrs/unauthAttrs, a 16-byte mac, nothing after it. Never decrypts.
 */
import { DerNode, children, integerBytes, isContext, octetString, oid, readDer, sequence, set, smallInteger } from '../der';
import { GCM_TAG_BYTES, expectAes256Gcm, expectOaepSha256 } from './algorithms';
import { CmsError, parsing } from './errors';
import { OID } from './oids';

export const MAX_RECIPIENTS = 16;
export const DEFAULT_MAX_ENVELOPE_BYTES = 512 * 1024 * 1024;

export interface KeyTransRecipient {
  /** DER of the issuer Name. */
  issuer: Uint8Array;
  /** serialNumber INTEGER contents. */
  serialNumber: Uint8Array;
  encryptedKey: Uint8Array;
}

export interface AuthEnvelope {
  recipients: KeyTransRecipient[];
  nonce: Uint8Array;
  ciphertext: Uint8Array;
  mac: Uint8Array;
}

function malformed(message: string): never {
  throw new CmsError('MALFORMED', message);
}

function recipient(node: DerNode): KeyTransRecipient {
  if (node.tagClass === 'context') {
    throw new CmsError('ALGORITHM_NOT_ALLOWED', 'only KeyTransRecipientInfo (RSA-OAEP) recipients are allowed');
  }
  const f = children(node, 4, 4, 'KeyTransRecipientInfo');
  sequence(node, 'KeyTransRecipientInfo');
  if (smallInteger(f[0]) !== 0) malformed('KeyTransRecipientInfo version must be 0 (issuerAndSerialNumber)');
  const ias = sequence(f[1], 'issuerAndSerialNumber');
  if (ias.length !== 2) malformed('issuerAndSerialNumber must have 2 fields');
  sequence(ias[0], 'issuer Name');
  expectOaepSha256(f[2]);
  const encryptedKey = octetString(f[3], 'encryptedKey');
  if (encryptedKey.length < 128 || encryptedKey.length > 1024) malformed('encryptedKey has an implausible size');
  return { issuer: ias[0].der, serialNumber: integerBytes(ias[1], 'serialNumber'), encryptedKey };
}

export function decodeAuthEnveloped(der: Uint8Array, maxBytes = DEFAULT_MAX_ENVELOPE_BYTES): AuthEnvelope {
  if (der.length > maxBytes) throw new CmsError('TOO_LARGE', `envelope of ${der.length} bytes exceeds ${maxBytes}`);
  const root = parsing('AuthEnvelopedData', () => readDer(der, { maxBytes, maxDepth: 12, maxElements: 2000 }));
  return parsing('AuthEnvelopedData', () => {
    const ci = sequence(root, 'ContentInfo');
    if (ci.length !== 2) malformed('ContentInfo must have 2 fields');
    const type = oid(ci[0]);
    if (type !== OID.authEnvelopedData) throw new CmsError('ALGORITHM_NOT_ALLOWED', `content type ${type} is not AuthEnvelopedData`);
    if (!isContext(ci[1], 0) || !ci[1].constructed || ci[1].children.length !== 1) malformed('ContentInfo content must be [0] EXPLICIT');
    const f = sequence(ci[1].children[0], 'AuthEnvelopedData');
    let i = 0;
    if (f.length < 4 || smallInteger(f[i++]) !== 0) malformed('AuthEnvelopedData version must be 0');
    if (isContext(f[i], 0)) throw new CmsError('ALGORITHM_NOT_ALLOWED', 'originatorInfo is not allowed');
    const ris = set(f[i++], 'RecipientInfos');
    if (ris.length === 0) malformed('no recipients');
    if (ris.length > MAX_RECIPIENTS) throw new CmsError('TOO_LARGE', `more than ${MAX_RECIPIENTS} recipients`);
    const recipients = ris.map(recipient);
    const eci = sequence(f[i++], 'EncryptedContentInfo');
    if (eci.length !== 3) malformed('encrypted content must be present (detached content is not allowed)');
    if (oid(eci[0]) !== OID.data) throw new CmsError('ALGORITHM_NOT_ALLOWED', 'encrypted content type must be id-data');
    const nonce = expectAes256Gcm(eci[1]);
    if (!isContext(eci[2], 0) || eci[2].constructed) malformed('encryptedContent must be a primitive [0] IMPLICIT OCTET STRING');
    if (isContext(f[i], 1)) throw new CmsError('ALGORITHM_NOT_ALLOWED', 'authAttrs are not allowed');
    const mac = octetString(f[i++] ?? malformed('mac missing'), 'mac');
    if (mac.length !== GCM_TAG_BYTES) throw new CmsError('ALGORITHM_NOT_ALLOWED', `mac must be 16 bytes, not ${mac.length}`);
    if (i !== f.length) throw new CmsError(isContext(f[i], 2) ? 'ALGORITHM_NOT_ALLOWED' : 'MALFORMED', 'unexpected fields after mac');
    return { recipients, nonce, ciphertext: eci[2].value, mac };
  });
}

