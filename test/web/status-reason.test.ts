/**
 * Why a project ended, in a real Chromium: a failure the platform decided (too few bids at the
 * deadline) is said in Chinese from its code and facts, on the public and the tenderee's page and
 * in the status history; a cancellation shows the tenderee's own words as typed.
 */
import { browserSuite, loginInBrowser, openPage } from '../support/browser';
import { gql, loginAs } from '../support/graphql';
import { createProject, publishProject, SCHEDULES, setClock, T0, userIds } from '../support/projects';

jest.setTimeout(90_000);

const suite = browserSuite({ clock: T0 });

async function publishedProject(title: string): Promise<{ id: string; tenderee: string }> {
  const tenderee = await loginAs(suite.app.graphqlUrl, 'tenderee');
  const custodians = await userIds(suite.app, await loginAs(suite.app.graphqlUrl, 'admin'), 'supervisor', 'tenderee', 'admin');
  const { project, errors } = await createProject(suite.app, tenderee, { title, method: 'GP_OPEN_TENDER', budget: '1200000', schedule: SCHEDULES.GP_OPEN_TENDER });
  expect(errors).toEqual([]);
  const upload = await fetch(`${suite.app.baseUrl}/api/projects/${project.id}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tenderee}`, 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('采购需求.pdf') },
    body: Buffer.from('%PDF-1.7 requirements'),
  });
  expect(upload.status).toBe(201);
  expect((await publishProject(suite.app, tenderee, { projectId: project.id, announcement: `${title} 招标公告正文`, custodianUserIds: custodians })).errors).toEqual([]);
  return { id: project.id, tenderee };
}

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
