/**
 * CMS SignedData (RFC 5652 §5) over a byte string, one signer, RSA PKCS#1 v1.5 with SHA-256.
 * Signed attributes: contentType (id-data), signingTime, messageDigest. The signature is made by a
 * callback over the DER of the signed attributes (SET OF), so a browser can sign with WebCrypto
 * and no private key needs to be handed to this code.
 */
import { concatBytes } from '../bytes';
import { compareBytes, derExplicit, derOctetString, derOid, derSequence, derSetOf, derSmallInteger, derTime, tlv } from '../der';
import { sha256 } from '../hash';
import { certificateDer } from '../pem';
import { certificateFields } from '../x509-fields';
import { RSA_ENCRYPTION_ALGORITHM, sha256Algorithm } from './algorithms';
import { OID } from './oids';

export type Signer = (data: Uint8Array) => Promise<Uint8Array>;

export interface SignedDataInput {
  content: Uint8Array;
  signerCertificate: string | Uint8Array;
  sign: Signer;
  signingTime?: Date;
  /** Detached (content not embedded) by default, like `openssl cms -sign`. */
  detached?: boolean;
  /** Further certificates to embed (e.g. intermediate CAs). */
  extraCertificates?: readonly (string | Uint8Array)[];
}

function attribute(type: string, value: Uint8Array): Uint8Array {
  return derSequence(derOid(type), derSetOf(value));
}

export async function createSignedData(input: SignedDataInput): Promise<Uint8Array> {
  const certDer = certificateDer(input.signerCertificate);
  const cert = certificateFields(certDer);
  const attrs = [
    attribute(OID.contentType, derOid(OID.data)),
    attribute(OID.signingTime, derTime(input.signingTime ?? new Date())),
    attribute(OID.messageDigest, derOctetString(await sha256(input.content))),
  ];
  const signedAttrsSet = derSetOf(...attrs); // what is signed: tag 0x31
  const signature = await input.sign(signedAttrsSet);
  const signedAttrsImplicit = concatBytes(new Uint8Array([0xa0]), signedAttrsSet.subarray(1)); // [0] IMPLICIT
  const signerInfo = derSequence(
    derSmallInteger(1),
    derSequence(cert.issuer, cert.serialNumberDer),
    sha256Algorithm(),
    signedAttrsImplicit,
    RSA_ENCRYPTION_ALGORITHM,
    derOctetString(signature),
  );
  const certificates = [certDer, ...(input.extraCertificates ?? []).map(certificateDer)];
  const encap = input.detached === false
    ? derSequence(derOid(OID.data), derExplicit(0, derOctetString(input.content)))
    : derSequence(derOid(OID.data));
  const signedData = derSequence(
    derSmallInteger(1),
    derSetOf(sha256Algorithm()),
    encap,
    tlv(0xa0, ...[...certificates].sort(compareBytes)), // [0] IMPLICIT CertificateSet, DER-sorted
    derSetOf(signerInfo),
  );
  return derSequence(derOid(OID.signedData), derExplicit(0, signedData));
}
