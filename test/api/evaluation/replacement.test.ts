/**
 * Rules 12 and 13 through the API, on a committee of four drawn experts (one reserve left in the
 * draw) and the tenderee's representative: members saying the time is insufficient extend the
 * evaluation period once more than a third of them did; a member replaced after the sheets were in
 * loses its seat and access, its sheet is void (kept), the report's signatures and result are reset,
 * and the reserve declares, scores from scratch, and the evaluation completes with its scores.
 */
import { mean } from '../../../api/src/modules/evaluation/rules/decimal';
import { startTestApp, type TestApp } from '../../support/app';
import { evaluatingProject, evaluationApi, expertSheet } from '../../support/evaluation';
import { gql, loginAs, wsClient } from '../../support/graphql';
import { waitFor } from '../../support/wait';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ demo: true });
}, 240_000);
afterAll(() => app?.close());

const codes = (payload: any) => payload.errors.map((e: any) => e.code);

test('rule 12: more than a third say the time is insufficient → the period is extended once; rule 13: a replaced member is void, the reserve re-evaluates', async () => {
  const { projectId, parties, seated, reserves } = await evaluatingProject(app, ['980000', '1000000', '1050000'], { count: 4, reserves: 1 });
  expect(seated).toHaveLength(4);
  expect(reserves).toHaveLength(1);
  const [reserve] = reserves;
  const api = evaluationApi(app, projectId);
  const members = [...seated, 'tenderee'];
  const bidIds = parties.map((p) => p.bidId);

  // no evaluation yet: nothing to replace
  expect(codes(await api.replace('tenderee', '00000000-0000-4000-8000-000000000000', '缺席'))).toEqual(['NOT_IN_EVALUATION']);

  const tendereeId = (await gql(app.graphqlUrl, '{ me { id } }', {}, await api.token('tenderee'))).data!.me.id;
  expect((await api.start('tenderee', [tendereeId])).errors).toEqual([]);
  expect(codes(await api.timeInsufficient(seated[0], '材料较多'))).toEqual(['NOT_ALLOWED_IN_STATE']); // scoring is not open yet
  for (const u of members) expect((await api.declare(u)).errors).toEqual([]);
  const leaderId = (await api.view(seated[0])).myMemberId;
  for (const u of members.slice(0, 3)) expect((await api.vote(u, leaderId)).errors).toEqual([]);
  expect((await api.view('supervisor')).status).toBe('SCORING');

  /** `username`'s evaluationEvents from the start, as they arrive (errors pushed among them) */
  const follow = async (username: string) => {
    const seen: any[] = [];
    const client = wsClient(app.wsUrl, await api.token(username));
    client.subscribe({ query: 'subscription($p: ID!) { evaluationEvents(projectId: $p, afterSeq: 0) { type payload } }', variables: { p: projectId } }, {
      next: (v) => seen.push(v.data?.evaluationEvents ?? v.errors),
      error: (e) => seen.push(e),
      complete: () => undefined,
    });
    return { seen, client };
  };

  // the supervisor follows the evaluation's events
  const { seen: events, client: socket } = await follow('supervisor');

  // rule 12 with 5 members: 1 is not more than a third, 2 are
  expect(codes(await api.timeInsufficient(seated[1], '   '))).toEqual(['REASON_REQUIRED']);
  const first = await api.timeInsufficient(seated[1], '投标文件技术部分篇幅很大');
  expect(first.errors).toEqual([]);
  expect(first.evaluation.periodEndsAt).toBeNull();
  expect(first.evaluation.timeInsufficientCount).toBe(1);
  expect(codes(await api.timeInsufficient(seated[1], '再次声明'))).toEqual(['ALREADY_DONE']);
  expect((await api.view('supervisor')).timeInsufficientCount).toBe(1);
  const second = await api.timeInsufficient(seated[2], '需要核对大量业绩证明');
  expect(second.errors).toEqual([]);
  const now = new Date((await gql(app.graphqlUrl, '{ serverTime }')).data!.serverTime).getTime();
  const endsAt = new Date(second.evaluation.periodEndsAt).getTime();
  expect(endsAt - now).toBeGreaterThan(23 * 3600_000);
  expect(endsAt - now).toBeLessThanOrEqual(24 * 3600_000);
  const third = await api.timeInsufficient('tenderee', '同意延长');
  expect(third.errors).toEqual([]);
  expect(third.evaluation.periodEndsAt).toBe(second.evaluation.periodEndsAt); // extended once, not per declaration
  const supervised = await api.view('supervisor');
  expect(supervised.timeInsufficientCount).toBe(3);
  expect(supervised.members.filter((m: any) => m.saidTimeInsufficient).map((m: any) => m.timeInsufficientReason).sort()).toEqual(['同意延长', '投标文件技术部分篇幅很大', '需要核对大量业绩证明'].sort());
  expect((await api.view(seated[3])).members.every((m: any) => m.saidTimeInsufficient === null || m.me)).toBe(true); // who said so: supervisors only
  const lights = await gql(app.graphqlUrl, 'query($p: ID!) { deadlineLights(first: 20, filter: { projectId: $p }) { edges { node { rule dueAt completedAt } } } }', { p: projectId }, await api.token('supervisor'));
  expect(lights.data!.deadlineLights.edges.map((e: any) => e.node)).toContainEqual({ rule: 'EVALUATION_PERIOD', dueAt: second.evaluation.periodEndsAt, completedAt: null });
  await waitFor(() => events.some((e) => e.type === 'PERIOD_EXTENDED'), 'the PERIOD_EXTENDED event');
  expect(events.filter((e) => e.type === 'TIME_INSUFFICIENT_DECLARED').map((e) => e.payload.reason)).toHaveLength(3);
  expect(events.find((e) => e.type === 'PERIOD_EXTENDED').payload).toMatchObject({ members: 5, sayInsufficient: 2, endsAt: second.evaluation.periodEndsAt });

  // every sheet in; two members sign the report
  const criteria = (await api.view(seated[0])).criteria;
  for (const [e, u] of members.entries()) expect((await api.submitSheet(u, expertSheet(criteria, e, bidIds))).errors).toEqual([]);
  expect((await api.view(seated[0])).status).toBe('REPORT');
  for (const u of [seated[0], 'tenderee']) expect((await api.reportAct(u, 'SIGN')).errors).toEqual([]);

  // rule 13: who may replace, and the payload errors (nothing changes)
  const replaced = seated[1];
  const replacedView = await api.view(replaced);
  const replacedMemberId = replacedView.myMemberId;
  const replacedSeat = replacedView.members.find((m: any) => m.me).seat;
  const forbidden = await gql(app.graphqlUrl, 'mutation($i: ReplaceCommitteeMemberInput!) { replaceCommitteeMember(input: $i) { errors { code } } }', { i: { projectId, memberId: replacedMemberId, reason: '缺席' } }, await api.token('bidder1'));
  expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const expertTries = await gql(app.graphqlUrl, 'mutation($i: ReplaceCommitteeMemberInput!) { replaceCommitteeMember(input: $i) { errors { code } } }', { i: { projectId, memberId: replacedMemberId, reason: '缺席' } }, await api.token(seated[0]));
  expect(expertTries.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  // the results are known (REPORT): the staff could re-roll them by replacing members, so only a supervisor may
  const staffTries = await gql(app.graphqlUrl, 'mutation($i: ReplaceCommitteeMemberInput!) { replaceCommitteeMember(input: $i) { errors { code } } }', { i: { projectId, memberId: replacedMemberId, reason: '缺席' } }, await api.token('tenderee'));
  expect(staffTries.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect(codes(await api.replace('supervisor', replacedMemberId, '  '))).toEqual(['REASON_REQUIRED']);
  expect(codes(await api.replace('supervisor', '00000000-0000-4000-8000-000000000000', '缺席'))).toEqual(['MEMBER_UNKNOWN']);
  expect((await api.view(replaced)).myMemberId).toBe(replacedMemberId);

  // the replaced member and the reserve each have the evaluation's events open before the replacement
  const [replacedFollows, reserveFollows] = [await follow(replaced), await follow(reserve)];
  await waitFor(() => [replacedFollows, reserveFollows].every((f) => f.seen.some((e) => e.type === 'PERIOD_EXTENDED')), 'both streams past their replay');

  const sheetBefore = (await api.view('supervisor')).sheets.find((s: any) => s.seat === replacedSeat);
  const done = await api.replace('supervisor', replacedMemberId, '评审中发现与投标人存在利害关系');
  expect(done.errors).toEqual([]);
  expect(done.evaluation.status).toBe('SCORING');
  expect(done.evaluation.aggregate).toBeNull();
  expect(done.evaluation.members).toHaveLength(5);
  expect(done.evaluation.members.every((m: any) => m.reportAct === null)).toBe(true); // signatures reset
  expect(done.evaluation.replacements).toEqual([
    expect.objectContaining({ seat: replacedSeat, reason: '评审中发现与投标人存在利害关系', voidSheetStatus: 'VOID', voidSheetSha256: sheetBefore.sheetSha256, replacementName: expect.stringContaining('评标专家') }),
  ]);
  await waitFor(() => events.some((e) => e.type === 'MEMBER_REPLACED'), 'the MEMBER_REPLACED event');

  // the replaced member has lost its seat and access at once
  const after = await api.view(replaced);
  expect(after.myMemberId).toBeNull();
  expect(after.mySheet).toBeNull();
  const refused = await gql(app.graphqlUrl, 'mutation($p: ID!) { declareNoConflict(projectId: $p) { errors { code } } }', { p: projectId }, await api.token(replaced));
  expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const refusedSign = await gql(app.graphqlUrl, 'mutation($p: ID!) { declareTimeInsufficient(projectId: $p, reason: "x") { errors { code } } }', { p: projectId }, await api.token(replaced));
  expect(refusedSign.errors?.[0].extensions?.code).toBe('FORBIDDEN');

  // the only reserve is seated: another replacement finds none
  expect(codes(await api.replace('tenderee', (await api.view(seated[2])).myMemberId, '缺席'))).toEqual(['NO_RESERVE_AVAILABLE']);
  expect((await api.view(seated[2])).myMemberId).not.toBeNull();

  // the reserve sits on the same seat, declares, then scores from scratch
  const seatedReserve = await api.view(reserve);
  expect(seatedReserve.members.find((m: any) => m.me).seat).toBe(replacedSeat);
  expect(seatedReserve.bids).toBeNull(); // no bid before the declaration
  const replacementSheet = expertSheet(criteria, 3, bidIds);
  expect(codes(await api.submitSheet(reserve, replacementSheet))).toEqual(['CONFLICT_NOT_CONFIRMED']);
  expect((await api.declare(reserve)).errors).toEqual([]);
  expect((await api.submitSheet(reserve, replacementSheet)).errors).toEqual([]);

  // on the streams opened before: the reserve now learns of the members' steps (its own declaration),
  // the replaced member no longer does — without either reconnecting
  const afterReplacement = (f: { seen: any[] }) => f.seen.slice(f.seen.findIndex((e) => e.type === 'MEMBER_REPLACED')).map((e) => e.type);
  await waitFor(() => [replacedFollows, reserveFollows].every((f) => afterReplacement(f).includes('AGGREGATED')), 'the new aggregation on both streams');
  expect(afterReplacement(reserveFollows)).toEqual(['MEMBER_REPLACED', 'NO_CONFLICT_DECLARED', 'SCORING_STARTED', 'AGGREGATED']);
  expect(afterReplacement(replacedFollows)).toEqual(['MEMBER_REPLACED', 'SCORING_STARTED', 'AGGREGATED']);
  expect(replacedFollows.seen.slice(0, replacedFollows.seen.findIndex((e) => e.type === 'MEMBER_REPLACED')).map((e) => e.type)).toContain('NO_CONFLICT_DECLARED'); // it did while it sat
  await Promise.all([replacedFollows.client.dispose(), reserveFollows.client.dispose()]);

  // aggregated over the five sitting members: the void sheet counts nowhere
  const aggregated = await api.view('supervisor');
  expect(aggregated.status).toBe('REPORT');
  expect(aggregated.sheets).toHaveLength(5);
  expect(aggregated.sheets.find((s: any) => s.seat === replacedSeat).scores).toEqual(replacementSheet.scores);
  const item = criteria.scored.find((i: any) => Number(i.maxPoints) >= 10).key;
  const line = aggregated.aggregate.lines.find((l: any) => l.bidId === bidIds[0]);
  const active = aggregated.sheets.map((s: any) => s.scores[bidIds[0]][item]);
  expect(line.itemMeans[item]).toBe(mean(active, 2));
  const withVoid = aggregated.sheets.map((s: any) => (s.seat === replacedSeat ? sheetBefore.scores[bidIds[0]][item] : s.scores[bidIds[0]][item]));
  expect(line.itemMeans[item]).not.toBe(mean(withVoid, 2));

  // the report completes with the replacement's signature; the replacement is in it
  for (const u of [...members.filter((u) => u !== replaced), reserve]) expect((await api.reportAct(u, 'SIGN')).errors).toEqual([]);
  const published = await api.view('supervisor');
  expect(published.status).toBe('PUBLICITY');
  const report = JSON.parse(published.reportJson);
  expect(report.signatures).toHaveLength(5);
  expect(report.replacements).toEqual([expect.objectContaining({ seat: replacedSeat, reason: '评审中发现与投标人存在利害关系' })]);
  expect(report.scoresheets.find((s: any) => s.seat === replacedSeat).scores).toEqual(replacementSheet.scores);
  expect(codes(await api.replace('tenderee', (await api.view(seated[2])).myMemberId, '缺席'))).toEqual(['REPORT_FINISHED']);

  const entries = (await gql(app.graphqlUrl, 'query($p: ID) { ledgerEntries(first: 100, projectId: $p) { edges { node { kind data } } } }', { p: projectId })).data!.ledgerEntries.edges.map((e: any) => e.node);
  const replacedEntry = JSON.parse(entries.find((e: any) => e.kind === 'evaluation.member_replaced').data);
  expect(replacedEntry).toMatchObject({ seat: replacedSeat, replacedMemberId, reason: '评审中发现与投标人存在利害关系', voidSheetStatus: 'SUBMITTED', voidSheetSha256: sheetBefore.sheetSha256 });
  expect(JSON.parse(entries.find((e: any) => e.kind === 'evaluation.period_extended').data)).toMatchObject({ members: 5, sayInsufficient: 2, endsAt: second.evaluation.periodEndsAt });
  const closed = await gql(app.graphqlUrl, 'query($p: ID!) { deadlineLights(first: 20, filter: { projectId: $p }) { edges { node { rule completedAt } } } }', { p: projectId }, await loginAs(app.graphqlUrl, 'supervisor'));
  expect(closed.data!.deadlineLights.edges.find((e: any) => e.node.rule === 'EVALUATION_PERIOD').node.completedAt).not.toBeNull();
  await socket.dispose();
}, 300_000);

test('rule 13 for the leader: replaced while scoring, the committee elects a leader again (the reserve among them), then scoring goes on', async () => {
  const own = await startTestApp({ demo: true });
  try {
    const { projectId, parties, seated, reserves } = await evaluatingProject(own, ['980000', '1000000', '1050000'], { count: 4, reserves: 1 });
    const api = evaluationApi(own, projectId);
    const tendereeId = (await gql(own.graphqlUrl, '{ me { id } }', {}, await api.token('tenderee'))).data!.me.id;
    expect((await api.start('tenderee', [tendereeId])).errors).toEqual([]);
    const members = [...seated, 'tenderee'];
    for (const u of members) expect((await api.declare(u)).errors).toEqual([]);
    const leader = seated[0];
    const leaderId = (await api.view(leader)).myMemberId;
    for (const u of members.slice(0, 3)) expect((await api.vote(u, leaderId)).errors).toEqual([]);
    const criteria = (await api.view(leader)).criteria;
    const bidIds = parties.map((p) => p.bidId);
    expect((await api.submitSheet(seated[1], expertSheet(criteria, 1, bidIds))).errors).toEqual([]);

    const replaced = await api.replace('tenderee', leaderId, '组长突发疾病，无法继续评标');
    expect(replaced.errors).toEqual([]);
    expect(replaced.evaluation.status).toBe('COMMITTEE');
    expect(replaced.evaluation.members.some((m: any) => m.isLeader)).toBe(false);
    expect(codes(await api.submitSheet(seated[2], expertSheet(criteria, 2, bidIds)))).toEqual(['NOT_ALLOWED_IN_STATE']); // scoring waits for a leader

    const [reserve] = reserves;
    expect((await api.declare(reserve)).errors).toEqual([]);
    const newLeader = (await api.view(seated[1])).myMemberId;
    for (const u of [seated[1], seated[2], reserve]) expect((await api.vote(u, newLeader)).errors).toEqual([]);
    const scoring = await api.view(seated[1]);
    expect(scoring.status).toBe('SCORING');
    expect(scoring.members.find((m: any) => m.me)).toMatchObject({ isLeader: true, sheetStatus: 'SUBMITTED' }); // its sheet survived the replacement
    for (const [e, u] of [[0, reserve], [2, seated[2]], [3, seated[3]], [4, 'tenderee']] as [number, string][]) expect((await api.submitSheet(u, expertSheet(criteria, e, bidIds))).errors).toEqual([]);
    expect((await api.view('supervisor')).status).toBe('REPORT');
    expect((await gql(own.graphqlUrl, 'mutation($p: ID!) { declareNoConflict(projectId: $p) { errors { code } } }', { p: projectId }, await api.token(leader))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  } finally {
    await own.close();
  }
}, 300_000);
