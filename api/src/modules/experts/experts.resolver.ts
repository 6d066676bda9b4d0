import { Arg, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Allow, Authenticated, Public } from '../../graphql/access';
import type { Context } from '../../graphql/context';
import { BadInputError } from '../../graphql/errors';
import { requireUuid } from '../../graphql/ids';
import { Role } from '../identity/roles';
import { profileOf } from './experts.service';
import { DeclaredRelationInput, DrawInputs, DrawPayload, DrawView, ExpertProfile, ImportExpertsPayload, Invitation, RequestDrawInput, UnavailabilityInput } from './experts.types';

@Resolver()
export class ExpertsResolver {
  @Allow(Role.ADMIN)
  @Mutation(() => ImportExpertsPayload, { description: 'Import experts from CSV (code,name,username,employer_uscc,employer_name,region,title,years,specialties,status); all rows or none.' })
  importExperts(@Arg('csv', () => String) csv: string, @Ctx() ctx: Context): Promise<ImportExpertsPayload> {
    return ctx.services.experts.importCsv(ctx, csv);
  }

  @Allow(Role.ADMIN, Role.SUPERVISOR)
  @Query(() => [ExpertProfile], { description: 'The expert pool (names included: administrators and supervisors only).' })
  experts(@Arg('specialty', () => String, { nullable: true }) specialty: string | undefined, @Ctx() ctx: Context): Promise<ExpertProfile[]> {
    return ctx.services.experts.list(ctx.em, specialty);
  }

  @Allow(Role.EXPERT)
  @Query(() => ExpertProfile, { nullable: true, description: "The caller's own expert profile." })
  async myExpertProfile(@Ctx() ctx: Context): Promise<ExpertProfile | null> {
    const expert = await ctx.services.experts.mine(ctx);
    return expert ? profileOf(expert) : null;
  }

  @Allow(Role.EXPERT)
  @Mutation(() => ExpertProfile, { description: 'Declare relations (relatives, shareholdings, former employers); replaces the previous declaration.' })
  declareRelations(@Arg('relations', () => [DeclaredRelationInput]) relations: DeclaredRelationInput[], @Ctx() ctx: Context): Promise<ExpertProfile> {
    return ctx.services.experts.declareRelations(ctx, relations);
  }

  @Allow(Role.EXPERT)
  @Mutation(() => ExpertProfile, { description: 'Declare periods away; replaces the previous declaration.' })
  declareUnavailability(@Arg('periods', () => [UnavailabilityInput]) periods: UnavailabilityInput[], @Ctx() ctx: Context): Promise<ExpertProfile> {
    return ctx.services.experts.declareUnavailability(ctx, periods);
  }

  @Allow(Role.EXPERT)
  @Subscription(() => Invitation, {
    description: 'An invitation to an evaluation committee, as it is made (also when a reserve takes a declined seat). '
      + 'With afterSeq (a position in the caller\'s own stream; 0 = from the start) the invitations made after it come first, '
      + 'so a workspace that loads myInvitations and then subscribes with afterSeq 0 misses none made in between.',
    subscribe: ({ context, args }) => {
      const ctx = context as Context; // @Allow is enforced before subscribe runs
      const { afterSeq } = args as { afterSeq?: number | null };
      if (afterSeq != null && afterSeq < 0) throw new BadInputError('afterSeq must not be negative.', 'afterSeq');
      return ctx.services.draws.invitationsLive(ctx, ctx.services.events, afterSeq ?? undefined);
    },
  })
  invitationReceived(
    @Arg('afterSeq', () => Int, { nullable: true, description: 'replay from after this stream position; omitted: live only' }) _afterSeq: number | null,
    @Root() invitation: Invitation,
  ): Invitation {
    return invitation;
  }

  @Allow(Role.EXPERT)
  @Query(() => [Invitation], { description: "The caller's invitations to evaluation committees." })
  myInvitations(@Ctx() ctx: Context): Promise<Invitation[]> {
    return ctx.services.draws.invitationsOf(ctx);
  }

  @Authenticated()
  @Query(() => DrawView, { nullable: true, description: 'The expert draw of a project: names only for the operator and supervisors until the evaluation starts.' })
  expertDraw(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: Context): Promise<DrawView | null> {
    return ctx.services.draws.viewOf(ctx, requireUuid(projectId, 'projectId'));
  }

  @Public()
  @Query(() => [DrawInputs], { description: 'The published inputs of a completed draw, to re-run with `verify draw`.' })
  expertDrawInputs(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: Context): Promise<DrawInputs[]> {
    return ctx.services.draws.inputs(ctx, requireUuid(projectId, 'projectId'));
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => DrawPayload, { description: 'Request the expert draw (one per project).' })
  requestExpertDraw(@Arg('input', () => RequestDrawInput) input: RequestDrawInput, @Ctx() ctx: Context): Promise<DrawPayload> {
    return ctx.services.draws.request(ctx, { ...input, projectId: requireUuid(input.projectId, 'projectId') });
  }

