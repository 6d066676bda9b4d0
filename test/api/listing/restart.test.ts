/**
 * A restart during timed bidding (rules 31, 34; DESIGN §3): the countdown lives in the database, so a
 * platform started again on the same database resumes it exactly — quotes before its end are taken
 * and restart it, quotes after it are refused — and a platform that was down when the bidding ended
 * decides on start, once, effective at the scheduled instant.
 */
import { Client } from 'pg';
import { gql } from '../../support/graphql';
import { startTestApp, type TestApp } from '../../support/app';
import { dropTestDatabase } from '../../support/database';
import { at, beforeClose, demoQuoter, landListing, LISTING_END, LISTING_START, listingView, quote, relogin, type Quoter } from '../../support/listing';

const running = new Set<TestApp>();
let databaseUrl: string;
async function start(opts: Parameters<typeof startTestApp>[0] = {}): Promise<TestApp> {
  const app = await startTestApp({ databaseUrl, ...opts });
  running.add(app);
  return app;
}
async function stop(app: TestApp): Promise<void> {
  running.delete(app);
  await app.stop();
}
afterAll(async () => {
  for (const app of [...running]) await stop(app);
  if (databaseUrl) await dropTestDatabase(databaseUrl);
});

async function setClockInDatabase(when: Date): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('update platform_clock set offset_ms = (extract(epoch from ($1::timestamptz - clock_timestamp())) * 1000)::bigint', [when.toISOString()]);
  await client.end();
}

test('stopping and starting the platform during timed bidding resumes the countdown, and a platform down at its end decides on start', async () => {
  const first = await startTestApp({ demo: true });
  running.add(first);
  databaseUrl = first.databaseUrl;
  const b1: Quoter = await demoQuoter(first, 'bidder1');
  const b2: Quoter = await demoQuoter(first, 'bidder2');
  const { projectId } = await landListing(first, [b1, b2], new Date(LISTING_START.getTime() + 3600_000));
  expect((await quote(first, b1, projectId, '1000000', null)).errors).toEqual([]);
  expect((await quote(first, b2, projectId, '1050000', '1000000')).errors).toEqual([]);
  await at(first, beforeClose(60));
  await at(first, beforeClose(59));
  await relogin(first, b1, b2);
  const timed = await quote(first, b1, projectId, '1100000', '1050000');
  expect(timed.errors).toEqual([]);
  const countdown = timed.listing.countdownEndsAt as string;
  await stop(first);

  // the countdown survives the restart: same end, and a quote before it restarts it
  const second = await start();
  const resumed = await listingView(second, projectId);
  expect(resumed).toMatchObject({ status: 'TIMED_BIDDING', phase: 'TIMED_BIDDING', countdownEndsAt: countdown, currentPrice: '1100000.00', quoteCount: 3 });
  expect(new Date(resumed.serverTime).getTime()).toBeLessThan(new Date(countdown).getTime());
  await relogin(second, b1, b2);
  const again = await quote(second, b2, projectId, '1150000', '1100000');
  expect(again.errors).toEqual([]);
  expect(again.quote).toMatchObject({ seq: 4, phase: 'TIMED_BIDDING' });
  const restarted = new Date(again.listing.countdownEndsAt).getTime();
  expect(restarted).toBe(new Date(again.quote.receivedAt).getTime() + 240_000);
  await stop(second);

  // down across the end of the countdown: a third start refuses a late quote, no restart of the countdown by the restart itself
  await setClockInDatabase(new Date(restarted + 1000));
  const third = await start();
  await relogin(third, b1);
  expect((await quote(third, b1, projectId, '1200000', '1150000')).errors.map((e) => e.code)).toEqual(['COUNTDOWN_EXPIRED']);
  expect(await listingView(third, projectId)).toMatchObject({ status: 'TIMED_BIDDING', phase: 'AWAITING_CLOSE', countdownEndsAt: new Date(restarted).toISOString() });
  await stop(third);

  // down across the close: the next start decides (its own catch-up tick), effective at the close, exactly once
  await setClockInDatabase(new Date(LISTING_END.getTime() + 2 * 3600_000));
  const [fourth, fifth] = await Promise.all([start(), start()]); // two processes starting together
  const project = (await gql(fourth.graphqlUrl, 'query($p: ID!) { project(id: $p) { status transitions { event toStatus effectiveAt } } }', { p: projectId })).data!.project;
  expect(project.status).toBe('AWARDED');
  expect(project.transitions.filter((t: any) => t.event === 'TIMED_BIDDING_ENDS')).toEqual([{ event: 'TIMED_BIDDING_ENDS', toStatus: 'AWARDED', effectiveAt: LISTING_END.toISOString() }]);
  expect(await listingView(fifth, projectId)).toMatchObject({ outcome: 'DEAL', finalPrice: '1150000.00', winnerNumber: 2, closedAt: LISTING_END.toISOString() });
  expect(await fifth.platform.services.projectClock.tick()).toBe(0);
  const closedEvents = (await fourth.platform.services.eventLog.replay(fourth.platform.services.orm.em.fork(), `listing:${projectId}`, 0)).filter((e) => e.type === 'CLOSED');
  expect(closedEvents).toHaveLength(1);
});
