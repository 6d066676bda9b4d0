/**
 * The committee (评标委员会): formed from the experts who accepted their seats in the draw plus the
 * tenderee's representatives, checked against rule 10; each member declares no conflict before any
 * bid is shown to it, and the members elect their leader (strict majority). Then scoring begins.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../clock';
import type { Context } from '../../graphql/context';
import { ForbiddenError } from '../../graphql/errors';
import { DrawSeat, SeatStatus } from '../experts/draw.entity';
import { User } from '../identity/user.entity';
import { Role } from '../identity/roles';
import type { LedgerService } from '../ledger/ledger.service';
import type { CalendarService } from '../projects/calendar.service';
import { managesProject } from '../projects/project-access';
import { Project, ProjectKind, ProjectStatus } from '../projects/project.entity';
import type { ProjectKind as KindName } from '../projects/rules/procedures';
import { ACTIVE, CommitteeMember, Evaluation, EvaluationStatus, MemberKind } from './evaluation.entity';
import { EvaluationActs, evaluationStream, problem, type EvaluationScope } from './evaluation-scope';
import { EvaluationErrorCode, type EvaluationPayload, type StartEvaluationInput } from './evaluation.types';
import { committeeProblems, electedLeader } from './rules/committee';
import { floatPointFromRecord } from './rules/evaluation-flow';
import { FLOAT_POINTS } from './rules/price-formulas';
import { OpeningSession } from '../opening/opening.entity';
import { criteriaProblems, defaultCriteria, type Criteria, type ProcurementCategory } from './rules/criteria';
import type { EventLog } from '../../events/event-log';

const PROBLEM_TEXT: Record<string, string> = {
  TOO_SMALL: 'the committee needs at least 5 members',
  EVEN_SIZE: 'the committee must have an odd number of members',
  TOO_FEW_EXPERTS: 'experts must be at least two thirds of the members',
};

/**
 * 货物 / 服务 / 工程: construction is works; a category naming services is services; the rest are goods.
 * Land tenders are not government procurement: rule 16's price weights do not bind them (as for works).
 */
export function procurementCategory(project: Project): ProcurementCategory {
  if (project.kind === ProjectKind.CONSTRUCTION || project.kind === ProjectKind.LAND_TRANSFER) return 'WORKS';
  return /服务|service/i.test(project.category) ? 'SERVICES' : 'GOODS';
}

export class CommitteeService {
  constructor(
    private readonly clock: Clock,
    private readonly ledger: LedgerService,
    private readonly eventLog: EventLog,
    private readonly calendars: CalendarService,
    private readonly acts: EvaluationActs,
  ) {}

