/**
 * Changes to a sitting committee. Rule 12: a member says once, with a reason, that the time is
 * insufficient; when more than a third of the members have, the evaluation period is extended (a
 * deadline light the supervisors follow, a ledger entry, an event). Rule 13: the project staff or a
 * supervisor replaces a member, with a reason, until the report is complete; the next reserve of the
 * draw takes the seat and must declare and score from scratch; the replaced member's sheet is void
 * (kept), its access ends, and the report's signatures and result are reset.
 */
import type { Context } from '../../graphql/context';
import { hasRole } from '../../graphql/context';
import { ForbiddenError } from '../../graphql/errors';
import { DrawSeat, SeatStatus } from '../experts/draw.entity';
import { Role } from '../identity/roles';
import type { LedgerService } from '../ledger/ledger.service';
import { managesProject } from '../projects/project-access';
import type { DeadlineLightsService } from '../supervision/deadline-lights.service';
import { ACTIVE, CommitteeMember, EvaluationStatus, MemberKind, ScoresheetRow, SheetStatus } from './evaluation.entity';
import { EvaluationActs, problem } from './evaluation-scope';
import { EvaluationErrorCode, type EvaluationPayload, type ReplaceCommitteeMemberInput } from './evaluation.types';
import { EVALUATION_PERIOD_RULE, mayReplace, nextReserve, periodExtension, replacementAllowed, stageAfterReplacement } from './rules/replacement';

const MAX_REASON = 500;

export class CommitteeChangesService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly lights: DeadlineLightsService,
    private readonly acts: EvaluationActs,
  ) {}

  declareTimeInsufficient(ctx: Context, projectId: string, reason: string): Promise<EvaluationPayload> {
    return this.acts.run(ctx, projectId, 'DECLARE_TIME_INSUFFICIENT', (_p, member) => !!member, async ({ em, evaluation, project, now, emit, member }) => {
      const me = member!;
      if (me.timeInsufficientAt) return problem(EvaluationErrorCode.ALREADY_DONE, 'You have said so already.');
      const text = reason.trim();
      if (!text) return problem(EvaluationErrorCode.REASON_REQUIRED, 'Say briefly why the time is insufficient.', 'reason');
      if (text.length > MAX_REASON) return problem(EvaluationErrorCode.INPUT_INVALID, `Keep the reason under ${MAX_REASON} characters.`, 'reason');
      Object.assign(me, { timeInsufficientAt: now, timeInsufficientReason: text });
      await emit('TIME_INSUFFICIENT_DECLARED', { seat: me.seat, reason: text });
      const members = await em.find(CommitteeMember, { evaluation, ...ACTIVE });
      const sayInsufficient = members.filter((m) => m.timeInsufficientAt).length;
      const endsAt = periodExtension({ members: members.length, sayInsufficient, extendedAlready: !!evaluation.periodExtendedAt, currentEnd: evaluation.periodEndsAt ?? null, now });
      if (!endsAt) return;
      Object.assign(evaluation, { periodEndsAt: endsAt, periodExtendedAt: now });
      await this.ledger.append(em, 'evaluation.period_extended', { members: members.length, sayInsufficient, endsAt: endsAt.toISOString() }, project);
      await this.lights.track(em, project, { rule: EVALUATION_PERIOD_RULE, label: '评标时间（延长）', responsibleId: project.tenderee.id, startsAt: now, dueAt: endsAt });
      await emit('PERIOD_EXTENDED', { endsAt: endsAt.toISOString(), members: members.length, sayInsufficient });
    });
  }

  replaceMember(ctx: Context, input: ReplaceCommitteeMemberInput): Promise<EvaluationPayload> {
    const allowed = (project: Parameters<typeof managesProject>[1]) => managesProject(ctx.actor, project) || hasRole(ctx.actor, Role.SUPERVISOR);
    return this.acts.run(ctx, input.projectId, 'REPLACE_MEMBER', allowed, async ({ em, evaluation, project, now, emit }) => {
      if (!replacementAllowed(evaluation.status)) return problem(EvaluationErrorCode.REPORT_FINISHED, 'The report is complete; the committee can no longer change.');
      if (!mayReplace(evaluation.status, hasRole(ctx.actor, Role.SUPERVISOR))) throw new ForbiddenError('The results are known: only a supervisor may replace a member now.');
      const reason = input.reason.trim();
      if (!reason) return problem(EvaluationErrorCode.REASON_REQUIRED, 'State why the member is replaced.', 'reason');
      if (reason.length > MAX_REASON) return problem(EvaluationErrorCode.INPUT_INVALID, `Keep the reason under ${MAX_REASON} characters.`, 'reason');
      const target = await em.findOne(CommitteeMember, { id: input.memberId, evaluation, ...ACTIVE }, { populate: ['expert', 'user'] });
      if (!target) return problem(EvaluationErrorCode.MEMBER_UNKNOWN, 'No sitting member of this committee has that id.', 'memberId');
      const seats = await em.find(DrawSeat, { draw: { project } }, { populate: ['expert'] });
      const own = target.expert ? seats.find((s) => s.expert.id === target.expert!.id) : undefined;
      const reserve = nextReserve(seats.map((s) => ({ id: s.id, specialty: s.specialty, round: s.round, position: s.position, status: s.status, hasAccount: !!s.expert.getEntity().user, seat: s })), own?.specialty ?? null)?.seat;
      if (!reserve) return problem(EvaluationErrorCode.NO_RESERVE_AVAILABLE, `No reserve of ${own ? `specialty ${own.specialty}` : 'the draw'} is left to take the seat; request a supplementary draw round first.`);

      const expert = reserve.expert.getEntity();
      const sheet = await em.findOne(ScoresheetRow, { member: target });
      const entry = await this.ledger.append(em, 'evaluation.member_replaced', {
        seat: target.seat,
        replacedMemberId: target.id,
        replacedExpertCode: target.expert?.getEntity().code ?? null,
        replacementExpertCode: expert.code,
        reason,
        voidSheetStatus: sheet?.status ?? null,
        voidSheetSha256: sheet?.contentSha256 ?? null,
      }, project);
      if (sheet) sheet.status = SheetStatus.VOID;
      Object.assign(target, { replacedAt: now, replacedReason: reason, replacedByUserId: ctx.actor!.userId, replacementLedgerIndex: entry.index });
      await em.flush(); // the seat is free before the replacement sits on it (one active member per seat)
      const replacement = em.create(CommitteeMember, { evaluation, user: expert.user!, expert, kind: MemberKind.EXPERT, seat: target.seat });
      target.replacedByMemberId = replacement.id;
      Object.assign(reserve, { status: SeatStatus.ACCEPTED, respondedAt: now });

      const leaderReplaced = evaluation.leaderMemberId === target.id;
      for (const m of await em.find(CommitteeMember, { evaluation, ...ACTIVE })) {
        if (m.leaderVoteFor === target.id) m.leaderVoteFor = null;
        Object.assign(m, { reportAct: null, reportReason: null, reportSignature: null, reportActedAt: null });
      }
      const stage = stageAfterReplacement(evaluation.status, leaderReplaced) as EvaluationStatus;
      Object.assign(evaluation, { status: stage, aggregate: null, aggregatedAt: null, ...(leaderReplaced ? { leaderMemberId: null } : {}) });
      await emit('MEMBER_REPLACED', { seat: target.seat, reason, ledgerIndex: entry.index, stage, replacedUserId: target.user.id, seatedUserId: expert.user!.id });
    }, EvaluationErrorCode.NOT_IN_EVALUATION);
  }
}
