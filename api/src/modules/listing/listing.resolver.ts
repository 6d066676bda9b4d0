import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Allow, Public } from '../../graphql/access';
import type { Context } from '../../graphql/context';
import { requireUuid } from '../../graphql/ids';
import { StreamEvent, toStreamEvent } from '../../events/stream-event';
import type { StoredEvent } from '../../events/event-log';
import { Role } from '../identity/roles';
import { ListingPayload, ListingView, QuoteInput, QuotePayload, QuoteView, SetUpListingInput } from './listing.types';

const id = (value: string, field = 'projectId') => requireUuid(value, field);

@Resolver(() => ListingView)
export class ListingResolver {
  @FieldResolver(() => [QuoteView], { description: 'every quote, oldest first (the timeline)' })
  quotes(@Root() view: ListingView, @Ctx() ctx: Context): Promise<QuoteView[]> {
    return ctx.services.listing.quotes(ctx, view.projectId);
  }

  @Public()
  @Query(() => ListingView, { nullable: true, description: 'A land listing (挂牌): price, quote timeline, countdown in server time (null if none).' })
  listing(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: Context): Promise<ListingView | null> {
    return ctx.services.listing.view(ctx, id(projectId));
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => ListingPayload, { description: 'Set the parcel, start price, increment, bond and floor-price officer (before the listing starts).' })
  setUpListing(@Arg('input', () => SetUpListingInput) input: SetUpListingInput, @Ctx() ctx: Context): Promise<ListingPayload> {
    return ctx.services.listing.setUp(ctx, { ...input, projectId: id(input.projectId), floorOfficerUserId: id(input.floorOfficerUserId, 'floorOfficerUserId') });
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => ListingPayload, { description: "Confirm a registered bidder's bond (竞买保证金); it may then quote." })
  confirmListingBond(@Arg('projectId', () => ID) projectId: string, @Arg('organisationId', () => ID) organisationId: string, @Ctx() ctx: Context): Promise<ListingPayload> {
    return ctx.services.listing.confirmBond(ctx, id(projectId), id(organisationId, 'organisationId'));
  }

  @Allow(Role.BIDDER)
  @Mutation(() => QuotePayload, { description: '报价: sign quoteMessage({projectId, amount, previousHighest}) with your signing certificate.' })
  quote(@Arg('input', () => QuoteInput) input: QuoteInput, @Ctx() ctx: Context): Promise<QuotePayload> {
    return ctx.services.listing.quote(ctx, { ...input, projectId: id(input.projectId) });
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => ListingPayload, { description: '底价: the designated officer, within the last 30 minutes of the listing; sealed until the close.' })
  enterFloorPrice(@Arg('projectId', () => ID) projectId: string, @Arg('amount', () => String) amount: string, @Ctx() ctx: Context): Promise<ListingPayload> {
    return ctx.services.listing.enterFloor(ctx, id(projectId), amount);
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => ListingPayload, { description: 'Publish the result of a closed listing (within 10 working days).' })
  publishListingResult(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: Context): Promise<ListingPayload> {
    return ctx.services.listing.publishResult(ctx, id(projectId));
  }

  @Allow(Role.TENDEREE, Role.AGENT, Role.BIDDER)
  @Mutation(() => ListingPayload, { description: 'Seal the deal confirmation (base64 *.eseal.json over `confirmationJson`): transferor and winner.' })
  sealDealConfirmation(@Arg('projectId', () => ID) projectId: string, @Arg('envelope', () => String) envelope: string, @Ctx() ctx: Context): Promise<ListingPayload> {
    return ctx.services.listing.sealConfirmation(ctx, id(projectId), envelope);
  }

  @Public()
  @Subscription(() => StreamEvent, {
    description: 'The events of a listing after `afterSeq` (replayed, then live): quotes, timed bidding, countdown, close. Public facts only.',
    subscribe: async ({ args, context }) => {
      const { projectId, afterSeq } = args as { projectId: string; afterSeq: number };
      return (context as Context).services.listing.watch(context as Context, id(projectId), afterSeq);
    },
  })
  listingEvents(@Arg('projectId', () => ID) _projectId: string, @Arg('afterSeq', () => Int, { defaultValue: 0 }) _afterSeq: number, @Root() event: StoredEvent): StreamEvent {
    return toStreamEvent(event);
  }
}
