/**
 * 挂牌竞价室 in a real Chromium against the real server (movable clock): two qualified bidders are in
 * timed bidding; bidder1 quotes in the browser (confirm step, signature with its signing PKCS#12 in
 * the page), bidder2 quotes through the API as its own browser would; the public (anonymous) view
 * follows every quote live without a reload; bidder1 wins at the close and the public view shows it.
 */
import { makePkcs12 } from '../../crypto/pki';
import { browserSuite, loginInBrowser, openPage, screenshot } from '../support/browser';
import { gql, loginAs } from '../support/graphql';
import { at, beforeClose, demoQuoter, landListing, listingAct, LISTING_END, LISTING_START, quote, relogin } from '../support/listing';

jest.setTimeout(180_000);

const P12_PASSWORD = 'p12-pass-2026';

const suite = browserSuite();

test('two bidders in timed bidding: one quotes in the browser and wins; the public view updates live', async () => {
  const b1 = await demoQuoter(suite.app, 'bidder1');
  const b2 = await demoQuoter(suite.app, 'bidder2');
  const { projectId } = await landListing(suite.app, [b1, b2], new Date(LISTING_START.getTime() + 3600_000), []);
  // the tenderee confirms bidder1's bond on the page (it becomes bidder number 1), bidder2's through the API
  const staff = await openPage(suite.browser, suite.app.baseUrl);
  try {
    await loginInBrowser(staff.page, suite.app.baseUrl, 'tenderee');
    await staff.page.goto(new URL(`/projects/${projectId}/listing`, suite.app.baseUrl).href);
    const bonds = staff.page.getByRole('region', { name: '竞买保证金确认' });
    const b1Name = (await gql(suite.app.graphqlUrl, '{ me { organisation { name } } }', {}, b1.token)).data!.me.organisation.name as string;
    const row = bonds.getByRole('row').filter({ hasText: b1Name });
    await row.getByRole('button', { name: '确认保证金到账' }).click();
    await row.getByText('已确认，竞买号 1').waitFor();
    expect(staff.pageErrors).toEqual([]);
  } finally {
    await staff.context.close();
  }
  const bond2 = await listingAct(suite.app, await loginAs(suite.app.graphqlUrl, 'tenderee'), 'confirmListingBond(projectId: $p, organisationId: $o)', '$p: ID!, $o: ID!', { p: projectId, o: b2.organisationId });
  expect(bond2.errors).toEqual([]);
  const anonymous = (await gql(suite.app.graphqlUrl, 'query($p: ID!) { listing(projectId: $p) { registrations { organisationId } } }', { p: projectId })).data!.listing;
  expect(anonymous.registrations).toBeNull(); // who registered is for the staff only
  expect((await quote(suite.app, b1, projectId, '1000000', null)).errors).toEqual([]);
  expect((await quote(suite.app, b2, projectId, '1050000', '1000000')).errors).toEqual([]);
  await at(suite.app, beforeClose(60));
  await at(suite.app, beforeClose(59));
  await relogin(suite.app, b1, b2);

  const watcher = await openPage(suite.browser, suite.app.baseUrl, { path: `/projects/${projectId}/listing` }); // anonymous: the public view
  const bidder = await openPage(suite.browser, suite.app.baseUrl);
  try {
    const pub = watcher.page;
    await pub.getByRole('heading', { level: 1, name: '挂牌竞价室' }).waitFor();
    await pub.locator('[data-testid="listing-phase"][data-phase="TIMED_BIDDING"]').waitFor();
    await pub.getByTestId('current-price').getByText('¥1,050,000.00').waitFor();
    await pub.getByRole('timer').waitFor(); // the countdown, on server time
    await pub.locator('.live-indicator[data-state="live"]').waitFor();

    const page = bidder.page;
    await loginInBrowser(page, suite.app.baseUrl, 'bidder1');
    await page.goto(new URL(`/projects/${projectId}`, suite.app.baseUrl).href);
    await page.getByRole('link', { name: '进入挂牌竞价室' }).click();
    await page.getByTestId('my-rank').getByText('我的竞买号 1 · 当前排名 2').waitFor();
    await page.getByTestId('quote-amount').fill('1100000');
    await page.getByRole('button', { name: '核对报价' }).click();
    const confirm = page.getByTestId('quote-confirm');
    await confirm.getByText('您将报价 ¥1,100,000.00（当前最高 ¥1,050,000.00）。').waitFor();
    await confirm.getByLabel('签名证书文件（.p12 / .pfx）').setInputFiles({ name: 'signing.p12', mimeType: 'application/x-pkcs12', buffer: Buffer.from(makePkcs12({ keyPem: b1.keyPem, certPem: b1.certPem, password: P12_PASSWORD })) });
    await confirm.getByLabel('证书密码').fill(P12_PASSWORD);
    await confirm.getByRole('button', { name: '签名并提交报价' }).click();
    await page.getByTestId('my-rank').getByText('我的竞买号 1 · 当前排名 1').waitFor();

    // the public view follows without a reload
    await pub.getByTestId('current-price').getByText('¥1,100,000.00').waitFor();
    await pub.locator('[data-testid="price-chart"][data-points="3"]').waitFor();
    await pub.locator('[data-testid="quote-timeline"] tr[data-seq="3"]').getByText('限时竞价').waitFor();

    // bidder2 answers (API), bidder1 sees it and raises again in the browser
    expect((await quote(suite.app, b2, projectId, '1150000', '1100000')).errors).toEqual([]);
    await pub.getByTestId('current-price').getByText('¥1,150,000.00').waitFor();
    await page.getByTestId('my-rank').getByText('当前排名 2').waitFor();
    await page.getByTestId('quote-amount').fill('1200000');
    await page.getByRole('button', { name: '核对报价' }).click();
    await confirm.getByLabel('签名证书文件（.p12 / .pfx）').setInputFiles({ name: 'signing.p12', mimeType: 'application/x-pkcs12', buffer: Buffer.from(makePkcs12({ keyPem: b1.keyPem, certPem: b1.certPem, password: P12_PASSWORD })) });
    await confirm.getByLabel('证书密码').fill(P12_PASSWORD);
    await confirm.getByRole('button', { name: '签名并提交报价' }).click();
    await pub.getByTestId('current-price').getByText('¥1,200,000.00').waitFor();
    await screenshot(pub, 'listing-timed-bidding');

    // the countdown runs out, the listing closes: bidder1 wins, the public view shows the result live
    await at(suite.app, LISTING_END);
    const result = pub.locator('[data-testid="listing-result"][data-outcome="DEAL"]');
    await result.waitFor();
    expect(await result.textContent()).toContain('成交：¥1,200,000.00，竞得人 1 号');
    await pub.locator('[data-testid="listing-phase"][data-phase="CLOSED"]').waitFor();
    expect(watcher.pageErrors).toEqual([]);
    expect(bidder.pageErrors).toEqual([]);
  } finally {
    await watcher.context.close();
    await bidder.context.close();
  }

  // the result is published; the winner seals the deal confirmation in the browser with its e-seal
  const tenderee = await loginAs(suite.app.graphqlUrl, 'tenderee');
  expect((await listingAct(suite.app, tenderee, 'publishListingResult(projectId: $p)', '$p: ID!', { p: projectId })).errors).toEqual([]);
  const winner = await openPage(suite.browser, suite.app.baseUrl);
  try {
    const page = winner.page;
    await loginInBrowser(page, suite.app.baseUrl, 'bidder1');
    await page.goto(new URL(`/projects/${projectId}/listing`, suite.app.baseUrl).href);
    const card = page.getByRole('region', { name: '成交确认书' });
    await card.getByLabel('签名证书文件（.p12 / .pfx）').setInputFiles({ name: 'signing.p12', mimeType: 'application/x-pkcs12', buffer: Buffer.from(makePkcs12({ keyPem: b1.keyPem, certPem: b1.certPem, password: P12_PASSWORD })) });
    await card.getByLabel('证书密码').fill(P12_PASSWORD);
    await card.getByRole('button', { name: '签章确认成交' }).click();
    await card.getByTestId('confirmation-seals').getByText('竞得人').waitFor();
    expect(await card.getByRole('button', { name: '签章确认成交' }).count()).toBe(0); // sealed once
    const seals = (await gql(suite.app.graphqlUrl, 'query($p: ID!) { listing(projectId: $p) { confirmationSeals { role } } }', { p: projectId })).data!.listing.confirmationSeals;
    expect(seals.map((s: any) => s.role)).toEqual(['TRANSFEREE']);
    expect(winner.pageErrors).toEqual([]);
  } finally {
    await winner.context.close();
  }
});
