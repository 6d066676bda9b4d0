/** Registration, documents, anonymous clarifications, notifications — and the supervisor's deadline lights, live. */
import { DocumentDownload } from '../../../api/src/modules/projects/document.entity';
import { gql, loginAs, wsClient } from '../../support/graphql';
import { startTestApp, type TestApp } from '../../support/app';
import { createProject, cst, publishProject, SCHEDULES, setClock, T0, userIds } from '../../support/projects';

let app: TestApp;
let tenderee: string;
let bidder1: string;
let bidder2: string;
let supervisor: string;
let projectId: string;

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  await setClock(app, T0);
  [tenderee, bidder1, bidder2, supervisor] = await Promise.all(['tenderee', 'bidder1', 'bidder2', 'supervisor'].map((u) => loginAs(app.graphqlUrl, u)));
  const custodians = await userIds(app, await loginAs(app.graphqlUrl, 'admin'), 'supervisor', 'tenderee', 'admin');
  const { project } = await createProject(app, tenderee, { title: 'CT 设备采购', method: 'GP_OPEN_TENDER', budget: '8800000', schedule: SCHEDULES.GP_OPEN_TENDER });
  projectId = project.id;
  const upload = await fetch(`${app.baseUrl}/api/projects/${projectId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${tenderee}`, 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('招标文件.pdf') }, body: Buffer.from('%PDF-1.7 tender documents') });
  expect(upload.status).toBe(201);
  expect((await publishProject(app, tenderee, { projectId, announcement: '公告', custodianUserIds: custodians })).errors).toEqual([]);
});
afterAll(() => app.close());

const register = (token: string, lotNumbers?: number[]) =>
  gql(app.graphqlUrl, 'mutation($i: RegisterForProjectInput!) { registerForProject(input: $i) { registration { lotNumbers } errors { code } } }', { i: { projectId, lotNumbers } }, token);

test('a bidder registers once; a second time is refused', async () => {
  expect((await register(bidder1)).data!.registerForProject).toEqual({ registration: { lotNumbers: [1] }, errors: [] });
  expect((await register(bidder1)).data!.registerForProject.errors).toEqual([{ code: 'ALREADY_REGISTERED' }]);
  expect((await register(bidder2, [7])).data!.registerForProject.errors).toEqual([{ code: 'LOTS_INVALID' }]);
  const count = await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { registrationCount } }', { id: projectId });
  expect(count.data!.project.registrationCount).toBe(1); // who registered stays confidential; the count is public
});

test('"mine" lists what the caller runs or registered for', async () => {
  const mine = async (token: string) => (await gql(app.graphqlUrl, '{ projects(filter: {mine: true}) { edges { node { id } } } }', {}, token)).data!.projects.edges.map((e: any) => e.node.id);
  expect(await mine(bidder1)).toEqual([projectId]);
  expect(await mine(tenderee)).toContain(projectId);
  expect(await mine(await loginAs(app.graphqlUrl, 'agent'))).not.toContain(projectId);
  expect(await mine(await loginAs(app.graphqlUrl, 'bidder3'))).toEqual([]);
});

