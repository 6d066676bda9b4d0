/**
 * Sealed bids in a real Chromium against the real server (fresh database + demo data, movable
 * clock): bidder1 fills the bid form, attaches files, loads its PKCS#12 in the page, seals in the
 * browser, uploads across a broken connection (the first chunk reaches the server, its response is
 * lost: the page asks HEAD where to resume), gets a receipt that the offline CLI verifies, replaces
 * the bid (rev 2 / rev 1 已替换) and withdraws it. No request the page sends carries the plaintext
 * or the private key.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import type { Page, Route } from 'playwright-core';
import { browserSuite, loginInBrowser, openPage, screenshot, type OpenedPage } from '../support/browser';
import { runCli } from '../support/cli';
import { gql, loginAs } from '../support/graphql';
import { createProject, cst, publishProject, SCHEDULES, setClock, T0, userIds } from '../support/projects';

jest.setTimeout(180_000);

const MARKER = 'PLAINTEXT-MARKER-7f3a9c';

let p12: Buffer;
/** private-key material of bidder1's signing key, as it could appear in a request body */
let secrets: { name: string; bytes: Buffer }[];

const suite = browserSuite({ tmp: 'bidding', clock: T0 });

beforeAll(async () => {
  const response = await fetch(`${suite.app.baseUrl}/demo/certificates/bidder1-signing.p12`);
  expect(response.status).toBe(200);
  p12 = Buffer.from(await response.arrayBuffer());
  const pfx = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.binary.raw.encode(new Uint8Array(p12))), 'demo1234');
  const bag = pfx.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]![0];
  const key = bag.key as forge.pki.rsa.PrivateKey;
  const pkcs8 = Buffer.from(forge.asn1.toDer(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key))).getBytes(), 'binary');
  const d = Buffer.from(key.d.toByteArray()).subarray(-64); // 64 bytes of the private exponent
  secrets = [
    { name: 'PKCS#8 DER', bytes: pkcs8.subarray(0, 256) },
    { name: 'PKCS#8 base64', bytes: Buffer.from(pkcs8.toString('base64').slice(0, 64)) },
    { name: 'private exponent', bytes: d },
    { name: 'private exponent hex', bytes: Buffer.from(d.toString('hex')) },
    { name: 'private exponent base64', bytes: Buffer.from(d.toString('base64').slice(0, 40)) },
    { name: 'PKCS#12 file', bytes: p12.subarray(0, 256) },
    { name: 'PKCS#12 base64', bytes: Buffer.from(p12.toString('base64').slice(0, 64)) },
  ];
});

interface Opened extends OpenedPage {
  /** every request body the page sent */
  bodies: { method: string; url: string; body: Buffer }[];
}

async function open(pathname = '/'): Promise<Opened> {
  const bodies: Opened['bodies'] = [];
  const opened = await openPage(suite.browser, suite.app.baseUrl, {
    path: pathname,
    onPage: (page) => page.on('request', (request) => {
      const body = request.postDataBuffer();
      if (body) bodies.push({ method: request.method(), url: request.url(), body });
    }),
  });
  return { ...opened, bodies };
}

const login = (page: Page, username: string) => loginInBrowser(page, suite.app.baseUrl, username);

