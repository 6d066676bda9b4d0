/** Deadline-light changes are durable events: a supervisor watching one instance sees a change the other instance's scheduler made. */
import { gql, loginAs, wsClient } from '../../support/graphql';
import { startTestApp, type TestApp } from '../../support/app';
import { createProject, cst, publishProject, SCHEDULES, setClock, T0, userIds } from '../../support/projects';

let a: TestApp;
let b: TestApp;

beforeAll(async () => {
  a = await startTestApp({ demo: true });
  b = await startTestApp({ databaseUrl: a.databaseUrl });
});
afterAll(async () => {
  await b?.stop();
  await a?.close();
});

test('a light changed by instance A\'s scheduler reaches a deadlineLightChanged subscriber on instance B, and is in the event log', async () => {
  await setClock(a, T0);
  const [tenderee, bidder, supervisor] = await Promise.all(['tenderee', 'bidder1', 'supervisor'].map((u) => loginAs(a.graphqlUrl, u)));
  const custodians = await userIds(a, await loginAs(a.graphqlUrl, 'admin'), 'supervisor', 'tenderee', 'admin');
  const { project } = await createProject(a, tenderee, { title: '监护仪采购', method: 'GP_OPEN_TENDER', budget: '1200000', schedule: SCHEDULES.GP_OPEN_TENDER });
  const upload = await fetch(`${a.baseUrl}/api/projects/${project.id}/documents`, { method: 'POST', headers: { authorization: `Bearer ${tenderee}`, 'content-type': 'application/pdf', 'x-file-name': 'doc.pdf' }, body: Buffer.from('%PDF-1.7') });
  expect(upload.status).toBe(201);
  expect((await publishProject(a, tenderee, { projectId: project.id, announcement: '公告', custodianUserIds: custodians })).errors).toEqual([]);
  const registered = await gql(a.graphqlUrl, 'mutation($i: RegisterForProjectInput!) { registerForProject(input: $i) { errors { code } } }', { i: { projectId: project.id } }, bidder);
  expect(registered.data!.registerForProject.errors).toEqual([]);
  const ask = await gql(a.graphqlUrl, 'mutation($i: AskClarificationInput!) { askClarification(input: $i) { clarification { id } } }', { i: { projectId: project.id, question: '可否分批交货？' } }, bidder);
  const rule = `CLARIFICATION_ANSWER:${ask.data!.askClarification.clarification.id}`;

  const client = wsClient(b.wsUrl, supervisor);
  const received: { rule: string; light: string; project: { id: string } }[] = [];
  const done = new Promise<void>((resolve, reject) => {
    client.subscribe<{ deadlineLightChanged: (typeof received)[number] }>(
      { query: 'subscription { deadlineLightChanged { rule light project { id } } }' },
      { next: (v) => { if (!v.data) return reject(new Error(JSON.stringify(v.errors))); received.push(v.data.deadlineLightChanged); if (received.some((r) => r.rule === rule)) resolve(); }, error: reject, complete: () => undefined },
    );
  });
  try {
    await new Promise((r) => setTimeout(r, 300));
    await setClock(a, cst('2026-11-26T20:00:00')); // > 80 % of the 72 hours
    await a.platform.services.projectClock.tick(); // instance A's scheduler
    await done;
    expect(received.find((r) => r.rule === rule)).toEqual({ rule, light: 'YELLOW', project: { id: project.id } });
    const { eventLog, orm } = b.platform.services;
    const logged = (await eventLog.replay(orm.em.fork(), 'lights', 0)).filter((e) => e.payload.rule === rule);
    expect(logged).toMatchObject([{ stream: 'lights', type: 'DEADLINE_LIGHT_CHANGED', payload: { rule, light: 'YELLOW', projectId: project.id, timerId: expect.any(String) } }]);
  } finally {
    await client.dispose();
    await setClock(a, T0);
  }
});
