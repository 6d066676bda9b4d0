/**
 * The expert pool and the expert draw in a real Chromium against the real server: the administrator
 * imports a CSV with a bad row (row errors shown, nothing imported) then a good file; the tenderee
 * requests the draw, generates a secret in the browser and commits, snapshots the pool, reveals and
 * runs it (the supervisor commits and reveals as the second party through the API), ending with the
 * seats and reserves shown with names, and the published input.json re-runs offline with `verify draw`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { toHex } from '../../crypto/bytes';
import { drawCommitment, newDrawSecret } from '../../crypto/draw';
import { browserSuite, loginInBrowser, openPage, screenshot } from '../support/browser';
import { runCli } from '../support/cli';
import { gql, loginAs } from '../support/graphql';
import { createProject, publishProject, SCHEDULES, T0, userIds } from '../support/projects';

jest.setTimeout(180_000);

const HEADER = 'code,name,username,employer_uscc,employer_name,region,title,years,specialties,status';
const row = (n: number) => `EXP-${String(n).padStart(4, '0')},专家${n},,,某设计院,350100,高级工程师,12,A080101,ACTIVE`;


const suite = browserSuite({ tmp: 'experts', clock: T0 });

/** A new page, logged in as `username`. */
async function open(username: string) {
  const opened = await openPage(suite.browser, suite.app.baseUrl);
  try {
    await loginInBrowser(opened.page, suite.app.baseUrl, username);
  } catch (error) {
    await opened.context.close();
    throw error;
  }
  return opened;
}

