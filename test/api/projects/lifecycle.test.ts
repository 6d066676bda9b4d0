/** A project of each kind is created, published, amended and cancelled through GraphQL; illegal schedules are refused. */
import { gql, loginAs } from '../../support/graphql';
import { startTestApp, type TestApp } from '../../support/app';
import { createProject, cst, PROJECT_FIELDS, publishProject, SCHEDULES, setClock, T0, userIds } from '../../support/projects';

let app: TestApp;
let tenderee: string;
let agent: string;
let admin: string;
let custodians: string[];

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  await setClock(app, T0);
  [tenderee, agent, admin] = [await loginAs(app.graphqlUrl, 'tenderee'), await loginAs(app.graphqlUrl, 'agent'), await loginAs(app.graphqlUrl, 'admin')];
  custodians = await userIds(app, admin, 'supervisor', 'tenderee', 'admin');
});
afterAll(() => app.close());

const hospitalId = async () => (await gql(app.graphqlUrl, '{ organisations(kind: TENDEREE) { edges { node { id } } } }', {}, admin)).data!.organisations.edges[0].node.id;

test.each([
  ['GP_OPEN_TENDER', 'GOVERNMENT_PROCUREMENT', 'ZFCG', { budget: '1250000.00' }],
  ['CONSTRUCTION_OPEN_TENDER', 'CONSTRUCTION', 'JSGC', { estimatedPrice: '38600000.00' }],
  ['LAND_LISTING', 'LAND_TRANSFER', 'TDCR', { startPrice: '215000000.00' }],
] as const)('%s: an agent creates, publishes (with the opening key ceremony), amends and cancels', async (method, kind, prefix, money) => {
  const created = await createProject(app, agent, { title: `${method} 测试项目`, method, tendereeId: await hospitalId(), ...money, schedule: SCHEDULES[method], lots: [{ title: '第一包' }, { title: '第二包' }] });
  expect(created.errors).toEqual([]);
  const project = created.project;
  expect(project).toMatchObject({ kind, method, status: 'DRAFT', publishedAt: null, lots: [{ number: 1, title: '第一包' }, { number: 2, title: '第二包' }] });
  expect(project.code).toMatch(new RegExp(`^${prefix}-2026-\\d{4}$`));

  const anonymousBefore = await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { id } }', { id: project.id });
  expect(anonymousBefore.data!.project).toBeNull(); // a draft is not public

  const published = await publishProject(app, agent, { projectId: project.id, announcement: '欢迎符合条件的供应商参加。', custodianUserIds: custodians });
  expect(published.errors).toEqual([]);
  expect(published.project).toMatchObject({ status: 'PUBLISHED', announcements: [{ kind: 'TENDER', body: '欢迎符合条件的供应商参加。' }], transitions: [{ fromStatus: 'DRAFT', toStatus: 'PUBLISHED', event: 'PUBLISH' }] });
  expect(new Date(published.project.publishedAt).getTime()).toBeGreaterThanOrEqual(T0.getTime());
  expect(published.project.openingCertificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);

  const shares = await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { openingKeyShares { shareSha256 custodianCertificateSha256 } } }', { id: project.id });
  expect(shares.data!.project.openingKeyShares).toHaveLength(3);

  const publicView = await gql(app.graphqlUrl, `query($id: ID!) { project(id: $id) { ${PROJECT_FIELDS} tenderee { name } agent { name } } }`, { id: project.id });
  expect(publicView.data!.project).toMatchObject({ status: 'PUBLISHED', tenderee: { name: '示范市第一人民医院' }, agent: { name: '示范招标代理有限公司' } });

  const amended = await gql(app.graphqlUrl, 'mutation($i: AmendProjectInput!) { amendProject(input: $i) { project { status announcements { kind body } } errors { code message } } }', { i: { projectId: project.id, note: '补充技术参数说明。' } }, agent);
  expect(amended.data!.amendProject.errors).toEqual([]);
  if (method === 'LAND_LISTING') expect(amended.data!.amendProject.project.announcements.map((a: any) => a.kind)).toEqual(['TENDER', 'AMENDMENT']);

  const cancelled = await gql(app.graphqlUrl, 'mutation($i: CancelProjectInput!) { cancelProject(input: $i) { project { status statusReason statusReasonCode statusReasonParams announcements { kind } } errors { code } } }', { i: { projectId: project.id, reason: '采购需求变更' } }, agent);
  // the tenderee's own words, as typed, marked CANCELLED so that pages do not translate them
  expect(cancelled.data!.cancelProject).toMatchObject({ project: { status: 'CANCELLED', statusReason: '采购需求变更', statusReasonCode: 'CANCELLED', statusReasonParams: null, announcements: expect.arrayContaining([{ kind: 'CANCELLATION' }]) }, errors: [] });

  const again = await gql(app.graphqlUrl, 'mutation($i: CancelProjectInput!) { cancelProject(input: $i) { errors { code } } }', { i: { projectId: project.id, reason: 'again' } }, agent);
  expect(again.data!.cancelProject.errors).toEqual([{ code: 'NOT_ALLOWED_IN_STATE' }]);
});

