import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Allow, Authenticated, Public } from '../../graphql/access';
import type { Context } from '../../graphql/context';
import { requireUuid } from '../../graphql/ids';
import { Role } from '../identity/roles';
import type { StoredEvent } from '../../events/event-log';
import { StreamEvent, toStreamEvent } from '../../events/stream-event';
import { CorrectScoreInput, EvaluationPayload, EvaluationView, ReplaceCommitteeMemberInput, ReportActInput, StartEvaluationInput, SubmitScoresheetInput } from './evaluation.types';

const id = (value: string, field = 'projectId') => requireUuid(value, field);

@Resolver()
export class EvaluationResolver {
  @Public()
  @Query(() => EvaluationView, { nullable: true, description: 'The evaluation of a project as the caller may see it (null before it starts).' })
  evaluation(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: Context): Promise<EvaluationView | null> {
    return ctx.services.evaluationQueries.view(ctx, id(projectId));
  }

  @Allow(Role.BIDDER)
  @Query(() => GraphQLJSONObject, { nullable: true, description: "得分说明: the caller's own per-item scores (members anonymised) and its price-score computation with every input, once the result is published." })
  explainMyScore(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: Context): Promise<Record<string, unknown> | null> {
    return ctx.services.evaluationQueries.explain(ctx, id(projectId));
  }

  @Authenticated()
  @Query(() => String, { nullable: true, description: 'The award notice (canonical JSON) the tenderee seals, once the candidates are published.' })
  awardNoticeDocument(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: Context): Promise<string | null> {
    return ctx.services.evaluationQueries.awardNoticeDocument(ctx, id(projectId));
  }

  @Public()
  @Subscription(() => StreamEvent, {
    description: 'The steps of an evaluation after `afterSeq` (replayed, then live), as the caller may learn of them: the page refetches `evaluation` on each.',
    subscribe: ({ args, context }) => {
      const { projectId, afterSeq } = args as { projectId: string; afterSeq: number };
      return (context as Context).services.evaluationQueries.watch(context as Context, id(projectId), afterSeq);
    },
  })
  evaluationEvents(@Arg('projectId', () => ID) _projectId: string, @Arg('afterSeq', () => Int, { defaultValue: 0 }) _afterSeq: number, @Root() event: StoredEvent): StreamEvent {
    return toStreamEvent(event);
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => EvaluationPayload, { description: 'Form the committee from the accepted experts (+ tenderee representatives) and start the evaluation.' })
  startEvaluation(@Arg('input', () => StartEvaluationInput) input: StartEvaluationInput, @Ctx() ctx: Context): Promise<EvaluationPayload> {
    return ctx.services.committee.start(ctx, { ...input, projectId: id(input.projectId), tendereeRepUserIds: input.tendereeRepUserIds?.map((u) => id(u, 'tendereeRepUserIds')) });
  }

  @Authenticated()
  @Mutation(() => EvaluationPayload, { description: '回避声明: a member declares no conflict of interest; only then are the bids shown to it.' })
  declareNoConflict(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: Context): Promise<EvaluationPayload> {
    return ctx.services.committee.confirmNoConflict(ctx, id(projectId));
  }

  @Authenticated()
  @Mutation(() => EvaluationPayload, { description: 'Vote for the committee leader (elected by a strict majority of the members).' })
  voteCommitteeLeader(@Arg('projectId', () => ID) projectId: string, @Arg('memberId', () => ID) memberId: string, @Ctx() ctx: Context): Promise<EvaluationPayload> {
    return ctx.services.committee.voteLeader(ctx, id(projectId), id(memberId, 'memberId'));
  }

  @Authenticated()
  @Mutation(() => EvaluationPayload, { description: 'Save a draft of your scoresheet (seen by nobody else).' })
  saveScoresheet(@Arg('projectId', () => ID) projectId: string, @Arg('sheet', () => GraphQLJSONObject) sheet: Record<string, unknown>, @Ctx() ctx: Context): Promise<EvaluationPayload> {
    return ctx.services.scoring.saveDraft(ctx, id(projectId), sheet);
  }