  /** The tenderee or its agent starts the evaluation once the opening has been published. */
  start(ctx: Context, input: StartEvaluationInput): Promise<EvaluationPayload> {
    return ctx.em.transactional(async (em) => {
      const refuse = (code: EvaluationErrorCode, message: string, field?: string) => this.acts.refuse(em, ctx, problem(code, message, field));
      const project = await em.findOne(Project, { id: input.projectId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!project) return refuse(EvaluationErrorCode.NOT_FOUND, 'There is no such project.', 'projectId');
      if (!managesProject(ctx.actor, project)) throw new ForbiddenError('Only the tenderee or its agent starts the evaluation.');
      if (await em.count(Evaluation, { project })) return refuse(EvaluationErrorCode.ALREADY_DONE, 'The evaluation of this project has started already.');
      if (project.status !== ProjectStatus.EVALUATING) return refuse(EvaluationErrorCode.NOT_ALLOWED_IN_STATE, `The project is ${project.status}; the evaluation starts once the opening record is published.`);
      const config = (await this.calendars.procedure(em, project.method))!;
      const category = procurementCategory(project);
      const chosen = (input.criteria ?? defaultCriteria(config.evaluationMethod, project.kind as KindName)) as unknown as Criteria;
      const criteria = await withDrawnFloatPoint(em, project, chosen);
      const criteriaErrors = safeProblems(() => criteriaProblems(criteria, category));
      if (criteriaErrors.length) return refuse(EvaluationErrorCode.CRITERIA_INVALID, `The criteria are not usable: ${criteriaErrors.join('; ')}.`, 'criteria');

      const seats = await em.find(DrawSeat, { draw: { project }, status: { $in: [SeatStatus.ACCEPTED, SeatStatus.INVITED] } }, { populate: ['expert'], orderBy: { specialty: 'asc', position: 'asc' } });
      if (seats.some((s) => s.status === SeatStatus.INVITED)) return refuse(EvaluationErrorCode.COMMITTEE_INVALID, 'Some drawn experts have not answered their invitation yet.');
      const experts = seats.map((s) => s.expert.getEntity());
      const noAccount = experts.filter((e) => !e.user);
      if (noAccount.length) return refuse(EvaluationErrorCode.COMMITTEE_INVALID, `${noAccount.length} accepted expert(s) have no platform account to evaluate with.`);
      const repIds = [...new Set(input.tendereeRepUserIds ?? [])];
      const reps = repIds.length ? await em.find(User, { id: { $in: repIds } }) : [];
      if (reps.length !== repIds.length || reps.some((u) => u.organisation.id !== project.tenderee.id || !u.roles.includes(Role.TENDEREE))) {
        return refuse(EvaluationErrorCode.COMMITTEE_INVALID, "Representatives must be staff of the project's tenderee.", 'tendereeRepUserIds');
      }
      const kinds = [...experts.map(() => 'EXPERT' as const), ...reps.map(() => 'TENDEREE_REP' as const)];
      const composition = committeeProblems(kinds, config.committee ?? { minSize: 5, expertShare: 2 / 3 });
      if (composition.length) return refuse(EvaluationErrorCode.COMMITTEE_INVALID, `The committee of ${kinds.length} (${experts.length} experts) is not lawful: ${composition.map((p) => PROBLEM_TEXT[p] ?? p).join('; ')} (rule 10).`);

      const now = await this.clock.now(em);
      const evaluation = em.create(Evaluation, { project, status: EvaluationStatus.COMMITTEE, criteria, category, startedByUserId: ctx.actor!.userId, startedAt: now });
      const users = [...experts.map((e) => ({ user: e.user!, expert: e, kind: MemberKind.EXPERT })), ...reps.map((u) => ({ user: u, expert: null, kind: MemberKind.TENDEREE_REP }))];
      users.forEach((m, i) => em.create(CommitteeMember, { evaluation, user: m.user, expert: m.expert, kind: m.kind, seat: i + 1 }));
      await em.flush();
      await this.ledger.append(em, 'evaluation.started', { projectId: project.id, members: users.length, experts: experts.length, criteria }, project);
      await this.eventLog.append(em, evaluationStream(project.id), 'EVALUATION_STARTED', { members: users.length });
      return this.acts.succeed(em, ctx, evaluation, project);
    });
  }

  confirmNoConflict(ctx: Context, projectId: string): Promise<EvaluationPayload> {
    return this.acts.run(ctx, projectId, 'CONFIRM_NO_CONFLICT', (_p, member) => !!member, async (scope) => {
      const member = scope.member!;
      if (member.conflictConfirmedAt) return problem(EvaluationErrorCode.ALREADY_DONE, 'You have declared it already.');
      member.conflictConfirmedAt = scope.now;
      await scope.emit('NO_CONFLICT_DECLARED', { seat: member.seat });
      await this.maybeStartScoring(scope);
    });
  }

  voteLeader(ctx: Context, projectId: string, candidateMemberId: string): Promise<EvaluationPayload> {
    return this.acts.run(ctx, projectId, 'VOTE_LEADER', (_p, member) => !!member, async (scope) => {
      const member = scope.member!;
      if (!member.conflictConfirmedAt) return problem(EvaluationErrorCode.CONFLICT_NOT_CONFIRMED, 'Declare that you have no conflict of interest first.');
      const members = await this.members(scope.em, scope.evaluation);
      if (!members.some((m) => m.id === candidateMemberId)) return problem(EvaluationErrorCode.INPUT_INVALID, 'The candidate is not a member of this committee.', 'memberId');
      member.leaderVoteFor = candidateMemberId;
      await scope.emit('LEADER_VOTE', { seat: member.seat });
      await this.maybeStartScoring(scope);
    });
  }

  members(em: EntityManager, evaluation: Evaluation): Promise<CommitteeMember[]> {
    return em.find(CommitteeMember, { evaluation, ...ACTIVE }, { orderBy: { seat: 'asc' }, populate: ['user'] });
  }

  /** Scoring starts once every member has declared no conflict and a leader is elected. */
  private async maybeStartScoring({ em, evaluation, emit }: EvaluationScope): Promise<void> {
    const members = await this.members(em, evaluation);
    const votes = members.filter((m) => m.leaderVoteFor).map((m) => ({ voter: m.id, candidate: m.leaderVoteFor! }));
    const { leader } = electedLeader(members.map((m) => m.id), votes);
    if (leader && evaluation.leaderMemberId !== leader) {
      evaluation.leaderMemberId = leader;
      await emit('LEADER_ELECTED', { seat: members.find((m) => m.id === leader)!.seat });
    }
    if (evaluation.leaderMemberId && members.every((m) => m.conflictConfirmedAt)) {
      evaluation.status = EvaluationStatus.SCORING;
      await emit('SCORING_STARTED', {});
    }
  }
}

/** An average-price formula without a float point gets the one drawn at the opening (rule 18). */
async function withDrawnFloatPoint(em: EntityManager, project: Project, criteria: Criteria): Promise<Criteria> {
  if (criteria?.price?.kind !== 'AVERAGE_PRICE' || criteria.price.floatPointPct !== null) return criteria;
  const session = await em.findOneOrFail(OpeningSession, { project });
  return { ...criteria, price: { ...criteria.price, floatPointPct: floatPointFromRecord(session.recordSha256!, FLOAT_POINTS) } };
}

function safeProblems(check: () => string[]): string[] {
  try {
    return check();
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}
