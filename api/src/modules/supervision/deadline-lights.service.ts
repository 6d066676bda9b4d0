/** Tracked time limits of every project and the light each shows; changes go to the `lights` event stream. */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventLog } from '../../events/event-log';
import { paginate, type ConnectionArgs, type Page } from '../../graphql/relay';
import { Organisation } from '../identity/organisation.entity';
import type { Project } from '../projects/project.entity';
import { DeadlineLight, DeadlineTimer } from './deadline-timer.entity';
import { lightAt } from './rules/deadline-light';

export const LIGHTS_STREAM = 'lights';
export const DEADLINE_LIGHT_CHANGED = 'DEADLINE_LIGHT_CHANGED';
export interface DeadlineLightChangedPayload {
  timerId: string;
  projectId: string;
  rule: string;
  light: DeadlineLight;
}

export interface TimerSpec {
  rule: string;
  label: string;
  /** id of the organisation that answers for meeting the limit */
  responsibleId: string | null;
  startsAt: Date;
  dueAt: Date;
}

export class DeadlineLightsService {
  constructor(
    private readonly eventLog: EventLog,
    private readonly yellowAt = 0.8,
  ) {}

  /** Start (or move the due time of) a timer; one per project and rule. */
  async track(em: EntityManager, project: Project, spec: TimerSpec): Promise<void> {
    const { responsibleId, ...fields } = spec;
    const responsible = responsibleId ? em.getReference(Organisation, responsibleId) : null;
    const existing = await em.findOne(DeadlineTimer, { project, rule: spec.rule });
    if (existing) {
      Object.assign(existing, { label: spec.label, dueAt: spec.dueAt, responsible, completedAt: null });
    } else {
      em.create(DeadlineTimer, { project, ...fields, responsible });
    }
  }

  async complete(em: EntityManager, project: Project, rule: string, at: Date): Promise<void> {
    const timer = await em.findOne(DeadlineTimer, { project, rule, completedAt: null });
    if (timer) timer.completedAt = at;
  }

  async cancelAll(em: EntityManager, project: Project, at: Date): Promise<void> {
    for (const timer of await em.find(DeadlineTimer, { project, completedAt: null })) timer.completedAt = at;
  }

  lightOf(timer: DeadlineTimer, now: Date): DeadlineLight {
    return lightAt(timer, now, this.yellowAt) as DeadlineLight;
  }

  /** Recompute every light that can still change; store the ones that did and append their events (same transaction). */
  async evaluate(em: EntityManager, now: Date): Promise<DeadlineTimer[]> {
    // rows another process is evaluating are skipped (no deadlock, no double publication)
    const candidates = await em.find(
      DeadlineTimer,
      { $or: [{ completedAt: null }, { completedAt: { $gte: new Date(now.getTime() - 86400_000) } }] },
      { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
    );
    const changed = candidates.filter((timer) => {
      const light = this.lightOf(timer, now);
      if (light === timer.lastLight) return false;
      timer.lastLight = light;
      return true;
    });
    await em.flush();
    for (const timer of changed) {
      const payload: DeadlineLightChangedPayload = { timerId: timer.id, projectId: timer.project.id, rule: timer.rule, light: timer.lastLight };
      await this.eventLog.append(em, LIGHTS_STREAM, DEADLINE_LIGHT_CHANGED, { ...payload });
    }
    return changed;
  }

  async list(em: EntityManager, filter: { light?: DeadlineLight | null; projectId?: string | null; open?: boolean | null }, args: ConnectionArgs): Promise<Page<DeadlineTimer>> {
    const where: Record<string, unknown> = {};
    if (filter.light) where.lastLight = filter.light;
    if (filter.projectId) where.project = filter.projectId;
    if (filter.open) where.completedAt = null;
    return paginate(em, DeadlineTimer, where, { orderBy: { dueAt: 'asc', id: 'asc' } }, args);
  }
}
