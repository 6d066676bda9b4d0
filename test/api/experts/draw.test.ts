/**
 * The expert pool and the verifiable draw through the API: avoidance excludes exactly the conflicted
 * experts, the shared vector is reproduced, `verify draw` re-runs it from the published inputs, names
 * stay sealed, a decline or a time-out passes the seat to the next reserve, a second draw is refused;
 * when the reserves run out, a supplementary round fills exactly the missing seats from a new logged snapshot.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drawCommitment, runDraw } from '../../../crypto/draw';
import { runCli } from '../../support/cli';
import { gql, loginAs, wsClient } from '../../support/graphql';
import { recentEvaluationsQuery } from '../../../api/src/modules/experts/draws.service';
import { startTestApp, type TestApp } from '../../support/app';
import { createProject, cst, publishProject, SCHEDULES, setClock, T0, userIds } from '../../support/projects';
import { waitFor } from '../../support/wait';

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

const DRAW = 'status specialties { specialty poolSize poolHash seed } commitments revealed acceptedCount rounds { number status specialties { specialty count reserves poolSize poolHash seed } beaconRound } seats { id round supplementary specialty position code name status declineReason }';
const EVALUATION_AT = cst('2026-12-15T14:00:00');
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

test('a supplementary round is refused while reserves remain', async () => {
  const refused = await call('requestSupplementaryDraw(projectId: $p)', '$p: ID!', { p: projectId }, tenderee);
  expect(refused.errors.map((e: any) => e.code)).toEqual(['SUPPLEMENTARY_NOT_NEEDED']);
  const { rounds } = (await gql(app.graphqlUrl, 'query($p: ID!) { expertDraw(projectId: $p) { rounds { number } } }', { p: projectId }, supervisor)).data!.expertDraw;
  expect(rounds).toEqual([]);
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
    client.subscribe({ query: 'subscription { invitationReceived { seatId projectCode specialty round supplementary status } }' }, { next: (v) => (v.data ? resolve(v.data.invitationReceived) : reject(v.errors)), error: reject, complete: () => undefined });
  });
  let delivered: unknown = null;
  void received.then((v) => (delivered = v), () => (delivered = 'failed'));
  try {
    // the subscription is live from the stream's head once the server has set it up: send until one arrives
    await waitFor(async () => {
      if (delivered) return true;
      await orm.em.fork().transactional((em) => eventLog.append(em, `expert:${expert1Id}`, 'INVITED', { seatId: seat.id }));
      return false;
    }, 'an invitation to reach the live subscription', 10_000, 100);
    expect(await received).toEqual({ seatId: seat.id, projectCode: vector.input.projectId, specialty: 'A080101', round: 0, supplementary: false, status: 'DECLINED' });
  } finally {
    await client.dispose();
  }
  // a workspace that subscribes after the list loaded, with afterSeq 0, gets every invitation made before (none missed in between), then live ones
  const invitedBefore = (await eventLog.replay(orm.em.fork(), `expert:${expert1Id}`, 0)).filter((e) => e.type === 'INVITED').length;
  const replaying = wsClient(app.wsUrl, expert1);
  try {
    const got: string[] = [];
    replaying.subscribe({ query: 'subscription { invitationReceived(afterSeq: 0) { seatId } }' }, { next: (v) => void got.push((v.data as any).invitationReceived.seatId), error: () => undefined, complete: () => undefined });
    await waitFor(async () => got.length === invitedBefore, 'the earlier invitations replayed', 10_000);
    expect(got.length).toBeGreaterThan(1); // the draw's invitation and the ones appended above
    expect(new Set(got)).toEqual(new Set([seat.id]));
    await orm.em.fork().transactional((em) => eventLog.append(em, `expert:${expert1Id}`, 'INVITED', { seatId: seat.id }));
    await waitFor(async () => got.length === invitedBefore + 1, 'a new invitation after the replay', 10_000);
    const refused = await new Promise<unknown>((resolve) => {
      replaying.subscribe({ query: 'subscription { invitationReceived(afterSeq: -1) { seatId } }' }, { next: (v) => resolve(v.errors), error: resolve, complete: () => undefined });
    });
    expect(JSON.stringify(refused)).toMatch(/BAD_USER_INPUT/);
  } finally {
    await replaying.dispose();
  }
});

describe('supplementary round (reserves used up)', () => {
  const TENDEREE_USCC = '12350100MB0000001Y';
  const days = (n: number) => new Date(EVALUATION_AT.getTime() - n * 86400_000);
  const seatsOf = async (token: string) => (await gql(app.graphqlUrl, `query($p: ID!) { expertDraw(projectId: $p) { ${DRAW} } }`, { p: projectId }, token)).data!.expertDraw;
  const ledger = async () => (await gql(app.graphqlUrl, 'query($p: ID) { ledgerEntries(first: 100, projectId: $p) { edges { node { kind data } } } }', { p: projectId })).data!.ledgerEntries.edges.map((e: any) => e.node);
  let firstCodes: string[];
  let supplementaryPool: string[];
  let expected: Awaited<ReturnType<typeof runDraw>>;
  beforeAll(async () => {
    // the clock moved past the answer window: the earlier sessions have expired
    [tenderee, supervisor] = [await loginAs(app.graphqlUrl, 'tenderee'), await loginAs(app.graphqlUrl, 'supervisor')];
  });

  test('the snapshot applies avoidance again (the recent-evaluation window: exactly 90 days excludes, 91 does not) and leaves out everyone drawn before', async () => {
    const before = await seatsOf(supervisor);
    firstCodes = before.seats.map((s: any) => s.code);
    // 4 seats unfilled: 7 requested, 1 accepted and 2 invited (the last reserves), no reserve left
    expect(before.seats.filter((s: any) => ['ACCEPTED', 'INVITED'].includes(s.status))).toHaveLength(3);
    const admin = await loginAs(app.graphqlUrl, 'admin');
    const imported = await gql(app.graphqlUrl, 'mutation($c: String!) { importExperts(csv: $c) { imported errors { message } } }', { c: [HEADER, row(48), row(49), row(50)].join('\n') }, admin);
    expect(imported.data!.importExperts).toEqual({ imported: 3, errors: [] });
    const em = app.platform.services.orm.em.fork();
    const history: [string, string, Date][] = [['EXP-0048', TENDEREE_USCC, days(90)], ['EXP-0049', TENDEREE_USCC, days(91)], ['EXP-0050', '91350200MA0000099Z', days(1)]];
    for (const [code, key, at] of history) await em.execute('insert into expert_evaluation (expert_id, tenderee_key, evaluated_at) select id, ?, ? from expert where code = ?', [key, at, code]);

    const requested = await call('requestSupplementaryDraw(projectId: $p, reserves: 1)', '$p: ID!', { p: projectId }, tenderee);
    expect(requested.errors).toEqual([]);
    const [round] = requested.draw.rounds;
    supplementaryPool = [...vector.input.pool.filter((c: string) => !firstCodes.includes(c)), 'EXP-0049', 'EXP-0050'].sort();
    expect(round).toMatchObject({ number: 1, status: 'SNAPSHOT', beaconRound: 0, specialties: [{ specialty: 'A080101', count: 4, reserves: 1, poolSize: supplementaryPool.length, seed: null }] });
    expect(requested.draw.status).toBe('DRAWN'); // the first draw itself is untouched

    const logged = JSON.parse((await ledger()).find((e: any) => e.kind === 'draw.supplementary.snapshot').data);
    expect(logged).toMatchObject({ round: 1, supplementary: true });
    const [specialty] = logged.specialties;
    expect(specialty.pool).toEqual(supplementaryPool);
    expect(specialty.poolHash).toBe(round.specialties[0].poolHash);
    expect(Object.fromEntries(specialty.excluded.map((x: any) => [x.code, x.rule]))).toEqual({
      ...Object.fromEntries(firstCodes.map((c) => [c, 'ALREADY_DRAWN'])),
      'EXP-0041': 'EMPLOYER_IS_TENDEREE',
      'EXP-0042': 'EMPLOYER_IS_BIDDER',
      'EXP-0043': 'NOT_ACTIVE',
      'EXP-0044': 'REGION',
      'EXP-0045': 'RELATION_TO_PARTY',
      'EXP-0046': 'EXPLICIT_EXCLUSION',
      'EXP-0047': 'UNAVAILABLE',
      'EXP-0048': 'RECENT_EVALUATION_FOR_TENDEREE', // exactly 90 days before the evaluation
    });
    expect((await call('requestSupplementaryDraw(projectId: $p)', '$p: ID!', { p: projectId }, tenderee)).errors[0].code).toBe('NOT_ALLOWED_IN_STATE'); // one open round at a time
  });

  test('it is drawn only after a fresh beacon, fills exactly the missing seats with people not drawn before, and logs its result apart from the first', async () => {
    expect((await call('runSupplementaryDraw(projectId: $p, number: 1)', '$p: ID!', { p: projectId }, tenderee)).errors[0].code).toBe('BEACON_REQUIRED');
    const beacon = (n: number, x: string) => call('enterSupplementaryBeacon(projectId: $p, number: 1, round: $n, randomnessHex: $x)', '$p: ID!, $n: Int!, $x: String!', { p: projectId, n, x }, supervisor);
    expect((await beacon(vector.input.beaconRound, 'cd'.repeat(32))).errors[0].code).toBe('INPUT_INVALID'); // the first draw's round again
    expect((await beacon(vector.input.beaconRound + 1, 'cd'.repeat(32))).errors).toEqual([]);
    expect((await beacon(vector.input.beaconRound + 2, 'ef'.repeat(32))).errors[0].code).toBe('NOT_ALLOWED_IN_STATE'); // once only
    // anyone can know the result from the logged inputs before the run: give the first drawn an account to see its invitation
    expected = await runDraw({ projectId: `${vector.input.projectId}/S1`, pool: supplementaryPool, beaconRound: vector.input.beaconRound + 1, beaconRandomnessHex: 'cd'.repeat(32), reveals: [] }, 4, 1);
    await app.platform.services.orm.em.fork().execute("update expert set user_id = (select id from app_user where username = 'expert5') where code = ?", [expected.draw[0]]);

    const drawn = await call('runSupplementaryDraw(projectId: $p, number: 1)', '$p: ID!', { p: projectId }, tenderee);
    expect(drawn.errors).toEqual([]);
    expect(drawn.draw.rounds[0]).toMatchObject({ number: 1, status: 'DRAWN', specialties: [{ seed: expected.seed, poolHash: expected.poolHash }] });
    const added = drawn.draw.seats.filter((s: any) => s.round === 1);
    expect(added.every((s: any) => s.supplementary)).toBe(true);
    expect(added.filter((s: any) => s.status === 'INVITED').map((s: any) => s.code)).toEqual(expected.draw);
    expect(added.filter((s: any) => s.status === 'RESERVE').map((s: any) => s.code)).toEqual(expected.reserves);
    expect(added.filter((s: any) => firstCodes.includes(s.code))).toEqual([]);
    expect(drawn.draw.seats.filter((s: any) => ['ACCEPTED', 'INVITED'].includes(s.status))).toHaveLength(7); // every requested seat taken or offered
    expect((await call('requestSupplementaryDraw(projectId: $p)', '$p: ID!', { p: projectId }, tenderee)).errors[0].code).toBe('SUPPLEMENTARY_NOT_NEEDED');

    const kinds = (await ledger()).map((e: any) => e.kind);
    expect(kinds.filter((k: string) => k === 'draw.result')).toHaveLength(1);
    const result = JSON.parse((await ledger()).find((e: any) => e.kind === 'draw.supplementary.result').data);
    expect(result).toMatchObject({ round: 1, supplementary: true, beaconRound: vector.input.beaconRound + 1, reveals: [], specialties: [{ seed: expected.seed, draw: expected.draw, reserves: expected.reserves }] });

    // the invited expert is told, marked supplementary, in its stream and its workspace
    const expert5 = await loginAs(app.graphqlUrl, 'expert5');
    const [expert5Id] = await userIds(app, await loginAs(app.graphqlUrl, 'admin'), 'expert5');
    const events = await app.platform.services.eventLog.replay(app.platform.services.orm.em.fork(), `expert:${expert5Id}`, 0);
    expect(events.map((e) => [e.type, e.payload.round, e.payload.supplementary])).toEqual([['INVITED', 1, true]]);
    const invitations = (await gql(app.graphqlUrl, '{ myInvitations { specialty round supplementary status } }', {}, expert5)).data!.myInvitations;
    expect(invitations).toEqual([{ specialty: 'A080101', round: 1, supplementary: true, status: 'INVITED' }]);
  });

  test('`verify draw` reproduces the supplementary round from its published inputs', async () => {
    const inputs = (await gql(app.graphqlUrl, 'query($p: ID!) { expertDrawInputs(projectId: $p) { round supplementary inputJson draw reserves } }', { p: projectId })).data!.expertDrawInputs;
    expect(inputs.map((i: any) => [i.round, i.supplementary])).toEqual([[0, false], [1, true]]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tenderhall-draw-')), 'input-s1.json');
    fs.writeFileSync(file, inputs[1].inputJson);
    const { code, stdout, stderr } = await runCli('draw', file);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toEqual({ supplementaryRound: 1, poolHash: expected.poolHash, seed: expected.seed, draw: expected.draw, reserves: expected.reserves });
    expect(inputs[1]).toMatchObject({ draw: expected.draw, reserves: expected.reserves });
  });

  test('supplementary names are sealed like the first: counts for bidders, the tenderee\'s other agents and experts', async () => {
    const view = async (token: string) => (await gql(app.graphqlUrl, 'query($p: ID!) { expertDraw(projectId: $p) { acceptedCount rounds { number specialties { count } } seats { round code name } } }', { p: projectId }, token)).data!.expertDraw;
    for (const token of [tenderee, supervisor]) {
      const seen = await view(token);
      expect(seen.seats.filter((s: any) => s.round === 1).map((s: any) => s.name)).toEqual([...expected.draw, ...expected.reserves].map((c) => `专家${Number(c.slice(4))}`));
    }
    for (const who of ['bidder1', 'bidder2', 'agent', 'expert5']) {
      expect(await view(await loginAs(app.graphqlUrl, who))).toEqual({ acceptedCount: 1, rounds: [{ number: 1, specialties: [{ count: 4 }] }], seats: null });
    }
  });

  test('a decline in the supplementary round passes the seat to that round\'s reserve', async () => {
    const expert5 = await loginAs(app.graphqlUrl, 'expert5');
    const [invitation] = (await gql(app.graphqlUrl, '{ myInvitations { seatId } }', {}, expert5)).data!.myInvitations;
    const declined = await call('respondToInvitation(seatId: $s, accept: false, reason: $r)', '$s: ID!, $r: String!', { s: invitation.seatId, r: '时间冲突' }, expert5);
    expect(declined.errors).toEqual([]);
    const seats = (await seatsOf(supervisor)).seats.filter((s: any) => s.round === 1);
    expect(seats.map((s: any) => [s.code, s.status])).toEqual([
      [expected.draw[0], 'DECLINED'], ...expected.draw.slice(1).map((c) => [c, 'INVITED']), [expected.reserves[0], 'INVITED'],
    ]);
  });
});

test('the recent-evaluation avoidance is one index range scan on (tenderee, time), however long the history', async () => {
  const em = app.platform.services.orm.em.fork();
  // 40,000 evaluations: 400 other tenderees over five years, and this tenderee long ago
  await em.execute(`insert into expert_evaluation (expert_id, tenderee_key, evaluated_at)
    select (select id from expert where code = 'EXP-0001'), case when i % 401 = 0 then '12350100MB0000001Y' else 'OTHER-' || (i % 400) end, ?::timestamptz - (i % 1800 + 200) * interval '1 day'
    from generate_series(1, 40000) as i`, [EVALUATION_AT]);
  await em.execute('analyze expert_evaluation');
  const [sql, params] = recentEvaluationsQuery(['12350100MB0000001Y', 'some-organisation-id'], new Date(EVALUATION_AT.getTime() - 90 * 86400_000));
  const [{ 'QUERY PLAN': plan }] = await em.execute(`explain (format json) ${sql}`, params);
  expect(JSON.stringify(plan)).toContain('expert_evaluation_tenderee_idx');
  expect(JSON.stringify(plan)).not.toContain('Seq Scan');
  const rows = await em.execute(sql, params);
  expect(rows.map((r: any) => r.expert_id)).not.toContain((await em.execute("select id from expert where code = 'EXP-0001'"))[0].id); // the old history does not exclude
});

test('once the evaluation starts, the names (of every round) are no longer sealed', async () => {
  const bidder = await loginAs(app.graphqlUrl, 'bidder1');
  const names = async () => (await gql(app.graphqlUrl, 'query($p: ID!) { expertDraw(projectId: $p) { seats { round name } } }', { p: projectId }, bidder)).data!.expertDraw.seats;
  expect(await names()).toBeNull();
  // the evaluation module moves the project on; here the status is set directly, as it is the only input of the rule
  await app.platform.services.orm.em.fork().execute("update project set status = 'EVALUATING' where id = ?", [projectId]);
  const seats = await names();
  expect(seats.length).toBeGreaterThan(10);
  expect(seats.every((s: any) => /^专家\d+$/.test(s.name))).toBe(true);
  expect(seats.some((s: any) => s.round === 1)).toBe(true);
});
