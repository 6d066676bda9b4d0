/**
 * A full evaluation through the API: the committee of five drawn experts declares no conflict and
 * elects its leader; scoring is blind (no sheet, no progress, no aggregate visible to the others, the
 * tenderee or bidders); an abnormal score is sent back until justified; the leader records a rule-19
 * change; the report is signed (one dissent, one refusal); publicity with an objection that suspends
 * and resumes the project; the award notice sealed by the tenderee; and a bidder's score explained.
 */
import { canonicalJson } from '../../../crypto/canonical-json';
import { priceScores } from '../../../api/src/modules/evaluation/rules/price-formulas';
import { reportActMessage, scoresheetMessage } from '../../../api/src/modules/evaluation/rules/evaluation-flow';
import { sha256Hex } from '../../../api/src/sha256';
import { startTestApp, type TestApp } from '../../support/app';
import { EXPERTS, evaluatingProject, signAs } from '../../support/evaluation';
import { gql, loginAs, wsClient } from '../../support/graphql';
import { waitFor } from '../../support/wait';
import { demoCertificate, sealRecord, type Party } from '../../support/opening';
import { setClock } from '../../support/projects';
import { ocdsErrors } from '../../support/ocds';

const VIEW = `lastEventSeq status criteria category committeeSize myMemberId mySheet myReturnedFor sheets aggregate changes reportDraftSha256 reportJson reportSha256 reportLedgerIndex
  publicityStartsAt publicityEndsAt awardJson awardLedgerIndex
  members { id seat label name conflictConfirmed isLeader me sheetStatus reportAct reportReason }
  bids { bidId organisationName price files }
  objections { id organisationName text answer answerDueAt }`;
const PAYLOAD = `evaluation { ${VIEW} } errors { code message field details }`;

let app: TestApp;
let projectId: string;
let parties: Party[];
const tokens: Record<string, string> = {};
/** evaluationEvents as a supervisor, a member (expert2) and the anonymous public see them */
const seen: Record<'supervisor' | 'expert2' | 'public', any[]> = { supervisor: [], expert2: [], public: [] };
const sockets: ReturnType<typeof wsClient>[] = [];
function follow(who: keyof typeof seen, token: string | null, afterSeq: number): void {
  const client = wsClient(app.wsUrl, token);
  sockets.push(client);
  client.subscribe({ query: 'subscription($p: ID!, $a: Int!) { evaluationEvents(projectId: $p, afterSeq: $a) { seq type payload } }', variables: { p: projectId, a: afterSeq } }, {
    next: (v) => seen[who].push(v.data?.evaluationEvents ?? v.errors),
    error: (e) => seen[who].push(e),
    complete: () => undefined,
  });
}
const certs: Record<string, string> = {};

async function login(username: string): Promise<string> {
  tokens[username] = await loginAs(app.graphqlUrl, username);
  return tokens[username];
}
async function view(username: string): Promise<any> {
  const res = await gql(app.graphqlUrl, `query($p: ID!) { evaluation(projectId: $p) { ${VIEW} } }`, { p: projectId }, tokens[username] ?? (await login(username)));
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.evaluation;
}
async function mutate(username: string, field: string, args: string, vars: Record<string, unknown>): Promise<any> {
  const res = await gql(app.graphqlUrl, `mutation(${args}) { r: ${field} { ${PAYLOAD} } }`, vars, tokens[username] ?? (await login(username)));
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.r;
}

/** Expert e's scores: every bid qualifies; bid b gets a share of each item's points (experts differ a little). */
function sheetFor(criteria: any, e: number, overrides: Record<string, Record<string, string>> = {}, justifications: Record<string, Record<string, string>> = {}) {
  const qualification: Record<string, Record<string, boolean>> = {};
  const scores: Record<string, Record<string, string>> = {};
  parties.forEach((p, b) => {
    qualification[p.bidId] = Object.fromEntries(criteria.qualification.map((q: any) => [q.key, true]));
    scores[p.bidId] = Object.fromEntries(criteria.scored.map((item: any) => [item.key, (Number(item.maxPoints) * (0.9 - 0.1 * b) - (Number(item.maxPoints) >= 10 ? e * 0.25 : 0)).toFixed(2)]));
    Object.assign(scores[p.bidId], overrides[p.bidId] ?? {});
  });
  return { qualification, scores, justifications };
}

