/**
 * The web shell in a real Chromium against the real server (fresh database + demo data):
 * language, role-aware navigation, password login, audit trail, certificate login in the browser.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page, Request } from 'playwright-core';
import { usccCheckCharacter } from '../../api/src/modules/identity/uscc';
import { browserSuite, openPage, screenshot, type OpenedPage } from '../support/browser';
import { waitFor } from '../support/wait';

jest.setTimeout(120_000);


const suite = browserSuite({ tmp: 'web' });

interface Opened extends OpenedPage {
  /** every request the page sent to /graphql, with its body */
  graphqlRequests: { body: string }[];
  /** frames received on WebSockets to /graphql */
  socketFrames: string[];
}

async function open(pathname = '/'): Promise<Opened> {
  const graphqlRequests: { body: string }[] = [];
  const socketFrames: string[] = [];
  const opened = await openPage(suite.browser, suite.app.baseUrl, {
    path: pathname,
    viewport: { width: 1280, height: 860 },
    onPage: (page) => {
      page.on('websocket', (socket) => {
        if (new URL(socket.url()).pathname === '/graphql') socket.on('framereceived', ({ payload }) => socketFrames.push(String(payload)));
      });
      page.on('request', (request: Request) => {
        if (new URL(request.url()).pathname === '/graphql') graphqlRequests.push({ body: request.postData() ?? '' });
      });
    },
  });
  return { ...opened, graphqlRequests, socketFrames };
}

/** Operation names in the GraphQL requests seen so far. */
function operations(requests: { body: string }[]): string[] {
  return requests.map(({ body }) => {
    try {
      return (JSON.parse(body) as { operationName?: string }).operationName ?? '?';
    } catch {
      return '?';
    }
  });
}

async function graphql<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const response = await fetch(new URL('/graphql', suite.app.baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await response.json()) as { data?: T; errors?: unknown[] };
  if (!json.data) throw new Error(`GraphQL failed: ${JSON.stringify(json.errors)}`);
  return json.data;
}

async function passwordLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByRole('link', { name: '登录', exact: true }).click();
  await page.getByRole('tab', { name: '账号密码' }).click();
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

test('anonymous visitors see the Chinese shell with an empty project list, and can switch to English (kept after reload)', async () => {
  const { context, page, problems, socketFrames } = await open('/');
  try {
    await page.getByRole('heading', { level: 1, name: '项目公告' }).waitFor();
    // the header clock shows server time, kept in step by the serverTimeTicks subscription over graphql-ws
    const clock = page.getByRole('banner').locator('time');
    await clock.waitFor();
    expect(await page.getByRole('banner').innerText()).toContain('服务器时间');
    await waitFor(() => socketFrames.some((frame) => frame.includes('serverTimeTicks')), 'a serverTimeTicks frame on the WebSocket');
    const shown = Date.parse((await clock.getAttribute('datetime'))!);
    expect(Math.abs(shown - Date.now())).toBeLessThan(5_000);

    await page.getByText('暂无项目公告').waitFor();
    expect(await page.locator('header').innerText()).toContain('公共资源交易平台 tenderhall');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

    const nav = page.getByRole('navigation', { name: '主导航' });
    expect(await nav.getByRole('link').allInnerTexts()).toEqual(['项目公告']);
    expect(await page.getByRole('link', { name: '登录', exact: true }).isVisible()).toBe(true);
    await screenshot(page, 'shell-home');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Project announcements' }).waitFor();
    await page.getByText('No project announcements yet').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('link', { name: 'Log in', exact: true }).isVisible()).toBe(true);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Project announcements' }).waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { level: 1, name: '项目公告' }).waitFor();
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});