/** A published GP open tender with custodians, moved into BIDDING, bidder1 registered. */
async function biddingProject(title: string): Promise<{ id: string; code: string; lotId: string }> {
  await setClock(suite.app, T0);
  const admin = await loginAs(suite.app.graphqlUrl, 'admin');
  const tenderee = await loginAs(suite.app.graphqlUrl, 'tenderee');
  const custodians = await userIds(suite.app, admin, 'supervisor', 'tenderee', 'admin');
  const { project, errors } = await createProject(suite.app, tenderee, { title, method: 'GP_OPEN_TENDER', budget: '2000000', schedule: SCHEDULES.GP_OPEN_TENDER });
  expect(errors).toEqual([]);
  const published = await publishProject(suite.app, tenderee, { projectId: project.id, announcement: `${title} 招标公告`, custodianUserIds: custodians });
  expect(published.errors).toEqual([]);
  expect(published.project.openingCertificatePem).toContain('BEGIN CERTIFICATE');
  await setClock(suite.app, cst('2026-11-25T10:00:00'));
  await suite.app.platform.services.projectClock.tick(); // documents issued → BIDDING
  const bidder = await loginAs(suite.app.graphqlUrl, 'bidder1');
  const registered = await gql(suite.app.graphqlUrl, 'mutation($i: RegisterForProjectInput!) { registerForProject(input: $i) { errors { code } } }', { i: { projectId: project.id } }, bidder);
  expect(registered.data!.registerForProject.errors).toEqual([]);
  const state = await gql(suite.app.graphqlUrl, 'query($id: ID!) { project(id: $id) { status lots { id } } }', { id: project.id });
  expect(state.data!.project.status).toBe('BIDDING');
  return { id: project.id, code: project.code, lotId: state.data!.project.lots[0].id };
}

/** Loads bidder1's PKCS#12 in the bid page (read and imported in the browser). */
async function loadCertificate(page: Page): Promise<void> {
  await page.getByLabel('证书文件（.p12 / .pfx）').setInputFiles({ name: 'bidder1-signing.p12', mimeType: 'application/x-pkcs12', buffer: p12 });
  await page.getByLabel('证书密码').fill('demo1234');
  await page.getByRole('button', { name: '读取证书' }).click();
  await page.getByText(/已载入签名证书：/).waitFor();
  await page.getByText('该证书已登记在您的名下').waitFor();
}