test('a schedule that breaks a rule is refused with the rule and the earliest legal date, and nothing changes', async () => {
  const { project } = await createProject(app, tenderee, { title: '门诊楼医疗设备采购', method: 'GP_OPEN_TENDER', budget: '3200000', schedule: { ...SCHEDULES.GP_OPEN_TENDER, bidDeadline: cst('2026-12-10T09:30:00'), openingAt: cst('2026-12-10T09:30:00') } });
  const res = await publishProject(app, tenderee, { projectId: project.id, announcement: '公告', custodianUserIds: custodians });
  expect(res.project).toBeNull();
  expect(res.errors).toEqual([{ code: 'SCHEDULE_INVALID', field: 'bidDeadline', rule: 'DEADLINE_PERIOD', earliestLegal: cst('2026-12-14T00:00:00').toISOString(), message: expect.stringContaining('2026-12-14') }]);
  const after = await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { status publishedAt announcements { kind } transitions { event } } }', { id: project.id }, tenderee);
  expect(after.data!.project).toEqual({ status: 'DRAFT', publishedAt: null, announcements: [], transitions: [] });
});

test('the committee policy needs k custodians with encryption certificates', async () => {
  const { project } = await createProject(app, tenderee, { title: '信息化运维服务', method: 'GP_OPEN_TENDER', schedule: SCHEDULES.GP_OPEN_TENDER });
  const res = await publishProject(app, tenderee, { projectId: project.id, announcement: '公告', custodianUserIds: custodians.slice(0, 1) });
  expect(res.errors).toEqual([{ code: 'CUSTODIANS_INVALID', field: 'custodianUserIds', rule: null, earliestLegal: null, message: expect.stringMatching(/at least 2 custodians/) }]);
});

test('an amendment within 15 days of the deadline must move the deadline; moved far enough it is accepted and bidders are told', async () => {
  const { project } = await createProject(app, tenderee, { title: '食堂服务采购', method: 'GP_OPEN_TENDER', schedule: SCHEDULES.GP_OPEN_TENDER });
  expect((await publishProject(app, tenderee, { projectId: project.id, announcement: '公告', custodianUserIds: custodians })).errors).toEqual([]);
  const bidder = await loginAs(app.graphqlUrl, 'bidder1');
  await gql(app.graphqlUrl, 'mutation($i: RegisterForProjectInput!) { registerForProject(input: $i) { errors { code } } }', { i: { projectId: project.id } }, bidder);
  await setClock(app, cst('2026-12-02T10:00:00')); // 13 days before the 12-15 deadline
  try {
    const [late, lateBidder] = [await loginAs(app.graphqlUrl, 'tenderee'), await loginAs(app.graphqlUrl, 'bidder1')];
    const amend = (schedule?: Record<string, unknown>) => gql(app.graphqlUrl, 'mutation($i: AmendProjectInput!) { amendProject(input: $i) { project { bidDeadline } errors { code rule earliestLegal } } }', { i: { projectId: project.id, note: '调整评分标准', schedule } }, late);
    const refused = await amend();
    expect(refused.data!.amendProject.errors).toEqual([{ code: 'SCHEDULE_INVALID', rule: 'AMENDMENT_NOTICE', earliestLegal: cst('2026-12-17T00:00:00').toISOString() }]);
    const moved = await amend({ bidDeadline: cst('2026-12-17T09:30:00'), openingAt: cst('2026-12-17T09:30:00') });
    expect(moved.data!.amendProject).toEqual({ project: { bidDeadline: cst('2026-12-17T09:30:00').toISOString() }, errors: [] });
    const notes = await gql(app.graphqlUrl, '{ notifications { kind message } }', {}, lateBidder);
    expect(notes.data!.notifications[0]).toMatchObject({ kind: 'AMENDMENT', message: expect.stringContaining('投标截止时间变更') });
  } finally {
    await setClock(app, T0);
  }
});

