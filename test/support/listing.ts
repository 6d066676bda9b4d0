/** Land listing test helpers: a published LAND_LISTING project with its listing set up, qualified bidders, signed quotes. */
import { sign as rsaSign } from 'node:crypto';
import { quoteMessage } from '../../crypto/listing-quote';
import { usccCheckCharacter } from '../../api/src/modules/identity/uscc';
import type { TestApp } from './app';
import { bidderWithOwnKeys } from './bidder';
import { gql, loginAs } from './graphql';
import { demoCertificate, demoKey } from './opening';
import { createProject, cst, publishProject, SCHEDULES, setClock, T0, userIds } from './projects';

export const LISTING_START = SCHEDULES.LAND_LISTING.listingStart;
export const LISTING_END = SCHEDULES.LAND_LISTING.listingEnd;
/** `minutes` before the listing closes */
export const beforeClose = (minutes: number) => new Date(LISTING_END.getTime() - minutes * 60_000);

export const LISTING_FIELDS = `projectId status phase currentPrice minimumQuote quoteCount startPrice increment bond
  quotes { seq amount bidderNumber phase receivedAt ledgerIndex mine }
  listingStart listingEnd freezeAt timedStartedAt countdownEndsAt serverTime lastEventSeq
  floorEntered floorCommitment floorPrice outcome outcomeReason outcomeReasonCode outcomeReasonParams closedAt winnerName winnerNumber finalPrice
  resultPublishedAt confirmationJson confirmationSeals { role signerName } confirmedAt myNumber myRank isFloorOfficer isManager
  parcel { location areaM2 landUse plotRatio termYears }`;
export const LISTING_PAYLOAD = `listing { ${LISTING_FIELDS} } errors { code message field }`;

export interface Quoter {
  username: string;
  token: string;
  organisationId: string;
  certPem: string;
  keyPem: string;
}

export async function demoQuoter(app: TestApp, username: string): Promise<Quoter> {
  const token = await loginAs(app.graphqlUrl, username);
  const me = (await gql(app.graphqlUrl, '{ me { organisation { id } } }', {}, token)).data!.me;
  return { username, token, organisationId: me.organisation.id, certPem: await demoCertificate(app, token, 'SIGNING'), keyPem: await demoKey(app, username, 'signing') };
}

export function signQuote(q: Pick<Quoter, 'keyPem'>, projectId: string, amount: string, previousHighest: string | null): string {
  return rsaSign('sha256', quoteMessage({ projectId, amount, previousHighest }), q.keyPem).toString('base64');
}

export const QUOTE = `mutation($i: QuoteInput!) { quote(input: $i) { quote { seq amount bidderNumber phase receivedAt mine } listing { currentPrice countdownEndsAt myRank quoteCount } errors { code message } } }`;

export async function quote(app: TestApp, q: Quoter, projectId: string, amount: string, previousHighest: string | null, token = q.token) {
  const res = await gql(app.graphqlUrl, QUOTE, { i: { projectId, amount, previousHighest, certificatePem: q.certPem, signature: signQuote(q, projectId, amount, previousHighest) } }, token);
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.quote as { quote: any; listing: any; errors: { code: string; message: string }[] };
}

export async function listingAct(app: TestApp, token: string, mutation: string, args: string, vars: Record<string, unknown>) {
  const res = await gql(app.graphqlUrl, `mutation(${args}) { ${mutation} { ${LISTING_PAYLOAD} } }`, vars, token);
  if (!res.data) return { listing: null, errors: res.errors as any[], graphqlErrors: res.errors };
  return res.data[mutation.split('(')[0]] as { listing: any; errors: { code: string; message: string }[] };
}

export async function listingView(app: TestApp, projectId: string, token?: string | null) {
  return (await gql(app.graphqlUrl, `query($p: ID!) { listing(projectId: $p) { ${LISTING_FIELDS} } }`, { p: projectId }, token)).data!.listing;
}

export interface LandListing {
  projectId: string;
  tenderee: string;
  tendereeUserId: string;
}

/**
 * A LAND_LISTING project published at T0 (start price 1 000 000, increment 50 000), its listing set up
 * with the tenderee as floor officer, `bidders` registered and their bonds confirmed; the clock is left
 * at `at` (default: the listing start) and the scheduler has run.
 */