async function submitSheet(username: string, sheet: Record<string, unknown>, signer = username) {
  const memberId = (await view(username)).myMemberId;
  const content = { memberId, ...sheet };
  const message = scoresheetMessage(projectId, memberId, sha256Hex(canonicalJson(content)));
  return mutate(username, 'submitScoresheet(input: $i)', '$i: SubmitScoresheetInput!', { i: { projectId, sheet, certificatePem: certs[username], signature: await signAs(app, signer, message) } });
}

async function reportAct(username: string, act: string, reason: string | null) {
  const v = await view(username);
  const message = reportActMessage(projectId, v.myMemberId, v.reportDraftSha256, act);
  return mutate(username, 'actOnEvaluationReport(input: $i)', '$i: ReportActInput!', { i: { projectId, act, reason, certificatePem: certs[username], signature: await signAs(app, username, message) } });
}

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  ({ projectId, parties } = await evaluatingProject(app, ['980000', '1000000', '1050000']));
  for (const u of EXPERTS) certs[u] = await demoCertificate(app, await login(u), 'SIGNING');
  for (const u of ['tenderee', 'agent', 'supervisor', 'bidder1', 'bidder2']) await login(u);
}, 240_000);
afterAll(async () => {
  for (const socket of sockets) await socket.dispose();
  await app?.close();
});

test('the committee is formed from the accepted experts, once; bidders cannot start it', async () => {
  expect(await view('tenderee')).toBeNull();
  const denied = await gql(app.graphqlUrl, 'mutation($i: StartEvaluationInput!) { startEvaluation(input: $i) { errors { code } } }', { i: { projectId } }, tokens.bidder1);
  expect(denied.errors![0].extensions!.code).toBe('FORBIDDEN');
  const started = await mutate('tenderee', 'startEvaluation(input: $i)', '$i: StartEvaluationInput!', { i: { projectId } });
  expect(started.errors).toEqual([]);
  expect(started.evaluation).toMatchObject({ status: 'COMMITTEE', committeeSize: 5, category: 'GOODS' });
  expect([...started.evaluation.members.map((m: any) => m.name)].sort()).toEqual(['评标专家 1号', '评标专家 2号', '评标专家 3号', '评标专家 4号', '评标专家 5号']);
  expect((await mutate('tenderee', 'startEvaluation(input: $i)', '$i: StartEvaluationInput!', { i: { projectId } })).errors[0].code).toBe('ALREADY_DONE');
  // the public sees the stage and the size, not the names
  const anonymous = await gql(app.graphqlUrl, 'query($p: ID!) { evaluation(projectId: $p) { status committeeSize members { label name } } }', { p: projectId });
  expect(anonymous.data!.evaluation).toMatchObject({ status: 'COMMITTEE', committeeSize: 5 });
  expect(anonymous.data!.evaluation.members.every((m: any) => m.name === null)).toBe(true);
});

