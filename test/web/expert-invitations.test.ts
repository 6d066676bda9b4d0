/**
 * The expert workspace's invitations in a real Chromium: three experts sit on their workspace pages
 * (listening on `invitationReceived`) while a draw (2 seats, 1 reserve) runs through the API. The two
 * invitations appear without a reload; a decline without a reason is refused with the server's field
 * error; one expert accepts (the seat is ACCEPTED in the API, and the page links to the evaluation);
 * the other declines with a reason, and the seat passes to the reserve, whose page shows its
 * invitation live.
 */
import type { Page } from 'playwright-core';
import { browserSuite, loginInBrowser, openPage, screenshot, type OpenedPage } from '../support/browser';
import { gql, loginAs } from '../support/graphql';
import { createProject, cst, publishProject, SCHEDULES, T0, userIds } from '../support/projects';
import { waitFor } from '../support/wait';

jest.setTimeout(180_000);

const EXPERTS = ['expert1', 'expert2', 'expert3'];
const CODE_OF: Record<string, string> = { expert1: 'EXP-0001', expert2: 'EXP-0002', expert3: 'EXP-0003' };
const POOL = ['code,name,username,employer_uscc,employer_name,region,title,years,specialties,status', ...EXPERTS.map((u) => `${CODE_OF[u]},专家${u.slice(-1)},${u},,某设计院,350100,高级工程师,12,A080101,ACTIVE`)].join('\n');
/** how the page shows an instant (Beijing time, zh-CN) */
const beijing = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

interface Seat {
  id: string;
  code: string;
  status: string;
  respondBy: string | null;
  declineReason: string | null;
}


const suite = browserSuite({ clock: T0 });

/**
 * An expert on its workspace page, its `invitationReceived` subscription sent over the page's socket
 * and two server-time ticks received after it (the server has taken the subscription by then).
 */
async function workspace(username: string): Promise<OpenedPage> {
  let subscribed = false;
  let ticksAfter = 0;
  const opened = await openPage(suite.browser, suite.app.baseUrl, {
    onPage: (page: Page) =>
      page.on('websocket', (ws) => {
        ws.on('framesent', ({ payload }) => {
          if (String(payload).includes('invitationReceived')) subscribed = true;
        });
        ws.on('framereceived', ({ payload }) => {
          if (subscribed && String(payload).includes('serverTimeTicks')) ticksAfter += 1;
        });
      }),
  });
  try {
    await loginInBrowser(opened.page, suite.app.baseUrl, username);
    await opened.page.getByRole('link', { name: '评标邀请' }).click();
    await opened.page.getByText('暂无评标邀请').waitFor();
    await waitFor(() => ticksAfter >= 2, `${username}'s invitation subscription`);
  } catch (error) {
    await opened.context.close();
    throw error;
  }
  return opened;
}

async function seatsOf(projectId: string): Promise<Seat[]> {
  const tenderee = await loginAs(suite.app.graphqlUrl, 'tenderee');
  const res = await gql(suite.app.graphqlUrl, 'query($p: ID!) { expertDraw(projectId: $p) { seats { id code status respondBy declineReason } } }', { p: projectId }, tenderee);
  return res.data!.expertDraw.seats;
}

async function drawCall(token: string, mutation: string, vars: Record<string, unknown>): Promise<void> {
  const res = await gql(suite.app.graphqlUrl, mutation, vars, token);
  expect(res.errors).toBeUndefined();
  expect((Object.values(res.data!)[0] as { errors: unknown[] }).errors).toEqual([]);
}

