/**
 * The clock-driven lifecycle: stop the server across a deadline, start it again, and the transitions
 * happen exactly once, with the scheduled instants as their effective times; several processes ticking
 * together change nothing.
 */
import { gql, loginAs } from '../../support/graphql';
import { startTestApp, type TestApp } from '../../support/app';
import { dropTestDatabase } from '../../support/database';
import { createProject, cst, publishProject, SCHEDULES, setClock, T0, userIds } from '../../support/projects';

let first: TestApp;
let databaseUrl: string | undefined;
let projectId: string;

/** the platforms this file started and has not stopped yet */
const running = new Set<TestApp>();
async function start(opts: Parameters<typeof startTestApp>[0]): Promise<TestApp> {
  const app = await startTestApp(opts);
  running.add(app);
  return app;
}
async function stop(app: TestApp): Promise<void> {
  running.delete(app);
  await app.stop();
}

beforeAll(async () => {
  first = await start({ demo: true });
  databaseUrl = first.databaseUrl;
  await setClock(first, T0);
  const tenderee = await loginAs(first.graphqlUrl, 'tenderee');
  const custodians = await userIds(first, await loginAs(first.graphqlUrl, 'admin'), 'supervisor', 'tenderee', 'admin');
  const { project } = await createProject(first, tenderee, { title: '医院信息系统升级', method: 'GP_OPEN_TENDER', schedule: SCHEDULES.GP_OPEN_TENDER });
  projectId = project.id;
  expect((await publishProject(first, tenderee, { projectId, announcement: '公告', custodianUserIds: custodians })).errors).toEqual([]);
});

afterAll(async () => {
  // whatever a failing test left running, and the one database all of them shared
  for (const app of [...running]) await stop(app);
  if (databaseUrl) await dropTestDatabase(databaseUrl);
});

const transitions = async (app: TestApp) =>
  (await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { status statusReason transitions { fromStatus toStatus event effectiveAt } } }', { id: projectId })).data!.project;

test('documents open: PUBLISHED → BIDDING at the scheduled instant, once', async () => {
  await setClock(first, cst('2026-11-24T10:00:30'));
  expect(await first.platform.services.projectClock.tick()).toBe(1);
  expect(await first.platform.services.projectClock.tick()).toBe(0);
  const project = await transitions(first);
  expect(project.status).toBe('BIDDING');
  expect(project.transitions.at(-1)).toEqual({ fromStatus: 'PUBLISHED', toStatus: 'BIDDING', event: 'BIDDING_OPENS', effectiveAt: cst('2026-11-24T10:00:00').toISOString() });
});

test('a server down across the deadline catches up on start, exactly once, effective at the deadline', async () => {
  await stop(first); // the database stays
  const restartedAt = cst('2026-12-15T11:00:00'); // 90 minutes after the deadline
  const { Client } = await import('pg');
  const client = new Client({ connectionString: databaseUrl! });
  await client.connect();
  await client.query("update platform_clock set offset_ms = (extract(epoch from ($1::timestamptz - clock_timestamp())) * 1000)::bigint", [restartedAt.toISOString()]);
  await client.end();

  const [a, b] = await Promise.all([start({ databaseUrl }), start({ databaseUrl })]); // two processes start together
  try {
    const project = await transitions(a);
    // no bid can exist yet, so the deadline finds fewer than the 3 bids the method needs: 流标
    expect(project.status).toBe('FAILED');
    expect(project.statusReason).toMatch(/Only 0 valid bid\(s\); the method needs at least 3/);
    const deadline = project.transitions.filter((t: { event: string }) => t.event === 'DEADLINE');
    expect(deadline).toEqual([{ fromStatus: 'BIDDING', toStatus: 'FAILED', event: 'DEADLINE', effectiveAt: cst('2026-12-15T09:30:00').toISOString() }]);
    expect(await a.platform.services.projectClock.tick()).toBe(0);
    expect(await b.platform.services.projectClock.tick()).toBe(0);
    expect((await transitions(b)).transitions).toHaveLength(project.transitions.length);
    const announcements = await gql(b.graphqlUrl, 'query($id: ID!) { project(id: $id) { announcements { kind body } } }', { id: projectId });
    const failure = announcements.data!.project.announcements.filter((x: { kind: string }) => x.kind === 'FAILURE');
    expect(failure).toHaveLength(1);
    expect(failure[0].body).toMatch(/投标截止时递交投标文件的投标人不足3家（实际0家），依法予以流标。特此公告。$/);
  } finally {
    await stop(a);
    await stop(b);
  }
});
