/**
 * Failed tender handling after the evaluation (流标): when the committee finds fewer qualified bids than
 * the method's minimum, the signed report still goes to the ledger, but no candidates are published —
 * the project is FAILED with a failure announcement, and no objection or award is possible.
 */
import { startTestApp, type TestApp } from '../../support/app';
import { EXPERTS, evaluatingProject, evaluationApi, expertSheet } from '../../support/evaluation';
import { gql } from '../../support/graphql';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ demo: true });
}, 240_000);
afterAll(() => app?.close());

test('two of three bids disqualified by the committee: the report is signed and logged, the project fails', async () => {
  const { projectId, parties } = await evaluatingProject(app, ['980000', '1000000', '1050000']);
  const api = evaluationApi(app, projectId);
  expect((await api.start()).errors).toEqual([]);
  for (const u of EXPERTS) expect((await api.declare(u)).errors).toEqual([]);
  const leader = (await api.view('expert1')).myMemberId;
  for (const u of EXPERTS.slice(0, 3)) expect((await api.vote(u, leader)).errors).toEqual([]);
  const criteria = (await api.view('expert1')).criteria;
  const bidIds = parties.map((p) => p.bidId);
  const firstItem = criteria.qualification[0].key;
  for (const [e, u] of EXPERTS.entries()) {
    const sheet = expertSheet(criteria, e, bidIds);
    // every member fails the second and third bid on the first qualification item (and gives them no scores)
    for (const bidId of bidIds.slice(1)) {
      sheet.qualification[bidId][firstItem] = false;
      delete sheet.scores[bidId];
    }
    expect((await api.submitSheet(u, sheet)).errors).toEqual([]);
  }
  const aggregated = await api.view('expert1');
  expect(aggregated.status).toBe('REPORT');
  expect(aggregated.aggregate.lines.filter((l: any) => l.qualified).map((l: any) => l.bidId)).toEqual([bidIds[0]]);
  for (const u of EXPERTS) expect((await api.reportAct(u, 'SIGN')).errors).toEqual([]);

  const done = await api.view('supervisor');
  expect(done.status).toBe('FAILED');
  expect(done.publicityEndsAt).toBeNull();
  const project = (await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { status statusReason announcements { kind } } }', { id: projectId })).data!.project;
  expect(project.status).toBe('FAILED');
  expect(project.statusReason).toContain('at least 3');
  expect(project.announcements.map((a: any) => a.kind)).toEqual(expect.arrayContaining(['FAILURE']));
  expect(project.announcements.map((a: any) => a.kind)).not.toContain('CANDIDATES');
  const entries = (await gql(app.graphqlUrl, 'query($p: ID) { ledgerEntries(first: 100, projectId: $p) { edges { node { kind data } } } }', { p: projectId })).data!.ledgerEntries.edges.map((e: any) => e.node);
  expect(JSON.parse(entries.find((e: any) => e.kind === 'evaluation.report').data).reportSha256).toBe(done.reportSha256);
  const objection = await api.mutate('bidder2', 'raiseResultObjection(projectId: $p, text: $t)', '$p: ID!, $t: String!', { p: projectId, t: '我方资格审查结论有误，请复核相关证明材料。' });
  expect(objection.errors[0].code).toBe('NOT_ALLOWED_IN_STATE');
});
