/**
 * Demo projects, made on the first start through the same services and checks a tenderee goes
 * through (audited, in the ledger, with the opening key ceremony): an open tender for hospital
 * equipment and a construction tender of the demo hospital, both published. Their dates follow the
 * platform clock at that start: the documents are on sale from within the hour, and every later date
 * is the earliest the rules allow (rules/schedule) at a usual hour, so bids can be prepared and sealed.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { validateSchedule, type Schedule } from '../modules/projects/rules/schedule';
import { User } from '../modules/identity/user.entity';
import type { Context } from '../graphql/context';
import { createContext } from '../server';
import type { Services } from '../services';

interface DemoProject {
  method: 'GP_OPEN_TENDER' | 'CONSTRUCTION_OPEN_TENDER';
  title: string;
  description: string;
  budget: string;
  category: string;
  announcement: string;
  /** the opening this many minutes after the bid deadline */
  openingAfterMinutes: number;
}

const DEMO_PROJECTS: DemoProject[] = [
  {
    method: 'GP_OPEN_TENDER',
    title: '示范市第一人民医院 医用超声诊断设备采购',
    description: '彩色多普勒超声诊断仪 3 台（含安装、培训与五年保修）。',
    budget: '2850000.00',
    category: 'GOODS',
    announcement: '示范市第一人民医院就医用超声诊断设备采购项目进行公开招标，欢迎合格供应商参加。招标文件在平台上获取，投标文件须在截止时间前加密上传。',
    openingAfterMinutes: 0,
  },
  {
    method: 'CONSTRUCTION_OPEN_TENDER',
    title: '示范市第一人民医院 门诊楼改造工程施工',
    description: '门诊楼一至三层改造，建筑面积约 6,800 平方米，工期 180 日历天。',
    budget: '16800000.00',
    category: 'WORKS',
    announcement: '本工程已具备招标条件，现对施工进行公开招标。投标人须具备建筑工程施工总承包二级及以上资质。',
    openingAfterMinutes: 30,
  },
];

const HOUR_MS = 3_600_000;
/** hours after 00:00 CST at which each date falls */
const AT_HOUR: Record<keyof Schedule, number> = { documentsFrom: 9, documentsUntil: 17, bidDeadline: 9.5, openingAt: 9.5, listingStart: 9, listingEnd: 15 };

export async function loadDemoProjects(services: Services): Promise<void> {
  const em = services.orm.em.fork();
  const [tenderee, ...custodians] = await Promise.all(['tenderee', 'supervisor', 'admin'].map((u) => em.findOneOrFail(User, { username: u })));
  const { token } = await services.tokens.issue(em, tenderee);
  // as a mutation runs: a context from the token, an audit scope per act (graphql/middleware)
  const act = async <T>(operation: string, input: Record<string, unknown>, run: (ctx: Context) => Promise<T>): Promise<T> => {
    const ctx = await createContext(services, token, { clientIp: null, userAgent: 'tenderhall demo data', correlationId: 'demo' });
    ctx.audit = services.audit.begin(operation, input);
    return run(ctx);
  };
  for (const demo of DEMO_PROJECTS) {
    const schedule = await earliestSchedule(em, services, demo);
    const create = { title: demo.title, method: demo.method, description: demo.description, budget: demo.budget, category: demo.category, schedule };
    const created = await act('createProject', { input: create }, (ctx) => services.projects.create(ctx, create));
    if (!created.project) throw new Error(`demo project ${demo.title}: ${JSON.stringify(created.errors)}`);
    const publish = { projectId: created.project.id, announcement: demo.announcement, custodianUserIds: [tenderee, ...custodians].map((u) => u.id) };
    const published = await act('publishProject', { input: publish }, (ctx) => services.projects.publish(ctx, publish));
    if (!published.project) throw new Error(`demo project ${demo.title}: ${JSON.stringify(published.errors)}`);
  }
}

/** Each date moved to the earliest the rules allow, until none is refused. */
async function earliestSchedule(em: EntityManager, services: Services, demo: DemoProject): Promise<Schedule> {
  // the publication comes moments later: dated as if it came within the hour
  const publishAt = new Date((await services.clock.now(em)).getTime() + HOUR_MS);
  const config = (await services.calendars.procedure(em, demo.method))!;
  const calendar = await services.calendars.calendar(em);
  const schedule: Schedule = { documentsFrom: publishAt, documentsUntil: publishAt, bidDeadline: publishAt, openingAt: publishAt };
  for (let round = 0; round < 10; round++) {
    const violations = validateSchedule(schedule, publishAt, config, calendar);
    if (!violations.length) return schedule;
    for (const v of violations) {
      const field = v.field as keyof Schedule;
      if (!v.earliestLegal || !(field in schedule)) throw new Error(`demo project ${demo.title}: ${v.message}`);
      schedule[field] = new Date(v.earliestLegal.getTime() + AT_HOUR[field] * HOUR_MS);
    }
    schedule.openingAt = new Date(schedule.bidDeadline!.getTime() + demo.openingAfterMinutes * 60_000);
  }
  throw new Error(`demo project ${demo.title}: no legal schedule found`);
}
