/**
 * A supervisor's view of one project's expert draw (/supervision/projects/:id/draw) in a real Chromium:
 * the published inputs (commitment and reveal, beacon, pool hash, seed), the seats with names and the
 * reserve called up, then — the reserves used up by time-outs — a supplementary round: the supervisor
 * enters its beacon on the page (a reused beacon round is refused), the operator runs it, and the page
 * shows the new seats marked as supplementary with their own input file, which re-runs offline.
 */
import path from 'node:path';
import { toHex } from '../../crypto/bytes';
import { drawCommitment, newDrawSecret } from '../../crypto/draw';
import { browserSuite, loginInBrowser, openPage, screenshot } from '../support/browser';
import { runCli } from '../support/cli';
import { gql, loginAs } from '../support/graphql';
import { createProject, cst, publishProject, SCHEDULES, setClock, T0, userIds } from '../support/projects';

jest.setTimeout(180_000);

const HEADER = 'code,name,username,employer_uscc,employer_name,region,title,years,specialties,status';
const row = (n: number) => `EXP-${String(n).padStart(4, '0')},专家${n},,,某设计院,350100,高级工程师,12,A080101,ACTIVE`;
const HOUR = 3600_000;


const suite = browserSuite({ tmp: 'draw-supervision', clock: T0 });

async function call(token: string, mutation: string, vars: Record<string, unknown>): Promise<any> {
  const res = await gql(suite.app.graphqlUrl, `mutation($projectId: ID!${mutation.includes('$s') ? ', $s: String!' : ''}) { r: ${mutation} { draw { rounds { number status } } errors { code } } }`, vars, token);
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  expect(res.data.r.errors).toEqual([]);
  return res.data.r;
}

/** A project drawn through the API (3 seats, 1 reserve), every invitation timed out, and supplementary round 1 snapshotted. */
async function drawnWithReservesUsedUp(): Promise<{ id: string; code: string }> {
  const admin = await loginAs(suite.app.graphqlUrl, 'admin');
  let [tenderee, supervisor] = [await loginAs(suite.app.graphqlUrl, 'tenderee'), await loginAs(suite.app.graphqlUrl, 'supervisor')];
  const imported = await gql(suite.app.graphqlUrl, 'mutation($c: String!) { importExperts(csv: $c) { imported } }', { c: [HEADER, ...Array.from({ length: 12 }, (_, i) => row(i + 1))].join('\n') }, admin);
  expect(imported.data!.importExperts.imported).toBe(12);
  const [supervisorId, ...custodians] = await userIds(suite.app, admin, 'supervisor', 'supervisor', 'tenderee', 'admin');
  const { project } = await createProject(suite.app, tenderee, { title: '病房楼设计', method: 'GP_OPEN_TENDER', budget: '800000', schedule: SCHEDULES.GP_OPEN_TENDER });
  expect((await publishProject(suite.app, tenderee, { projectId: project.id, announcement: '公告', custodianUserIds: custodians })).errors).toEqual([]);
  const projectId = project.id;
  const requested = await gql(suite.app.graphqlUrl, 'mutation($i: RequestDrawInput!) { requestExpertDraw(input: $i) { errors { code } } }', { i: { projectId, evaluationAt: cst('2026-12-16T09:00:00'), specialties: [{ specialty: 'A080101', count: 3, reserves: 1 }] } }, tenderee);
  expect(requested.data!.requestExpertDraw.errors).toEqual([]);
  const secret = newDrawSecret();
  await call(supervisor, 'commitToDraw(projectId: $projectId, commitmentHex: $s)', { projectId, s: toHex(await drawCommitment(project.code, supervisorId, secret)) });
  await call(tenderee, 'snapshotExpertPool(projectId: $projectId)', { projectId });
  await call(supervisor, 'revealDrawSecret(projectId: $projectId, secretHex: $s)', { projectId, s: toHex(secret) });
  await call(supervisor, `enterDrawBeacon(projectId: $projectId, round: 1000, randomnessHex: "${'ab'.repeat(32)}")`, { projectId });
  await call(tenderee, 'runExpertDraw(projectId: $projectId)', { projectId });
  // nobody answers: the three invitations time out, the reserve is called up and times out too
  for (const hours of [3, 6]) {
    await setClock(suite.app, new Date(T0.getTime() + hours * HOUR));
    await suite.app.platform.services.projectClock.tick();
  }
  [tenderee, supervisor] = [await loginAs(suite.app.graphqlUrl, 'tenderee'), await loginAs(suite.app.graphqlUrl, 'supervisor')];
  const requestedSupplementary = await call(tenderee, 'requestSupplementaryDraw(projectId: $projectId, reserves: 1)', { projectId });
  expect(requestedSupplementary.draw.rounds).toEqual([{ number: 1, status: 'SNAPSHOT' }]);
  return { id: projectId, code: project.code };
}