test('invitations arrive live; a decline needs a reason; an acceptance is recorded; a decline passes the seat to the reserve', async () => {
  const admin = await loginAs(suite.app.graphqlUrl, 'admin');
  const tenderee = await loginAs(suite.app.graphqlUrl, 'tenderee');
  const imported = await gql(suite.app.graphqlUrl, 'mutation($c: String!) { importExperts(csv: $c) { imported errors { row message } } }', { c: POOL }, admin);
  expect(imported.data!.importExperts).toEqual({ imported: 3, errors: [] });
  const custodians = await userIds(suite.app, admin, 'supervisor', 'tenderee', 'admin');
  const { project } = await createProject(suite.app, tenderee, { title: '急诊楼设计', method: 'GP_OPEN_TENDER', budget: '700000', schedule: SCHEDULES.GP_OPEN_TENDER });
  expect((await publishProject(suite.app, tenderee, { projectId: project.id, announcement: '公告', custodianUserIds: custodians })).errors).toEqual([]);
  const p = project.id;
  await drawCall(tenderee, 'mutation($i: RequestDrawInput!) { requestExpertDraw(input: $i) { errors { code } } }', { i: { projectId: p, evaluationAt: cst('2026-12-16T09:00:00'), specialties: [{ specialty: 'A080101', count: 2, reserves: 1 }] } });
  await drawCall(tenderee, 'mutation($p: ID!) { snapshotExpertPool(projectId: $p) { errors { code } } }', { p });

  const pages = new Map<string, OpenedPage>();
  try {
    for (const username of EXPERTS) pages.set(username, await workspace(username));
    await drawCall(tenderee, 'mutation($p: ID!) { runExpertDraw(projectId: $p) { errors { code } } }', { p });

    const seats = await seatsOf(p);
    const [first, second] = seats.filter((s) => s.status === 'INVITED');
    const reserve = seats.find((s) => s.status === 'RESERVE')!;
    expect([first, second, reserve].every(Boolean)).toBe(true);
    const pageOf = (seat: Seat) => pages.get(EXPERTS.find((u) => CODE_OF[u] === seat.code)!)!.page;

    // 1. both invitations appear without a reload, with the project, the specialty and the times in Beijing time
    for (const seat of [first, second]) {
      const card = pageOf(seat).getByTestId(`invitation-${seat.id}`);
      await card.getByText('已邀请').waitFor();
      const text = await card.textContent();
      for (const part of [project.code, '急诊楼设计', 'A080101', '2026/12/16 09:00:00', beijing.format(new Date(seat.respondBy!))]) expect(text).toContain(part);
      expect(text).not.toContain('补充抽取');
    }
    expect(await pageOf(reserve).getByText('暂无评标邀请').isVisible()).toBe(true);

    // 2. a decline without a reason: the server's REASON_REQUIRED beside the reason, nothing changed
    const accepting = pageOf(first).getByTestId(`invitation-${first.id}`);
    await accepting.getByRole('button', { name: '谢绝邀请' }).click();
    await accepting.getByRole('alert').getByText('请填写理由。').waitFor();
    expect(await accepting.getByLabel('谢绝理由').getAttribute('aria-invalid')).toBe('true');
    expect((await seatsOf(p)).find((s) => s.id === first.id)!.status).toBe('INVITED');

    // 3. accept: ACCEPTED in the API, the card says so once (no duplicate of the live copy) and links to the evaluation
    await accepting.getByRole('button', { name: '接受邀请' }).click();
    await accepting.getByText('已接受').waitFor();
    expect(await accepting.getByRole('link', { name: '进入评标' }).getAttribute('href')).toBe(`/projects/${p}/evaluation`);
    expect(await accepting.getByRole('button').count()).toBe(0);
    expect(await pageOf(first).locator('[data-testid^="invitation-"]').count()).toBe(1);
    expect((await seatsOf(p)).find((s) => s.id === first.id)!.status).toBe('ACCEPTED');
    const acceptedToken = await loginAs(suite.app.graphqlUrl, EXPERTS.find((u) => CODE_OF[u] === first.code)!);
    expect((await gql(suite.app.graphqlUrl, '{ myInvitations { seatId status } }', {}, acceptedToken)).data!.myInvitations).toEqual([{ seatId: first.id, status: 'ACCEPTED' }]);

    // 4. the second declines with a reason: DECLINED with it, and the reserve is invited — live on its page
    const declining = pageOf(second).getByTestId(`invitation-${second.id}`);
    await declining.getByLabel('谢绝理由').fill('评标当日另有公务');
    await declining.getByRole('button', { name: '谢绝邀请' }).click();
    await declining.getByText('已谢绝').waitFor();
    expect(await declining.getByRole('link').count()).toBe(0);
    const after = await seatsOf(p);
    expect(after.find((s) => s.id === second.id)).toMatchObject({ status: 'DECLINED', declineReason: '评标当日另有公务' });
    expect(after.find((s) => s.id === reserve.id)!.status).toBe('INVITED');
    const called = pageOf(reserve).getByTestId(`invitation-${reserve.id}`);
    await called.getByText('已邀请').waitFor();
    expect(await pageOf(reserve).locator('[data-testid^="invitation-"]').count()).toBe(1);

    await screenshot(pageOf(first), 'tenderhall-expert-invitations');
    for (const [username, opened] of pages) expect({ username, problems: opened.problems }).toEqual({ username, problems: [] });
  } finally {
    for (const opened of pages.values()) await opened.context.close();
  }
});