  @Allow(Role.SUPERVISOR)
  @Mutation(() => DrawPayload, { description: 'Exclude an expert from this draw with a written reason (before the snapshot).' })
  excludeExpert(@Arg('projectId', () => ID) projectId: string, @Arg('code', () => String) code: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: Context): Promise<DrawPayload> {
    return ctx.services.draws.exclude(ctx, requireUuid(projectId, 'projectId'), code, reason);
  }

  @Allow(Role.TENDEREE, Role.AGENT, Role.SUPERVISOR)
  @Mutation(() => DrawPayload, { description: 'Commit to a secret (hex SHA-256 commitment) before the snapshot.' })
  commitToDraw(@Arg('projectId', () => ID) projectId: string, @Arg('commitmentHex', () => String) commitmentHex: string, @Ctx() ctx: Context): Promise<DrawPayload> {
    return ctx.services.draws.commit(ctx, requireUuid(projectId, 'projectId'), commitmentHex.toLowerCase());
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => DrawPayload, { description: 'Fix and log the filtered pool (the operator).' })
  snapshotExpertPool(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: Context): Promise<DrawPayload> {
    return ctx.services.draws.snapshot(ctx, requireUuid(projectId, 'projectId'));
  }

  @Allow(Role.TENDEREE, Role.AGENT, Role.SUPERVISOR)
  @Mutation(() => DrawPayload, { description: 'Reveal the committed secret (after the snapshot).' })
  revealDrawSecret(@Arg('projectId', () => ID) projectId: string, @Arg('secretHex', () => String) secretHex: string, @Ctx() ctx: Context): Promise<DrawPayload> {
    return ctx.services.draws.reveal(ctx, requireUuid(projectId, 'projectId'), secretHex.toLowerCase());
  }

  @Allow(Role.SUPERVISOR)
  @Mutation(() => DrawPayload, { description: 'Enter a public beacon value (round and randomness) after the snapshot.' })
  enterDrawBeacon(@Arg('projectId', () => ID) projectId: string, @Arg('round', () => Int) round: number, @Arg('randomnessHex', () => String) randomnessHex: string, @Ctx() ctx: Context): Promise<DrawPayload> {
    return ctx.services.draws.beacon(ctx, requireUuid(projectId, 'projectId'), round, randomnessHex.toLowerCase());
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => DrawPayload, { description: 'Compute the seed and draw (the operator); invitations go out.' })
  runExpertDraw(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: Context): Promise<DrawPayload> {
    return ctx.services.draws.run(ctx, requireUuid(projectId, 'projectId'));
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => DrawPayload, { description: 'Supplementary round (the operator): only when a specialty has unfilled seats and no reserve left; snapshots and logs a new filtered pool without anyone drawn before.' })
  requestSupplementaryDraw(@Arg('projectId', () => ID) projectId: string, @Arg('reserves', () => Int, { defaultValue: 0 }) reserves: number, @Ctx() ctx: Context): Promise<DrawPayload> {
    return ctx.services.draws.requestSupplementary(ctx, requireUuid(projectId, 'projectId'), reserves);
  }

  @Allow(Role.SUPERVISOR)
  @Mutation(() => DrawPayload, { description: "Enter a supplementary round's public beacon value (after its snapshot; a later beacon round than any used before)." })
  enterSupplementaryBeacon(@Arg('projectId', () => ID) projectId: string, @Arg('number', () => Int) number: number, @Arg('round', () => Int) round: number, @Arg('randomnessHex', () => String) randomnessHex: string, @Ctx() ctx: Context): Promise<DrawPayload> {
    return ctx.services.draws.supplementaryBeacon(ctx, requireUuid(projectId, 'projectId'), number, round, randomnessHex.toLowerCase());
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => DrawPayload, { description: 'Draw a supplementary round (the operator, once its beacon is in); invitations go out.' })
  runSupplementaryDraw(@Arg('projectId', () => ID) projectId: string, @Arg('number', () => Int) number: number, @Ctx() ctx: Context): Promise<DrawPayload> {
    return ctx.services.draws.runSupplementary(ctx, requireUuid(projectId, 'projectId'), number);
  }

  @Allow(Role.EXPERT)
  @Mutation(() => DrawPayload, { description: 'Accept an invitation, or decline it with a reason (the seat passes to the next reserve).' })
  respondToInvitation(@Arg('seatId', () => ID) seatId: string, @Arg('accept', () => Boolean) accept: boolean, @Arg('reason', () => String, { nullable: true }) reason: string | null, @Ctx() ctx: Context): Promise<DrawPayload> {
    return ctx.services.draws.respond(ctx, requireUuid(seatId, 'seatId'), accept, reason);
  }
}
