import { Arg, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Allow, Authenticated, Public } from '../../graphql/access';
import type { Context } from '../../graphql/context';
import { requireUuid } from '../../graphql/ids';
import { Role } from '../identity/roles';
import type { StoredEvent } from '../../events/event-log';
import { OpeningPayload, OpeningSessionView } from './opening.types';
import { StreamEvent, toStreamEvent } from '../../events/stream-event';

const id = (value: string, field = 'projectId') => requireUuid(value, field);

@Resolver()
export class OpeningResolver {
  @Authenticated()
  @Query(() => OpeningSessionView, { nullable: true, description: 'The opening hall of a project as the caller may see it (null before the session opens).' })
  openingSession(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: Context): Promise<OpeningSessionView | null> {
    return ctx.services.openingQueries.view(ctx, id(projectId));
  }

  @Allow(Role.SUPERVISOR, Role.ADMIN)
  @Query(() => [OpeningSessionView], { description: 'Every opening session not yet published, and those published in the last 7 days (supervisors).' })
  openingSessions(@Ctx() ctx: Context): Promise<OpeningSessionView[]> {
    return ctx.services.openingQueries.supervised(ctx);
  }

  @Public()
  @Query(() => String, { nullable: true, description: 'The published opening record with its seals and ledger proof (JSON), for `verify record`.' })
  openingRecordBundle(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: Context): Promise<string | null> {
    return ctx.services.openingQueries.bundle(ctx, id(projectId));
  }

  @Authenticated()
  @Query(() => String, { nullable: true, description: "The caller's wrapped share of the opening key (base64 CMS), at the committee stage only." })
  myOpeningKeyShare(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: Context): Promise<string | null> {
    return ctx.services.decryption.myWrappedShare(ctx, id(projectId));
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => OpeningPayload, { description: 'Open the session at the opening time (开标); the project goes OPENING.' })
  openOpeningSession(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: Context): Promise<OpeningPayload> {
    return ctx.services.opening.open(ctx, id(projectId));
  }

  @Allow(Role.BIDDER)
  @Mutation(() => OpeningPayload, { description: '签到: sign `signInMessage` with your signing certificate.' })
  signInToOpening(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('certificatePem', () => String) certificatePem: string,
    @Arg('signature', () => String, { description: 'base64' }) signature: string,
    @Ctx() ctx: Context,
  ): Promise<OpeningPayload> {
    return ctx.services.opening.signIn(ctx, id(projectId), certificatePem, signature);
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => OpeningPayload, { description: 'Start the decryption window (server time).' })
  startDecryption(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: Context): Promise<OpeningPayload> {
    return ctx.services.opening.startDecryption(ctx, id(projectId));
  }

  @Allow(Role.BIDDER)
  @Mutation(() => OpeningPayload, { description: 'Decrypt your bid: send the content key your browser unwrapped with your key (base64).' })
  decryptBid(@Arg('projectId', () => ID) projectId: string, @Arg('bidId', () => ID) bidId: string, @Arg('cek', () => String) cek: string, @Ctx() ctx: Context): Promise<OpeningPayload> {
    return ctx.services.decryption.decrypt(ctx, id(projectId), id(bidId, 'bidId'), cek);
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => OpeningPayload, { description: 'Close the decryption window (once passed, or all decrypted) or the committee stage.' })
  closeDecryption(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: Context): Promise<OpeningPayload> {
    return ctx.services.opening.closeDecryption(ctx, id(projectId));
  }

  @Authenticated()
  @Mutation(() => OpeningPayload, { description: 'A custodian submits its unwrapped share (base64); k shares open the remaining bids.' })
  submitOpeningKeyShare(@Arg('projectId', () => ID) projectId: string, @Arg('share', () => String) share: string, @Ctx() ctx: Context): Promise<OpeningPayload> {
    return ctx.services.decryption.submitShare(ctx, id(projectId), share);
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => OpeningPayload, { description: '唱标: read out the next bid.' })
  readOutNextBid(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: Context): Promise<OpeningPayload> {
    return ctx.services.opening.readOutNext(ctx, id(projectId));
  }

  @Allow(Role.BIDDER)
  @Mutation(() => OpeningPayload, { description: 'Raise an objection at the opening (answered on the record).' })
  raiseOpeningObjection(@Arg('projectId', () => ID) projectId: string, @Arg('text', () => String) text: string, @Ctx() ctx: Context): Promise<OpeningPayload> {
    return ctx.services.opening.raiseObjection(ctx, id(projectId), text);
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => OpeningPayload)
  answerOpeningObjection(@Arg('projectId', () => ID) projectId: string, @Arg('objectionId', () => ID) objectionId: string, @Arg('answer', () => String) answer: string, @Ctx() ctx: Context): Promise<OpeningPayload> {
    return ctx.services.opening.answerObjection(ctx, id(projectId), id(objectionId, 'objectionId'), answer);
  }

  @Allow(Role.BIDDER)
  @Mutation(() => OpeningPayload, { description: 'Confirm the opening record, or disagree with a note.' })
  confirmOpeningRecord(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('agree', () => Boolean) agree: boolean,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: Context,
  ): Promise<OpeningPayload> {
    return ctx.services.opening.confirmRecord(ctx, id(projectId), agree, note ?? null);
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => OpeningPayload, { description: 'Fix the record (every objection answered); then host and supervisor seal it.' })
  finaliseOpeningRecord(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: Context): Promise<OpeningPayload> {
    return ctx.services.opening.finaliseRecord(ctx, id(projectId));
  }

  @Allow(Role.TENDEREE, Role.AGENT, Role.SUPERVISOR)
  @Mutation(() => OpeningPayload, { description: 'Seal the record (base64 *.eseal.json over `recordJson`); with host and supervisor seals it is published.' })
  sealOpeningRecord(@Arg('projectId', () => ID) projectId: string, @Arg('envelope', () => String) envelope: string, @Ctx() ctx: Context): Promise<OpeningPayload> {
    return ctx.services.opening.sealRecord(ctx, id(projectId), envelope);
  }

  @Allow(Role.SUPERVISOR, Role.ADMIN)
  @Subscription(() => OpeningSessionView, {
    description: 'Supervisors: a session of `openingSessions` again, as it is now, whenever its stream has a new event (live only: read the list first).',
    subscribe: ({ context }) => (context as Context).services.openingQueries.watchSessions(context as Context), // @Allow is checked before
  })
  openingSessionChanged(@Root() view: OpeningSessionView): OpeningSessionView {
    return view;
  }

  @Authenticated()
  @Subscription(() => StreamEvent, {
    description: 'The events of an opening session after `afterSeq` (replayed, then live), as the caller may see them.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context; // @Authenticated is checked before subscribe runs
      const { projectId, afterSeq } = args as { projectId: string; afterSeq: number };
      return ctx.services.openingQueries.watch(ctx, id(projectId), afterSeq);
    },
  })
  openingEvents(@Arg('projectId', () => ID) _projectId: string, @Arg('afterSeq', () => Int, { defaultValue: 0 }) _afterSeq: number, @Root() event: StoredEvent): StreamEvent {
    return toStreamEvent(event);
  }
}
