/** The listing as a viewer may see it: everything public except who is behind each bidder number and the floor (until the close). */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventLog } from '../../events/event-log';
import { hasRole, type Context } from '../../graphql/context';
import { Role } from '../identity/roles';
import { Registration } from '../projects/project-records.entity';
import { Organisation } from '../identity/organisation.entity';
import { managesProject } from '../projects/project-access';
import type { Project } from '../projects/project.entity';
import { Listing, ListingBidder, ListingConfirmationSeal, ListingQuote } from './listing.entity';
import { ListingPhaseView, type ListingRegistrationView, type ListingView, type QuoteView } from './listing.types';
import { freezeAt, minimumQuote, phaseOf } from './rules/listing-rules';

export class ListingViews {
  constructor(private readonly eventLog: EventLog) {}

  quote(q: ListingQuote, viewerOrganisationId: string | null): QuoteView {
    return { seq: q.seq, amount: q.amount, bidderNumber: q.bidderNumber, phase: q.phase, receivedAt: q.receivedAt, ledgerIndex: q.ledgerIndex, mine: q.organisationId === viewerOrganisationId };
  }

  /** The timeline (a field resolver: only loaded when asked for). */
  async quotes(em: EntityManager, projectId: string, viewerOrganisationId: string | null): Promise<QuoteView[]> {
    const quotes = await em.find(ListingQuote, { projectId }, { orderBy: { seq: 'asc' } });
    return quotes.map((q) => this.quote(q, viewerOrganisationId));
  }

  /** rankOf (rules/) in SQL: 1 + the bidders whose best quote beats the viewer's best. */
  private async rank(em: EntityManager, projectId: string, organisationId: string): Promise<number | null> {
    const [row] = await em.execute<{ rank: string | null }[]>(
      `select case when mine.best is null then null else 1 + (select count(*) from (select max(amount) as best from listing_quote where project_id = ? group by organisation_id) b where b.best > mine.best) end as rank
       from (select max(amount) as best from listing_quote where project_id = ? and organisation_id = ?) mine`,
      [projectId, projectId, organisationId],
    );
    return row.rank === null ? null : Number(row.rank);
  }

  async of(em: EntityManager, ctx: Context, project: Project, listing: Listing): Promise<ListingView> {
    const now = await ctx.now();
    const orgId = ctx.actor?.organisationId ?? null;
    const [me, seals, lastEventSeq, myRank] = await Promise.all([
      orgId ? em.findOne(ListingBidder, { projectId: project.id, organisationId: orgId }) : null,
      em.find(ListingConfirmationSeal, { projectId: project.id }, { orderBy: { sealedAt: 'asc' } }),
      this.eventLog.head(em, `listing:${project.id}`),
      orgId ? this.rank(em, project.id, orgId) : null,
    ]);
    const winner = listing.winnerOrganisationId ? await em.findOne(Organisation, { id: listing.winnerOrganisationId }) : null;
    const winnerNumber = winner ? ((await em.findOne(ListingBidder, { projectId: project.id, organisationId: winner.id }))?.number ?? null) : null;
    return {
      projectId: project.id,
      code: project.code,
      title: project.title,
      status: project.status,
      phase: phaseOf(project.status, now, { listingStart: project.listingStart ?? null, countdownEndsAt: listing.countdownEndsAt ?? null }) as ListingPhaseView,
      parcel: { location: listing.location, areaM2: listing.areaM2, landUse: listing.landUse, plotRatio: listing.plotRatio, termYears: listing.termYears },
      startPrice: listing.startPrice,
      increment: listing.increment,
      bond: listing.bond,
      currentPrice: listing.highestAmount ?? null,
      minimumQuote: minimumQuote({ startPrice: listing.startPrice, increment: listing.increment, highest: listing.highestAmount ?? null }),
      quoteCount: listing.quoteCount,
      listingStart: project.listingStart ?? null,
      listingEnd: project.listingEnd ?? null,
      freezeAt: project.listingEnd ? freezeAt(project.listingEnd) : null,
      timedStartedAt: listing.timedStartedAt ?? null,
      countdownEndsAt: listing.countdownEndsAt ?? null,
      serverTime: now,
      lastEventSeq,
      floorEntered: !!listing.floorSealed,
      floorCommitment: listing.floorCommitment ?? null,
      floorPrice: listing.closedAt ? (listing.floorPrice ?? null) : null,
      outcome: listing.outcome ?? null,
      outcomeReason: listing.outcomeReason ?? null,
      outcomeReasonCode: listing.outcome === 'NO_DEAL' ? (project.statusReasonCode ?? null) : null,
      outcomeReasonParams: listing.outcome === 'NO_DEAL' ? (project.statusReasonParams ?? null) : null,
      closedAt: listing.closedAt ?? null,
      winnerName: winner?.name ?? null,
      winnerNumber,
      finalPrice: listing.finalPrice ?? null,
      resultPublishedAt: listing.resultPublishedAt ?? null,
      confirmationJson: listing.confirmationJson ?? null,
      confirmationSeals: seals.map((s) => ({ role: s.role, signerName: s.signerName, sealedAt: s.sealedAt! })),
      confirmedAt: listing.confirmedAt ?? null,
      myNumber: me?.number ?? null,
      myRank,
      isFloorOfficer: ctx.actor?.userId === listing.floorOfficerUserId,
      isManager: managesProject(ctx.actor, project),
      registrations: managesProject(ctx.actor, project) || hasRole(ctx.actor, Role.SUPERVISOR) ? await this.registrations(em, project) : null,
    };
  }

  private async registrations(em: EntityManager, project: Project): Promise<ListingRegistrationView[]> {
    const [registered, bidders] = await Promise.all([
      em.find(Registration, { project }, { populate: ['organisation'], orderBy: { organisation: { name: 'asc' } } }),
      em.find(ListingBidder, { projectId: project.id }),
    ]);
    return registered.map((r) => {
      const bidder = bidders.find((b) => b.organisationId === r.organisation.id);
      return { organisationId: r.organisation.id, organisationName: r.organisation.getEntity().name, bidderNumber: bidder?.number ?? null, bondConfirmedAt: bidder?.bondConfirmedAt ?? null };
    });
  }
}
