/**
 * The expert pool and the verifiable draw through the API: avoidance excludes exactly the conflicted
 * experts, the shared vector is reproduced, `verify draw` re-runs it from the published inputs, names
 * stay sealed, a decline or a time-out passes the seat to the next reserve, a second draw is refused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drawCommitment } from '../../../crypto/draw';
import { runCli } from '../../support/cli';
import { gql, loginAs, wsClient } from '../../support/graphql';
import { startTestApp, type TestApp } from '../../support/app';
import { createProject, cst, publishProject, SCHEDULES, setClock, T0, userIds } from '../../support/projects';

const vector = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'vectors', 'draw.json'), 'utf8'));

const HEADER = 'code,name,username,employer_uscc,employer_name,region,title,years,specialties,status';
const USERNAMES: Record<string, string> = { 'EXP-0015': 'expert1', 'EXP-0016': 'expert2', 'EXP-0045': 'expert3', 'EXP-0047': 'expert4' };
const row = (n: number, over: Partial<Record<'employer' | 'region' | 'status', string>> = {}) => {
  const code = `EXP-${String(n).padStart(4, '0')}`;
  return `${code},专家${n},${USERNAMES[code] ?? ''},${over.employer ?? ''},某设计院,${over.region ?? '350100'},高级工程师,12,A080101,${over.status ?? 'ACTIVE'}`;
};
const POOL_CSV = [
  HEADER,
  ...Array.from({ length: 40 }, (_, i) => row(i + 1)),
  row(41, { employer: '12350100MB0000001Y' }), // works for the tenderee
  row(42, { employer: '91350100MA0000003X' }), // works for a registered bidder (bidder1)
  row(43, { status: 'SUSPENDED' }),
  row(44, { region: '110100' }), // outside the region rule
  row(45), // will declare a shareholding in bidder2
  row(46), // will be excluded by the supervisor
  row(47), // will be away on the evaluation day
].join('\n');
const USERNAMES_AWAY = 'expert4';

let app: TestApp;
let tenderee: string;
let supervisor: string;
let projectId: string;
const [tendereeSecret, supervisorSecret] = vector.input.reveals as string[];

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  await setClock(app, T0);
  const admin = await loginAs(app.graphqlUrl, 'admin');
  [tenderee, supervisor] = [await loginAs(app.graphqlUrl, 'tenderee'), await loginAs(app.graphqlUrl, 'supervisor')];
  const custodians = await userIds(app, admin, 'supervisor', 'tenderee', 'admin');
  const created = await createProject(app, tenderee, { title: '门诊综合楼设计', method: 'GP_OPEN_TENDER', code: vector.input.projectId, schedule: SCHEDULES.GP_OPEN_TENDER });
  projectId = created.project.id;
  expect((await publishProject(app, tenderee, { projectId, announcement: '公告', custodianUserIds: custodians })).errors).toEqual([]);
  for (const b of ['bidder1', 'bidder2']) await gql(app.graphqlUrl, 'mutation($i: RegisterForProjectInput!) { registerForProject(input: $i) { errors { code } } }', { i: { projectId } }, await loginAs(app.graphqlUrl, b));
});
afterAll(() => app.close());

const DRAW = 'status specialties { specialty poolSize poolHash seed } commitments revealed acceptedCount seats { id specialty position code name status declineReason }';
const call = async (mutation: string, args: string, vars: Record<string, unknown>, token: string) => {
  const res = await gql(app.graphqlUrl, `mutation(${args}) { r: ${mutation} { draw { ${DRAW} } errors { code message } } }`, vars, token);
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.r;
};

test('a CSV with errors imports nothing and says which row and column; a good one imports every expert', async () => {
  const admin = await loginAs(app.graphqlUrl, 'admin');
  const bad = await gql(app.graphqlUrl, 'mutation($c: String!) { importExperts(csv: $c) { imported errors { row column } } }', { c: `${HEADER}\n${row(1)}\nEXP-9,x,,,x,350100,x,1,A080101,ACTIVE` }, admin);
  expect(bad.data!.importExperts).toEqual({ imported: 0, errors: [{ row: 3, column: 'code' }] });
  expect((await gql(app.graphqlUrl, '{ experts { code } }', {}, admin)).data!.experts).toEqual([]);
  const good = await gql(app.graphqlUrl, 'mutation($c: String!) { importExperts(csv: $c) { imported errors { row column message } } }', { c: POOL_CSV }, admin);
  expect(good.data!.importExperts).toEqual({ imported: 47, errors: [] });
  const again = await gql(app.graphqlUrl, 'mutation($c: String!) { importExperts(csv: $c) { imported errors { row } } }', { c: `${HEADER}\n${row(1)}` }, admin);
  expect(again.data!.importExperts).toEqual({ imported: 0, errors: [{ row: 2 }] });
  // experts keep their own declarations
  const declared = await gql(app.graphqlUrl, 'mutation($r: [DeclaredRelationInput!]!) { declareRelations(relations: $r) { code } }', { r: [{ kind: 'SHAREHOLDING', organisationName: '闽江医疗设备有限公司', uscc: '91350100MA00000041', note: '持股 3%' }] }, await loginAs(app.graphqlUrl, 'expert3'));
  expect(declared.data!.declareRelations).toEqual({ code: 'EXP-0045' });
  const away = await gql(app.graphqlUrl, 'mutation($p: [UnavailabilityInput!]!) { declareUnavailability(periods: $p) { code } }', { p: [{ from: cst('2026-12-15T00:00:00'), until: cst('2026-12-16T00:00:00'), reason: '外出开会' }] }, await loginAs(app.graphqlUrl, USERNAMES_AWAY));
  expect(away.data!.declareUnavailability).toEqual({ code: 'EXP-0047' });
});

test('commit → snapshot (avoidance applied, logged) → reveal → beacon → draw: the shared vector through the API', async () => {
  const [tendereeId, supervisorId] = await userIds(app, await loginAs(app.graphqlUrl, 'admin'), 'tenderee', 'supervisor');
  const requested = await call('requestExpertDraw(input: $i)', '$i: RequestDrawInput!', { i: { projectId, evaluationAt: cst('2026-12-15T14:00:00'), specialties: [{ specialty: 'A080101', count: vector.k, reserves: 3 }], regions: ['350100'] } }, tenderee);
  expect(requested.errors).toEqual([]);
  const excluded = await call('excludeExpert(projectId: $p, code: "EXP-0046", reason: $r)', '$p: ID!, $r: String!', { p: projectId, r: '与投标人存在未决诉讼（监督人员核实）' }, supervisor);
  expect(excluded.errors).toEqual([]);
  const commit = async (token: string, userId: string, secret: string) =>
    call('commitToDraw(projectId: $p, commitmentHex: $c)', '$p: ID!, $c: String!', { p: projectId, c: Buffer.from(await drawCommitment(vector.input.projectId, userId, Buffer.from(secret, 'hex'))).toString('hex') }, token);
  expect((await commit(tenderee, tendereeId, tendereeSecret)).errors).toEqual([]);
  expect((await commit(supervisor, supervisorId, supervisorSecret)).errors).toEqual([]);
  expect((await call('runExpertDraw(projectId: $p)', '$p: ID!', { p: projectId }, tenderee)).errors[0].code).toBe('NOT_ALLOWED_IN_STATE'); // no draw before the snapshot

  const snap = await call('snapshotExpertPool(projectId: $p)', '$p: ID!', { p: projectId }, tenderee);
  expect(snap.draw.specialties).toEqual([{ specialty: 'A080101', poolSize: 40, poolHash: vector.expected.poolHash, seed: null }]);
  const entries = (await gql(app.graphqlUrl, 'query($p: ID) { ledgerEntries(first: 100, projectId: $p) { edges { node { kind data } } } }', { p: projectId })).data!.ledgerEntries.edges.map((e: any) => e.node);
  const logged = JSON.parse(entries.find((e: any) => e.kind === 'draw.snapshot').data);
  expect(logged.specialties[0].pool).toEqual(vector.input.pool);
  expect(Object.fromEntries(logged.specialties[0].excluded.map((x: any) => [x.code, x.rule]))).toEqual({
    'EXP-0041': 'EMPLOYER_IS_TENDEREE',
    'EXP-0042': 'EMPLOYER_IS_BIDDER',
    'EXP-0043': 'NOT_ACTIVE',
    'EXP-0044': 'REGION',
    'EXP-0045': 'RELATION_TO_PARTY',
    'EXP-0046': 'EXPLICIT_EXCLUSION',
    'EXP-0047': 'UNAVAILABLE',
  });

  expect((await call('runExpertDraw(projectId: $p)', '$p: ID!', { p: projectId }, tenderee)).errors[0].code).toBe('REVEALS_MISSING');
  expect((await call('revealDrawSecret(projectId: $p, secretHex: $s)', '$p: ID!, $s: String!', { p: projectId, s: `ff${supervisorSecret.slice(2)}` }, supervisor)).errors[0].code).toBe('REVEAL_MISMATCH');
  for (const [token, secret] of [[tenderee, tendereeSecret], [supervisor, supervisorSecret]]) {
    expect((await call('revealDrawSecret(projectId: $p, secretHex: $s)', '$p: ID!, $s: String!', { p: projectId, s: secret }, token)).errors).toEqual([]);
  }
  expect((await call('enterDrawBeacon(projectId: $p, round: $n, randomnessHex: $x)', '$p: ID!, $n: Int!, $x: String!', { p: projectId, n: vector.input.beaconRound, x: vector.input.beaconRandomnessHex }, supervisor)).errors).toEqual([]);
  const drawn = await call('runExpertDraw(projectId: $p)', '$p: ID!', { p: projectId }, tenderee);
  expect(drawn.draw.specialties[0].seed).toBe(vector.expected.seed);
  const seats = drawn.draw.seats.filter((s: any) => s.status === 'INVITED').map((s: any) => s.code);
  expect(seats).toEqual(vector.expected.draw);
  expect(drawn.draw.seats.filter((s: any) => s.status === 'RESERVE')).toHaveLength(3);
});

test('`verify draw` on the published inputs prints the same names', async () => {
  const [inputs] = (await gql(app.graphqlUrl, 'query($p: ID!) { expertDrawInputs(projectId: $p) { inputJson draw reserves } }', { p: projectId })).data!.expertDrawInputs;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tenderhall-draw-')), 'input.json');
  fs.writeFileSync(file, inputs.inputJson);
  const { code, stdout, stderr } = await runCli('draw', file);
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  const rerun = JSON.parse(stdout);
  expect(rerun).toMatchObject({ poolHash: vector.expected.poolHash, seed: vector.expected.seed, draw: vector.expected.draw, reserves: inputs.reserves });
});

test('names are sealed: the operator and supervisors see them, the tenderee\'s bidders and other agents see counts only', async () => {
  const view = async (token: string) => (await gql(app.graphqlUrl, 'query($p: ID!) { expertDraw(projectId: $p) { acceptedCount seats { code name } } }', { p: projectId }, token)).data!.expertDraw;
  expect((await view(tenderee)).seats[0].name).toMatch(/^专家\d+$/); // the tenderee is this draw's operator
  expect((await view(supervisor)).seats[0].name).toMatch(/^专家\d+$/);
  for (const who of ['bidder1', 'agent', 'expert4']) expect(await view(await loginAs(app.graphqlUrl, who))).toEqual({ acceptedCount: 0, seats: null });
  const pool = await gql(app.graphqlUrl, '{ experts { name } }', {}, await loginAs(app.graphqlUrl, 'bidder1'));
  expect(pool.errors![0].extensions!.code).toBe('FORBIDDEN');
});

test('a second draw for the project is refused and logged', async () => {
  const again = await call('requestExpertDraw(input: $i)', '$i: RequestDrawInput!', { i: { projectId, evaluationAt: cst('2026-12-15T14:00:00'), specialties: [{ specialty: 'A080101', count: 5, reserves: 0 }] } }, tenderee);
  expect(again.errors[0].code).toBe('DRAW_EXISTS');
  const audit = await gql(app.graphqlUrl, '{ auditRecords(first: 1, filter: {operation: "requestExpertDraw", outcome: FAILED}) { edges { node { errorCode actorUsername } } } }', {}, supervisor);
  expect(audit.data!.auditRecords.edges[0].node).toEqual({ errorCode: 'DRAW_EXISTS', actorUsername: 'tenderee' });
});

test('a decline (with a reason) and time-outs pass seats to the reserves in order — never a new seed', async () => {
  const seatsOf = async () => (await gql(app.graphqlUrl, 'query($p: ID!) { expertDraw(projectId: $p) { seats { id code position status declineReason } } }', { p: projectId }, await loginAs(app.graphqlUrl, 'supervisor'))).data!.expertDraw.seats;
  const before = await seatsOf();
  const seatOf = (code: string) => before.find((s: any) => s.code === code).id;
  const expert1 = await loginAs(app.graphqlUrl, 'expert1');
  const expert2 = await loginAs(app.graphqlUrl, 'expert2');
  const invitations = (await gql(app.graphqlUrl, '{ myInvitations { seatId projectCode specialty status } }', {}, expert1)).data!.myInvitations;
  expect(invitations).toEqual([{ seatId: seatOf('EXP-0015'), projectCode: vector.input.projectId, specialty: 'A080101', status: 'INVITED' }]);
  const respond = (token: string, seat: string, accept: boolean, reason?: string) => call('respondToInvitation(seatId: $s, accept: $a, reason: $r)', '$s: ID!, $a: Boolean!, $r: String', { s: seat, a: accept, r: reason ?? null }, token);
  expect((await respond(expert1, seatOf('EXP-0015'), false)).errors[0].code).toBe('REASON_REQUIRED');
  expect((await respond(expert1, seatOf('EXP-0015'), false, '出差在外')).errors).toEqual([]);
  expect((await respond(expert2, seatOf('EXP-0016'), true)).errors).toEqual([]);
  expect((await respond(expert2, seatOf('EXP-0015'), true)).errors[0].code).toBe('NOT_FOUND'); // not expert2's invitation
  let seats = await seatsOf();
  expect(seats.find((s: any) => s.position === 7).status).toBe('INVITED'); // the first reserve took the declined seat
  expect(seats.find((s: any) => s.code === 'EXP-0015')).toMatchObject({ status: 'DECLINED', declineReason: '出差在外' });

  await setClock(app, new Date(T0.getTime() + 3 * 3600_000)); // past the 2-hour answer window
  await app.platform.services.projectClock.tick();
  seats = await seatsOf();
  const byPosition = (p: number) => seats.find((s: any) => s.position === p).status;
  expect([2, 3, 4, 5, 6, 7].map(byPosition)).toEqual(['TIMED_OUT', 'TIMED_OUT', 'TIMED_OUT', 'TIMED_OUT', 'TIMED_OUT', 'TIMED_OUT']);
  expect([8, 9].map(byPosition)).toEqual(['INVITED', 'INVITED']); // the reserves, in order, until they run out
  expect(seats.filter((s: any) => s.status === 'ACCEPTED').map((s: any) => s.code)).toEqual(['EXP-0016']);
  const seeds = (await gql(app.graphqlUrl, '{ ledgerEntries(first: 100) { edges { node { kind } } } }')).data!.ledgerEntries.edges.filter((e: any) => e.node.kind === 'draw.result');
  expect(seeds).toHaveLength(1);
});

test('each invited expert with an account is told in its own event stream, and a workspace subscribed to invitationReceived gets it live', async () => {
  const seats = (await gql(app.graphqlUrl, 'query($p: ID!) { expertDraw(projectId: $p) { seats { id code status } } }', { p: projectId }, await loginAs(app.graphqlUrl, 'supervisor'))).data!.expertDraw.seats;
  const admin = await loginAs(app.graphqlUrl, 'admin');
  const { eventLog, orm } = app.platform.services;
  const invited = seats.filter((s: any) => s.status !== 'RESERVE' && USERNAMES[s.code]);
  // not vacuous: the drawn experts with an account (EXP-0045 and EXP-0047 were kept out of the draw)
  expect(invited.map((s: any) => s.code).sort()).toEqual(['EXP-0015', 'EXP-0016']);
  for (const seat of invited) {
    const [userId] = await userIds(app, admin, USERNAMES[seat.code]);
    const events = await eventLog.replay(orm.em.fork(), `expert:${userId}`, 0);
    expect(events.filter((e) => e.type === 'INVITED').map((e) => e.payload.seatId)).toContain(seat.id);
  }
  const expert1 = await loginAs(app.graphqlUrl, 'expert1');
  const [expert1Id] = await userIds(app, admin, 'expert1');
  const seat = seats.find((s: any) => s.code === 'EXP-0015');
  const client = wsClient(app.wsUrl, expert1);
  const received = new Promise<any>((resolve, reject) => {
    client.subscribe({ query: 'subscription { invitationReceived { seatId projectCode specialty status } }' }, { next: (v) => (v.data ? resolve(v.data.invitationReceived) : reject(v.errors)), error: reject, complete: () => undefined });
  });
  try {
    await new Promise((r) => setTimeout(r, 300));
    await orm.em.fork().transactional((em) => eventLog.append(em, `expert:${expert1Id}`, 'INVITED', { seatId: seat.id }));
    expect(await received).toEqual({ seatId: seat.id, projectCode: vector.input.projectId, specialty: 'A080101', status: 'DECLINED' });
  } finally {
    await client.dispose();
  }
});
