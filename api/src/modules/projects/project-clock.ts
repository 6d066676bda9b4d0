/**
 * The clock-driven part of the lifecycle: an idempotent scheduler. Every tick applies each transition
 * whose time has come, in order, with the *scheduled* instant as its effective time — so a server that
 * was down across a deadline catches up on start, exactly once. Rows are locked (SKIP LOCKED), so
 * several API processes can tick at once.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../../clock';
import type { Log } from '../../services';
import type { LedgerService } from '../ledger/ledger.service';
import type { DeadlineLightsService } from '../supervision/deadline-lights.service';
import type { CalendarService } from './calendar.service';
import { Project, ProjectStatus } from './project.entity';
import { applyEvent } from './project-transitions';
import type { ProjectEvent } from './rules/lifecycle';

/** What the deadline needs from the bids module: the count of valid sealed bids, and fixing the sealed set. */
export interface SealedBids {
  countValid(em: EntityManager, projectId: string): Promise<number>;
  sealSet(em: EntityManager, project: Project): Promise<void>;
}

interface DueEvent {
  event: ProjectEvent;
  at: Date;
}

/** The next clock event due for a project at `now`, if any (pure). */
export function dueEvent(project: Pick<Project, 'status' | 'documentsFrom' | 'bidDeadline' | 'listingStart'>, now: Date): DueEvent | null {
  const due = (at: Date | null | undefined) => !!at && at <= now;
  if (project.status === 'PUBLISHED') {
    if (due(project.listingStart)) return { event: 'LISTING_STARTS', at: project.listingStart! };
    if (due(project.documentsFrom)) return { event: 'BIDDING_OPENS', at: project.documentsFrom! };
    if (!project.documentsFrom && due(project.bidDeadline)) return { event: 'DEADLINE', at: project.bidDeadline! };
  }
  if (project.status === 'BIDDING' && due(project.bidDeadline)) return { event: 'DEADLINE', at: project.bidDeadline! };
  return null;
}

export class ProjectClock {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly lights: DeadlineLightsService,
    private readonly ledger: LedgerService,
    private readonly bids: SealedBids,
    private readonly invitations: { expireInvitations(em: EntityManager, now: Date): Promise<number> },
    private readonly openings: { closeExpiredWindows(em: EntityManager, now: Date): Promise<number> },
    private readonly log: Log,
    /** land listings: freeze, timed bidding and the close (listing module) */
    private readonly listings?: { advanceDue(now: Date, em: EntityManager): Promise<number> },
  ) {}

  start(intervalMs: number): void {
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => void this.tick().catch((e) => this.log.error('scheduler tick failed', e)), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Apply every due transition and refresh deadline lights; returns the number of transitions made. */
  tick(): Promise<number> {
    this.running = (this.running ?? Promise.resolve(0)).catch(() => 0).then(() => this.runOnce());
    return this.running;
  }

  private async runOnce(): Promise<number> {
    const em = this.orm.em.fork();
    const now = await this.clock.now(em);
    const candidates = await em.find(Project, {
      $or: [
        { status: ProjectStatus.PUBLISHED, $or: [{ documentsFrom: { $lte: now } }, { bidDeadline: { $lte: now } }, { listingStart: { $lte: now } }] },
        { status: ProjectStatus.BIDDING, bidDeadline: { $lte: now } },
      ],
    }, { fields: ['id'] });
    let made = 0;
    for (const { id } of candidates) made += await this.advance(id);
    await em.transactional(async (tx) => {
      const at = await this.clock.now(tx);
      await this.invitations.expireInvitations(tx, at);
      await this.lights.evaluate(tx, at);
    });
    await this.openings.closeExpiredWindows(em, now); // decryption windows that have passed
    if (this.listings) made += await this.listings.advanceDue(now, em);
    return made;
  }

  /** Bring one project up to date inside one transaction, holding its row lock. */
  private async advance(projectId: string): Promise<number> {
    return this.orm.em.fork().transactional(async (em) => {
      const [row] = await em.execute<{ id: string }[]>('select id from project where id = ? for update skip locked', [projectId]);
      if (!row) return 0; // another process is on it
      const project = await em.findOneOrFail(Project, { id: projectId });
      const now = await this.clock.now(em);
      const config = await this.calendars.procedure(em, project.method);
      let made = 0;
      for (let next = dueEvent(project, now); next; next = dueEvent(project, now)) {
        const validBids = next.event === 'DEADLINE' ? await this.bids.countValid(em, project.id) : undefined;
        const result = await applyEvent(em, this.ledger, project, next.event, next.at, { validBids, minBids: config?.minBids });
        if (!result.ok) break;
        if (next.event === 'DEADLINE') {
          await this.lights.complete(em, project, 'BID_DEADLINE', next.at);
          if (result.to === 'SEALED') await this.bids.sealSet(em, project);
        }
        made++;
      }
      await em.flush();
      return made;
    });
  }
}
