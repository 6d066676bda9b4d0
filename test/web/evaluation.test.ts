/**
 * 评标 in a real Chromium against the real server (fresh database + demo data): a project with three
 * opened bids and the five demo experts drawn; the tenderee starts the evaluation through the API. In
 * the browser expert1 reaches the workbench from its workspace, declares no conflict, votes for the
 * leader, saves a draft, is refused for an out-of-range score (shown on its cell), and submits its
 * sheet signed with its PKCS#12 in the page; a supervisor sees who has submitted, never what. The other
 * four experts score through the API; expert1's abnormal score comes back and is justified in the page;
 * expert1, elected leader, records a rule-19 change and signs the report in the page, the others sign through the API. Then bidder2 opens "explain my score": its
 * scores by 专家 A…E, the means, its price score — and the in-browser re-run of the price formula
 * matches; it objects, the tenderee answers, and after the publicity seals the award notice.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { NO_CONFLICT_DECLARATION } from '../../api/src/modules/evaluation/rules/evaluation-flow';
import { browserSuite, loginInBrowser, openPage, screenshot } from '../support/browser';
import { EXPERTS, evaluatingProject, evaluationApi, expertScore, expertSheet } from '../support/evaluation';
import type { Party } from '../support/opening';
import { setClock } from '../support/projects';

jest.setTimeout(300_000);

let projectId: string;
let parties: Party[];
let api: ReturnType<typeof evaluationApi>;

const suite = browserSuite({ timeout: 120_000 });

async function signingP12(username: string) {
  const response = await fetch(`${suite.app.baseUrl}/demo/certificates/${username}-signing.p12`);
  expect(response.status).toBe(200);
  return { name: `${username}-signing.p12`, mimeType: 'application/x-pkcs12', buffer: Buffer.from(await response.arrayBuffer()) };
}

/** Fill every cell of the workbench as expert e (0-based) would: pass everywhere, expertScore points. */
async function fillSheet(page: Page, criteria: any, bids: { bidId: string; organisationName: string }[], parties: Party[]) {
  const workbench = page.getByRole('region', { name: '评分工作台', exact: true });
  for (const bid of bids) {
    const b = parties.findIndex((p) => p.bidId === bid.bidId);
    for (const q of criteria.qualification) await workbench.getByLabel(`${bid.organisationName} · ${q.label} 审查结论`, { exact: true }).selectOption('pass');
    for (const item of criteria.scored) await workbench.getByLabel(`${bid.organisationName} · ${item.label} 得分`, { exact: true }).fill(expertScore(item.maxPoints, 0, b));
  }
}

const gotoEvaluation = async (page: Page, username: string, link: string) => {
  await loginInBrowser(page, suite.app.baseUrl, username);
  await page.goto(new URL(`/projects/${projectId}`, suite.app.baseUrl).href);
  await page.getByRole('link', { name: link }).click();
  await page.getByRole('heading', { level: 1, name: '评标' }).waitFor();
};