test('members see no bid before declaring no conflict; scoring starts once all declared and a leader is elected', async () => {
  const before = await view('expert1');
  expect(before.bids).toBeNull();
  expect((await mutate('expert1', 'voteCommitteeLeader(projectId: $p, memberId: $m)', '$p: ID!, $m: ID!', { p: projectId, m: before.myMemberId })).errors[0].code).toBe('CONFLICT_NOT_CONFIRMED');
  expect((await mutate('expert1', 'saveScoresheet(projectId: $p, sheet: $s)', '$p: ID!, $s: JSONObject!', { p: projectId, s: {} })).errors[0].code).toBe('NOT_ALLOWED_IN_STATE');
  const stranger = await gql(app.graphqlUrl, 'mutation($p: ID!) { declareNoConflict(projectId: $p) { errors { code } } }', { p: projectId }, tokens.bidder1);
  expect(stranger.errors![0].extensions!.code).toBe('FORBIDDEN');
  const leaderId = before.myMemberId; // the members elect expert1
  for (const u of EXPERTS) {
    expect((await mutate(u, 'declareNoConflict(projectId: $p)', '$p: ID!', { p: projectId })).errors).toEqual([]);
    expect((await view(u)).bids).toHaveLength(3);
  }
  expect((await view('expert1')).status).toBe('COMMITTEE'); // no leader yet
  for (const u of EXPERTS.slice(0, 3)) expect((await mutate(u, 'voteCommitteeLeader(projectId: $p, memberId: $m)', '$p: ID!, $m: ID!', { p: projectId, m: leaderId })).errors).toEqual([]);
  // three of five is a majority: the leader is elected and scoring starts; the vote is closed
  expect((await mutate('expert4', 'voteCommitteeLeader(projectId: $p, memberId: $m)', '$p: ID!, $m: ID!', { p: projectId, m: leaderId })).errors[0].code).toBe('NOT_ALLOWED_IN_STATE');
  const now = await view('expert2');
  expect(now.status).toBe('SCORING');
  expect(now.members.find((m: any) => m.isLeader).id).toBe(leaderId);
  // the committee reads the documents of the opened bids
  const file = now.bids[0].files[0];
  const download = await fetch(`${app.baseUrl}${file.url}`, { headers: { authorization: `Bearer ${tokens.expert2}` } });
  expect(download.status).toBe(200);
  expect(sha256Hex(Buffer.from(await download.arrayBuffer()))).toBe(file.sha256);
  expect((await fetch(`${app.baseUrl}${file.url}`, { headers: { authorization: `Bearer ${tokens.tenderee}` } })).status).toBe(403);
});

test('scoring is blind: nobody sees another sheet, only supervisors see who has submitted', async () => {
  const criteria = (await view('expert1')).criteria;
  const bad = sheetFor(criteria, 0, { [parties[0].bidId]: { technical_solution: '31' } });
  const refused = await submitSheet('expert1', bad);
  expect(refused.errors[0]).toMatchObject({ code: 'SHEET_INVALID', field: 'sheet' });
  expect(refused.errors[0].details[0]).toMatchObject({ bidId: parties[0].bidId, itemKey: 'technical_solution', code: 'OUT_OF_RANGE' });
  expect((await submitSheet('expert1', sheetFor(criteria, 0), 'expert2')).errors[0].code).toBe('SIGNATURE_INVALID');
  expect((await mutate('expert1', 'saveScoresheet(projectId: $p, sheet: $s)', '$p: ID!, $s: JSONObject!', { p: projectId, s: sheetFor(criteria, 0) })).errors).toEqual([]);
  const at = (await view('supervisor')).lastEventSeq;
  follow('supervisor', tokens.supervisor, at);
  follow('expert2', tokens.expert2, at);
  follow('public', null, at);
  expect((await submitSheet('expert1', sheetFor(criteria, 0))).errors).toEqual([]);
  await waitFor(() => seen.supervisor.some((e) => e.type === 'SCORESHEET_SUBMITTED'), 'the supervisor sees a sheet submitted');

  const other = await view('expert2');
  expect({ sheets: other.sheets, aggregate: other.aggregate, mySheet: other.mySheet }).toEqual({ sheets: null, aggregate: null, mySheet: null });
  expect(other.members.map((m: any) => m.sheetStatus)).toEqual([null, null, null, null, null]);
  const own = await view('expert1');
  const seat1 = own.members.find((m: any) => m.me).seat;
  const onlySeat1 = [1, 2, 3, 4, 5].map((seat) => (seat === seat1 ? 'SUBMITTED' : null));
  expect(own.members.map((m: any) => m.sheetStatus)).toEqual(onlySeat1);
  expect(own.sheets).toBeNull();
  for (const who of ['tenderee', 'agent', 'bidder1']) {
    const v = await view(who);
    expect({ sheets: v.sheets, aggregate: v.aggregate, statuses: v.members.map((m: any) => m.sheetStatus) }).toEqual({ sheets: null, aggregate: null, statuses: [null, null, null, null, null] });
  }
  const supervisor = await view('supervisor');
  expect(supervisor.members.map((m: any) => m.sheetStatus)).toEqual(onlySeat1);
  expect({ sheets: supervisor.sheets, aggregate: supervisor.aggregate }).toEqual({ sheets: null, aggregate: null });
});

