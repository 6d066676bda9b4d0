/** The read side of the opening hall: the session view, the supervisors' list, the live event stream, the published bundle. */
import type { EventStreams } from '../../events/streams';
import { mapEvents } from '../../events/streams';
import { hasRole, type Context } from '../../graphql/context';
import { ForbiddenError } from '../../graphql/errors';
import { Bid, BidStatus } from '../bids/bid.entity';
import type { PlatformPkiService } from '../identity/platform-pki.service';
import { Role } from '../identity/roles';
import type { LedgerService } from '../ledger/ledger.service';
import type { SealsService } from '../seals/seals.service';
import { managesProject } from '../projects/project-access';
import { Project } from '../projects/project.entity';
import { OpeningSession, SessionStatus } from './opening.entity';
import type { OpeningSessionView } from './opening.types';
import type { OpeningViews } from './opening-views';
import { recordBundle } from './record-bundle';
import { visibleEvent, type Viewer } from './rules/session';
import { openingStream } from './session-scope';
import type { StoredEvent } from '../../events/event-log';

const RECENT_DAYS = 7;

export class OpeningQueries {
  constructor(
    private readonly views: OpeningViews,
    private readonly events: EventStreams,
    private readonly ledger: LedgerService,
    private readonly pki: PlatformPkiService,
    private readonly seals: SealsService,
  ) {}

  async view(ctx: Context, projectId: string): Promise<OpeningSessionView | null> {
    const em = ctx.em.fork();
    const session = await em.findOne(OpeningSession, { project: projectId }, { populate: ['project'] });
    if (!session) {
      if (await em.count(Project, { id: projectId })) await this.viewerBeforeOpening(ctx, projectId);
      return null;
    }
    return this.views.of(em, ctx, session, session.project.getEntity());
  }

  async supervised(ctx: Context): Promise<OpeningSessionView[]> {
    const em = ctx.em.fork();
    const since = new Date((await ctx.now()).getTime() - RECENT_DAYS * 86400_000);
    const sessions = await em.find(OpeningSession, { $or: [{ status: { $ne: SessionStatus.PUBLISHED } }, { publishedAt: { $gte: since } }] }, { orderBy: { openedAt: 'desc' }, populate: ['project'] });
    const views = [];
    for (const session of sessions) views.push(await this.views.of(em, ctx, session, session.project.getEntity()));
    return views;
  }

  bundle(ctx: Context, projectId: string): Promise<string | null> {
    const em = ctx.em.fork();
    return recordBundle(em, this.ledger, this.pki, async () => (await this.seals.authority(em)).certPem, projectId);
  }

  /** The session's events after `afterSeq` as this caller may see them; FORBIDDEN for anyone who takes no part. */
  async watch(ctx: Context, projectId: string, afterSeq: number): Promise<AsyncIterableIterator<StoredEvent>> {
    const em = ctx.em.fork();
    const session = await em.findOne(OpeningSession, { project: projectId }, { populate: ['project'] });
    const viewer = session ? await this.views.viewer(em, ctx, session, session.project.getEntity()) : await this.viewerBeforeOpening(ctx, projectId);
    return mapEvents(this.events.subscribe(openingStream(projectId), Math.max(0, afterSeq)), async (event) => visibleEvent(event, viewer));
  }

  /** Before the session opens: the host, supervisors and bidders with a sealed bid may wait for it. */
  private async viewerBeforeOpening(ctx: Context, projectId: string): Promise<Viewer> {
    const em = ctx.em.fork();
    const project = await em.findOne(Project, { id: projectId });
    const actor = ctx.actor;
    const supervisor = hasRole(actor, Role.SUPERVISOR, Role.ADMIN);
    const host = !!project && managesProject(actor, project);
    const bidder = !!project && !!actor && (await em.count(Bid, { project, organisation: actor.organisationId, status: BidStatus.SUBMITTED })) > 0;
    if (!supervisor && !host && !bidder) throw new ForbiddenError('Only the host, the bidders of this project and supervisors watch its opening.');
    return { supervisor, host, organisationId: bidder ? actor!.organisationId : null };
  }
}