test('an expert declares, votes, saves a draft and submits its signed sheet in the browser; a supervisor sees who has submitted', async () => {
  ({ projectId, parties } = await evaluatingProject(suite.app, ['980000', '1000000', '1050000']));
  api = evaluationApi(suite.app, projectId);
  expect((await api.start()).errors).toEqual([]);
  const expert = await openPage(suite.browser, suite.app.baseUrl);
  const page = expert.page;
  try {
    // from the expert workspace to the workbench
    await loginInBrowser(page, suite.app.baseUrl, 'expert1');
    await page.goto(new URL('/expert', suite.app.baseUrl).href);
    await page.locator(`a[href="/projects/${projectId}/evaluation"]`).click();
    await page.getByRole('heading', { level: 1, name: '评标' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/projects/${projectId}/evaluation`);

    // no bid before the declaration
    const declaration = page.getByRole('region', { name: '回避声明', exact: true });
    await declaration.getByText(NO_CONFLICT_DECLARATION).waitFor();
    expect(await page.getByRole('region', { name: '评分工作台', exact: true }).count()).toBe(0);
    await declaration.getByRole('button', { name: '我确认无利害关系' }).click();
    const vote = page.getByRole('region', { name: '推选评标委员会组长', exact: true });
    await vote.waitFor();
    expect((await api.view('expert1')).members.find((m: any) => m.me).conflictConfirmed).toBe(true);

    // the others declare; expert1 votes for itself in the page, two more votes make it the leader
    for (const u of EXPERTS.slice(1)) expect((await api.declare(u)).errors).toEqual([]);
    const me = (await api.view('expert1')).members.find((m: any) => m.me);
    await vote.getByRole('button', { name: `推选 ${me.name}` }).click();
    await vote.getByText('已投票。').waitFor();
    for (const u of ['expert2', 'expert3']) expect((await api.vote(u, me.id)).errors).toEqual([]);
    await page.locator('[data-status="SCORING"]').waitFor(); // live: no reload
    await page.locator('[data-state="live"]').waitFor();

    // the workbench: the bids side by side with the criteria
    const before = await api.view('expert1');
    const { criteria, bids } = before;
    const workbench = page.getByRole('region', { name: '评分工作台', exact: true });
    await workbench.waitFor();
    for (const bid of bids) await workbench.getByRole('columnheader', { name: bid.organisationName }).waitFor();
    await workbench.getByText(`下载 ${bids[0].files[0].name}`).first().waitFor();
    await fillSheet(page, criteria, bids, parties);
    const first = bids.find((b: any) => b.bidId === parties[0].bidId);
    const technical = criteria.scored.find((i: any) => i.key === 'technical_solution');
    const technicalCell = workbench.getByLabel(`${first.organisationName} · ${technical.label} 得分`, { exact: true });
    await technicalCell.fill('31'); // over the 30 points of the item
    const quality = criteria.scored.find((i: any) => i.key === 'quality_assurance');
    await workbench.getByLabel(`${first.organisationName} · ${quality.label} 得分`, { exact: true }).fill('2.00'); // far below the others' 9.00: comes back

    // a draft is saved for nobody else to see
    await workbench.getByRole('button', { name: '保存草稿' }).click();
    await workbench.getByText('草稿已保存。').waitFor();
    expect((await api.view('expert1')).mySheet.scores[parties[0].bidId].technical_solution).toBe('31');
    expect((await api.view('expert2')).mySheet).toBeNull();

    // submitting with the out-of-range score is refused, the problem shown on the item
    await workbench.getByLabel('签名证书文件（.p12 / .pfx）').setInputFiles(await signingP12('expert1'));
    await workbench.getByLabel('证书密码').fill('demo1234');
    await workbench.getByRole('button', { name: '签名并提交评分表' }).click();
    await workbench.getByRole('alert').filter({ hasText: '评分表有误' }).waitFor();
    await workbench.locator(`[data-item="${parties[0].bidId}:technical_solution"]`).getByText('超出分值范围').waitFor();
    await workbench.locator('td.cell-invalid').getByText('超出分值范围').waitFor();
    await screenshot(page, 'evaluation-workbench-refused');

    // corrected and signed with the PKCS#12 in the page
    await technicalCell.fill(expertScore(technical.maxPoints, 0, 0));
    await workbench.getByLabel('证书密码').fill('demo1234');
    await workbench.getByRole('button', { name: '签名并提交评分表' }).click();
    await workbench.getByText('您的评分表已提交，等待其他成员提交。').waitFor();
    await screenshot(page, 'evaluation-expert-submitted');
    const submitted = await api.view('expert1');
    expect(submitted.members.find((m: any) => m.me).sheetStatus).toBe('SUBMITTED');
    const expected = expertSheet(criteria, 0, parties.map((p) => p.bidId));
    expected.scores[parties[0].bidId].quality_assurance = '2.00';
    expect(submitted.mySheet).toEqual({ memberId: me.id, ...expected });
    expect(expert.pageErrors).toEqual([]);
  } finally {
    await expert.context.close();
  }

  // the supervisor's progress view: who has submitted, not what
  const supervisor = await openPage(suite.browser, suite.app.baseUrl);
  try {
    const sup = supervisor.page;
    await gotoEvaluation(sup, 'supervisor', '评标进度监督');
    const progress = sup.getByRole('region', { name: '评标进度（监督）', exact: true });
    await progress.getByTestId('submitted-count').getByText('已提交 1 / 5').waitFor();
    const seat1 = (await api.view('expert1')).members.find((m: any) => m.me).seat;
    await progress.locator(`tr[data-seat="${seat1}"] td[data-sheet="SUBMITTED"]`).waitFor();
    expect(await progress.locator('td[data-sheet="SUBMITTED"]').count()).toBe(1);
    expect(await sup.getByRole('region', { name: '评审结果', exact: true }).count()).toBe(0);
    expect(await sup.locator('input.score-input').count()).toBe(0);
    expect(supervisor.pageErrors).toEqual([]);
  } finally {
    await supervisor.context.close();
  }
});

test('the abnormal score comes back; justified in the page, the results are aggregated; the leader records a rule-19 change and signs the report with its PKCS#12', async () => {
  for (const [e, u] of EXPERTS.entries()) if (e > 0) expect((await api.submitSheet(u, expertSheet((await api.view(u)).criteria, e, parties.map((p) => p.bidId)))).errors).toEqual([]);
  const back = await api.view('expert1');
  expect(back.status).toBe('SCORING');
  expect(back.myReturnedFor).toEqual([{ bidId: parties[0].bidId, itemKey: 'quality_assurance', score: '2.00' }]);
  const expert5 = (await api.view('expert5')).members.find((m: any) => m.me);
  const leader = await openPage(suite.browser, suite.app.baseUrl);
  try {
    const page = leader.page;
    await gotoEvaluation(page, 'expert1', '评标与结果公示');
    const workbench = page.getByRole('region', { name: '评分工作台', exact: true });
    const org0 = back.bids.find((b: any) => b.bidId === parties[0].bidId).organisationName;
    await workbench.getByRole('alert').filter({ hasText: '您的评分表被退回' }).getByText(`${org0} · 质量保证措施：2.00 分`).waitFor();
    expect(await workbench.locator('td[data-needs-justification]').count()).toBe(1);
    await workbench.locator('td[data-needs-justification]').getByText('需要填写理由').waitFor();
    await workbench.getByLabel(`${org0} · 质量保证措施 评分理由`, { exact: true }).fill('质量保证措施为通用模板，未针对本项目，仅给基本分。');
    await workbench.getByLabel('签名证书文件（.p12 / .pfx）').setInputFiles(await signingP12('expert1'));
    await workbench.getByLabel('证书密码').fill('demo1234');
    await workbench.getByRole('button', { name: '签名并提交评分表' }).click();
    await page.locator('[data-status="REPORT"]').waitFor();
    expect((await api.view('expert1')).mySheet.justifications).toEqual({ [parties[0].bidId]: { quality_assurance: '质量保证措施为通用模板，未针对本项目，仅给基本分。' } });
    const results = page.getByRole('region', { name: '评审结果', exact: true });
    await results.locator(`tr[data-bid="${parties[0].bidId}"]`).getByText('第 1 中标候选人').waitFor();
    await results.locator(`tr[data-bid="${parties[2].bidId}"] td`).nth(4).getByText('28.00', { exact: true }).waitFor(); // 980000 / 1050000 × 30

    const change = page.getByRole('region', { name: '修改评审结果（组长）', exact: true });
    await change.getByLabel('成员').selectOption(expert5.id);
    await change.getByLabel('投标').selectOption(parties[1].bidId);
    await change.getByLabel('评审因素').selectOption('after_sales');
    await change.getByLabel('更正后的分数').fill('7.50');
    await change.getByLabel('修改原因').selectOption('CALCULATION_ERROR');
    await change.getByLabel('书面说明').fill('合计时抄录错误，按原始评分表更正。');
    await change.getByRole('button', { name: '记录修改' }).click();
    await change.getByText('修改已记录。').waitFor();
    await results.getByText(/分值汇总计算错误 .* 7\.00 → 7\.50/).waitFor();
    await screenshot(page, 'evaluation-leader');

    const report = page.getByRole('region', { name: '签署评标报告', exact: true });
    const draft = (await api.view('expert1')).reportDraftSha256;
    expect(await report.getByTestId('report-draft').textContent()).toBe(draft);
    await report.getByLabel('签名证书文件（.p12 / .pfx）').setInputFiles(await signingP12('expert1'));
    await report.getByLabel('证书密码').fill('demo1234');
    await report.getByRole('button', { name: '签名确认' }).click();
    await report.getByText('您已同意并签署。').waitFor();
    expect((await api.view('expert1')).members.find((m: any) => m.me).reportAct).toBe('SIGN');
    expect(leader.pageErrors).toEqual([]);
  } finally {
    await leader.context.close();
  }
  for (const u of EXPERTS.slice(1)) expect((await api.reportAct(u, 'SIGN')).errors).toEqual([]);
  expect((await api.view('supervisor')).status).toBe('PUBLICITY');
});

test('a bidder sees its score explained, re-runs the price formula in the browser and objects', async () => {
  const published = await api.view('supervisor');
  const seats = await Promise.all(EXPERTS.map(async (u) => (await api.view(u)).members.find((m: any) => m.me).seat as number));

  // bidder2 reads how its score was computed, and re-runs the price formula in the page
  const bidder = await openPage(suite.browser, suite.app.baseUrl);
  try {
    const b = bidder.page;
    await loginInBrowser(b, suite.app.baseUrl, 'bidder2');
    await b.goto(new URL(`/projects/${projectId}`, suite.app.baseUrl).href);
    await b.getByRole('link', { name: '评标与结果公示' }).click();
    await b.locator('[data-status="PUBLICITY"]').waitFor();
    // the published ranking names the bidders
    const bidder2Name = published.bids.find((x: any) => x.bidId === parties[1].bidId).organisationName;
    await b.getByRole('region', { name: '评审结果', exact: true }).locator(`tr[data-bid="${parties[1].bidId}"]`).getByText(bidder2Name).waitFor();
    const explain = b.getByRole('region', { name: '我的得分说明', exact: true });
    await explain.getByTestId('my-price-score').getByText('29.40', { exact: true }).waitFor(); // 980000 / 1000000 × 30
    const line = published.aggregate.lines.find((l: any) => l.bidId === parties[1].bidId);
    expect(await explain.getByTestId('explain-total').textContent()).toBe(line.total);
    expect(await explain.getByTestId('explain-rank').textContent()).toBe(String(line.rank));
    // per expert, in seat order (专家 A…E), and the mean: 30 × 0.8 − e × 0.25
    const row = explain.locator('tr[data-item="technical_solution"]');
    const bySeat = EXPERTS.map((_, e) => ({ seat: seats[e], score: expertScore('30', e, 1) })).sort((x, y) => x.seat - y.seat);
    expect(await row.locator('td[data-member]').allTextContents()).toEqual(bySeat.map((s) => s.score));
    expect(await row.locator('td[data-member]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-member')))).toEqual(['专家 A', '专家 B', '专家 C', '专家 D', '专家 E']);
    expect(await row.locator('td[data-mean]').textContent()).toBe('23.50');
    expect(await explain.textContent()).not.toContain('评标专家'); // members stay anonymous here
    await explain.getByRole('button', { name: '在浏览器中重新计算价格分' }).click();
    const outcome = explain.getByTestId('rerun-outcome');
    await outcome.waitFor();
    expect(await outcome.getAttribute('data-matches')).toBe('true');
    expect(await outcome.textContent()).toContain('29.40');
    // the leader's change shows in the corrected member's column
    expect(await explain.locator(`tr[data-item="after_sales"] td[data-member="专家 ${String.fromCharCode(64 + seats[4])}"]`).textContent()).toBe('7.50');
    await screenshot(b, 'evaluation-explain-my-score');

    const objections = b.getByRole('region', { name: '异议', exact: true });
    await objections.getByLabel('异议内容').fill('第一中标候选人的业绩证明材料与公示信息不一致，请复核。');
    await objections.getByRole('button', { name: '提交异议' }).click();
    await objections.getByText('第一中标候选人的业绩证明材料与公示信息不一致，请复核。').waitFor();
    await objections.getByText(/^答复期限：/).waitFor();
    expect(bidder.pageErrors).toEqual([]);
  } finally {
    await bidder.context.close();
  }
});

test('the tenderee answers the objection and, after the publicity, seals the award notice with its e-seal', async () => {
  const tenderee = await openPage(suite.browser, suite.app.baseUrl);
  try {
    const page = tenderee.page;
    await gotoEvaluation(page, 'tenderee', '评标与结果公示');
    const objections = page.getByRole('region', { name: '异议', exact: true });
    await objections.getByLabel('答复内容').fill('经核实，业绩证明材料真实有效，维持评审结果。');
    await objections.getByRole('button', { name: '提交答复' }).click();
    await objections.getByText('经核实，业绩证明材料真实有效，维持评审结果。').waitFor();
    const award = page.getByRole('region', { name: '中标通知书', exact: true });
    await award.getByLabel('签名证书文件（.p12 / .pfx）').setInputFiles(await signingP12('tenderee'));
    await award.getByLabel('证书密码').fill('demo1234');
    await award.getByRole('button', { name: '签章并签发' }).click();
    await award.getByRole('alert').getByText('公示期尚未结束。').waitFor();
    expect(tenderee.pageErrors).toEqual([]);
  } finally {
    await tenderee.context.close();
  }

  const { publicityEndsAt } = await api.view('supervisor');
  await setClock(suite.app, new Date(new Date(publicityEndsAt).getTime() + 60_000));
  const after = await openPage(suite.browser, suite.app.baseUrl); // a fresh login: the old token expired on the platform clock
  try {
    const page = after.page;
    await gotoEvaluation(page, 'tenderee', '评标与结果公示');
    const award = page.getByRole('region', { name: '中标通知书', exact: true });
    await award.getByLabel('签名证书文件（.p12 / .pfx）').setInputFiles(await signingP12('tenderee'));
    await award.getByLabel('证书密码').fill('demo1234');
    await award.getByRole('button', { name: '签章并签发' }).click();
    await award.getByText('中标通知书已签发。').waitFor();
    await page.locator('[data-status="AWARDED"]').waitFor();
    await screenshot(page, 'evaluation-awarded');
    const done = await evaluationApi(suite.app, projectId).view('supervisor');
    expect(done.status).toBe('AWARDED');
    expect(JSON.parse(done.awardJson).winner).toMatchObject({ bidId: parties[0].bidId, price: '980000' });
    await award.getByText(JSON.parse(done.awardJson).winner.organisationName).waitFor();
    // the signed report, as a document: the bytes whose hash is in the ledger
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载已签署的评标报告（JSON）' }).click()]);
    const report = fs.readFileSync((await download.path())!);
    expect(createHash('sha256').update(report).digest('hex')).toBe(done.reportSha256);
    expect(after.pageErrors).toEqual([]);
  } finally {
    await after.context.close();
  }
});
