/** An opening as the browsers of bidders, custodians, host and supervisor act in it: offers, CEK unwrapping, shares, sign-in, e-seals. */
import { createHash, randomBytes, sign as rsaSign } from 'node:crypto';
import { concatBytes, toHex } from '../../crypto/bytes';
import { aesGcmEncrypt, authEnvelopedFrame, decodeAuthEnveloped, importOaepPrivateKey, keyTransRecipientInfo, rsaSha256Signer, unwrapContentKey } from '../../crypto/cms';
import { sealDocument } from '../../crypto/eseal';
import { buildManifest, priceCommitment, sealBid, signManifest, type SealedBidPackage } from '../../crypto/sbp';
import { unwrapShare } from '../../crypto/threshold';
import { buildBidPackage } from '../../web/src/lib/bid-package';
import type { TestApp } from './app';
import { bidderWithOwnKeys, submit, uploadAll, type BidderKeys } from './bidder';
import { gql, loginAs } from './graphql';
import { createProject, cst, publishProject, SCHEDULES, setClock, T0, userIds } from './projects';

export const SESSION_FIELDS = `id status policy decryptionEndsAt threshold sharesSubmitted isHost isCustodian signInMessage lastEventSeq recordJson recordSha256 recordLedgerIndex controlPrice
  bids { id bidId position organisationName mine signedInAt decryption decryptedBy outcome claim failureCode failureReason readOutAt totalPrice durationDays confirmedAt confirmAgree }
  objections { id organisationName text answer } seals { role signerName } integrityFlags { kind severity explanation organisationIds }`;

export const PAYLOAD = `session { ${SESSION_FIELDS} } errors { code message field }`;

/** Run an opening mutation; fails the test on GraphQL-level errors, returns the payload. */
export async function act(app: TestApp, token: string, mutation: string, args: Record<string, unknown>): Promise<{ session: any; errors: { code: string; message: string }[] }> {
  const names = Object.keys(args);
  const types: Record<string, string> = { projectId: 'ID!', bidId: 'ID!', objectionId: 'ID!', agree: 'Boolean!', note: 'String' };
  const decl = names.map((n) => `$${n}: ${types[n] ?? 'String!'}`).join(', ');
  const res = await gql(app.graphqlUrl, `mutation(${decl}) { ${mutation}(${names.map((n) => `${n}: $${n}`).join(', ')}) { ${PAYLOAD} } }`, args, token);
  if (!res.data) throw new Error(`${mutation}: ${JSON.stringify(res.errors)}`);
  return res.data[mutation];
}

export async function sessionOf(app: TestApp, token: string, projectId: string): Promise<any> {
  const res = await gql(app.graphqlUrl, `query($p: ID!) { openingSession(projectId: $p) { ${SESSION_FIELDS} } }`, { p: projectId }, token);
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.openingSession;
}

/** bid.json + an attachment, as the browser builds it, and the manifest's price commitment. */
export async function offer(projectId: string, lotId: string, price: string, attachment = `技术方案 ${price}`) {
  const salt = randomBytes(32);
  const content = await buildBidPackage({
    projectId, lotId, lotNumber: 1, priceSalt: salt.toString('hex'),
    form: { totalPrice: price, durationDays: 30, qualityCommitment: '合格', remarks: '' },
    files: [{ name: '技术方案.txt', bytes: new TextEncoder().encode(attachment) }],
  });
  return { content, priceCommitment: await priceCommitment(price, salt) };
}

export async function sealOffer(bidder: BidderKeys, ids: { projectId: string; lotId: string }, price: string, recipients: string[]): Promise<SealedBidPackage> {
  const { content, priceCommitment: commitment } = await offer(ids.projectId, ids.lotId, price);
  return sealBid({ ...ids, bidderId: bidder.organisationId, priceCommitment: commitment, content, recipients, signerCertificate: bidder.signing.certPem, sign: await rsaSha256Signer(bidder.signing.keyPem) });
}

/** A cheating (or broken) bidder tool: the manifest commits to a key that wraps nothing in the package. */
export async function sealWithWrongCommitment(bidder: BidderKeys, ids: { projectId: string; lotId: string }, price: string, recipients: string[]): Promise<SealedBidPackage> {
  const { content, priceCommitment: commitment } = await offer(ids.projectId, ids.lotId, price);
  const cek = randomBytes(32);
  const nonce = randomBytes(12);
  const ris = await Promise.all(recipients.map((r) => keyTransRecipientInfo(r, cek)));
  const { ciphertext, mac } = await aesGcmEncrypt(cek, nonce, content);
  const frame = authEnvelopedFrame(ris, nonce, ciphertext.length);
  const bidCms = concatBytes(frame.prefix, ciphertext, frame.suffixFor(mac));
  const manifest = await buildManifest({ ...ids, bidderId: bidder.organisationId, priceCommitment: commitment }, toHex(createHash('sha256').update(bidCms).digest()), bidCms.length, randomBytes(32), recipients);
  return { bidCms, ...(await signManifest(manifest, bidder.signing.certPem, await rsaSha256Signer(bidder.signing.keyPem))) };
}

/** What the bidder's browser does at the decryption step: unwrap the CEK with its own encryption key. */
export async function unwrapCek(bidCms: Uint8Array, keyPem: string, certPem: string): Promise<string> {
  const cek = await unwrapContentKey(decodeAuthEnveloped(bidCms), await importOaepPrivateKey(keyPem), certPem);
  return Buffer.from(cek).toString('base64');
}

export function signInSignature(message: string, signingKeyPem: string): string {
  return rsaSign('sha256', Buffer.from(message, 'utf8'), signingKeyPem).toString('base64');
}