test('a supervisor logs in with a password, sees the audit nav item and its own login in the audit trail, and logs out', async () => {
  const { context, page, problems } = await open('/');
  try {
    await page.getByText('暂无项目公告').waitFor();
    const nav = page.getByRole('navigation', { name: '主导航' });
    expect(await nav.getByRole('link', { name: '审计日志' }).count()).toBe(0);

    // a wrong password is refused with a translated message, and nothing changes
    await passwordLogin(page, 'supervisor', 'not-the-password');
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
    expect(await nav.getByRole('link', { name: '审计日志' }).count()).toBe(0);

    await page.getByLabel('密码', { exact: true }).fill('demo1234');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await nav.getByRole('link', { name: '审计日志' }).waitFor();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    // a supervisor may read the organisation list, but the bidder/admin-only items are not offered
    expect(await nav.getByRole('link').allInnerTexts()).toEqual(['项目公告', '审计日志', '专家库', '机构管理', '我的账户']);

    await nav.getByRole('link', { name: '审计日志' }).click();
    await page.getByRole('heading', { level: 1, name: '审计日志' }).waitFor();
    await page.getByLabel('操作', { exact: true }).fill('login');
    await page.getByLabel('操作人（用户名）').fill('supervisor');
    await page.getByRole('button', { name: '查询' }).click();
    const rows = page.locator('tbody tr');
    await rows.filter({ hasText: '成功' }).first().waitFor();
    const texts = await rows.allInnerTexts();
    expect(texts.some((row) => row.includes('login') && row.includes('supervisor') && row.includes('成功'))).toBe(true);
    // the refused attempt before is on record too
    expect(texts.some((row) => row.includes('login') && row.includes('失败'))).toBe(true);
    await screenshot(page, 'shell-audit');

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('link', { name: '登录', exact: true }).waitFor();
    expect(await nav.getByRole('link').allInnerTexts()).toEqual(['项目公告']);
    // the session is gone: the audit page now asks for a login
    await page.goto(new URL('/supervision/audit', suite.app.baseUrl).href);
    await page.getByText('此页面需要登录后访问。').waitFor();
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});

test('a bidder logs in with the demo signing certificate; the p12 is read in the browser and the private key is never sent', async () => {
  const p12 = await fetch(new URL('/demo/certificates/bidder1-signing.p12', suite.app.baseUrl));
  expect(p12.status).toBe(200);
  const p12Bytes = Buffer.from(await p12.arrayBuffer());
  const p12File = path.join(suite.tmp, 'bidder1-signing.p12');
  fs.writeFileSync(p12File, p12Bytes);
  const { login } = await graphql<{ login: { user: { displayName: string } } }>(
    'mutation($input: LoginInput!) { login(input: $input) { user { displayName } } }',
    { input: { username: 'bidder1', password: 'demo1234' } },
  );
  const displayName = login.user.displayName;

  const { context, page, problems, graphqlRequests } = await open('/login');
  try {
    await page.getByRole('tab', { name: '数字证书' }).click();
    await page.getByLabel('证书文件（.p12 / .pfx）').setInputFiles(p12File);

    // wrong p12 password: refused in the browser, before any login request
    await page.getByLabel('证书密码', { exact: true }).fill('wrong-password');
    const before = operations(graphqlRequests);
    await page.getByRole('button', { name: '证书登录' }).click();
    await page.getByText('证书密码错误。').waitFor();
    await screenshot(page, 'shell-certificate-login');
    expect(operations(graphqlRequests).slice(before.length).filter((op) => op !== 'ServerTime')).toEqual([]);

    await page.getByLabel('证书密码', { exact: true }).fill('demo1234');
    await page.getByRole('button', { name: '证书登录' }).click();
    await page.getByRole('banner').getByText(displayName).waitFor();
    expect(operations(graphqlRequests)).toEqual(expect.arrayContaining(['RequestLoginChallenge', 'LoginWithCertificate']));

    // what went over the wire: a certificate and a signature, never a key or the file
    const sent = graphqlRequests.map((r) => r.body).join('\n');
    expect(sent).not.toMatch(/PRIVATE KEY/);
    expect(sent).not.toContain(p12Bytes.toString('base64').slice(0, 64));
    const certificateLogin = graphqlRequests.find((r) => r.body.includes('LoginWithCertificate'))!;
    const input = (JSON.parse(certificateLogin.body) as { variables: { input: Record<string, string> } }).variables.input;
    expect(Object.keys(input).sort()).toEqual(['certificatePem', 'nonce', 'signature']);
    expect(input.certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);

    const nav = page.getByRole('navigation', { name: '主导航' });
    expect(await nav.getByRole('link', { name: '审计日志' }).count()).toBe(0);
    await nav.getByRole('link', { name: '我的账户' }).click();
    await page.getByRole('heading', { level: 1, name: '我的账户' }).waitFor();
    await page.getByText('bidder1', { exact: true }).waitFor();
    const certificates = page.locator('tbody tr');
    await certificates.first().waitFor();
    expect((await certificates.allInnerTexts()).some((row) => row.includes('签名证书') && row.includes('有效'))).toBe(true);

    // the session survives a reload (token in sessionStorage, user from `me`)
    await page.reload();
    await page.getByRole('banner').getByText(displayName).waitFor();
    await screenshot(page, 'shell');
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});

test('an administrator registers an organisation; a bad 统一社会信用代码 is refused with the server message beside the field', async () => {
  const { context, page, problems } = await open('/admin/organisations');
  try {
    // a protected page sends an anonymous visitor to the login page, and back after login
    await page.getByText('此页面需要登录后访问。').waitFor();
    await page.getByLabel('用户名', { exact: true }).fill('admin');
    await page.getByLabel('密码', { exact: true }).fill('demo1234');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '机构管理' }).waitFor();
    const list = page.locator('tbody tr');
    await list.first().waitFor();
    const countBefore = await list.count();

    const first17 = '91350100MA0000123';
    const valid = first17 + usccCheckCharacter(first17);
    const wrongCheck = first17 + (valid.endsWith('0') ? '1' : '0');

    const form = page.locator('form').filter({ has: page.getByRole('heading', { name: '登记新机构' }) });
    await form.getByLabel('机构名称').fill('福州市示范建设有限公司');
    await form.getByLabel('机构类型').selectOption({ label: '投标人' });
    const uscc = form.getByLabel('统一社会信用代码');
    await uscc.fill(wrongCheck);
    await form.getByRole('button', { name: '登记' }).click();
    await page.waitForFunction(() => document.querySelector('input[name=uscc]')?.getAttribute('aria-invalid') === 'true');
    const errorId = (await uscc.getAttribute('aria-describedby'))!.split(' ').find((id) => id.endsWith('-error'))!;
    const message = await page.locator(`[id="${errorId}"]`).innerText();
    expect(message).toContain('统一社会信用代码无效。'); // our wording, followed by the server's reason
    expect(message.length).toBeGreaterThan('统一社会信用代码无效。'.length + 10);
    expect(await list.count()).toBe(countBefore);
    await screenshot(page, 'shell-organisations');

    await uscc.fill(valid);
    await form.getByRole('button', { name: '登记' }).click();
    await page.getByText('已登记机构「福州市示范建设有限公司」。').waitFor();
    await list.filter({ hasText: valid }).waitFor();
    expect(await uscc.getAttribute('aria-invalid')).toBeNull();
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});

test('when the server no longer accepts the token, the shell drops the session and its client and asks to log in again', async () => {
  const { context, page, problems } = await open('/');
  const { clock, orm } = suite.app.platform.services;
  let advanced = 0;
  try {
    await passwordLogin(page, 'expert1', 'demo1234');
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('tenderhall.session'))).toContain('token');

    // the token's lifetime passes on the server's (movable) clock; the browser's clock has not moved
    advanced = 2 * 3600_000;
    await clock.advance(orm.em.fork(), advanced);

    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('link', { name: '我的账户' }).click();
    await page.getByText('登录已过期，请重新登录。').waitFor();
    await page.getByRole('tab', { name: '账号密码' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('tenderhall.session'))).toBeNull();
    expect(await page.getByRole('button', { name: '退出登录' }).count()).toBe(0);

    // the public page works again with the fresh, anonymous client
    await nav.getByRole('link', { name: '项目公告' }).click();
    await page.getByText('暂无项目公告').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    // Chromium logs the refused request (HTTP 401) itself; nothing else may go wrong
    expect(problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
  } finally {
    if (advanced) await clock.advance(orm.em.fork(), -advanced);
    await context.close();
  }
});

test("the session lasts the token's lifetime on the browser's own clock, even when that clock disagrees with the platform's", async () => {
  const { clock, orm } = suite.app.platform.services;
  const behind = -14 * 86400_000; // the platform's clock two weeks behind this browser's (a PC clock set wrong does the same)
  await clock.advance(orm.em.fork(), behind);
  const { context, page, problems } = await open('/');
  try {
    await page.clock.install();
    await passwordLogin(page, 'expert1', 'demo1234');
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    // still signed in after a reload, and 29 of the 30 minutes later
    await page.reload();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    await page.clock.fastForward(29 * 60_000);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的账户' }).click();
    await page.getByRole('heading', { level: 1, name: '我的账户' }).waitFor();
    expect(await page.getByRole('button', { name: '退出登录' }).count()).toBe(1);
    // past the lifetime on this browser's clock, the page ends the session itself
    await page.clock.fastForward(2 * 60_000);
    await page.getByText('登录已过期，请重新登录。').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('tenderhall.session'))).toBeNull();
    expect(problems).toEqual([]);
  } finally {
    await clock.advance(orm.em.fork(), -behind);
    await context.close();
  }
});