test('only those who run a project may change it: a stranger does not see the draft, and is refused once it is public', async () => {
  const { project } = await createProject(app, tenderee, { title: '保洁服务', method: 'GP_OPEN_TENDER', schedule: SCHEDULES.GP_OPEN_TENDER });
  const update = () => gql(app.graphqlUrl, 'mutation($i: UpdateProjectInput!) { updateProject(input: $i) { errors { code } } }', { i: { projectId: project.id, title: 'hijacked' } }, agent);
  expect((await update()).data!.updateProject.errors).toEqual([{ code: 'NOT_FOUND' }]); // the agent is not appointed for this project
  expect((await publishProject(app, tenderee, { projectId: project.id, announcement: '公告', custodianUserIds: custodians })).errors).toEqual([]);
  const cancel = await gql(app.graphqlUrl, 'mutation($i: CancelProjectInput!) { cancelProject(input: $i) { errors { code } } }', { i: { projectId: project.id, reason: 'x' } }, agent);
  expect(cancel.errors![0].extensions!.code).toBe('FORBIDDEN');
  const audit = await gql(app.graphqlUrl, '{ auditRecords(first: 1, filter: {operation: "cancelProject", actor: "agent"}) { edges { node { outcome errorCode } } } }', {}, await loginAs(app.graphqlUrl, 'supervisor'));
  expect(audit.data!.auditRecords.edges[0].node).toEqual({ outcome: 'DENIED', errorCode: 'FORBIDDEN' });
});

test('bad input is a typed error: unknown method, bad money, no lots title', async () => {
  const res = await createProject(app, tenderee, { title: ' ', method: 'SECRET_DEAL', budget: '12,000', lots: [{ title: '' }] });
  expect(res.project).toBeNull();
  expect(res.errors.map((e: any) => e.code).sort()).toEqual(['LOTS_INVALID', 'METHOD_UNKNOWN', 'MONEY_INVALID', 'TITLE_INVALID']);
});

test('an administrator\'s calendar edit applies at once: a new holiday moves the earliest legal deadline', async () => {
  const { project } = await createProject(app, tenderee, { title: '电梯维保', method: 'GP_OPEN_TENDER', schedule: { ...SCHEDULES.GP_OPEN_TENDER, bidDeadline: cst('2026-12-10T09:30:00'), openingAt: cst('2026-12-10T09:30:00') } });
  const set = (kind: string | null) => gql(app.graphqlUrl, 'mutation($k: CalendarDayKind) { setCalendarDay(day: "2026-12-14", kind: $k, name: "示范假日") { day kind } }', { k: kind }, admin);
  expect((await set('HOLIDAY')).data!.setCalendarDay).toEqual({ day: '2026-12-14', kind: 'HOLIDAY' });
  try {
    const res = await publishProject(app, tenderee, { projectId: project.id, announcement: '公告', custodianUserIds: custodians });
    expect(res.errors[0]).toMatchObject({ rule: 'DEADLINE_PERIOD', earliestLegal: cst('2026-12-15T00:00:00').toISOString() });
    const days = await gql(app.graphqlUrl, '{ calendarDays(year: 2026) { day kind name provisional } }');
    expect(days.data!.calendarDays).toContainEqual({ day: '2026-12-14', kind: 'HOLIDAY', name: '示范假日', provisional: false });
    expect(days.data!.calendarDays).toContainEqual({ day: '2026-10-10', kind: 'WORKDAY', name: '国庆节调休上班', provisional: false });
  } finally {
    expect((await set(null)).data!.setCalendarDay).toBeNull();
  }
  const res = await publishProject(app, tenderee, { projectId: project.id, announcement: '公告', custodianUserIds: custodians });
  expect(res.errors[0]).toMatchObject({ rule: 'DEADLINE_PERIOD', earliestLegal: cst('2026-12-14T00:00:00').toISOString() });
});

test('custodian candidates: people with a valid encryption certificate in the caller\'s organisation, the trading centre or a supervisory authority', async () => {
  const res = await gql(app.graphqlUrl, '{ custodianCandidates { displayName organisationName } }', {}, tenderee);
  const names = res.data!.custodianCandidates.map((c: any) => c.displayName);
  expect(names).toEqual(expect.arrayContaining(['采购人 李华', '平台管理员', '监督员 王敏', '评标专家 1号']));
  expect(names).not.toContain('投标人 张伟'); // another organisation
  const tenderees = await gql(app.graphqlUrl, '{ tendereeOrganisations { name } }', {}, agent);
  expect(tenderees.data!.tendereeOrganisations).toEqual([{ name: '示范市第一人民医院' }]);
});
