/**
 * 评标 in a real Chromium against the real server (fresh database + demo data): a project with three
 * opened bids and the five demo experts drawn; the tenderee starts the evaluation through the API. In
 * the browser expert1 reaches the workbench from its workspace, declares no conflict, votes for the
 * leader, saves a draft, is refused for an out-of-range score (shown on its cell), and submits its
 * sheet signed with its PKCS#12 in the page. The other four experts score and everyone signs the report
 * through the API. Then bidder2 opens "explain my score": its scores by 专家 A…E, the means, its price
 * score — and the in-browser re-run of the price formula matches.
 */
import type { Browser, Page } from 'playwright-core';
import { NO_CONFLICT_DECLARATION } from '../../api/src/modules/evaluation/rules/evaluation-flow';
import { startTestApp, type TestApp } from '../support/app';
import { ensureWebBuilt, launchBrowser, loginInBrowser, openPage, screenshot } from '../support/browser';
import { EXPERTS, evaluatingProject, evaluationApi, expertScore, expertSheet } from '../support/evaluation';
import type { Party } from '../support/opening';

jest.setTimeout(300_000);

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  ensureWebBuilt();
  [app, browser] = await Promise.all([startTestApp({ demo: true }), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function signingP12(username: string) {
  const response = await fetch(`${app.baseUrl}/demo/certificates/${username}-signing.p12`);
  expect(response.status).toBe(200);
  return { name: `${username}-signing.p12`, mimeType: 'application/x-pkcs12', buffer: Buffer.from(await response.arrayBuffer()) };
}

/** Fill every cell of the workbench as expert e (0-based) would: pass everywhere, expertScore points. */
async function fillSheet(page: Page, criteria: any, bids: { bidId: string; organisationName: string }[], parties: Party[]) {
  const workbench = page.getByRole('region', { name: '评分工作台' });
  for (const bid of bids) {
    const b = parties.findIndex((p) => p.bidId === bid.bidId);
    for (const q of criteria.qualification) await workbench.getByLabel(`${bid.organisationName} · ${q.label} 审查结论`, { exact: true }).selectOption('pass');
    for (const item of criteria.scored) await workbench.getByLabel(`${bid.organisationName} · ${item.label} 得分`, { exact: true }).fill(expertScore(item.maxPoints, 0, b));
  }
}

test('an expert scores and submits its signed sheet in the browser; a bidder sees its score explained and re-runs the price formula', async () => {
  const { projectId, parties } = await evaluatingProject(app, ['980000', '1000000', '1050000']);
  const api = evaluationApi(app, projectId);
  expect((await api.start()).errors).toEqual([]);
  const expert = await openPage(browser, app.baseUrl);
  const page = expert.page;
  try {
    // from the expert workspace to the workbench
    await loginInBrowser(page, app.baseUrl, 'expert1');
    await page.goto(new URL('/expert', app.baseUrl).href);
    await page.locator(`a[href="/projects/${projectId}/evaluation"]`).click();
    await page.getByRole('heading', { level: 1, name: '评标' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/projects/${projectId}/evaluation`);

    // no bid before the declaration
    const declaration = page.getByRole('region', { name: '回避声明' });
    await declaration.getByText(NO_CONFLICT_DECLARATION).waitFor();
    expect(await page.getByRole('region', { name: '评分工作台' }).count()).toBe(0);
    await declaration.getByRole('button', { name: '我确认无利害关系' }).click();
    const vote = page.getByRole('region', { name: '推选评标委员会组长' });
    await vote.waitFor();
    expect((await api.view('expert1')).members.find((m: any) => m.me).conflictConfirmed).toBe(true);

    // the others declare; expert1 votes for itself in the page, two more votes make it the leader
    for (const u of EXPERTS.slice(1)) expect((await api.declare(u)).errors).toEqual([]);
    const me = (await api.view('expert1')).members.find((m: any) => m.me);
    await vote.getByRole('button', { name: `推选 ${me.name}` }).click();
    await vote.getByText('已投票。').waitFor();
    for (const u of ['expert2', 'expert3']) expect((await api.vote(u, me.id)).errors).toEqual([]);
    await page.getByRole('button', { name: '刷新' }).click();
    await page.locator('[data-status="SCORING"]').waitFor();

    // the workbench: the bids side by side with the criteria
    const before = await api.view('expert1');
    const { criteria, bids } = before;
    const workbench = page.getByRole('region', { name: '评分工作台' });
    await workbench.waitFor();
    for (const bid of bids) await workbench.getByRole('columnheader', { name: bid.organisationName }).waitFor();
    await workbench.getByText(`下载 ${bids[0].files[0].name}`).first().waitFor();
    await fillSheet(page, criteria, bids, parties);
    const first = bids.find((b: any) => b.bidId === parties[0].bidId);
    const technical = criteria.scored.find((i: any) => i.key === 'technical_solution');
    const technicalCell = workbench.getByLabel(`${first.organisationName} · ${technical.label} 得分`, { exact: true });
    await technicalCell.fill('31'); // over the 30 points of the item

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

    // corrected and signed with the PKCS#12 in the page
    await technicalCell.fill(expertScore(technical.maxPoints, 0, 0));
    await workbench.getByLabel('证书密码').fill('demo1234');
    await workbench.getByRole('button', { name: '签名并提交评分表' }).click();
    await workbench.getByText('您的评分表已提交，等待其他成员提交。').waitFor();
    await screenshot(page, 'evaluation-expert-submitted');
    const submitted = await api.view('expert1');
    expect(submitted.members.find((m: any) => m.me).sheetStatus).toBe('SUBMITTED');
    expect(submitted.mySheet).toEqual({ memberId: me.id, ...expertSheet(criteria, 0, parties.map((p) => p.bidId)) });
    expect(expert.pageErrors).toEqual([]);
  } finally {
    await expert.context.close();
  }

  // the other four score, and the report is signed, through the API
  for (const [e, u] of EXPERTS.entries()) if (e > 0) expect((await api.submitSheet(u, expertSheet((await api.view(u)).criteria, e, parties.map((p) => p.bidId)))).errors).toEqual([]);
  expect((await api.view('expert1')).status).toBe('REPORT');
  for (const u of EXPERTS) expect((await api.reportAct(u, 'SIGN')).errors).toEqual([]);
  const published = await api.view('supervisor');
  expect(published.status).toBe('PUBLICITY');
  const seats = await Promise.all(EXPERTS.map(async (u) => (await api.view(u)).members.find((m: any) => m.me).seat as number));

  // bidder2 reads how its score was computed, and re-runs the price formula in the page
  const bidder = await openPage(browser, app.baseUrl);
  try {
    const b = bidder.page;
    await loginInBrowser(b, app.baseUrl, 'bidder2');
    await b.goto(new URL(`/projects/${projectId}`, app.baseUrl).href);
    await b.getByRole('link', { name: '评标与结果公示' }).click();
    await b.locator('[data-status="PUBLICITY"]').waitFor();
    const explain = b.getByRole('region', { name: '我的得分说明' });
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
    await screenshot(b, 'evaluation-explain-my-score');
    expect(bidder.pageErrors).toEqual([]);
  } finally {
    await bidder.context.close();
  }
});