test('a supervisor sees the draw with its verification, enters the supplementary beacon, and sees the supplementary round verified too', async () => {
  const project = await drawnWithReservesUsedUp();
  const { context, page, problems } = await openPage(suite.browser, suite.app.baseUrl);
  try {
    await loginInBrowser(page, suite.app.baseUrl, 'supervisor');
    await page.goto(new URL(`/supervision/projects/${project.id}/draw`, suite.app.baseUrl).href);
    await page.getByRole('heading', { name: '专家抽取监督', level: 1 }).waitFor();
    await page.getByText('当前阶段：已抽取').waitFor();

    // the inputs: one commitment, revealed; the beacon; the pool hash and seed of the first draw
    const view = (await gql(suite.app.graphqlUrl, 'query($p: ID!) { expertDraw(projectId: $p) { specialties { poolHash seed } commitments } }', { p: project.id }, await loginAs(suite.app.graphqlUrl, 'supervisor'))).data!.expertDraw;
    await page.getByText('1 方已承诺，1 方已揭示').waitFor();
    await page.getByText(view.commitments[0]).waitFor();
    await page.getByText(`第 1000 轮 · ${'ab'.repeat(32)}`).waitFor();
    await page.getByRole('cell', { name: view.specialties[0].poolHash }).waitFor();
    await page.getByRole('cell', { name: view.specialties[0].seed }).waitFor();

    // the result: three seats timed out, the reserve called up and timed out, names visible to the supervisor
    const seats = page.locator('table.seats-table tbody tr');
    await seats.nth(3).waitFor();
    expect(await seats.count()).toBe(4);
    expect(await seats.filter({ hasText: '超时未答复' }).count()).toBe(4);
    expect(await seats.filter({ hasText: '递补' }).locator('td').nth(1).textContent()).toBe('备选 1递补');
    for (const name of await seats.locator('td:nth-child(4)').allTextContents()) expect(name).toMatch(/^专家\d+$/);
    const firstCodes = await seats.locator('td:nth-child(3)').allTextContents();

    // the supplementary round waits for the supervisor's beacon: a beacon round used before is refused
    const round = page.getByTestId('supplementary-round-1');
    await round.getByText('库快照，待信标').waitFor();
    await round.getByLabel('轮次').fill('1000');
    await round.getByLabel('随机值（十六进制）').fill('cd'.repeat(32));
    await round.getByRole('button', { name: '录入信标' }).click();
    await round.getByText('输入无效。').waitFor();
    await round.getByLabel('轮次').fill('1001');
    await round.getByRole('button', { name: '录入信标' }).click();
    await round.getByText(`第 1001 轮 · ${'cd'.repeat(32)}`).waitFor();
    expect(await round.getByRole('button', { name: '录入信标' }).count()).toBe(0);

    // the operator runs it; the supervisor's page shows the new seats, marked, and their own input file
    await call(await loginAs(suite.app.graphqlUrl, 'tenderee'), 'runSupplementaryDraw(projectId: $projectId, number: 1)', { projectId: project.id });
    await page.reload();
    await round.getByText('已抽取').waitFor();
    const added = seats.filter({ hasText: '补充第 1 轮' });
    await added.nth(3).waitFor();
    expect(await seats.count()).toBe(8);
    expect(await added.filter({ hasText: '已邀请' }).count()).toBe(3);
    const addedCodes = await added.locator('td:nth-child(3)').allTextContents();
    expect(addedCodes.filter((code) => firstCodes.includes(code))).toEqual([]);

    await page.getByText('npm run -s verify -- draw input.json').waitFor();
    await page.getByText('npm run -s verify -- draw input-S1-A080101.json').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 input-S1-A080101.json' }).click()]);
    const file = path.join(suite.tmp, 'input-S1-A080101.json');
    await download.saveAs(file);
    const { code, stdout, stderr } = await runCli('draw', file);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const verified = JSON.parse(stdout);
    expect(verified.supplementaryRound).toBe(1);
    expect([...verified.draw, ...verified.reserves]).toEqual(addedCodes);
    await round.getByRole('cell', { name: verified.seed }).waitFor();

    await screenshot(page, 'draw-supervision');
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});