/** A demo user's private key (kept as a platform secret for development only). */
export async function demoKey(app: TestApp, username: string, usage: 'signing' | 'encryption'): Promise<string> {
  const rows = await app.platform.services.orm.em.fork().execute<{ value: string }[]>('select value from platform_secret where name = ?', [`demo.key.${username}-${usage}`]);
  return rows[0].value;
}

export async function demoCertificate(app: TestApp, token: string, usage: 'SIGNING' | 'ENCRYPTION'): Promise<string> {
  const res = await gql(app.graphqlUrl, '{ myCertificates { pem usage status } }', {}, token);
  return res.data!.myCertificates.find((c: any) => c.usage === usage && c.status === 'VALID').pem;
}

/** A custodian's browser: fetch its wrapped share, unwrap it with its own key, send it. */
export async function unwrappedShare(app: TestApp, token: string, username: string, projectId: string): Promise<string | null> {
  const res = await gql(app.graphqlUrl, 'query($p: ID!) { myOpeningKeyShare(projectId: $p) }', { p: projectId }, token);
  const wrapped = res.data?.myOpeningKeyShare;
  if (!wrapped) return null;
  const share = await unwrapShare(Buffer.from(wrapped, 'base64'), await importOaepPrivateKey(await demoKey(app, username, 'encryption')));
  return Buffer.from(share).toString('base64');
}

/** Host or supervisor: seal the record's bytes with the personal e-seal the platform issues, using its own signing key. */
export async function sealRecord(app: TestApp, token: string, username: string, recordJson: string, purpose = 'opening-record'): Promise<string> {
  const res = await gql(app.graphqlUrl, '{ serverTime mySeal { seal { sealRecordBase64 } errors { code message } } }', {}, token);
  const sealRecord = Buffer.from(res.data!.mySeal.seal.sealRecordBase64, 'base64');
  const sealed = await sealDocument({
    document: new TextEncoder().encode(recordJson),
    sealRecord,
    signerCertificate: await demoCertificate(app, token, 'SIGNING'),
    sign: await rsaSha256Signer(await demoKey(app, username, 'signing')),
    signingTime: new Date(res.data!.serverTime), // platform time, as the browser takes it from the server
    purpose,
  });
  return Buffer.from(sealed.envelope).toString('base64');
}

export const OPENING_AT = SCHEDULES.GP_OPEN_TENDER.openingAt;

export interface Party { name: string; keys: BidderKeys; bidCms: Uint8Array; bidId: string }

export interface TenderBidder {
  name: string;
  login: () => Promise<string>;
  price: string;
  /** how its tool seals (default: a correct sealed offer) */
  seal?: typeof sealOffer;
}

/**
 * A government open tender published with custodians supervisor, tenderee and admin (k = 2); each bidder
 * registers and submits a sealed offer to its own and the opening certificate; platform time is then the
 * opening time and the project SEALED. Tokens are fresh (they last 30 minutes of platform time).
 */
export async function sealedTender(app: TestApp, bidders: TenderBidder[]): Promise<{ projectId: string; parties: Party[] }> {
  await setClock(app, T0);
  const tenderee = await loginAs(app.graphqlUrl, 'tenderee');
  const custodians = await userIds(app, await loginAs(app.graphqlUrl, 'admin'), 'supervisor', 'tenderee', 'admin');
  const { project } = await createProject(app, tenderee, { title: '手术室设备采购', method: 'GP_OPEN_TENDER', budget: '1200000', estimatedPrice: '1100000', schedule: SCHEDULES.GP_OPEN_TENDER });
  const upload = await fetch(`${app.baseUrl}/api/projects/${project.id}/documents`, { method: 'POST', headers: { authorization: `Bearer ${tenderee}`, 'content-type': 'application/pdf', 'x-file-name': 'doc.pdf' }, body: Buffer.from('%PDF-1.7') });
  if (upload.status !== 201) throw new Error(`document upload: ${upload.status}`);
  const published = await publishProject(app, tenderee, { projectId: project.id, announcement: '招标公告', custodianUserIds: custodians });
  if (published.errors.length) throw new Error(JSON.stringify(published.errors));
  const opening = published.project.openingCertificatePem;
  const lotId = (await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { lots { id } } }', { id: project.id })).data!.project.lots[0].id;
  await setClock(app, cst('2026-12-14T16:00:00'));
  await app.platform.services.projectClock.tick();
  const parties: Party[] = [];
  for (const [i, bidder] of bidders.entries()) {
    const token = await bidder.login();
    const keys = await bidderWithOwnKeys(app, token);
    await gql(app.graphqlUrl, 'mutation($i: RegisterForProjectInput!) { registerForProject(input: $i) { errors { code } } }', { i: { projectId: project.id } }, token);
    const pkg = await (bidder.seal ?? sealOffer)(keys, { projectId: project.id, lotId }, bidder.price, [keys.encryption.certPem, opening]);
    const res = await submit(app, token, await uploadAll(app, token, project.id, lotId, pkg.bidCms), pkg, `opening-${project.id}-${i}`);
    if (res.data?.submitBid.errors.length !== 0) throw new Error(JSON.stringify(res));
    parties.push({ name: bidder.name, keys, bidCms: pkg.bidCms, bidId: res.data!.submitBid.bid.id });
  }
  await setClock(app, OPENING_AT);
  await app.platform.services.projectClock.tick();
  for (const [i, p] of parties.entries()) p.keys.token = await bidders[i].login();
  return { projectId: project.id, parties };
}