test('an abnormal score comes back to its author until justified; then the results are aggregated', async () => {
  const criteria = (await view('expert2')).criteria;
  for (const [e, u] of EXPERTS.entries()) if (e > 0 && e < 4) expect((await submitSheet(u, sheetFor(criteria, e))).errors).toEqual([]);
  const abnormal = { [parties[0].bidId]: { technical_solution: '5' } };
  expect((await submitSheet('expert5', sheetFor(criteria, 4, abnormal))).errors).toEqual([]);
  const returned = await view('expert5');
  expect(returned.status).toBe('SCORING');
  expect(returned.myReturnedFor).toEqual([{ bidId: parties[0].bidId, itemKey: 'technical_solution', score: '5' }]);
  expect(returned.members.find((m: any) => m.me).sheetStatus).toBe('RETURNED');
  expect((await view('expert1')).sheets).toBeNull(); // still blind
  const justified = sheetFor(criteria, 4, abnormal, { [parties[0].bidId]: { technical_solution: '技术方案未响应第3.2条核心参数，仅给基本分。' } });
  expect((await submitSheet('expert5', justified)).errors).toEqual([]);
  const done = await view('expert1');
  expect(done.status).toBe('REPORT');
  // live: the supervisor follows every submission; members learn a sheet came back and the stage moved; the public only the stage
  await waitFor(() => seen.public.some((e) => e.type === 'AGGREGATED') && seen.expert2.some((e) => e.type === 'AGGREGATED'), 'everyone sees the aggregation');
  expect(seen.supervisor.filter((e) => e.type === 'SCORESHEET_SUBMITTED')).toHaveLength(6);
  expect(seen.expert2.map((e) => e.type)).toEqual(['SCORESHEETS_RETURNED', 'AGGREGATED']);
  expect(seen.expert2[0].payload).toEqual({});
  expect(seen.public.map((e) => e.type)).toEqual(['AGGREGATED']);
  expect(done.sheets).toHaveLength(5);
  expect(done.aggregate.candidates).toEqual(parties.map((p) => p.bidId));
  const first = done.aggregate.lines.find((l: any) => l.bidId === parties[0].bidId);
  expect(first.priceScore).toBe('30.00'); // the lowest price takes the full 30 points (rule 16)
  expect(done.aggregate.lines.find((l: any) => l.bidId === parties[2].bidId).priceScore).toBe('28.00'); // 980000 / 1050000 × 30
});