export async function landListing(app: TestApp, bidders: Quoter[], at: Date = LISTING_START, qualify: Quoter[] = bidders): Promise<LandListing> {
  await setClock(app, T0);
  await relogin(app, ...bidders);
  const tenderee = await loginAs(app.graphqlUrl, 'tenderee');
  const admin = await loginAs(app.graphqlUrl, 'admin');
  const [tendereeUserId, ...custodians] = await userIds(app, admin, 'tenderee', 'supervisor', 'tenderee', 'admin');
  const created = await createProject(app, tenderee, { title: '示范市北区 2026-08 号地块国有建设用地使用权挂牌出让', method: 'LAND_LISTING', startPrice: '1000000.00', schedule: SCHEDULES.LAND_LISTING, lots: [{ title: '2026-08 号地块' }] });
  if (created.errors.length) throw new Error(JSON.stringify(created.errors));
  const projectId = created.project.id as string;
  const published = await publishProject(app, tenderee, { projectId, announcement: '挂牌出让公告', custodianUserIds: custodians.slice(0, 3) });
  if (published.errors.length) throw new Error(JSON.stringify(published.errors));
  const setUp = await listingAct(app, tenderee, 'setUpListing(input: $i)', '$i: SetUpListingInput!', {
    i: { projectId, location: '示范市北区滨河路以东', areaM2: '35210.50', landUse: '住宅用地', plotRatio: '1.0–2.5', termYears: 70, increment: '50000', bond: '200000', floorOfficerUserId: tendereeUserId },
  });
  if (setUp.errors.length) throw new Error(JSON.stringify(setUp.errors));
  for (const b of bidders) {
    const reg = await gql(app.graphqlUrl, 'mutation($i: RegisterForProjectInput!) { registerForProject(input: $i) { errors { code } } }', { i: { projectId } }, b.token);
    if (reg.data!.registerForProject.errors.length) throw new Error(JSON.stringify(reg.data));
  }
  for (const b of qualify) {
    const bond = await listingAct(app, tenderee, 'confirmListingBond(projectId: $p, organisationId: $o)', '$p: ID!, $o: ID!', { p: projectId, o: b.organisationId });
    if (bond.errors.length) throw new Error(JSON.stringify(bond.errors));
  }
  await setClock(app, at);
  await app.platform.services.projectClock.tick();
  await relogin(app, ...bidders);
  return { projectId, tenderee: await loginAs(app.graphqlUrl, 'tenderee'), tendereeUserId };
}

/** Tokens last 30 minutes of platform time: log in again after moving the clock. */
export async function relogin(app: TestApp, ...quoters: Quoter[]): Promise<void> {
  for (const q of quoters) q.token = await loginAs(app.graphqlUrl, q.username);
}

/** Move the clock and run the scheduler once. */
export async function at(app: TestApp, when: Date): Promise<number> {
  await setClock(app, when);
  return app.platform.services.projectClock.tick();
}

export { cst };

/** A new bidder organisation with one user and its own signing key (certified from a CSR), for tests that need many bidders. */
export async function newQuoter(app: TestApp, admin: string, i: number, tag = 'LQ'): Promise<Quoter> {
  const first17 = `91350100${tag.slice(0, 2).padEnd(2, 'X')}${String(i).padStart(7, '0')}`;
  const org = await gql(app.graphqlUrl, 'mutation($i: RegisterOrganisationInput!) { registerOrganisation(input: $i) { organisation { id } errors { code message } } }', { i: { name: `竞买测试第${i}号有限公司`, kind: 'BIDDER', uscc: first17 + usccCheckCharacter(first17) } }, admin);
  const organisationId = org.data!.registerOrganisation.organisation?.id;
  if (!organisationId) throw new Error(JSON.stringify(org));
  const username = `${tag.toLowerCase()}${i}`;
  const user = await gql(app.graphqlUrl, 'mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code message } } }', { i: { username, displayName: `竞买人 ${i}`, organisationId, password: 'demo1234', roles: ['BIDDER'] } }, admin);
  if (!user.data?.createUser.user) throw new Error(JSON.stringify(user));
  const keys = await bidderWithOwnKeys(app, await loginAs(app.graphqlUrl, username));
  return { username, token: keys.token, organisationId, certPem: keys.signing.certPem, keyPem: keys.signing.keyPem };
}