test('documents: registered bidders download (recorded with time and address), others may not; the hash is published', async () => {
  const docs = await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { documents { id name size sha256 } } }', { id: projectId });
  const [document] = docs.data!.project.documents;
  expect(document).toMatchObject({ name: '招标文件.pdf', size: 25, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  const download = (token?: string) => fetch(`${app.baseUrl}/api/documents/${document.id}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const ok = await download(bidder1);
  expect(ok.status).toBe(200);
  expect(Buffer.from(await ok.arrayBuffer()).toString()).toBe('%PDF-1.7 tender documents');
  expect(ok.headers.get('x-content-sha256')).toBe(document.sha256);
  expect((await download(bidder2)).status).toBe(403); // not registered
  expect((await download()).status).toBe(401);
  const rows = await app.platform.services.orm.em.fork().find(DocumentDownload, {});
  expect(rows).toHaveLength(1);
  expect(rows[0].clientIp).toMatch(/127\.0\.0\.1/);
  const late = await fetch(`${app.baseUrl}/api/projects/${projectId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${tenderee}`, 'x-file-name': 'x.pdf' }, body: 'x' });
  expect(late.status).toBe(409); // fixed at publication
});

test('clarifications: the asker stays anonymous; the answer reaches every registered bidder', async () => {
  await register(bidder2);
  const ask = await gql(app.graphqlUrl, 'mutation($i: AskClarificationInput!) { askClarification(input: $i) { clarification { id question } errors { code } } }', { i: { projectId, question: '是否接受进口设备？' } }, bidder1);
  if (!ask.data) throw new Error(JSON.stringify(ask.errors));
  const id = ask.data!.askClarification.clarification.id;
  const seenByOther = await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { clarifications { question } } }', { id: projectId }, bidder2);
  expect(seenByOther.data!.project.clarifications).toEqual([]); // unanswered questions of others are not shown
  const answer = await gql(app.graphqlUrl, 'mutation($i: AnswerClarificationInput!) { answerClarification(input: $i) { clarification { answer } errors { code } } }', { i: { clarificationId: id, answer: '接受，须提供报关单。' } }, tenderee);
  expect(answer.data!.answerClarification.errors).toEqual([]);
  const after = await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { clarifications { question answer } } }', { id: projectId }, bidder2);
  expect(after.data!.project.clarifications).toEqual([{ question: '是否接受进口设备？', answer: '接受，须提供报关单。' }]);
  expect(JSON.stringify(await gql(app.graphqlUrl, 'query { __type(name: "Clarification") { fields { name } } }'))).not.toMatch(/askedBy|organisation/);
  for (const token of [bidder1, bidder2]) {
    const notes = await gql(app.graphqlUrl, '{ notifications { kind message } }', {}, token);
    expect(notes.data!.notifications[0]).toMatchObject({ kind: 'CLARIFICATION', message: expect.stringContaining('接受，须提供报关单') });
  }
});

test('deadline lights turn yellow and red as the clock moves, and the supervisor\'s subscription receives each change', async () => {
  const ask = await gql(app.graphqlUrl, 'mutation($i: AskClarificationInput!) { askClarification(input: $i) { clarification { id } } }', { i: { projectId, question: '交货期可否延长？' } }, bidder2);
  const rule = `CLARIFICATION_ANSWER:${ask.data!.askClarification.clarification.id}`;
  const client = wsClient(app.wsUrl, supervisor);
  const received: { rule: string; light: string; project: { code: string }; responsible: { name: string } }[] = [];
  const done = new Promise<void>((resolve, reject) => {
    client.subscribe<{ deadlineLightChanged: (typeof received)[number] }>(
      { query: 'subscription { deadlineLightChanged { rule light project { code } responsible { name } } }' },
      { next: (v) => { if (!v.data) return reject(new Error(JSON.stringify(v.errors))); received.push(v.data.deadlineLightChanged); if (received.filter((r) => r.rule === rule).length === 2) resolve(); }, error: reject, complete: () => undefined },
    );
  });
  try {
    await new Promise((r) => setTimeout(r, 300)); // the subscription is registered
    await setClock(app, cst('2026-11-26T20:00:00')); // 59 of the 72 hours allowed: > 80 %
    await app.platform.services.projectClock.tick();
    await setClock(app, cst('2026-11-27T10:00:00')); // overdue
    await app.platform.services.projectClock.tick();
    await done;
    const mine = received.filter((r) => r.rule === rule);
    expect(mine.map((r) => r.light)).toEqual(['YELLOW', 'RED']);
    expect(mine[0]).toMatchObject({ responsible: { name: '示范市第一人民医院' }, project: { code: expect.stringMatching(/^ZFCG-/) } });
    const late = await loginAs(app.graphqlUrl, 'supervisor');
    const board = await gql(app.graphqlUrl, 'query($p: ID) { deadlineLights(filter: {projectId: $p, light: RED}) { totalCount edges { node { rule label light } } } }', { p: projectId }, late);
    expect(board.data!.deadlineLights.edges.map((e: any) => e.node)).toContainEqual({ rule, label: '答疑答复', light: 'RED' });
    const forbidden = await gql(app.graphqlUrl, '{ deadlineLights { totalCount } }', {}, await loginAs(app.graphqlUrl, 'bidder1'));
    expect(forbidden.errors![0].extensions!.code).toBe('FORBIDDEN');
  } finally {
    await client.dispose();
    await setClock(app, T0);
  }
});
