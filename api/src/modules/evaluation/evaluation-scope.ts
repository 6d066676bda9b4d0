/**
 * The common frame of every act on an evaluation: one transaction, the project and evaluation rows
 * locked, the caller's right checked, the stage checked against the act, the audit record written and
 * events appended to the evaluation's stream — all committed together or not at all.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../clock';
import type { EventLog } from '../../events/event-log';
import type { Context } from '../../graphql/context';
import { ForbiddenError } from '../../graphql/errors';
import { Project } from '../projects/project.entity';
import type { AuditService } from '../supervision/audit.service';
import { AuditOutcome } from '../supervision/audit-record.entity';
import { ACTIVE, CommitteeMember, Evaluation } from './evaluation.entity';
import { EvaluationErrorCode, type EvaluationError, type EvaluationPayload, type EvaluationView } from './evaluation.types';
import { actAllowed, stagesFor, type EvaluationAct } from './rules/evaluation-flow';

export const evaluationStream = (projectId: string): string => `evaluation:${projectId}`;

export interface EvaluationScope {
  em: EntityManager;
  evaluation: Evaluation;
  project: Project;
  /** the caller's seat on the committee, if it has one */
  member: CommitteeMember | null;
  now: Date;
  emit(type: string, payload?: Record<string, unknown>): Promise<void>;
}

export const problem = (code: EvaluationErrorCode, message: string, field?: string, details?: Record<string, unknown>[]): EvaluationError => ({
  code,
  message,
  field: field ?? null,
  details: details ?? null,
});

export type ViewBuilder = (em: EntityManager, ctx: Context, evaluation: Evaluation, project: Project) => Promise<EvaluationView>;

export class EvaluationActs {
  constructor(
    private readonly clock: Clock,
    private readonly eventLog: EventLog,
    private readonly audit: AuditService,
    private readonly view: ViewBuilder,
  ) {}

  emitter(em: EntityManager, projectId: string): EvaluationScope['emit'] {
    return async (type, payload = {}) => {
      await this.eventLog.append(em, evaluationStream(projectId), type, payload);
    };
  }

  /**
   * Run `work` for `act` on the evaluation of `projectId`. `allowed` decides who may act at all (else
   * FORBIDDEN); `work` returns an EvaluationError before changing anything, or nothing on success.
   */
  run(
    ctx: Context,
    projectId: string,
    act: EvaluationAct,
    allowed: (project: Project, member: CommitteeMember | null) => boolean,
    work: (scope: EvaluationScope) => Promise<EvaluationError | void>,
    notStarted: EvaluationErrorCode = EvaluationErrorCode.NOT_FOUND,
  ): Promise<EvaluationPayload> {
    return ctx.em.transactional(async (em) => {
      const project = await em.findOne(Project, { id: projectId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!project) return this.refuse(em, ctx, problem(EvaluationErrorCode.NOT_FOUND, 'There is no such project.', 'projectId'));
      const evaluation = await em.findOne(Evaluation, { project }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const member = evaluation ? await em.findOne(CommitteeMember, { evaluation, user: ctx.actor!.userId, ...ACTIVE }) : null;
      if (!allowed(project, member)) throw new ForbiddenError('Your role does not take part in this step of the evaluation.');
      if (!evaluation) return this.refuse(em, ctx, problem(notStarted, 'The evaluation of this project has not started.', 'projectId'));
      if (!actAllowed(evaluation.status, act)) {
        return this.refuse(em, ctx, problem(EvaluationErrorCode.NOT_ALLOWED_IN_STATE, `The evaluation is at ${evaluation.status}; this can be done only at ${stagesFor(act).join(' or ')}.`));
      }
      const now = await this.clock.now(em);
      const error = await work({ em, evaluation, project, member, now, emit: this.emitter(em, project.id) });
      if (error) return this.refuse(em, ctx, error);
      return this.succeed(em, ctx, evaluation, project);
    });
  }

  async succeed(em: EntityManager, ctx: Context, evaluation: Evaluation, project: Project): Promise<EvaluationPayload> {
    await em.flush();
    await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
    return { evaluation: await this.view(em, ctx, evaluation, project), errors: [] };
  }

  refuse(em: EntityManager, ctx: Context, error: EvaluationError): Promise<EvaluationPayload> {
    return this.audit.refuse(em, ctx, [error], { evaluation: null });
  }
}
