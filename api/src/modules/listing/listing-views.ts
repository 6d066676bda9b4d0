/** The listing as a viewer may see it: everything public except who is behind each bidder number and the floor (until the close). */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventLog } from '../../events/event-log';
import type { Context } from '../../graphql/context';
import { Organisation } from '../identity/organisation.entity';
import { managesProject } from '../projects/project-access';
import type { Project } from '../projects/project.entity';
import { Listing, ListingBidder, ListingConfirmationSeal, ListingQuote } from './listing.entity';
import { ListingPhaseView, type ListingView, type QuoteView } from './listing.types';
import { freezeAt, minimumQuote, phaseOf, rankOf } from './rules/listing-rules';

export class ListingViews {
  constructor(private readonly eventLog: EventLog) {}

  quote(q: ListingQuote, viewerOrganisationId: string | null): QuoteView {
    return { seq: q.seq, amount: q.amount, bidderNumber: q.bidderNumber, phase: q.phase, receivedAt: q.receivedAt, ledgerIndex: q.ledgerIndex, mine: q.organisationId === viewerOrganisationId };
  }

  async of(em: EntityManager, ctx: Context, project: Project, listing: Listing): Promise<ListingView> {
    const now = await ctx.now();
    const orgId = ctx.actor?.organisationId ?? null;
    const [quotes, me, seals, lastEventSeq] = await Promise.all([
      em.find(ListingQuote, { projectId: project.id }, { orderBy: { seq: 'asc' } }),
      orgId ? em.findOne(ListingBidder, { projectId: project.id, organisationId: orgId }) : null,
      em.find(ListingConfirmationSeal, { projectId: project.id }, { orderBy: { sealedAt: 'asc' } }),
      this.eventLog.head(em, `listing:${project.id}`),
    ]);
    const winner = listing.winnerOrganisationId ? await em.findOne(Organisation, { id: listing.winnerOrganisationId }) : null;
    const winnerNumber = winner ? (quotes.find((q) => q.organisationId === winner.id)?.bidderNumber ?? null) : null;
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
      quotes: quotes.map((q) => this.quote(q, orgId)),
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
      closedAt: listing.closedAt ?? null,
      winnerName: winner?.name ?? null,
      winnerNumber,
      finalPrice: listing.finalPrice ?? null,
      resultPublishedAt: listing.resultPublishedAt ?? null,
      confirmationJson: listing.confirmationJson ?? null,
      confirmationSeals: seals.map((s) => ({ role: s.role, signerName: s.signerName, sealedAt: s.sealedAt! })),
      confirmedAt: listing.confirmedAt ?? null,
      myNumber: me?.number ?? null,
      myRank: orgId ? rankOf(quotes.map((q) => ({ bidder: q.organisationId, amount: q.amount })), orgId) : null,
      isFloorOfficer: ctx.actor?.userId === listing.floorOfficerUserId,
      isManager: managesProject(ctx.actor, project),
    };
  }
}
