/**
 * 开标大厅 in a real Chromium against the real server (fresh database + demo data, movable clock):
 * three bidders have sealed bids (set up through the API, as their browsers would), the tenderee opens
 * the session. In the browser bidder1 signs in with its signing PKCS#12 and decrypts with its
 * encryption PKCS#12 (CEK unwrapped in the page, only the CEK sent) and sees its price; a supervisor
 * on the same hall sees it happen live, without reloading — also across a dropped connection, after
 * which the event stream resumes from the last event seen.
 */
import type { Page } from 'playwright-core';
import { makePkcs12 } from '../../crypto/pki';
import { browserSuite, loginInBrowser, openPage, screenshot } from '../support/browser';
import { gql, loginAs } from '../support/graphql';
import { act, demoCertificate, demoKey, OPENING_AT, sealedTender, sessionOf, signInSignature, unwrapCek, type Party } from '../support/opening';
import { setClock } from '../support/projects';
import { waitFor } from '../support/wait';

jest.setTimeout(150_000);

const P12_PASSWORD = 'p12-pass-2026';


const suite = browserSuite();

/** Three bids (a GP open tender fails with fewer), opening time reached, session opened by the tenderee. */
async function openedSession(): Promise<{ projectId: string; parties: Party[] }> {
  const bidders = ['bidder1', 'bidder2', 'bidder3'].map((name, i) => ({ name, login: () => loginAs(suite.app.graphqlUrl, name), price: ['980000', '1010000', '1050000'][i] }));
  const tender = await sealedTender(suite.app, bidders);
  const opened = await act(suite.app, await loginAs(suite.app.graphqlUrl, 'tenderee'), 'openOpeningSession', { projectId: tender.projectId });
  expect(opened.errors).toEqual([]);
  return tender;
}

const open = () => openPage(suite.browser, suite.app.baseUrl, { acceptDownloads: false });
const login = (page: Page, username: string) => loginInBrowser(page, suite.app.baseUrl, username);

const p12 = (name: string, pair: { keyPem: string; certPem: string }) => ({ name, mimeType: 'application/x-pkcs12', buffer: Buffer.from(makePkcs12({ ...pair, password: P12_PASSWORD })) });

