/**
 * Projects and their lifecycle in a real Chromium against the real server (fresh database + demo
 * data, movable clock at T0 = 2026-11-24 09:00 CST): the agent's wizard with a schedule the server
 * refuses and the one-click fix, the public page, a bidder's registration and question with the
 * tenderee's answer, and the supervisor's deadline lights changing live.
 */
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { browserSuite, loginInBrowser, openPage, screenshot } from '../support/browser';
import { gql, loginAs } from '../support/graphql';
import { cst, publishedTender, setClock, T0, userIds } from '../support/projects';
import { waitFor } from '../support/wait';

jest.setTimeout(90_000);

let adminToken: string;

const suite = browserSuite({ clock: T0 });

beforeAll(async () => {
  adminToken = await loginAs(suite.app.graphqlUrl, 'admin');
});

const open = (pathname = '/') => openPage(suite.browser, suite.app.baseUrl, { path: pathname });
const login = (page: Page, username: string) => loginInBrowser(page, suite.app.baseUrl, username);

const publishedProject = (title: string) => publishedTender(suite.app, title);

test('an agent creates a GP open tender in the wizard; a too-short schedule is refused beside the field with the earliest legal date, fixed in one click, and published', async () => {
  const organisations = await gql(suite.app.graphqlUrl, '{ organisations(first: 100, kind: TENDEREE) { edges { node { id name } } } }', {}, adminToken);
  const hospital = organisations.data!.organisations.edges.find((e: any) => e.node.name === '示范市第一人民医院').node.id as string;
  const [supervisorId] = await userIds(suite.app, adminToken, 'supervisor');
  const documentBytes = Buffer.from('%PDF-1.7 示范医院 CT 设备采购 招标文件');
  const documentHash = createHash('sha256').update(documentBytes).digest('hex');

  const { context, page, problems } = await open('/');
  try {
    await login(page, 'agent');
    const nav = page.getByRole('navigation', { name: '主导航' });
    expect(await nav.getByRole('link').allInnerTexts()).toEqual(['项目公告', '我的项目', '新建项目', '我的账户']);
    await nav.getByRole('link', { name: '新建项目' }).click();
    await page.getByRole('heading', { level: 1, name: '新建项目' }).waitFor();

    // step 1: basics (an agent names the tenderee it acts for)
    await page.getByLabel('采购方式').selectOption({ label: '政府采购 公开招标' });
    await page.getByLabel('项目名称').fill('示范医院 CT 设备采购');
    // an agent chooses the tenderee it acts for from the tenderee organisations
    await page.getByLabel('委托的招标人').selectOption({ value: hospital });
    expect(await page.getByLabel('委托的招标人').locator('option:checked').innerText()).toBe('示范市第一人民医院');
    await page.getByLabel('预算金额（选填）').fill('8800000');
    await page.getByRole('button', { name: '创建草稿并继续' }).click();

    // step 2: lots (one, named after the project, by default)
    await page.getByRole('heading', { level: 2, name: '标段' }).waitFor();
    expect(await page.getByLabel('标段名称').inputValue()).toBe('示范医院 CT 设备采购');
    await page.getByRole('button', { name: '保存并继续' }).click();

    // step 3: schedule, with the method's rule beside each field and the calendar's notes
    await page.getByRole('heading', { level: 2, name: '时间安排' }).waitFor();
    await page.getByText('自招标文件发出之日起不少于 20 日').waitFor();
    await page.getByText('招标文件提供期限不少于 5 个工作日').waitFor();
    const deadline = page.getByLabel('投标截止时间', { exact: true });
    await deadline.fill('2026-10-01T09:30');
    await page.getByText('2026-10-01 国庆节 休息').waitFor();
    await deadline.fill('2026-10-10T09:30');
    await page.getByText('2026-10-10 国庆节 调休上班').waitFor();
    await page.getByLabel('招标文件发出时间', { exact: true }).fill('2026-11-24T10:00');
    await page.getByLabel('招标文件发售截止', { exact: true }).fill('2026-11-28T17:00');
    await page.getByText('2026-11-28 周六 休息').waitFor();
    await page.getByLabel('招标文件发售截止', { exact: true }).fill('2026-12-01T17:00');
    await deadline.fill('2026-12-10T09:30'); // only 16 days after the documents are issued
    await page.getByLabel('开标时间', { exact: true }).fill('2026-12-10T09:30');
    await screenshot(page, 'projects-wizard-schedule');
    await page.getByRole('button', { name: '保存并继续' }).click();

    // step 4: documents
    await page.getByRole('heading', { level: 2, name: '招标文件' }).waitFor();
    await page.getByLabel('选择文件').setInputFiles({ name: '招标文件.pdf', mimeType: 'application/pdf', buffer: documentBytes });
    await page.getByRole('button', { name: '上传', exact: true }).click();
    await page.getByText('已上传：招标文件.pdf').waitFor();
    await page.getByText(documentHash).waitFor();
    await page.getByRole('button', { name: '下一步' }).click();

    // step 5: announcement and custodians (myself + the supervisor: k = 2)
    await page.getByRole('heading', { level: 2, name: '发布' }).waitFor();
    await page.getByLabel('公告正文').fill('示范市第一人民医院 CT 设备采购项目现进行公开招标，欢迎合格供应商参加。');
    expect(await page.getByRole('checkbox', { name: /我本人/ }).isChecked()).toBe(true);
    // a checklist of the people who can hold a share: name, organisation, roles
    const supervisor = page.getByRole('checkbox', { name: /监督员 王敏/ });
    expect(await supervisor.getAttribute('value')).toBe(supervisorId);
    expect(await page.locator('.candidate').filter({ hasText: '监督员 王敏' }).innerText()).toMatch(/示范市财政局[\s\S]*监督人员/);
    await page.getByText('已指定 1 位保管人，至少需要 2 位。').waitFor();
    await supervisor.check();
    await page.getByText('已指定 2 位保管人，至少需要 2 位。').waitFor();
    await screenshot(page, 'projects-wizard-publish');
    await page.getByRole('button', { name: '发布', exact: true }).click();

    // refused: back at the schedule, the error beside the deadline, with the rule and the earliest legal date
    await page.getByText('发布未成功：时间安排不符合规定').waitFor();
    const describedBy = (await deadline.getAttribute('aria-describedby'))!.split(' ');
    const error = page.locator(`[id="${describedBy.find((id) => id.endsWith('-error'))}"]`);
    const errorText = await error.innerText();
    expect(errorText).toContain('等标期');
    expect(errorText).toMatch(/最早合法日期\s*2026-12-14/);
    expect(await deadline.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'projects-wizard-refused');
    await error.getByRole('button', { name: '改为最早合法日期' }).click();
    expect(await deadline.inputValue()).toBe('2026-12-14T09:30');
    expect(await page.getByLabel('开标时间', { exact: true }).inputValue()).toBe('2026-12-14T09:30'); // the opening follows
    await page.getByRole('button', { name: '保存并返回发布' }).click();

    // publish again: the announcement and the custodians were kept
    await page.getByRole('heading', { level: 2, name: '发布' }).waitFor();
    expect(await page.getByLabel('公告正文').inputValue()).toContain('CT 设备采购项目现进行公开招标');
    await page.getByRole('button', { name: '发布', exact: true }).click();
    await page.getByText('项目已发布，公告已公开。').waitFor();
    await page.locator('.lead').getByText('已发布', { exact: true }).waitFor();
    const projectId = new URL(page.url()).pathname.split('/')[3];
    await page.getByText('招标公告', { exact: true }).first().waitFor();
    await screenshot(page, 'projects-manage');
    expect(problems).toEqual([]);

    // anyone sees the announcement on the public page, and the document's hash (no download)
    const visitor = await open('/');
    try {
      await visitor.page.getByRole('link', { name: '示范医院 CT 设备采购' }).click();
      await visitor.page.getByRole('heading', { level: 1, name: '示范医院 CT 设备采购' }).waitFor();
      expect(new URL(visitor.page.url()).pathname).toBe(`/projects/${projectId}`);
      await visitor.page.getByText('示范市第一人民医院 CT 设备采购项目现进行公开招标').waitFor();
      await visitor.page.getByText(documentHash).waitFor();
      expect(await visitor.page.getByRole('button', { name: /下载/ }).count()).toBe(0);
      const facts = await visitor.page.locator('.column-side').innerText();
      expect(facts).toContain('示范招标代理有限公司');
      expect(facts).toContain('2026/12/14 09:30:00');
      await visitor.page.getByText('查看开标证书指纹与密钥分片摘要').click();
      await visitor.page.getByText('开标证书 SHA-256 指纹').waitFor();
      await screenshot(visitor.page, 'projects-public');
      expect(visitor.problems).toEqual([]);
    } finally {
      await visitor.context.close();
    }
  } finally {
    await context.close();
  }
});

