/** A bidder as the browser or the CLI acts: its own keys (never sent), certificates from a CSR, sealing, chunked upload. */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { rsaSha256Signer } from '../../crypto/cms';
import { createCsr } from '../../crypto/pki';
import { sealBid, type SealedBidPackage } from '../../crypto/sbp';
import type { TestApp } from './app';
import { gql } from './graphql';

export interface BidderKeys {
  token: string;
  userId: string;
  organisationId: string;
  signing: { keyPem: string; certPem: string };
  encryption: { keyPem: string; certPem: string };
}

/** Make key pairs locally and have the platform CA certify them (self-service issuance from a CSR). */
export async function bidderWithOwnKeys(app: TestApp, token: string): Promise<BidderKeys> {
  const me = (await gql(app.graphqlUrl, '{ me { id organisation { id } } }', {}, token)).data!.me;
  const certify = async (usage: 'SIGNING' | 'ENCRYPTION') => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const csrPem = await createCsr({ subject: { commonName: 'ignored' }, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), sign: (tbs) => sign('sha256', tbs, privateKey) });
    const res = await gql(app.graphqlUrl, 'mutation($i: IssueCertificateInput!) { issueCertificate(input: $i) { certificate { pem } errors { code message } } }', { i: { userId: me.id, usage, csrPem } }, token);
    if (!res.data?.issueCertificate.certificate) throw new Error(JSON.stringify(res));
    return { keyPem, certPem: res.data.issueCertificate.certificate.pem as string };
  };
  return { token, userId: me.id, organisationId: me.organisation.id, signing: await certify('SIGNING'), encryption: await certify('ENCRYPTION') };
}

export async function seal(bidder: BidderKeys, ids: { projectId: string; lotId: string; rev?: number; prevManifestSha256?: string | null }, content: string, recipients: string[]): Promise<SealedBidPackage> {
  return sealBid({ ...ids, bidderId: bidder.organisationId, content: new TextEncoder().encode(content), recipients, signerCertificate: bidder.signing.certPem, sign: await rsaSha256Signer(bidder.signing.keyPem) });
}

export async function createUpload(app: TestApp, token: string, projectId: string, lotId: string, bytes: Uint8Array) {
  const res = await gql(app.graphqlUrl, 'mutation($i: CreateBidUploadInput!) { createBidUpload(input: $i) { upload { id received } chunkSize errors { code message } } }', { i: { projectId, lotId, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } }, token);
  return res.data!.createBidUpload;
}

export function putChunk(app: TestApp, token: string, uploadId: string, offset: number, chunk: Uint8Array): Promise<Response> {
  return fetch(`${app.baseUrl}/api/bid-uploads/${uploadId}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'upload-offset': String(offset), 'content-type': 'application/octet-stream' }, body: Buffer.from(chunk) });
}

export async function uploadAll(app: TestApp, token: string, projectId: string, lotId: string, bytes: Uint8Array): Promise<string> {
  const { upload, errors } = await createUpload(app, token, projectId, lotId, bytes);
  if (!upload) throw new Error(JSON.stringify(errors));
  const res = await putChunk(app, token, upload.id, 0, bytes);
  if (res.status !== 204) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return upload.id;
}

export const SUBMIT = 'mutation($i: SubmitBidInput!) { submitBid(input: $i) { bid { id rev status manifestSha256 ledgerIndex } receipt errors { code message } } }';

export function submit(app: TestApp, token: string, uploadId: string, pkg: SealedBidPackage, idempotencyKey: string) {
  return gql(app.graphqlUrl, SUBMIT, { i: { uploadId, manifestJson: new TextDecoder().decode(pkg.manifestJson), manifestP7s: Buffer.from(pkg.manifestP7s).toString('base64'), idempotencyKey } }, token);
}
