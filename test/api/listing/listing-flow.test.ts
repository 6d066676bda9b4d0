/**
 * Land listing end to end over real HTTP and WebSocket (DOMAIN rules 29–34): qualification, signed
 * quotes, the freeze and timed bidding with its countdown, the sealed floor, every close outcome,
 * results, the deal confirmation sealed by both parties, and the deadline lights.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { gql, loginAs } from '../../support/graphql';
import { startTestApp, type TestApp } from '../../support/app';
import { sealRecord } from '../../support/opening';
import { waitFor } from '../../support/wait';
import { at, beforeClose, demoQuoter, landListing, LISTING_END, LISTING_START, listingAct, listingView, quote, relogin, signQuote, QUOTE, type Quoter } from '../../support/listing';

let app: TestApp;
let b1: Quoter, b2: Quoter, b3: Quoter;
const minutesAfter = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  [b1, b2, b3] = [await demoQuoter(app, 'bidder1'), await demoQuoter(app, 'bidder2'), await demoQuoter(app, 'bidder3')];
});
afterAll(() => app.close());

const ledgerSize = async () => (await gql(app.graphqlUrl, '{ ledgerCheckpoint { size } }')).data!.ledgerCheckpoint.size as number;
const events = async (projectId: string) => (await app.platform.services.eventLog.replay(app.platform.services.orm.em.fork(), `listing:${projectId}`, 0));
const lights = async (projectId: string) => {
  const sup = await loginAs(app.graphqlUrl, 'supervisor');
  const res = await gql(app.graphqlUrl, 'query($p: ID!) { deadlineLights(first: 50, filter: {projectId: $p}) { edges { node { rule dueAt completedAt } } } }', { p: projectId }, sup);
  return res.data!.deadlineLights.edges.map((e: any) => e.node) as { rule: string; dueAt: string; completedAt: string | null }[];
};

test('timed bidding: qualified bidders only, rule 29 checks, the freeze, a countdown restarted by each quote, floor equal to the highest → deal, results and the sealed confirmation', async () => {
  const { projectId, tenderee } = await landListing(app, [b1, b2, b3], minutesAfter(LISTING_START, 60), [b1, b2]);
  const watcher = createClient({ url: app.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true }); // anonymous: the public watch view
  const seen: any[] = [];
  watcher.subscribe({ query: 'subscription($p: ID!) { listingEvents(projectId: $p, afterSeq: 0) { seq type payload } }', variables: { p: projectId } }, { next: (v) => seen.push(v.data?.listingEvents ?? v.errors), error: (e) => seen.push(e), complete: () => undefined });
  try {
    expect((await quote(app, b1, projectId, '999999.99', null)).errors.map((e) => e.code)).toEqual(['BELOW_START_PRICE']);
    const first = await quote(app, b1, projectId, '1000000', null);
    expect(first.errors).toEqual([]);
    expect(first.quote).toMatchObject({ seq: 1, amount: '1000000.00', bidderNumber: 1, phase: 'LISTING', mine: true });
    expect(new Date(first.quote.receivedAt).getTime() - minutesAfter(LISTING_START, 60).getTime()).toBeGreaterThanOrEqual(0); // server time, where the clock was set
    expect(new Date(first.quote.receivedAt).getTime() - minutesAfter(LISTING_START, 60).getTime()).toBeLessThan(60_000);
    expect((await quote(app, b2, projectId, '1050000', '1000000')).quote).toMatchObject({ seq: 2, bidderNumber: 2 });

    const sizeBefore = await ledgerSize();
    expect((await quote(app, b3, projectId, '2000000', '1050000')).errors.map((e) => e.code)).toEqual(['BOND_NOT_CONFIRMED']); // registered, bond not confirmed
    expect((await quote(app, b1, projectId, '1060000', '1050000')).errors.map((e) => e.code)).toEqual(['INCREMENT_TOO_SMALL']);
    expect((await quote(app, b1, projectId, '1100000', '1000000')).errors.map((e) => e.code)).toEqual(['PRICE_CHANGED']); // signed against a stale level
    const forged = await gql(app.graphqlUrl, QUOTE, { i: { projectId, amount: '1200000', previousHighest: '1050000', certificatePem: b1.certPem, signature: signQuote(b1, projectId, '1100000', '1050000') } }, b1.token);
    expect(forged.data!.quote.errors.map((e: any) => e.code)).toEqual(['SIGNATURE_INVALID']);
    const othersCert = await gql(app.graphqlUrl, QUOTE, { i: { projectId, amount: '1100000', previousHighest: '1050000', certificatePem: b2.certPem, signature: signQuote(b2, projectId, '1100000', '1050000') } }, b1.token);
    expect(othersCert.data!.quote.errors.map((e: any) => e.code)).toEqual(['CERTIFICATE_INVALID']); // b2's certificate is not b1's
    expect(await ledgerSize()).toBe(sizeBefore); // refusals change nothing
    expect((await listingView(app, projectId)).quoteCount).toBe(2);

    // rule 31: at close − 60 min with 2 active bidders, timed bidding starts from the current highest
    await at(app, beforeClose(60.5));
    expect((await listingView(app, projectId)).status).toBe('LISTING');
    await at(app, beforeClose(60));
    let view = await listingView(app, projectId);
    expect(view).toMatchObject({ status: 'TIMED_BIDDING', phase: 'TIMED_BIDDING', currentPrice: '1050000.00', timedStartedAt: beforeClose(60).toISOString(), countdownEndsAt: beforeClose(56).toISOString() });

    await at(app, beforeClose(58));
    await relogin(app, b1, b2, b3);
    const timed = await quote(app, b1, projectId, '1100000', '1050000');
    expect(timed.quote).toMatchObject({ seq: 3, phase: 'TIMED_BIDDING' });
    expect(new Date(timed.listing.countdownEndsAt).getTime()).toBe(new Date(timed.quote.receivedAt).getTime() + 240_000); // restarted: arrival + 4 min
    await at(app, beforeClose(54.25)); // 15 s before the countdown ends (platform time runs on while the quote travels)
    const last = await quote(app, b2, projectId, '1150000', '1100000');
    expect(new Date(last.listing.countdownEndsAt).getTime()).toBe(new Date(last.quote.receivedAt).getTime() + 240_000);
    await at(app, beforeClose(49));
    await relogin(app, b1);
    expect((await quote(app, b1, projectId, '1200000', '1150000')).errors.map((e) => e.code)).toEqual(['COUNTDOWN_EXPIRED']);
    view = await listingView(app, projectId, b1.token);
    expect(view).toMatchObject({ status: 'TIMED_BIDDING', phase: 'AWAITING_CLOSE', myRank: 2, myNumber: 1 }); // the floor may still be entered until the close

    // rule 30: the floor, equal to the highest quote, sealed until the close
    await at(app, beforeClose(20));
    const officer = await loginAs(app.graphqlUrl, 'tenderee');
    const floor = await listingAct(app, officer, 'enterFloorPrice(projectId: $p, amount: $a)', '$p: ID!, $a: String!', { p: projectId, a: '1150000' });
    expect(floor.errors).toEqual([]);
    expect(floor.listing).toMatchObject({ floorEntered: true, floorPrice: null, floorCommitment: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const dump = await app.platform.services.orm.em.fork().execute<{ floor_sealed: string }[]>('select floor_sealed from listing where project_id = ?', [projectId]);
    expect(dump[0].floor_sealed).not.toContain('1150000'); // ciphertext only before the close
    expect((await events(projectId)).find((e) => e.type === 'FLOOR_SEALED')!.payload).toEqual({ commitment: floor.listing.floorCommitment }); // the commitment only
    expect((await listingView(app, projectId)).floorPrice).toBeNull();

    await at(app, LISTING_END);
    view = await listingView(app, projectId);
    expect(view).toMatchObject({ status: 'AWARDED', phase: 'CLOSED', outcome: 'DEAL', finalPrice: '1150000.00', floorPrice: '1150000.00', winnerNumber: 2, winnerName: expect.any(String), closedAt: LISTING_END.toISOString() });
    expect(view.quotes.map((q: any) => q.seq)).toEqual([1, 2, 3, 4]);
    const closed = (await events(projectId)).find((e) => e.type === 'CLOSED')!;
    expect(closed.payload).toMatchObject({ outcome: 'DEAL', finalPrice: '1150000.00', floorPrice: '1150000.00', winnerNumber: 2 });
    const closeEntry = (await gql(app.graphqlUrl, 'query($p: ID!) { ledgerEntries(first: 100, projectId: $p) { edges { node { kind data } } } }', { p: projectId })).data!.ledgerEntries.edges.map((e: any) => e.node);
    expect(closeEntry.filter((e: any) => e.kind === 'listing.quote')).toHaveLength(4);
    expect(JSON.parse(closeEntry.find((e: any) => e.kind === 'listing.closed').data)).toMatchObject({ floorPrice: '1150000.00', floorCommitment: view.floorCommitment, floorSalt: expect.any(String) });

    // the public watcher saw everything, in order, without gaps
    await waitFor(() => seen.some((e) => e?.type === 'CLOSED'), 'the CLOSED event at the public watcher');
    expect(seen.map((e) => e.seq)).toEqual(seen.map((_, i) => i + 1));
    expect(seen.filter((e) => e.type === 'QUOTE').map((e) => e.payload.amount)).toEqual(['1000000.00', '1050000.00', '1100000.00', '1150000.00']);
    expect(seen.map((e) => e.type)).toEqual(expect.arrayContaining(['TIMED_BIDDING_STARTED', 'FLOOR_SEALED', 'CLOSED']));

    // rule 33: result within 10 working days, confirmation within 2 working days of it, sealed by both parties
    expect((await lights(projectId)).find((l) => l.rule === 'LISTING_RESULT')).toMatchObject({ completedAt: null, dueAt: new Date('2027-01-09T00:00:00+08:00').toISOString() }); // Thu 24 Dec + 10 working days (1 Jan a holiday) → the end of Fri 8 Jan
    const manager = await loginAs(app.graphqlUrl, 'tenderee');
    const published = await listingAct(app, manager, 'publishListingResult(projectId: $p)', '$p: ID!', { p: projectId });
    expect(published.errors).toEqual([]);
    const confirmation = published.listing.confirmationJson as string;
    // published on Thu 24 Dec: 2 working days → the end of Mon 28 Dec
    expect((await lights(projectId)).find((l) => l.rule === 'DEAL_CONFIRMATION')).toMatchObject({ completedAt: null, dueAt: new Date('2026-12-29T00:00:00+08:00').toISOString() });
    expect(JSON.parse(confirmation)).toMatchObject({ price: '1150000.00', transferee: { id: b2.organisationId } });
    await relogin(app, b1, b2);
    const loser = await gql(app.graphqlUrl, 'mutation($p: ID!, $e: String!) { sealDealConfirmation(projectId: $p, envelope: $e) { errors { code } } }', { p: projectId, e: await sealRecord(app, b1.token, 'bidder1', confirmation) }, b1.token);
    expect(loser.errors![0].extensions!.code).toBe('FORBIDDEN');
    const bySeller = await listingAct(app, manager, 'sealDealConfirmation(projectId: $p, envelope: $e)', '$p: ID!, $e: String!', { p: projectId, e: await sealRecord(app, manager, 'tenderee', confirmation) });
    expect(bySeller.errors).toEqual([]);
    const wrongDoc = await listingAct(app, b2.token, 'sealDealConfirmation(projectId: $p, envelope: $e)', '$p: ID!, $e: String!', { p: projectId, e: await sealRecord(app, b2.token, 'bidder2', confirmation + ' ') });
    expect(wrongDoc.errors.map((e) => e.code)).toEqual(['SEAL_INVALID']);
    const byBuyer = await listingAct(app, b2.token, 'sealDealConfirmation(projectId: $p, envelope: $e)', '$p: ID!, $e: String!', { p: projectId, e: await sealRecord(app, b2.token, 'bidder2', confirmation) });
    expect(byBuyer.errors).toEqual([]);
    expect(byBuyer.listing.confirmationSeals.map((s: any) => s.role).sort()).toEqual(['TRANSFEREE', 'TRANSFEROR']);
    expect(byBuyer.listing.confirmedAt).not.toBeNull();
    const done = await lights(projectId);
    expect(done.find((l) => l.rule === 'LISTING_RESULT')!.completedAt).not.toBeNull();
    expect(done.find((l) => l.rule === 'DEAL_CONFIRMATION')!.completedAt).not.toBeNull();
  } finally {
    await watcher.dispose();
  }
});

test('one bidder at or above the floor at the close → deal; a second bidder arriving after the freeze instant leads to timed bidding from the close, where no quote means the highest listing quote wins', async () => {
  const { projectId, tenderee } = await landListing(app, [b1, b2], minutesAfter(LISTING_START, 10));
  expect((await quote(app, b1, projectId, '1000000', null)).errors).toEqual([]);
  await at(app, beforeClose(60)); // only one active bidder: no freeze
  expect((await listingView(app, projectId)).status).toBe('LISTING');
  await at(app, beforeClose(30));
  await relogin(app, b1, b2);
  expect((await quote(app, b2, projectId, '1300000', '1000000')).quote).toMatchObject({ seq: 2, phase: 'LISTING' });
  await at(app, LISTING_END);
  let view = await listingView(app, projectId);
  expect(view).toMatchObject({ status: 'TIMED_BIDDING', timedStartedAt: LISTING_END.toISOString(), countdownEndsAt: minutesAfter(LISTING_END, 4).toISOString() });
  await at(app, minutesAfter(LISTING_END, 3.99));
  expect((await listingView(app, projectId)).status).toBe('TIMED_BIDDING');
  await at(app, minutesAfter(LISTING_END, 4));
  view = await listingView(app, projectId);
  expect(view).toMatchObject({ status: 'AWARDED', outcome: 'DEAL', finalPrice: '1300000.00', winnerNumber: 2, floorPrice: null, outcomeReason: expect.stringContaining('no quote in timed bidding') });
  expect(tenderee).toBeTruthy();
});

test.each([
  ['one bidder, floor above its quote → no deal (FAILED)', '1000001', 'FAILED', 'NO_DEAL', null],
  ['one bidder, floor exactly its quote → deal', '1000000.00', 'AWARDED', 'DEAL', '1000000.00'],
  ['one bidder, no floor entered → deal', null, 'AWARDED', 'DEAL', '1000000.00'],
] as const)('%s', async (_name, floorPrice, status, outcome, finalPrice) => {
  const { projectId } = await landListing(app, [b1], minutesAfter(LISTING_START, 10));
  expect((await quote(app, b1, projectId, '1000000', null)).errors).toEqual([]);
  if (floorPrice) {
    await at(app, beforeClose(29));
    const floor = await listingAct(app, await loginAs(app.graphqlUrl, 'tenderee'), 'enterFloorPrice(projectId: $p, amount: $a)', '$p: ID!, $a: String!', { p: projectId, a: floorPrice });
    expect(floor.errors).toEqual([]);
  }
  await at(app, minutesAfter(LISTING_END, 90)); // the scheduler was late: the close takes effect at the close time anyway
  const view = await listingView(app, projectId);
  expect(view).toMatchObject({ status, outcome, finalPrice, closedAt: LISTING_END.toISOString() });
  const project = (await gql(app.graphqlUrl, 'query($p: ID!) { project(id: $p) { statusReason statusReasonCode statusReasonParams transitions { event toStatus effectiveAt } } }', { p: projectId })).data!.project;
  expect(project.transitions.at(-1)).toEqual({ event: 'LISTING_CLOSES', toStatus: status, effectiveAt: LISTING_END.toISOString() });
  if (status === 'FAILED') {
    expect(project.statusReason).toContain('below the floor');
    expect(project).toMatchObject({ statusReasonCode: 'NO_DEAL_BELOW_FLOOR', statusReasonParams: { stage: 'LISTING', highestQuote: '1000000.00' } });
    expect(view).toMatchObject({ outcomeReasonCode: 'NO_DEAL_BELOW_FLOOR', outcomeReasonParams: { stage: 'LISTING', highestQuote: '1000000.00' } }); // the room says it the same way
  } else {
    expect(view).toMatchObject({ outcomeReasonCode: null, outcomeReasonParams: null });
    expect(project).toMatchObject({ statusReason: null, statusReasonCode: null, statusReasonParams: null });
  }
});

test('no quote at all → no deal; a quote after the close is refused whatever the scheduler did', async () => {
  const { projectId } = await landListing(app, [b1], minutesAfter(LISTING_START, 10));
  await setClockOnly(LISTING_END); // the scheduler has not run: the quote applies the close first
  await relogin(app, b1);
  expect((await quote(app, b1, projectId, '1000000', null)).errors.map((e) => e.code)).toEqual(['NOT_OPEN']);
  expect(await listingView(app, projectId)).toMatchObject({ status: 'FAILED', outcome: 'NO_DEAL', quoteCount: 0, outcomeReasonCode: 'NO_QUOTE', outcomeReasonParams: { stage: 'LISTING' } });
  const project = (await gql(app.graphqlUrl, 'query($p: ID!) { project(id: $p) { statusReasonCode statusReasonParams } }', { p: projectId })).data!.project;
  expect(project).toEqual({ statusReasonCode: 'NO_QUOTE', statusReasonParams: { stage: 'LISTING' } });
});

async function setClockOnly(when: Date) {
  await app.platform.services.clock.set(app.platform.services.orm.em.fork(), when);
}

test('the floor price: the designated officer only, only in the last 30 minutes, once', async () => {
  const { projectId } = await landListing(app, [b1], minutesAfter(LISTING_START, 10));
  const enter = async (token: string, amount = '1200000') => {
    const res = await gql(app.graphqlUrl, 'mutation($p: ID!, $a: String!) { enterFloorPrice(projectId: $p, amount: $a) { errors { code message } } }', { p: projectId, a: amount }, token);
    return res.errors ? res.errors.map((e) => e.extensions!.code) : res.data!.enterFloorPrice.errors.map((e: any) => e.code);
  };
  // platform time runs on while the test logs in: 15 s before the window (the exact edge is in the rule's table tests)
  await at(app, beforeClose(30.25));
  expect(await enter(await loginAs(app.graphqlUrl, 'tenderee'))).toEqual(['OUTSIDE_FLOOR_WINDOW']);
  await at(app, beforeClose(30));
  expect(await enter(await loginAs(app.graphqlUrl, 'bidder1'))).toEqual(['FORBIDDEN']);
  expect(await enter(await loginAs(app.graphqlUrl, 'agent'))).toEqual(['FORBIDDEN']); // not of this project
  expect(await enter(await loginAs(app.graphqlUrl, 'supervisor'))).toEqual(['FORBIDDEN']);
  expect(await enter(await loginAs(app.graphqlUrl, 'tenderee'))).toEqual([]);
  expect(await enter(await loginAs(app.graphqlUrl, 'tenderee'), '1')).toEqual(['ALREADY_DONE']);
  await at(app, LISTING_END);
  expect(await enter(await loginAs(app.graphqlUrl, 'tenderee'))).toEqual(['NOT_ALLOWED_IN_STATE']);
  expect(await listingView(app, projectId)).toMatchObject({ outcome: 'NO_DEAL', floorPrice: '1200000.00' });
});

test('who may do what: only staff set up and confirm bonds; a bidder not registered or without a bond cannot quote; quotes cannot be withdrawn', async () => {
  const { projectId } = await landListing(app, [b1, b2], minutesAfter(LISTING_START, 10), [b1]);
  const bond = await gql(app.graphqlUrl, 'mutation($p: ID!, $o: ID!) { confirmListingBond(projectId: $p, organisationId: $o) { errors { code } } }', { p: projectId, o: b2.organisationId }, b1.token);
  expect(bond.errors![0].extensions!.code).toBe('FORBIDDEN');
  expect((await quote(app, b2, projectId, '1000000', null)).errors.map((e) => e.code)).toEqual(['BOND_NOT_CONFIRMED']);
  expect((await quote(app, b3, projectId, '1000000', null, await loginAs(app.graphqlUrl, 'bidder3'))).errors.map((e) => e.code)).toEqual(['NOT_REGISTERED']);
  const anonymous = await gql(app.graphqlUrl, QUOTE, { i: { projectId, amount: '1000000', previousHighest: null, certificatePem: b1.certPem, signature: signQuote(b1, projectId, '1000000', null) } });
  expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  expect((await quote(app, b1, projectId, '1000000', null)).errors).toEqual([]);
  await expect(app.platform.services.orm.em.fork().execute('delete from listing_quote where project_id = ?', [projectId])).rejects.toThrow();
  await expect(app.platform.services.orm.em.fork().execute("update listing_quote set amount = 1 where project_id = ?", [projectId])).rejects.toThrow();
  const view = await listingView(app, projectId); // anonymous public view: amounts and numbers, no names before the close
  expect(view).toMatchObject({ currentPrice: '1000000.00', quotes: [{ seq: 1, bidderNumber: 1, mine: false }], winnerName: null, myNumber: null, isFloorOfficer: false });
});