test('admin imports experts: a bad row is shown and nothing imported, then a good file imports all', async () => {
  const { context, page, problems } = await open('admin');
  try {
    await page.getByRole('link', { name: '专家库' }).click();
    await page.getByRole('heading', { name: '专家库', level: 1 }).waitFor();
    await page.getByText('没有专家').waitFor();

    await page.getByLabel('CSV 内容').fill(`${HEADER}\n${row(1)}\nEXP-9,x,,,x,350100,x,1,A080101,ACTIVE`);
    await page.getByRole('button', { name: '导入', exact: true }).click();
    await page.getByText('发现 1 处错误，未导入任何专家：').waitFor();
    const errorRow = page.locator('table.import-errors tbody tr');
    await errorRow.first().waitFor();
    expect(await errorRow.count()).toBe(1);
    expect(await errorRow.locator('td').nth(0).textContent()).toBe('3');
    expect(await errorRow.locator('td').nth(1).textContent()).toBe('code');
    expect(await page.getByText('没有专家').isVisible()).toBe(true);

    const good = [HEADER, ...Array.from({ length: 12 }, (_, i) => row(i + 1))].join('\n');
    await page.getByLabel('CSV 文件').setInputFiles({ name: 'experts.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${good}\n`) });
    await page.getByText('已读取：experts.csv').waitFor();
    await page.getByRole('button', { name: '导入', exact: true }).click();
    await page.getByText('已导入 12 名专家。').waitFor();
    expect(await page.locator('table.import-errors').count()).toBe(0);
    await page.getByRole('cell', { name: 'EXP-0012' }).waitFor();
    expect(await page.locator('tbody tr', { hasText: 'EXP-0001' }).textContent()).toContain('专家1');
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});

test('the tenderee requests, commits, snapshots, reveals and runs the draw; the seats appear and input.json verifies offline', async () => {
  const admin = await loginAs(suite.app.graphqlUrl, 'admin');
  const tenderee = await loginAs(suite.app.graphqlUrl, 'tenderee');
  const supervisor = await loginAs(suite.app.graphqlUrl, 'supervisor');
  const [supervisorId, ...custodians] = await userIds(suite.app, admin, 'supervisor', 'supervisor', 'tenderee', 'admin');
  const { project, errors } = await createProject(suite.app, tenderee, { title: '门诊楼设计', method: 'GP_OPEN_TENDER', budget: '900000', schedule: SCHEDULES.GP_OPEN_TENDER });
  expect(errors).toEqual([]);
  expect((await publishProject(suite.app, tenderee, { projectId: project.id, announcement: '公告', custodianUserIds: custodians })).errors).toEqual([]);
  const drawCall = async (mutation: string, vars: Record<string, unknown>) => {
    const res = await gql(suite.app.graphqlUrl, mutation, { projectId: project.id, ...vars }, supervisor);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return Object.values(res.data)[0] as { errors: unknown[] };
  };

  const { context, page, problems } = await open('tenderee');
  try {
    await page.goto(new URL(`/manage/projects/${project.id}`, suite.app.baseUrl).href);
    await page.getByRole('heading', { name: '评标专家抽取' }).waitFor();

    // 1. request
    await page.getByLabel('评标时间', { exact: true }).fill('2026-12-16T09:00');
    await page.getByLabel('专业 1').fill('a080101');
    await page.getByLabel('人数', { exact: true }).fill('3');
    await page.getByLabel('备选', { exact: true }).fill('2');
    await page.getByRole('button', { name: '申请抽取' }).click();
    await page.getByText('当前阶段：承诺').waitFor();

    // 2. commit: the secret is generated in the browser, kept in localStorage and offered as a file
    await page.getByRole('button', { name: '生成秘密并提交承诺' }).click();
    await page.getByText('已登记').waitFor();
    const secretHex = (await page.getByTestId('draw-secret').textContent())!.trim();
    expect(secretHex).toMatch(/^[0-9a-f]{64}$/);
    const stored = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('tenderhall.drawSecret.')));
    expect(stored).toHaveLength(1);
    expect(JSON.parse(stored[0][1]).secretHex).toBe(secretHex);
    const [secretFile] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载秘密文件' }).click()]);
    expect(JSON.parse(fs.readFileSync((await secretFile.path())!, 'utf8')).secretHex).toBe(secretHex);

    // the supervisor commits as the second party (API)
    const supervisorSecret = newDrawSecret();
    const commitment = toHex(await drawCommitment(project.code, supervisorId, supervisorSecret));
    expect((await drawCall('mutation($projectId: ID!, $c: String!) { r: commitToDraw(projectId: $projectId, commitmentHex: $c) { errors { code } } }', { c: commitment })).errors).toEqual([]);

    // 3. snapshot
    await page.reload();
    await page.getByText('2 方已承诺，0 方已揭示').waitFor();
    await page.getByRole('button', { name: '固定库快照' }).click();
    await page.getByText('当前阶段：库快照').waitFor();
    expect(await page.getByRole('button', { name: '执行抽取' }).isDisabled()).toBe(true);

    // 4. reveals: the supervisor (API), then the tenderee from the secret kept in the browser
    expect((await drawCall('mutation($projectId: ID!, $s: String!) { r: revealDrawSecret(projectId: $projectId, secretHex: $s) { errors { code } } }', { s: toHex(supervisorSecret) })).errors).toEqual([]);
    await page.getByRole('button', { name: '揭示秘密' }).click();
    await page.getByText('您的秘密已揭示。').waitFor();
    await page.getByText('2 方已承诺，2 方已揭示').waitFor();

    // 5. run
    await page.getByRole('button', { name: '执行抽取' }).click();
    await page.getByText('当前阶段：已抽取').waitFor();
    const seats = page.locator('table.seats-table tbody tr');
    await seats.nth(4).waitFor();
    expect(await seats.count()).toBe(5);
    expect(await seats.filter({ hasText: '已邀请' }).count()).toBe(3);
    expect(await seats.filter({ hasText: '备选 1' }).count()).toBe(1);
    expect(await seats.nth(0).locator('td').nth(3).textContent()).toMatch(/^专家\d+$/);

    // verify: the exact command and input.json, which re-runs to the same seats offline
    await page.getByText('npm run -s verify -- draw input.json').waitFor();
    const [inputFile] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 input.json' }).click()]);
    expect(inputFile.suggestedFilename()).toBe('input.json');
    const file = path.join(suite.tmp, 'input.json');
    await inputFile.saveAs(file);
    const { code, stdout, stderr } = await runCli('draw', file);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const verified = JSON.parse(stdout.trim().split('\n').pop()!);
    const shown = await seats.locator('td:nth-child(3)').allTextContents();
    expect([...verified.draw, ...verified.reserves]).toEqual(shown);

    await screenshot(page, 'tenderhall-draw-console');
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});

test('an expert declares its relations and its time away in the workspace', async () => {
  const admin = await loginAs(suite.app.graphqlUrl, 'admin');
  const imported = await gql(suite.app.graphqlUrl, 'mutation($c: String!) { importExperts(csv: $c) { imported errors { row column message } } }', { c: `${HEADER}\nEXP-0100,评标专家 1号,expert1,,某设计院,350100,高级工程师,15,A080101,ACTIVE` }, admin);
  expect(imported.data!.importExperts).toMatchObject({ imported: 1, errors: [] });
  const { context, page, problems } = await open('expert1');
  try {
    await page.getByRole('link', { name: '评标邀请' }).click();
    await page.getByRole('button', { name: '添加关系' }).click();
    await page.getByLabel('相关单位名称').fill('示范医疗设备一公司');
    await page.getByRole('button', { name: '保存申报' }).click();
    await page.getByText('已保存 1 项关系申报。').waitFor();
    await page.getByRole('button', { name: '保存时间' }).click();
    await page.getByText('已保存 0 个时间段。').waitFor();
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});
