/** Reads of the evaluation: the view for the caller, the score explanation, the award notice to seal, a bid file. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../graphql/context';
import { hasRole } from '../../graphql/context';
import { ForbiddenError } from '../../graphql/errors';
import { Role } from '../identity/roles';
import { tarEntries } from '../opening/bid-content';
import { OpenedBid } from '../opening/opening.entity';
import { canSeeProject, managesProject } from '../projects/project-access';
import { Project } from '../projects/project.entity';
import { ACTIVE, CommitteeMember, Evaluation } from './evaluation.entity';
import type { EvaluationView } from './evaluation.types';
import type { StoredEvent } from '../../events/event-log';
import { mapEvents } from '../../events/streams';
import { evaluationStream } from './evaluation-scope';
import { eventFor, viewerAfter, type EventViewer } from './rules/evaluation-flow';
import { evaluationView } from './evaluation-views';
import { evaluatedBids } from './evaluated-bids';
import { explainScore } from './explain';
import { awardNotice } from './publicity.service';

export class EvaluationQueries {
  private async find(em: EntityManager, ctx: Context, projectId: string): Promise<{ project: Project; evaluation: Evaluation } | null> {
    const project = await em.findOne(Project, { id: projectId });
    if (!project || !canSeeProject(ctx.actor, project)) return null;
    const evaluation = await em.findOne(Evaluation, { project });
    return evaluation ? { project, evaluation } : null;
  }

  async view(ctx: Context, projectId: string): Promise<EvaluationView | null> {
    const found = await this.find(ctx.em, ctx, projectId);
    return found && evaluationView(ctx.em, ctx, found.evaluation, found.project);
  }

  async explain(ctx: Context, projectId: string): Promise<Record<string, unknown> | null> {
    const found = await this.find(ctx.em, ctx, projectId);
    return found && explainScore(ctx.em, ctx, found.evaluation, found.project);
  }

  /** The exact text the tenderee seals as the award notice (null until the result is published). */
  async awardNoticeDocument(ctx: Context, projectId: string): Promise<string | null> {
    const found = await this.find(ctx.em, ctx, projectId);
    if (!found) return null;
    if (!managesProject(ctx.actor, found.project) && !hasRole(ctx.actor, Role.SUPERVISOR)) throw new ForbiddenError('Only the project staff and supervisors prepare the award notice.');
    return found.evaluation.awardJson ?? awardNotice(ctx.em, found.evaluation, found.project);
  }

  /** The evaluation's events after `afterSeq` (replayed, then live), as the caller may learn of them. */
  async watch(ctx: Context, projectId: string, afterSeq: number): Promise<AsyncIterableIterator<StoredEvent>> {
    const em = ctx.em.fork();
    const project = await em.findOne(Project, { id: projectId });
    if (!project || !canSeeProject(ctx.actor, project)) throw new ForbiddenError('There is no such project to watch.');
    const member = ctx.actor ? await em.count(CommitteeMember, { evaluation: { project }, user: ctx.actor.userId, ...ACTIVE }) : 0;
    let viewer: EventViewer = hasRole(ctx.actor, Role.SUPERVISOR, Role.ADMIN) ? 'SUPERVISOR' : member ? 'MEMBER' : 'OTHER';
    return mapEvents(ctx.services.events.subscribe(evaluationStream(projectId), Math.max(0, afterSeq)), (event) => {
      viewer = viewerAfter(viewer, event.type, event.payload, ctx.actor?.userId);
      const seen = eventFor(viewer, event.type, event.payload);
      return seen && { ...event, ...seen };
    });
  }

  /** A file of an opened bid, for a member who declared no conflict, or a supervisor. */
  async bidFile(em: EntityManager, ctx: Context, projectId: string, bidId: string, name: string): Promise<Buffer | null> {
    const found = await this.find(em, ctx, projectId);
    if (!found) return null;
    const member = ctx.actor ? await em.findOne(CommitteeMember, { evaluation: found.evaluation, user: ctx.actor.userId, ...ACTIVE }) : null;
    if (!member?.conflictConfirmedAt && !hasRole(ctx.actor, Role.SUPERVISOR)) throw new ForbiddenError('Bid documents are shown to committee members who declared no conflict, and to supervisors.');
    const bid = (await evaluatedBids(em, found.project)).find((b) => b.bidId === bidId);
    if (!bid) return null;
    const opened = await em.findOne(OpenedBid, { participant: bid.participantId }, { populate: ['content'] });
    const file = opened && tarEntries(opened.content)?.find((e) => e.name === name);
    return file ? Buffer.from(file.bytes) : null;
  }
}
