/**
 * Sealing a document (盖章): the signer signs a seal statement (document hash, seal record hash,
 * signing time, own certificate) as attached CMS SignedData; the statement and the seal record
 * travel together in one envelope (envelope.ts). Runs in the browser: the private key stays behind
 * the `sign` callback.
 */
import { toHex } from '../bytes';
import { Signer, createSignedData } from '../cms';
import { sha256 } from '../hash';
import { wholeSeconds } from '../time';
import { certificateDer } from '../pem';
import { certificateFingerprint } from '../x509-fields';
import { encodeSealEnvelope } from './envelope';
import { openSealRecord } from './open-seal-record';
import { SEAL_STATEMENT_VERSION, SealStatement, encodeSealStatement } from './seal-statement';

export interface SealDocumentInput {
  document: Uint8Array;
  /** sealRecord.p7s, as issued (IssuedSeal.signedRecord). */
  sealRecord: Uint8Array;
  signerCertificate: string | Uint8Array;
  sign: Signer;
  /** Truncated to whole seconds (the precision of the CMS signingTime attribute). */
  signingTime: Date;
  documentName?: string;
  /** e.g. "opening-record". */
  purpose?: string;
  /** Intermediate CA certificates to embed. */
  chain?: readonly (string | Uint8Array)[];
}

export interface SealedDocument {
  /** The `*.eseal.json` envelope to store or hand out. */
  envelope: Uint8Array;
  statement: SealStatement;
  /** statement.p7s: DER of the attached SignedData. */
  signedStatement: Uint8Array;
}

/**
 * Refuses (throws) to seal with a seal the signer may not use or outside the seal's validity:
 * such a signature could never verify. The verifier checks all of it again.
 */
export async function sealDocument(input: SealDocumentInput): Promise<SealedDocument> {
  const seal = await openSealRecord(input.sealRecord);
  const signerCert = certificateDer(input.signerCertificate);
  const signerPrint = await certificateFingerprint(signerCert);
  const signingTime = wholeSeconds(input.signingTime);
  if (!seal.record.allowedCertificates.includes(signerPrint)) throw new Error(`the signing certificate may not use seal ${seal.record.sealId}`);
  if (signingTime < new Date(seal.record.validFrom) || signingTime > new Date(seal.record.validTo)) {
    throw new Error(`seal ${seal.record.sealId} is not valid at ${signingTime.toISOString()}`);
  }
  const statement: SealStatement = {
    v: SEAL_STATEMENT_VERSION,
    documentSha256: toHex(await sha256(input.document)),
    ...(input.documentName === undefined ? {} : { documentName: input.documentName }),
    sealRecordSha256: seal.sha256,
    signingTime: signingTime.toISOString(),
    signerCertificateSha256: signerPrint,
    ...(input.purpose === undefined ? {} : { purpose: input.purpose }),
  };
  const signedStatement = await createSignedData({
    content: encodeSealStatement(statement),
    signerCertificate: signerCert,
    sign: input.sign,
    signingTime,
    detached: false,
    extraCertificates: input.chain,
  });
  return { envelope: encodeSealEnvelope({ statement: signedStatement, sealRecord: input.sealRecord }), statement, signedStatement };
}
