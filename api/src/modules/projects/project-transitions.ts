/** Applying a lifecycle event to a project inside the caller's transaction: state, transition log, ledger entry, announcement. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { LedgerService } from '../ledger/ledger.service';
import { failureNotice } from './rules/failure-notice';
import { nextState, type ProjectEvent, type ProjectState, type RuleContext, type Transition } from './rules/lifecycle';
import { ProjectStatus, type Project } from './project.entity';
import { Announcement, AnnouncementKind, ProjectTransition } from './project-records.entity';

export async function applyEvent(
  em: EntityManager,
  ledger: LedgerService,
  project: Project,
  event: ProjectEvent,
  effectiveAt: Date,
  ctx: RuleContext = {},
  actorUserId: string | null = null,
): Promise<Transition> {
  const transition = nextState(project.status as ProjectState, event, ctx);
  if (!transition.ok) return transition;
  const from = project.status;
  em.create(ProjectTransition, { project, fromStatus: from, toStatus: transition.to, event, effectiveAt, actorUserId, reason: transition.reason ?? null, reasonCode: transition.reasonCode ?? null, reasonParams: transition.reasonParams ?? null });
  if (transition.to !== from) {
    project.status = transition.to as ProjectStatus;
    project.statusChangedAt = effectiveAt;
    if (transition.reason) project.statusReason = transition.reason;
    if (transition.reasonCode) Object.assign(project, { statusReasonCode: transition.reasonCode, statusReasonParams: transition.reasonParams ?? null });
  }
  await ledger.append(em, 'project.transition', { event, from, to: transition.to, effectiveAt: effectiveAt.toISOString(), reason: transition.reason ?? null }, project);
  if (transition.to === 'FAILED' && from !== 'FAILED') {
    const body = failureNotice(project.title, transition.reasonCode, transition.reasonParams, transition.reason ?? '');
    em.create(Announcement, { project, kind: AnnouncementKind.FAILURE, title: `${project.title} 流标公告`, body });
  }
  return transition;
}