test('a bidder signs in and decrypts in the hall with its PKCS#12 files; the supervisor sees it live, and the stream resumes after a dropped connection', async () => {
  const { projectId, parties } = await openedSession();
  const [b1, b2] = parties;
  const supervisor = await open();
  const bidder = await open();
  try {
    // the supervisor watches the hall from the start
    await login(supervisor.page, 'supervisor');
    await supervisor.page.goto(new URL(`/projects/${projectId}/opening`, suite.app.baseUrl).href);
    const sup = supervisor.page;
    await sup.getByRole('heading', { level: 1, name: '开标大厅' }).waitFor();
    await sup.locator('.live-indicator[data-state="live"]').waitFor();
    await sup.locator('[data-status="SIGN_IN"]').waitFor();
    await sup.getByRole('region', { name: '围标串标预警' }).getByText('同一 IP 递交').waitFor(); // both uploaded from this machine
    await sup.evaluate(() => ((window as unknown as { hallMarker: number }).hallMarker = 42)); // gone if the page reloads
    const supRow = (bidId: string) => sup.locator(`tr[data-bid="${bidId}"]`);
    await supRow(b1.bidId).getByText('未签到').waitFor();

    // bidder1 reaches the hall from the project page and signs in with its signing certificate
    const page = bidder.page;
    await login(page, 'bidder1');
    await page.goto(new URL(`/projects/${projectId}`, suite.app.baseUrl).href);
    await page.getByRole('link', { name: '进入开标大厅' }).click();
    await page.getByRole('heading', { level: 1, name: '开标大厅' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/projects/${projectId}/opening`);
    const mine = page.getByRole('region', { name: '我的投标' });
    await mine.getByLabel('签名证书文件（.p12 / .pfx）').setInputFiles(p12('signing.p12', b1.keys.signing));
    await mine.getByLabel('证书密码').fill(P12_PASSWORD);
    await mine.getByRole('button', { name: '签名并签到' }).click();
    await mine.getByText(/^已于 .* 签到。$/).waitFor();

    // the supervisor's page follows without a reload
    await supRow(b1.bidId).getByText('已签到').waitFor();
    await sup.locator('.hall-event-list li[data-type="BIDDER_SIGNED_IN"]').first().waitFor();

    // the host starts decryption (API); the bidder's page offers decryption by itself, with a server-time countdown
    const started = await act(suite.app, await loginAs(suite.app.graphqlUrl, 'tenderee'), 'startDecryption', { projectId });
    expect(started.errors).toEqual([]);
    await mine.getByRole('button', { name: '解密', exact: true }).waitFor();
    await page.getByRole('timer').getByText(/\d+ 小时 \d+ 分 \d+ 秒/).waitFor();
    await mine.getByLabel('加密证书文件（.p12 / .pfx）').setInputFiles(p12('encryption.p12', b1.keys.encryption));
    await mine.getByLabel('证书密码').fill(P12_PASSWORD);
    await mine.getByRole('button', { name: '解密', exact: true }).click();
    await mine.getByTestId('my-price').getByText('已解密，投标总价 ¥980,000.00').waitFor({ timeout: 30_000 });
    await screenshot(page, 'opening-bidder');

    // live on the supervisor's page: decrypted, progress 1 / 3
    await sup.locator(`tr[data-bid="${b1.bidId}"][data-decryption="DECRYPTED"]`).waitFor();
    await sup.getByTestId('decryption-count').getByText('已解密 1 / 3').waitFor();
    await sup.locator('.hall-event-list li[data-type="BID_DECRYPTED"]').waitFor();
    expect(await supRow(b2.bidId).getAttribute('data-decryption')).toBe('NOT_YET');

    // the connection drops; meanwhile bidder2 signs in; back online the stream resumes after the last seq seen
    await supervisor.context.setOffline(true);
    await sup.locator('.live-indicator[data-state="reconnecting"], .live-indicator[data-state="connecting"]').waitFor({ timeout: 20_000 });
    const b2Token = await loginAs(suite.app.graphqlUrl, 'bidder2');
    const message = (await sessionOf(suite.app, b2Token, projectId)).signInMessage;
    expect((await act(suite.app, b2Token, 'signInToOpening', { projectId, certificatePem: b2.keys.signing.certPem, signature: signInSignature(message, b2.keys.signing.keyPem) })).errors).toEqual([]);
    await supervisor.context.setOffline(false);
    await sup.locator('.live-indicator[data-state="live"]').waitFor({ timeout: 20_000 });
    await sup.getByText(/已重连 1 次/).waitFor();
    await supRow(b2.bidId).getByText('已签到').waitFor({ timeout: 20_000 });
    await sup.locator('.hall-event-list li[data-type="BIDDER_SIGNED_IN"]').nth(1).waitFor();
    const seqs = await sup.locator('.hall-event-list li').evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-seq'))));
    expect(new Set(seqs).size).toBe(seqs.length); // nothing twice
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(await sup.evaluate(() => (window as unknown as { hallMarker?: number }).hallMarker)).toBe(42); // no reload
    await screenshot(sup, 'opening-supervisor');

    // the supervision list shows the session: status, progress, flags
    await sup.goto(new URL('/supervision/openings', suite.app.baseUrl).href);
    const listed = sup.locator(`tr[data-project="${projectId}"]`);
    await listed.getByText('解密', { exact: true }).waitFor();
    await listed.getByText('已解密 1 / 3').waitFor();
    // and follows live, without polling or a reload: bidder2 decrypts (API) once the list's stream is up
    await sup.evaluate(() => ((window as unknown as { listMarker: number }).listMarker = 7));
    const { listener } = suite.app.platform.services.events;
    await waitFor(() => listener.prefixWatchers('opening:') > 0, "the supervisors' list to watch the opening streams");
    const b2Cek = await unwrapCek(b2.bidCms, b2.keys.encryption.keyPem, b2.keys.encryption.certPem);
    expect((await act(suite.app, b2Token, 'decryptBid', { projectId, bidId: b2.bidId, cek: b2Cek })).errors).toEqual([]);
    await listed.getByText('已解密 2 / 3').waitFor();
    expect(await sup.evaluate(() => (window as unknown as { listMarker?: number }).listMarker)).toBe(7);

    expect([...supervisor.pageErrors, ...bidder.pageErrors]).toEqual([]);
  } finally {
    await supervisor.context.close();
    await bidder.context.close();
  }
});

test('the host runs the opening in the browser: closes decryption, custodians submit their shares, reads out (live chart), finalises; host and supervisor seal; published', async () => {
  const { projectId, parties } = await openedSession();
  const tenderee = await loginAs(suite.app.graphqlUrl, 'tenderee');
  // sign-in and decryption through the API: bidder1 and bidder2 decrypt, bidder3 lost its key
  for (const p of parties) {
    const message = (await sessionOf(suite.app, p.keys.token, projectId)).signInMessage;
    expect((await act(suite.app, p.keys.token, 'signInToOpening', { projectId, certificatePem: p.keys.signing.certPem, signature: signInSignature(message, p.keys.signing.keyPem) })).errors).toEqual([]);
  }
  expect((await act(suite.app, tenderee, 'startDecryption', { projectId })).errors).toEqual([]);
  for (const p of parties.slice(0, 2)) {
    const cek = await unwrapCek(p.bidCms, p.keys.encryption.keyPem, p.keys.encryption.certPem);
    expect((await act(suite.app, p.keys.token, 'decryptBid', { projectId, bidId: p.bidId, cek })).errors).toEqual([]);
  }
  await setClock(suite.app, new Date(OPENING_AT.getTime() + 32 * 60_000)); // the window has passed

  const host = await open();
  const supervisor = await open();
  const keyFile = async (username: string, usage: 'signing' | 'encryption') => {
    const token = await loginAs(suite.app.graphqlUrl, username);
    return p12(`${username}-${usage}.p12`, { keyPem: await demoKey(suite.app, username, usage), certPem: await demoCertificate(suite.app, token, usage === 'signing' ? 'SIGNING' : 'ENCRYPTION') });
  };
  try {
    await login(host.page, 'tenderee');
    await host.page.goto(new URL(`/manage/projects/${projectId}`, suite.app.baseUrl).href);
    await host.page.getByRole('link', { name: '进入开标大厅' }).click();
    const h = host.page;
    await h.getByRole('heading', { level: 1, name: '开标大厅' }).waitFor();
    await login(supervisor.page, 'supervisor');
    await supervisor.page.goto(new URL('/supervision/openings', suite.app.baseUrl).href);
    await supervisor.page.locator(`tr[data-project="${projectId}"] a`).click();
    const s = supervisor.page;
    await s.getByRole('heading', { level: 1, name: '开标大厅' }).waitFor();
    await s.locator('.live-indicator[data-state="live"]').waitFor();
    await h.locator('.live-indicator[data-state="live"]').waitFor();

    // 结束解密 → the committee stage; both custodians unwrap their shares in their browsers
    const hostPanel = h.getByRole('region', { name: '主持开标' });
    await hostPanel.getByRole('button', { name: '结束解密' }).click();
    await s.locator('[data-status="COMMITTEE"]').waitFor();
    for (const [page, username] of [[h, 'tenderee'], [s, 'supervisor']] as const) {
      const custodian = page.getByRole('region', { name: '开标密钥保管人' });
      await custodian.getByLabel('加密证书文件（.p12 / .pfx）').setInputFiles(await keyFile(username, 'encryption'));
      await custodian.getByLabel('证书密码').fill(P12_PASSWORD);
      await custodian.getByRole('button', { name: '解开并提交分片' }).click();
      if (username === 'tenderee') await custodian.getByText('您的分片已提交。').waitFor();
    }
    await s.locator('[data-status="READ_OUT"]').waitFor({ timeout: 30_000 });
    await h.locator('[data-status="READ_OUT"]').waitFor();

    // 唱标: the supervisor's chart grows bar by bar
    for (let i = 1; i <= 3; i++) {
      await hostPanel.getByRole('button', { name: '唱下一家' }).click();
      await s.locator('.price-chart rect.chart-bar').nth(i - 1).waitFor();
      if (i < 3) await hostPanel.getByText(`已唱 ${i} / 3`).waitFor();
    }
    await s.locator('[data-status="RECORD"]').waitFor();
    expect(await s.locator('td[data-price]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-price')))).toEqual(['980000', '1010000', '1050000']);
    await s.getByText('控制价 ¥1,100,000.00').waitFor();
    await screenshot(s, 'opening-readout');

    // 定稿, then the host's and the supervisor's e-seals over the record's exact bytes
    await hostPanel.getByRole('button', { name: '开标记录定稿' }).click();
    await s.locator('[data-status="SEALING"]').waitFor();
    for (const [page, username, role] of [[h, 'tenderee', '主持人'], [s, 'supervisor', '监督人']] as const) {
      const seal = page.getByRole('region', { name: '开标记录签章' });
      await seal.getByLabel('签名证书文件（.p12 / .pfx）').setInputFiles(await keyFile(username, 'signing'));
      await seal.getByLabel('证书密码').fill(P12_PASSWORD);
      await seal.getByRole('button', { name: '加盖电子签章' }).click();
      await seal.getByText(`${role}已签章`).waitFor({ timeout: 30_000 });
    }
    await h.locator('[data-status="PUBLISHED"]').waitFor();
    await h.getByText('主持人已签章').waitFor();
    await h.locator('.hall-event-list li[data-type="RECORD_PUBLISHED"]').waitFor();
    const bundle = (await gql(suite.app.graphqlUrl, 'query($p: ID!) { openingRecordBundle(projectId: $p) }', { p: projectId })).data!.openingRecordBundle;
    expect(JSON.parse(bundle).record).toContain('1050000');
    await screenshot(h, 'opening-published');
    expect([...host.pageErrors, ...supervisor.pageErrors]).toEqual([]);
  } finally {
    await host.context.close();
    await supervisor.context.close();
  }
});
