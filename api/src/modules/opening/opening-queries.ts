/** The read side of the opening hall: the session view, the supervisors' list, the live event stream, the published bundle. */
import type { EventStreams } from '../../events/streams';
import { mapEvents } from '../../events/streams';
import type { Context } from '../../graphql/context';
import { ForbiddenError } from '../../graphql/errors';
import type { PlatformPkiService } from '../identity/platform-pki.service';
import type { LedgerService } from '../ledger/ledger.service';
import type { SealsService } from '../seals/seals.service';
import { Project } from '../projects/project.entity';
import { OpeningSession, SessionStatus } from './opening.entity';
import type { OpeningSessionView } from './opening.types';
import type { OpeningViews } from './opening-views';
import { recordBundle } from './record-bundle';
import { visibleEvent } from './rules/session';
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
    const project = await em.findOne(Project, { id: projectId });
    if (!project) return null;
    const session = await em.findOne(OpeningSession, { project });
    if (!session) {
      await this.views.viewer(em, ctx, project, null); // FORBIDDEN for those who may not wait for it
      return null;
    }
    return this.views.of(em, ctx, session, project);
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

  /** Supervisors' list, live: a session's view again, as it is now, after each event of its stream. */
  watchSessions(ctx: Context): AsyncIterableIterator<OpeningSessionView> {
    const prefix = openingStream('');
    return mapEvents(this.events.subscribePrefix(prefix), async (event) => {
      const em = ctx.em.fork();
      const project = await em.findOne(Project, { id: event.stream.slice(prefix.length) });
      const session = project && (await em.findOne(OpeningSession, { project }));
      return session ? this.views.of(em, ctx, session, project) : null;
    });
  }

  /** The session's events after `afterSeq` as this caller may see them; FORBIDDEN for anyone who takes no part. */
  async watch(ctx: Context, projectId: string, afterSeq: number): Promise<AsyncIterableIterator<StoredEvent>> {
    const em = ctx.em.fork();
    const project = await em.findOne(Project, { id: projectId });
    if (!project) throw new ForbiddenError('There is no such project to watch.');
    const viewer = await this.views.viewer(em, ctx, project, await em.findOne(OpeningSession, { project }));
    return mapEvents(this.events.subscribe(openingStream(projectId), Math.max(0, afterSeq)), (event) => visibleEvent(event, viewer));
  }
}