test('a result changes only for a reason of rule 19, by the leader, logged; the report is signed with a dissent and a refusal', async () => {
  const expert5 = (await view('expert5')).members.find((m: any) => m.me);
  const change = (who: string, reason: string) =>
    mutate(who, 'correctEvaluationScore(input: $i)', '$i: CorrectScoreInput!', { i: { projectId, memberId: expert5.id, bidId: parties[1].bidId, itemKey: 'after_sales', score: '7.50', reason, note: '合计时抄录错误，按原始评分表更正。' } });
  expect((await change('expert2', 'CALCULATION_ERROR')).errors[0].code).toBe('NOT_THE_LEADER');
  expect((await change('expert1', 'DISLIKE')).errors[0].code).toBe('INPUT_INVALID');
  const changed = await change('expert1', 'CALCULATION_ERROR');
  expect(changed.errors).toEqual([]);
  expect(changed.evaluation.changes).toEqual([expect.objectContaining({ reason: 'CALCULATION_ERROR', seat: expert5.seat, from: '7.00', to: '7.50', ledgerIndex: expect.any(Number) })]);

  expect((await reportAct('expert1', 'SIGN', null)).errors).toEqual([]);
  expect((await reportAct('expert2', 'SIGN', null)).errors).toEqual([]);
  expect((await reportAct('expert3', 'DISSENT', null)).errors[0].code).toBe('REASON_REQUIRED');
  expect((await reportAct('expert3', 'DISSENT', '第二名的售后服务方案评分偏高。')).errors).toEqual([]);
  expect((await reportAct('expert4', 'REFUSE', null)).errors).toEqual([]); // counts as agreement (rule 14)
  expect((await view('tenderee')).reportJson).toBeNull();
  const last = await reportAct('expert5', 'SIGN', null);
  expect(last.errors).toEqual([]);
  const published = last.evaluation;
  expect(published.status).toBe('PUBLICITY');
  const report = JSON.parse(published.reportJson);
  const seat3 = (await view('expert3')).members.find((m: any) => m.me).seat;
  expect(report).toMatchObject({ agreed: 4, dissent: [{ seat: seat3, reason: '第二名的售后服务方案评分偏高。' }] });
  expect(sha256Hex(published.reportJson)).toBe(published.reportSha256);
  const entries = (await gql(app.graphqlUrl, 'query($p: ID) { ledgerEntries(first: 100, projectId: $p) { edges { node { index kind data } } } }', { p: projectId })).data!.ledgerEntries.edges.map((e: any) => e.node);
  const logged = entries.find((e: any) => e.kind === 'evaluation.report');
  expect(JSON.parse(logged.data).reportSha256).toBe(published.reportSha256);
  expect(logged.index).toBe(published.reportLedgerIndex);
  expect(entries.filter((e: any) => e.kind === 'evaluation.scoresheet')).toHaveLength(6); // five sheets + the resubmission
  const project = (await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { status announcements { kind title } } }', { id: projectId })).data!.project;
  expect(project.status).toBe('PUBLICITY');
  expect(project.announcements.map((a: any) => a.kind)).toContain('CANDIDATES');
  // from the publicity the public sees the committee and the totals
  const anonymous = (await gql(app.graphqlUrl, 'query($p: ID!) { evaluation(projectId: $p) { members { name } aggregate sheets bids { bidId organisationName price files } } }', { p: projectId })).data!.evaluation;
  expect(anonymous.members.every((m: any) => m.name)).toBe(true);
  expect(anonymous.bids.map((b: any) => [b.bidId, b.price, b.files]).sort((x: any, y: any) => Number(x[1]) - Number(y[1]))).toEqual(parties.map((p, i) => [p.bidId, ['980000', '1000000', '1050000'][i], []])); // names and prices, no documents
  expect(anonymous.aggregate.candidates).toHaveLength(3);
  expect(anonymous.sheets).toBeNull();
});