  @Authenticated()
  @Mutation(() => EvaluationPayload, { description: 'Submit your scoresheet, signed with your signing certificate.' })
  submitScoresheet(@Arg('input', () => SubmitScoresheetInput) input: SubmitScoresheetInput, @Ctx() ctx: Context): Promise<EvaluationPayload> {
    return ctx.services.scoring.submit(ctx, { ...input, projectId: id(input.projectId) });
  }

  @Authenticated()
  @Mutation(() => EvaluationPayload, { description: 'The leader changes a summed item score for one of the four reasons of rule 19 (logged).' })
  correctEvaluationScore(@Arg('input', () => CorrectScoreInput) input: CorrectScoreInput, @Ctx() ctx: Context): Promise<EvaluationPayload> {
    return ctx.services.scoring.correct(ctx, { ...input, projectId: id(input.projectId), memberId: id(input.memberId, 'memberId'), bidId: id(input.bidId, 'bidId') });
  }

  @Authenticated()
  @Mutation(() => EvaluationPayload, { description: 'Sign the report, sign with a written dissent, or refuse.' })
  actOnEvaluationReport(@Arg('input', () => ReportActInput) input: ReportActInput, @Ctx() ctx: Context): Promise<EvaluationPayload> {
    return ctx.services.report.act(ctx, { ...input, projectId: id(input.projectId) });
  }

  @Authenticated()
  @Mutation(() => EvaluationPayload, { description: 'A member says, once and with a short reason, that the time is insufficient; when more than a third have, the evaluation period is extended (rule 12).' })
  declareTimeInsufficient(@Arg('projectId', () => ID) projectId: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: Context): Promise<EvaluationPayload> {
    return ctx.services.committeeChanges.declareTimeInsufficient(ctx, id(projectId), reason);
  }

  @Allow(Role.TENDEREE, Role.AGENT, Role.SUPERVISOR)
  @Mutation(() => EvaluationPayload, { description: "Replace a member (with a reason) until the report is complete: the draw's next reserve takes the seat; the replaced member's scoresheet is void (rule 13)." })
  replaceCommitteeMember(@Arg('input', () => ReplaceCommitteeMemberInput) input: ReplaceCommitteeMemberInput, @Ctx() ctx: Context): Promise<EvaluationPayload> {
    return ctx.services.committeeChanges.replaceMember(ctx, { ...input, projectId: id(input.projectId), memberId: id(input.memberId, 'memberId') });
  }

  @Allow(Role.BIDDER)
  @Mutation(() => EvaluationPayload, { description: 'Object to the published result (during the publicity only); the project is suspended until answered.' })
  raiseResultObjection(@Arg('projectId', () => ID) projectId: string, @Arg('text', () => String) text: string, @Ctx() ctx: Context): Promise<EvaluationPayload> {
    return ctx.services.publicity.raise(ctx, id(projectId), text);
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => EvaluationPayload, { description: 'Answer an objection to the result; the project resumes once all are answered.' })
  answerResultObjection(@Arg('projectId', () => ID) projectId: string, @Arg('objectionId', () => ID) objectionId: string, @Arg('answer', () => String) answer: string, @Ctx() ctx: Context): Promise<EvaluationPayload> {
    return ctx.services.publicity.answer(ctx, id(projectId), id(objectionId, 'objectionId'), answer);
  }

  @Allow(Role.TENDEREE)
  @Mutation(() => EvaluationPayload, { description: 'Issue the award notice sealed with your e-seal (envelope over awardNoticeDocument), after the publicity.' })
  issueAwardNotice(@Arg('projectId', () => ID) projectId: string, @Arg('envelope', () => String, { description: 'base64 *.eseal.json' }) envelope: string, @Ctx() ctx: Context): Promise<EvaluationPayload> {
    return ctx.services.publicity.award(ctx, id(projectId), envelope);
  }
}