test('bidder1 seals in the browser, uploads across a broken connection, verifies the receipt offline, replaces and withdraws the bid; plaintext and key never leave the page', async () => {
  const project = await biddingProject('示范医院 超声设备采购');
  const bigFile = randomBytes(9 * 1024 * 1024 + 12345); // more than one 8 MiB chunk
  const offer = Buffer.from(`技术响应文件 ${MARKER} 第 1 版\n`);

  const { context, page, problems, bodies } = await open('/');
  // the first PUT reaches the server (the chunk is stored) but its response never arrives
  let broken = 0;
  const chunkPuts: number[] = [];
  /** what the server answered to the PUT whose response the page never got */
  const brokenStatuses: number[] = [];
  await page.route('**/api/bid-uploads/*', async (route: Route) => {
    const request = route.request();
    if (request.method() === 'PUT') chunkPuts.push(Number(request.headers()['upload-offset']));
    if (request.method() === 'PUT' && broken === 0) {
      broken += 1;
      const response = await route.fetch();
      brokenStatuses.push(response.status()); // asserted after the flow (an expect here would be lost in the handler)
      await route.abort('connectionreset');
      return;
    }
    await route.continue();
  });
  try {
    await login(page, 'bidder1');
    await page.goto(new URL(`/projects/${project.id}`, suite.app.baseUrl).href);
    await page.getByRole('link', { name: '加密并递交投标文件' }).click();
    await page.getByRole('heading', { level: 1, name: '投标文件加密递交' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/projects/${project.id}/bid`);
    await page.getByText('本标段尚无有效投标，本次为首次递交（第 1 版）。').waitFor();
    await page.getByText('尚未递交投标文件').waitFor();

    // the form refuses what is missing, beside each field
    await page.getByRole('button', { name: '加密并递交', exact: true }).click();
    await page.getByText('请填写投标总价：大于零的金额').waitFor();
    await page.getByText('请填写质量承诺').waitFor();
    await page.getByText('请先读取签名证书').waitFor();

    await page.getByLabel('投标总价（元）').fill('1,234,567.89');
    await page.getByLabel('工期 / 交货期（日历天）').fill('90');
    await page.getByLabel('质量承诺').fill(`质量合格率 100%，保修三年。${MARKER}`);
    await page.getByLabel('备注（选填）').fill(`备注 ${MARKER}`);
    await page.getByLabel('投标文件附件').setInputFiles([
      { name: '技术响应文件.txt', mimeType: 'text/plain', buffer: offer },
      { name: '资质证明.bin', mimeType: 'application/octet-stream', buffer: bigFile },
    ]);
    await page.getByText('共 2 个文件').waitFor();
    // a wrong PKCS#12 password is said in words, and nothing is sent
    await page.getByLabel('证书文件（.p12 / .pfx）').setInputFiles({ name: 'bidder1-signing.p12', mimeType: 'application/x-pkcs12', buffer: p12 });
    await page.getByLabel('证书密码').fill('wrong');
    await page.getByRole('button', { name: '读取证书' }).click();
    await page.getByText('证书密码错误。').waitFor();
    await loadCertificate(page);
    await page.getByText('本单位加密证书（截止前可自行解密核对）').waitFor();
    await page.getByText('本项目开标证书（开标时由保管人按门限共同解密）').waitFor();
    await screenshot(page, 'bidding-form');

    await page.getByRole('button', { name: '加密并递交', exact: true }).click();
    const receipt = page.getByRole('region', { name: '递交回执' });
    await receipt.waitFor({ timeout: 60_000 });
    await receipt.getByText('第 1 标段第 1 版投标文件已递交').waitFor();
    await receipt.getByText(/验证通过：签名有效/).waitFor({ timeout: 20_000 });
    await page.getByText(/（已断点续传 1 次）/).waitFor();
    expect(broken).toBe(1);
    expect(brokenStatuses).toEqual([204]); // the server stored the chunk before the connection broke
    // resumed where the server's copy ended (HEAD), not from 0
    expect(chunkPuts[0]).toBe(0);
    expect(chunkPuts[1]).toBe(8 * 1024 * 1024);
    expect(await page.locator('#bid-upload-progress').getAttribute('value')).toBe(await page.locator('#bid-upload-progress').getAttribute('max'));
    await screenshot(page, 'bidding-receipt');

    const [download] = await Promise.all([page.waitForEvent('download'), receipt.getByRole('button', { name: '下载回执' }).click()]);
    expect(download.suggestedFilename()).toBe(`receipt-${project.code}-lot1-rev1.json`);
    const receiptFile = path.join(suite.tmp, 'receipt-rev1.json');
    await download.saveAs(receiptFile);
    const saved = JSON.parse(fs.readFileSync(receiptFile, 'utf8')) as { entry: { manifestSha256: string; serverTime: string }; logIndex: number };
    const bidder = await loginAs(suite.app.graphqlUrl, 'bidder1');
    const [first] = (await gql(suite.app.graphqlUrl, 'query($p: ID!) { myBids(projectId: $p) { id rev status manifestSha256 ledgerIndex bidCmsSize } }', { p: project.id }, bidder)).data!.myBids;
    expect(first).toMatchObject({ rev: 1, status: 'SUBMITTED', manifestSha256: saved.entry.manifestSha256, ledgerIndex: saved.logIndex });
    expect(first.bidCmsSize).toBeGreaterThan(bigFile.length);
    expect(await receipt.innerText()).toContain(saved.entry.manifestSha256);
    expect(await receipt.innerText()).toContain(String(saved.logIndex));

    // the offline verifier accepts the downloaded receipt against the platform's checkpoint and key
    const checkpoint = (await gql(suite.app.graphqlUrl, '{ ledgerCheckpoint { note verifierKey } }')).data!.ledgerCheckpoint;
    fs.writeFileSync(path.join(suite.tmp, 'checkpoint.txt'), checkpoint.note);
    fs.writeFileSync(path.join(suite.tmp, 'log.pub'), checkpoint.verifierKey);
    const verified = await runCli('receipt', receiptFile, '--checkpoint', path.join(suite.tmp, 'checkpoint.txt'), '--key', path.join(suite.tmp, 'log.pub'), '--manifest-sha256', first.manifestSha256);
    expect(verified).toMatchObject({ code: 0, stdout: expect.stringMatching(/^receipt valid: manifest [0-9a-f]{64} logged at index \d+/) });

    // the bid can be replaced: revision 2 follows revision 1
    const history = page.locator('table.bid-history');
    await history.locator('tr[data-rev="1"]').getByText('已提交').waitFor();
    await page.getByText('本次递交为第 2 版，将替换已递交的第 1 版。').waitFor();
    await page.getByLabel('投标总价（元）').fill('1200000');
    await page.getByLabel('投标文件附件').setInputFiles([{ name: '技术响应文件.txt', mimeType: 'text/plain', buffer: Buffer.from(`技术响应文件 ${MARKER} 第 2 版\n`) }]);
    // the response to the first SubmitBid is lost on the way back: the page retries with the same idempotency key
    let dropped = 0;
    const submitKeys: string[] = [];
    await page.route('**/graphql', async (route: Route) => {
      const body = route.request().postData() ?? '';
      if (!body.includes('"operationName":"SubmitBid"')) return route.continue();
      submitKeys.push((JSON.parse(body) as { variables: { input: { idempotencyKey: string } } }).variables.input.idempotencyKey);
      if (dropped > 0) return route.continue();
      dropped += 1;
      await route.fetch(); // the server takes the bid …
      await route.abort('connectionreset'); // … and the answer never arrives
    });
    await page.getByRole('button', { name: '加密并递交第 2 版（替换）' }).click();
    await receipt.getByText('第 1 标段第 2 版投标文件已递交').waitFor({ timeout: 60_000 });
    await receipt.getByText(/验证通过：签名有效/).waitFor({ timeout: 20_000 });
    await history.locator('tr[data-rev="2"]').getByText('已提交').waitFor();
    await history.locator('tr[data-rev="1"]').getByText('已替换').waitFor();
    expect(await history.locator('tbody tr').count()).toBe(2); // one bid, not two
    expect(submitKeys).toHaveLength(2);
    expect(submitKeys[1]).toBe(submitKeys[0]);
    await screenshot(page, 'bidding-history');

    // withdrawal asks first
    await history.locator('tr[data-rev="2"]').getByRole('button', { name: '撤回' }).click();
    await page.getByText('确定撤回第 2 版投标？').waitFor();
    expect(await history.locator('tr[data-rev="2"]').getByText('已提交').count()).toBe(1); // nothing happened yet
    await page.getByRole('button', { name: '确认撤回' }).click();
    await page.getByText('第 2 版已撤回。').waitFor();
    await history.locator('tr[data-rev="2"]').getByText('已撤回').waitFor();
    expect(await history.getByRole('button', { name: '撤回' }).count()).toBe(0);
    await screenshot(page, 'bidding-withdrawn');
    const after = (await gql(suite.app.graphqlUrl, 'query($p: ID!) { myBids(projectId: $p) { rev status } }', { p: project.id }, bidder)).data!.myBids;
    expect(after).toEqual([
      { rev: 2, status: 'WITHDRAWN' },
      { rev: 1, status: 'REPLACED' },
    ]);

    // what the page sent: GraphQL calls and ciphertext chunks, never the plaintext or the key
    const puts = bodies.filter((b) => b.method === 'PUT');
    expect(puts.every((b) => new URL(b.url).pathname.startsWith('/api/bid-uploads/'))).toBe(true);
    expect(puts.length).toBeGreaterThanOrEqual(3);
    expect(bodies.every((b) => b.method === 'PUT' || new URL(b.url).pathname === '/graphql')).toBe(true);
    for (const { url, body } of bodies) {
      expect({ url, marker: body.includes(Buffer.from(MARKER)) }).toEqual({ url, marker: false });
      expect({ url, plainChunk: body.includes(bigFile.subarray(1000, 1064)) }).toEqual({ url, plainChunk: false });
      for (const secret of secrets) expect({ url, secret: secret.name, found: body.includes(secret.bytes) }).toEqual({ url, secret: secret.name, found: false });
    }
    // the only console errors are the two connections we broke on purpose
    const unexpected = problems.filter((p) => !/^console: Failed to load resource: net::ERR_CONNECTION_RESET @ .*\/(api\/bid-uploads\/|graphql)/.test(p));
    expect(unexpected).toEqual([]);
  } finally {
    await context.close();
  }
});

test('a 100 MB bid is sealed in the browser with a progress indicator, uploaded in chunks with real progress, and submitted', async () => {
  const project = await biddingProject('示范医院 医学影像存储系统采购');
  const bigPath = path.join(suite.tmp, '施工组织设计.bin');
  fs.writeFileSync(bigPath, randomBytes(100 * 1024 * 1024));

  const { context, page, problems, bodies } = await open('/');
  // pass-through interception: Chromium reports the bodies of intercepted requests (blob bodies otherwise not)
  await page.route('**/api/bid-uploads/*', (route) => route.continue());
  try {
    await login(page, 'bidder1');
    await page.goto(new URL(`/projects/${project.id}/bid`, suite.app.baseUrl).href);
    await page.getByRole('heading', { level: 1, name: '投标文件加密递交' }).waitFor();
    await page.getByLabel('投标总价（元）').fill('8800000');
    await page.getByLabel('工期 / 交货期（日历天）').fill('180');
    await page.getByLabel('质量承诺').fill(`符合国家标准。${MARKER}`);
    await page.getByLabel('投标文件附件').setInputFiles(bigPath);
    await page.getByText('共 1 个文件，100.0 MB').waitFor();
    await loadCertificate(page);

    const started = Date.now();
    await page.getByRole('button', { name: '加密并递交', exact: true }).click();
    // sealing shows where it is; then the upload bar moves with the bytes sent
    await page.locator('.seal-step-current').first().waitFor();
    const progress = page.locator('#bid-upload-progress');
    await progress.waitFor({ timeout: 60_000 });
    const seen = new Set<number>();
    const deadline = Date.now() + 120_000;
    while (!(await page.getByRole('region', { name: '递交回执' }).isVisible())) {
      if (Date.now() > deadline) throw new Error('no receipt within two minutes');
      const t0 = Date.now();
      const value = Number((await progress.getAttribute('value')) ?? 0);
      expect(Date.now() - t0).toBeLessThan(5000); // the page answers while it works
      seen.add(value);
      if (seen.size === 3) await screenshot(page, 'bidding-100mb-uploading');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const max = Number(await progress.getAttribute('max'));
    expect(max).toBeGreaterThan(100 * 1024 * 1024);
    expect([...seen].filter((v) => v > 0 && v < max).length).toBeGreaterThanOrEqual(3); // intermediate values, not just 0 → done
    await page.getByRole('region', { name: '递交回执' }).getByText(/验证通过：签名有效/).waitFor({ timeout: 20_000 });
    await screenshot(page, 'bidding-100mb-done');

    const bidder = await loginAs(suite.app.graphqlUrl, 'bidder1');
    const [bid] = (await gql(suite.app.graphqlUrl, 'query($p: ID!) { myBids(projectId: $p) { rev status bidCmsSize } }', { p: project.id }, bidder)).data!.myBids;
    expect(bid).toMatchObject({ rev: 1, status: 'SUBMITTED' });
    expect(bid.bidCmsSize).toBeGreaterThan(100 * 1024 * 1024);
    const puts = bodies.filter((b) => b.method === 'PUT');
    expect(puts.length).toBe(Math.ceil(bid.bidCmsSize / (8 * 1024 * 1024)));
    expect(puts.every((b) => b.body.length <= 8 * 1024 * 1024)).toBe(true);
    expect(bodies.some((b) => b.body.includes(Buffer.from(MARKER)))).toBe(false);
    expect(Date.now() - started).toBeLessThan(120_000);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});
