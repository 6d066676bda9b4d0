/**
 * crypto/cms verifies SignedData leniently where the signature does not reach: version 1 or 3,
 * rsaEncryption or sha256WithRSAEncryption, NULL or absent hash parameters, unsigned attributes,
 * CRLs, certificates in any order. Each is a way to change a signed statement's bytes without
 * touching its signature. eseal/1 accepts only the one encoding crypto/cms createSignedData writes,
 * so a sealed signature has exactly one byte form.
 */
import { bytesEqual } from '../bytes';
import { RSA_ENCRYPTION_ALGORITHM, sha256Algorithm } from '../cms';
import { compareBytes, isContext, readDer, sequence, set, smallInteger } from '../der';

const SHA256 = sha256Algorithm();

/** Why `der` (already verified by crypto/cms) is not in the one accepted encoding; undefined when it is. */
export function signedDataEncodingProblem(der: Uint8Array): string | undefined {
  try {
    const signedData = sequence(sequence(readDer(der))[1].children[0]);
    const [version, digestAlgorithms, , certificates, signerInfos] = signedData;
    if (signedData.length !== 5 || !isContext(certificates, 0)) return 'SignedData must hold exactly version, digest algorithms, content, certificates and one signer';
    if (smallInteger(version) !== 1) return 'SignedData version must be 1';
    const digests = set(digestAlgorithms);
    if (digests.length !== 1 || !bytesEqual(digests[0].der, SHA256)) return 'the digest algorithm must be sha256 with absent parameters';
    const certs = certificates.children;
    if (certs.some((c, i) => i > 0 && compareBytes(certs[i - 1].der, c.der) >= 0)) return 'certificates must be distinct and in DER order';
    const [signerInfo] = set(signerInfos);
    const fields = sequence(signerInfo);
    if (fields.length !== 6) return 'the SignerInfo must not carry unsigned attributes';
    if (!bytesEqual(fields[2].der, SHA256)) return 'the SignerInfo digest algorithm must be sha256 with absent parameters';
    if (!bytesEqual(fields[4].der, RSA_ENCRYPTION_ALGORITHM)) return 'the signature algorithm must be rsaEncryption with NULL parameters';
    return undefined;
  } catch (e) {
    return `unexpected SignedData layout (${(e as Error).message})`;
  }
}
