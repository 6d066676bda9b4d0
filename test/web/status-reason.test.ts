/**
 * Why a project ended, in a real Chromium: a failure the platform decided (too few bids at the
 * deadline) is said in Chinese from its code and facts, on the public and the tenderee's page and
 * in the status history; a cancellation shows the tenderee's own words as typed.
 */
import { browserSuite, loginInBrowser, openPage } from '../support/browser';
import { gql } from '../support/graphql';
import { publishedTender, SCHEDULES, setClock, T0 } from '../support/projects';

jest.setTimeout(90_000);

const suite = browserSuite({ clock: T0 });

const publishedProject = (title: string) => publishedTender(suite.app, title);

test('a cancellation shows the tenderee’s words; a failure at the deadline is said in Chinese, on both pages and in the history', async () => {
  const cancelledOne = await publishedProject('档案数字化服务采购');
  const words = '采购需求发生重大变化，终止本次采购。';
  const cancelled = await gql(suite.app.graphqlUrl, 'mutation($i: CancelProjectInput!) { cancelProject(input: $i) { errors { code } } }', { i: { projectId: cancelledOne.id, reason: words } }, cancelledOne.tenderee);
  expect(cancelled.data!.cancelProject.errors).toEqual([]);

  const failedOne = await publishedProject('办公家具采购');
  await setClock(suite.app, new Date(SCHEDULES.GP_OPEN_TENDER.bidDeadline.getTime() + 60_000));
  await suite.app.platform.services.projectClock.tick(); // no bid by the deadline: 流标
  const facts = (await gql(suite.app.graphqlUrl, 'query($id: ID!) { project(id: $id) { status statusReason statusReasonCode } }', { id: failedOne.id })).data!.project;
  expect(facts).toMatchObject({ status: 'FAILED', statusReasonCode: 'TOO_FEW_VALID_BIDS', statusReason: expect.stringContaining('Only 0 valid bid(s)') });
  const sentence = '原因：投标截止时有效投标人不足3家（实际0家），项目失败（流标）';

  const { context, page, problems } = await openPage(suite.browser, suite.app.baseUrl, { path: `/projects/${cancelledOne.id}` });
  try {
    await page.getByRole('heading', { level: 1, name: '档案数字化服务采购' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: '原因：' }).innerText()).toBe(`原因：${words}`);

    await page.goto(`${suite.app.baseUrl}/projects/${failedOne.id}`);
    await page.getByRole('heading', { level: 1, name: '办公家具采购' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: '原因：' }).innerText()).toBe(sentence);
    // the 流标公告 is written in Chinese too: no English reason anywhere on the public page
    await page.getByText('投标截止时递交投标文件的投标人不足3家（实际0家），依法予以流标。特此公告。').waitFor();
    expect(await page.getByText('Only 0 valid bid').count()).toBe(0);

    await loginInBrowser(page, suite.app.baseUrl, 'tenderee');
    await page.goto(`${suite.app.baseUrl}/manage/projects/${failedOne.id}`);
    await page.getByRole('heading', { level: 1, name: '办公家具采购' }).waitFor();
    await page.getByText(sentence, { exact: true }).waitFor();
    // the status history says the same, without the word 原因
    await page.locator('.timeline').getByText('投标截止时有效投标人不足3家（实际0家），项目失败（流标）', { exact: true }).waitFor();
    expect(await page.locator('.timeline').getByText('Only 0 valid bid').count()).toBe(0);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});
