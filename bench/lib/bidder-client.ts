/**
 * A client of the platform as the browser or the CLI acts (after test/support/bidder.ts): GraphQL
 * over HTTP, its own key pairs (never sent) certified from a CSR, sealing, and upload of bid.cms.
 */
import { createHash, generateKeyPair, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { rsaSha256Signer } from '../../crypto/cms';
import { createCsr } from '../../crypto/pki';
import { sealBid, type SealedBidPackage } from '../../crypto/sbp';

export interface GraphQLResult<T = any> { status: number; data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] }

export async function gql<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string, timeoutMs = 60_000): Promise<GraphQLResult<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await res.json()) as GraphQLResult<T>;
  return { status: res.status, data: body.data, errors: body.errors };
}

/** The `data` of a result, or an exception naming the operation and what came back. */
export function dataOf<T>(what: string, res: GraphQLResult<T>): T {
  if (!res.data || res.errors?.length) throw new Error(`${what}: ${JSON.stringify(res.errors ?? res)}`);
  return res.data;
}

export async function login(graphqlUrl: string, username: string, password: string): Promise<string> {
  const res = await gql(graphqlUrl, 'mutation($i: LoginInput!) { login(input: $i) { token errors { code message } } }', { i: { username, password } });
  const token = res.data?.login?.token as string | undefined;
  if (!token) throw new Error(`login as ${username} failed: ${JSON.stringify(res.errors ?? res.data)}`);
  return token;
}

export interface Bidder {
  username: string;
  token: string;
  userId: string;
  organisationId: string;
  signing: { keyPem: string; certPem: string };
  encryption: { keyPem: string; certPem: string };
}

const generateRsa = promisify(generateKeyPair) as (type: 'rsa', opts: { modulusLength: number }) => Promise<{ publicKey: KeyObject; privateKey: KeyObject }>;

/** Make both key pairs here and have the platform CA certify them (self-service issuance from a CSR). */
export async function bidderWithOwnKeys(graphqlUrl: string, username: string, token: string): Promise<Bidder> {
  const me = dataOf('me', await gql(graphqlUrl, '{ me { id organisation { id } } }', {}, token)).me;
  const certify = async (usage: 'SIGNING' | 'ENCRYPTION') => {
    const { publicKey, privateKey } = await generateRsa('rsa', { modulusLength: 2048 });
    const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const csrPem = await createCsr({ subject: { commonName: 'ignored' }, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), sign: (tbs) => sign('sha256', tbs, privateKey) });
    const res = await gql(graphqlUrl, 'mutation($i: IssueCertificateInput!) { issueCertificate(input: $i) { certificate { pem } errors { code message } } }', { i: { userId: me.id, usage, csrPem } }, token);
    const pem = res.data?.issueCertificate?.certificate?.pem as string | undefined;
    if (!pem) throw new Error(`issueCertificate (${usage}) for ${username}: ${JSON.stringify(res.errors ?? res.data)}`);
    return { keyPem, certPem: pem };
  };
  return { username, token, userId: me.id, organisationId: me.organisation.id, signing: await certify('SIGNING'), encryption: await certify('ENCRYPTION') };
}

export async function sealFor(bidder: Bidder, ids: { projectId: string; lotId: string }, content: Uint8Array, recipients: string[]): Promise<SealedBidPackage> {
  return sealBid({ ...ids, bidderId: bidder.organisationId, content, recipients, signerCertificate: bidder.signing.certPem, sign: await rsaSha256Signer(bidder.signing.keyPem) });
}

/** createBidUpload, then the whole of bid.cms in one PUT (it is small); the upload's id. */
export async function uploadBidCms(baseUrl: string, token: string, projectId: string, lotId: string, bytes: Uint8Array): Promise<string> {
  const res = await gql(`${baseUrl}/graphql`, 'mutation($i: CreateBidUploadInput!) { createBidUpload(input: $i) { upload { id } errors { code message } } }', { i: { projectId, lotId, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } }, token);
  const upload = res.data?.createBidUpload?.upload as { id: string } | undefined;
  if (!upload) throw new Error(`createBidUpload: ${JSON.stringify(res.errors ?? res.data)}`);
  const put = await fetch(`${baseUrl}/api/bid-uploads/${upload.id}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'upload-offset': '0', 'content-type': 'application/octet-stream' }, body: Buffer.from(bytes), signal: AbortSignal.timeout(60_000) });
  if (put.status !== 204) throw new Error(`upload of bid.cms: HTTP ${put.status} ${await put.text()}`);
  return upload.id;
}

export const SUBMIT_BID = 'mutation($i: SubmitBidInput!) { submitBid(input: $i) { bid { id rev status manifestSha256 ledgerIndex } receipt errors { code message } } }';

/** The variables of submitBid for a sealed package, prepared ahead so the timed request does only the request. */
export function submitVariables(uploadId: string, pkg: SealedBidPackage, idempotencyKey: string): Record<string, unknown> {
  return { i: { uploadId, manifestJson: new TextDecoder().decode(pkg.manifestJson), manifestP7s: Buffer.from(pkg.manifestP7s).toString('base64'), idempotencyKey } };
}