test('a bidder registers, downloads the documents and asks; the tenderee answers; the bidder sees the answer and the message', async () => {
  const project = await publishedProject('示范医院 病床采购');

  const bidder = await open('/');
  const tenderee = await open('/');
  try {
    await login(bidder.page, 'bidder1');
    await bidder.page.goto(new URL(`/projects/${project.id}`, suite.app.baseUrl).href);
    await bidder.page.getByRole('heading', { level: 2, name: '投标人报名与答疑' }).waitFor();
    expect(await bidder.page.getByRole('button', { name: /下载/ }).count()).toBe(0);
    await bidder.page.getByRole('button', { name: '报名', exact: true }).click();
    await bidder.page.getByText(/您的单位已于 .* 报名。/).waitFor();

    // now the documents can be downloaded (fetch with the token, then a blob)
    const [download] = await Promise.all([bidder.page.waitForEvent('download'), bidder.page.getByRole('button', { name: '下载 采购需求.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('采购需求.pdf');

    await bidder.page.getByLabel('提问').fill('病床是否需要配备防褥疮床垫？');
    await bidder.page.getByRole('button', { name: '提交问题' }).click();
    await bidder.page.getByText('问题已提交，答复后将通知您。').waitFor();
    const mine = bidder.page.locator('.qa').filter({ hasText: '病床是否需要配备防褥疮床垫？' });
    await mine.getByText('待答复').waitFor();
    await screenshot(bidder.page, 'projects-bidder');

    // the tenderee finds the question on its own project page and answers it
    await login(tenderee.page, 'tenderee');
    await tenderee.page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的项目' }).click();
    await tenderee.page.getByRole('link', { name: '示范医院 病床采购' }).click();
    await tenderee.page.getByText('1 条待答复').waitFor();
    const question = tenderee.page.locator('.qa').filter({ hasText: '病床是否需要配备防褥疮床垫？' });
    await question.getByLabel('答复').fill('需要，详见技术参数第 3 条。');
    await question.getByRole('button', { name: '提交答复' }).click();
    await question.locator('.qa-answer').getByText('需要，详见技术参数第 3 条。').waitFor();
    expect(await tenderee.page.getByText('1 条待答复').count()).toBe(0);
    await screenshot(tenderee.page, 'projects-tenderee-answer');

    // the bidder sees the answer, and a message about it
    await bidder.page.reload();
    await mine.locator('.qa-answer').getByText('需要，详见技术参数第 3 条。').waitFor();
    expect(await mine.getByText('待答复').count()).toBe(0);
    await bidder.page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '消息' }).click();
    await bidder.page.getByRole('heading', { level: 1, name: '消息' }).waitFor();
    const message = bidder.page.locator('.message').filter({ hasText: project.code });
    await message.getByText('答疑', { exact: true }).waitFor();
    expect(await message.innerText()).toContain('需要，详见技术参数第 3 条。');
    await screenshot(bidder.page, 'projects-messages');

    expect(bidder.problems).toEqual([]);
    expect(tenderee.problems).toEqual([]);
  } finally {
    await bidder.context.close();
    await tenderee.context.close();
  }
});

test('the supervisor\'s board: a clarification timer turns yellow live when the platform clock passes 80 % of its time', async () => {
  await setClock(suite.app, T0);
  const project = await publishedProject('示范医院 监护仪采购');
  const bidder2 = await loginAs(suite.app.graphqlUrl, 'bidder2');
  const registered = await gql(suite.app.graphqlUrl, 'mutation($i: RegisterForProjectInput!) { registerForProject(input: $i) { errors { code } } }', { i: { projectId: project.id } }, bidder2);
  expect(registered.data!.registerForProject.errors).toEqual([]);
  const asked = await gql(suite.app.graphqlUrl, 'mutation($i: AskClarificationInput!) { askClarification(input: $i) { errors { code } } }', { i: { projectId: project.id, question: '监护仪参数能否放宽？' } }, bidder2);
  expect(asked.data!.askClarification.errors).toEqual([]);

  const { context, page, problems } = await open('/');
  const sent: string[] = [];
  const received: string[] = [];
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => sent.push(String(payload)));
    socket.on('framereceived', ({ payload }) => received.push(String(payload)));
  });
  try {
    await login(page, 'supervisor');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '审计日志' }).click();
    await page.getByRole('navigation', { name: '电子监察' }).getByRole('link', { name: '期限亮灯' }).click();
    await page.getByRole('heading', { level: 1, name: '期限亮灯' }).waitFor();
    const row = page.locator('tbody tr').filter({ hasText: project.code }).filter({ hasText: '答疑答复' });
    await row.getByText('绿灯').waitFor();
    expect(await row.innerText()).toContain('示范市第一人民医院');
    await row.getByText(/^3 天 \d\d:\d\d:\d\d$|^2 天 23:\d\d:\d\d$/).waitFor(); // 72 h allowed, counted on the server clock
    await waitFor(() => sent.some((frame) => frame.includes('deadlineLightChanged')), 'the deadlineLightChanged subscription on the WebSocket');
    // the subscription is live from the moment the server has set it up: repeat another time limit's
    // (unchanged) light as a sentinel until the page receives one
    const timers = await gql(suite.app.graphqlUrl, '{ deadlineLights(first: 50) { edges { node { id light label project { id } } } } }', {}, await loginAs(suite.app.graphqlUrl, 'supervisor'));
    const other = timers.data!.deadlineLights.edges.map((e: any) => e.node).find((t: any) => t.project.id !== project.id || t.label !== '答疑答复');
    expect(other).toBeDefined();
    const { eventLog, orm } = suite.app.platform.services;
    await waitFor(async () => {
      if (received.some((frame) => frame.includes('deadlineLightChanged') && frame.includes(other.id))) return true;
      await orm.em.fork().transactional((em) => eventLog.append(em, 'lights', 'DEADLINE_LIGHT_CHANGED', { timerId: other.id, projectId: other.project.id, rule: 'sentinel', light: other.light }));
      return false;
    }, 'a light change to reach the page over the live subscription', 10_000, 200);
    await screenshot(page, 'projects-lights-green');
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

    // 59 of the 72 hours: > 80 % — the scheduler notices and the row changes without a reload
    await setClock(suite.app, cst('2026-11-26T20:00:00'));
    await suite.app.platform.services.projectClock.tick();
    await row.getByText('黄灯').waitFor();
    expect(await row.getAttribute('class')).toContain('row-flash');
    await row.getByText(/^13:00:\d\d$|^12:59:\d\d$/).waitFor(); // time left follows the server clock, not the browser's
    await screenshot(page, 'projects-lights-yellow');
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true); // no reload
    expect(problems).toEqual([]);
  } finally {
    await setClock(suite.app, T0);
    await context.close();
  }
});
