import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { canonicalJson } from '../../../../crypto/canonical-json';
import { Allow } from '../../graphql/access';
import type { Context } from '../../graphql/context';
import { requireUuid } from '../../graphql/ids';
import { Role } from '../identity/roles';
import { Lot } from '../projects/lot.entity';
import { Bid } from './bid.entity';
import { BidPayload, BidUploadPayload, CreateBidUploadInput, SubmitBidInput, SubmitBidPayload, WithdrawBidInput } from './bids.types';

@Resolver(() => Bid)
export class BidsResolver {
  @Allow(Role.BIDDER)
  @Mutation(() => BidUploadPayload, { description: 'Start a resumable upload of bid.cms; then PUT its chunks to /api/bid-uploads/<id> with Upload-Offset.' })
  createBidUpload(@Arg('input', () => CreateBidUploadInput) input: CreateBidUploadInput, @Ctx() ctx: Context): Promise<BidUploadPayload> {
    return ctx.services.uploads.create(ctx, { ...input, projectId: requireUuid(input.projectId, 'projectId'), lotId: requireUuid(input.lotId, 'lotId') });
  }

  @Allow(Role.BIDDER)
  @Mutation(() => SubmitBidPayload, { description: 'Submit an uploaded sealed bid with its signed manifest; returns the receipt at once.' })
  submitBid(@Arg('input', () => SubmitBidInput) input: SubmitBidInput, @Ctx() ctx: Context): Promise<SubmitBidPayload> {
    return ctx.services.bids.submit(ctx, { ...input, uploadId: requireUuid(input.uploadId, 'uploadId') });
  }

  @Allow(Role.BIDDER)
  @Mutation(() => BidPayload, { description: 'Withdraw a bid before the deadline (logged).' })
  withdrawBid(@Arg('input', () => WithdrawBidInput) input: WithdrawBidInput, @Ctx() ctx: Context): Promise<BidPayload> {
    return ctx.services.bids.withdraw(ctx, { bidId: requireUuid(input.bidId, 'bidId') });
  }

  @Allow(Role.BIDDER)
  @Query(() => [Bid], { description: "The caller's organisation's bids for a project, every revision (nobody else sees them before the opening)." })
  myBids(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: Context): Promise<Bid[]> {
    return ctx.services.bids.mine(ctx, requireUuid(projectId, 'projectId'));
  }

  @FieldResolver(() => String, { description: 'the platform-signed receipt (canonical JSON)' })
  receipt(@Root() bid: Bid): string {
    return canonicalJson(bid.receipt);
  }

  @FieldResolver(() => Lot)
  lot(@Root() bid: Bid, @Ctx() ctx: Context): Promise<Lot> {
    return bid.lot.loadOrFail({ dataloader: true });
  }
}