test('an objection during the publicity suspends the project until answered; the award waits for the end of the publicity', async () => {
  const award = async () => {
    const notice = (await gql(app.graphqlUrl, 'query($p: ID!) { awardNoticeDocument(projectId: $p) }', { p: projectId }, tokens.tenderee)).data!.awardNoticeDocument;
    return mutate('tenderee', 'issueAwardNotice(projectId: $p, envelope: $e)', '$p: ID!, $e: String!', { p: projectId, e: await sealRecord(app, tokens.tenderee, 'tenderee', notice, 'award-notice') });
  };
  expect((await award()).errors[0].code).toBe('PUBLICITY_NOT_OVER');
  expect((await mutate('bidder2', 'raiseResultObjection(projectId: $p, text: $t)', '$p: ID!, $t: String!', { p: projectId, t: '短' })).errors[0].code).toBe('INPUT_INVALID');
  const raised = await mutate('bidder2', 'raiseResultObjection(projectId: $p, text: $t)', '$p: ID!, $t: String!', { p: projectId, t: '第一中标候选人的业绩证明材料与公示信息不一致，请复核。' });
  expect(raised.errors).toEqual([]);
  const objection = raised.evaluation.objections[0];
  expect((await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { status } }', { id: projectId })).data!.project.status).toBe('SUSPENDED');
  expect((await view('bidder1')).objections).toEqual([]); // another bidder's objection is not shown to it
  const lights = (await gql(app.graphqlUrl, 'query($p: ID) { deadlineLights(first: 20, filter: { projectId: $p, open: true }) { edges { node { rule dueAt } } } }', { p: projectId }, tokens.supervisor)).data!.deadlineLights.edges.map((e: any) => e.node);
  expect(lights).toContainEqual({ rule: `OBJECTION_ANSWER:${objection.id}`, dueAt: objection.answerDueAt });
  expect((await award()).errors[0].code).toBe('OBJECTIONS_OPEN');
  const answered = await mutate('tenderee', 'answerResultObjection(projectId: $p, objectionId: $o, answer: $a)', '$p: ID!, $o: ID!, $a: String!', { p: projectId, o: objection.id, a: '经核实，业绩证明材料真实有效，维持评审结果。' });
  expect(answered.errors).toEqual([]);
  expect((await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { status } }', { id: projectId })).data!.project.status).toBe('PUBLICITY');

  await setClock(app, new Date(new Date(answered.evaluation.publicityEndsAt).getTime() + 60_000));
  for (const u of ['tenderee', 'bidder1', 'bidder2', 'supervisor']) await login(u);
  expect((await mutate('bidder1', 'raiseResultObjection(projectId: $p, text: $t)', '$p: ID!, $t: String!', { p: projectId, t: '公示期结束后提出的异议应当不被受理。' })).errors[0].code).toBe('OUTSIDE_PUBLICITY');
  const awarded = await award();
  expect(awarded.errors).toEqual([]);
  expect(awarded.evaluation.status).toBe('AWARDED');
  expect(JSON.parse(awarded.evaluation.awardJson).winner).toMatchObject({ bidId: parties[0].bidId, price: '980000' });
  const project = (await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { status announcements { kind } } }', { id: projectId })).data!.project;
  expect(project.status).toBe('AWARDED');
  expect(project.announcements.map((a: any) => a.kind)).toContain('AWARD');
});

test('"explain my score": a bidder sees its own scores by anonymised members and can re-run the price formula', async () => {
  const res = await gql(app.graphqlUrl, 'query($p: ID!) { explainMyScore(projectId: $p) }', { p: projectId }, tokens.bidder2);
  const explained = res.data!.explainMyScore;
  expect(explained.bidId).toBe(parties[1].bidId);
  const afterSales = explained.items.find((i: any) => i.key === 'after_sales');
  expect(afterSales.scores.map((s: any) => s.member)).toEqual(['专家 A', '专家 B', '专家 C', '专家 D', '专家 E']);
  await login('expert5');
  const seat5 = (await view('expert5')).members.find((m: any) => m.me).seat;
  expect(afterSales.scores[seat5 - 1].score).toBe('7.50'); // the corrected score
  const rerun = priceScores(explained.price.formula, explained.price.inputs.map((i: any) => ({ bidId: i.bidId, price: i.price })));
  expect(rerun.lines.find((l) => l.bidId === parties[1].bidId)!.score).toBe(explained.price.mine.score);
  expect(explained.price.mine.score).toBe('29.40'); // 980000 / 1000000 × 30
  expect(JSON.stringify(explained)).not.toContain('评标专家'); // no names
  const stranger = await gql(app.graphqlUrl, 'query($p: ID!) { explainMyScore(projectId: $p) }', { p: projectId }, tokens.tenderee);
  expect(stranger.errors![0].extensions!.code).toBe('FORBIDDEN');
});

test('the OCDS export of the awarded project validates, with candidates, the award and the winner as supplier', async () => {
  const releases = await (await fetch(`${app.baseUrl}/opendata/ocds/projects/${projectId}/releases.json`)).json();
  const records = (await gql(app.graphqlUrl, 'query($p: ID!) { ocdsRecordPackage(projectId: $p) }', { p: projectId })).data!.ocdsRecordPackage;
  expect(ocdsErrors('releasePackage', releases)).toEqual([]);
  expect(ocdsErrors('recordPackage', records)).toEqual([]);
  const ids = releases.releases.map((r: any) => `${r.ocid}/${r.id}`);
  expect(new Set(ids).size).toBe(ids.length);
  const dates = releases.releases.map((r: any) => Date.parse(r.date));
  expect(dates).toEqual([...dates].sort((a, b) => a - b));
  const compiled = records.records[0].compiledRelease;
  const winner = parties[0].keys.organisationId;
  expect(compiled.awards.find((a: any) => a.status === 'active')).toMatchObject({ value: { amount: 980000, currency: 'CNY' } });
  expect(compiled.awards.filter((a: any) => a.status === 'unsuccessful')).toHaveLength(2);
  expect(compiled.parties.filter((p: any) => p.roles.includes('supplier')).map((p: any) => p.id)).toEqual([winner]);
});
