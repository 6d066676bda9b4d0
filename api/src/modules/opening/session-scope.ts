/**
 * The common frame of every act on an opening session: one transaction, the session row locked, the
 * caller's right to act checked, the state checked against the act, the audit record written, and
 * events appended to the session's stream — all committed together or not at all.
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
import { OpeningSession } from './opening.entity';
import { OpeningErrorCode, type OpeningError, type OpeningPayload, type OpeningSessionView } from './opening.types';
import { actAllowed, statesFor, type SessionAct } from './rules/session';

export const openingStream = (projectId: string): string => `opening:${projectId}`;

export interface Scope {
  em: EntityManager;
  session: OpeningSession;
  project: Project;
  now: Date;
  emit(type: string, payload?: Record<string, unknown>): Promise<void>;
}

export const problem = (code: OpeningErrorCode, message: string, field?: string): OpeningError => ({ code, message, field: field ?? null });

export class SessionActs {
  constructor(
    private readonly clock: Clock,
    private readonly eventLog: EventLog,
    private readonly audit: AuditService,
    private readonly view: (em: EntityManager, ctx: Context, session: OpeningSession, project: Project) => Promise<OpeningSessionView>,
  ) {}

  emitter(em: EntityManager, projectId: string): Scope['emit'] {
    return async (type, payload = {}) => {
      await this.eventLog.append(em, openingStream(projectId), type, payload);
    };
  }

  /**
   * Run `work` for `act` on the session of `projectId`. `allowed` decides who may act at all (else
   * FORBIDDEN); `work` returns an OpeningError before changing anything, or nothing on success.
   */
  run(
    ctx: Context,
    projectId: string,
    act: SessionAct,
    allowed: (project: Project) => boolean | Promise<boolean>,
    work: (scope: Scope) => Promise<OpeningError | void>,
  ): Promise<OpeningPayload> {
    return ctx.em.transactional(async (em) => {
      const project = await em.findOne(Project, { id: projectId });
      if (!project) return this.refuse(em, ctx, problem(OpeningErrorCode.NOT_FOUND, 'There is no such project.', 'projectId'));
      if (!(await allowed(project))) throw new ForbiddenError('Your role does not take part in this step of the opening.');
      const session = await em.findOne(OpeningSession, { project }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!session) return this.refuse(em, ctx, problem(OpeningErrorCode.NOT_FOUND, 'The opening session of this project has not been opened.', 'projectId'));
      if (!actAllowed(session.status, act)) {
        return this.refuse(em, ctx, problem(OpeningErrorCode.NOT_ALLOWED_IN_STATE, `The session is at ${session.status}; this can be done only at ${statesFor(act).join(' or ')}.`));
      }
      const now = await this.clock.now(em);
      const error = await work({ em, session, project, now, emit: this.emitter(em, project.id) });
      if (error) return this.refuse(em, ctx, error);
      return this.succeed(em, ctx, session, project);
    });
  }

  async succeed(em: EntityManager, ctx: Context, session: OpeningSession, project: Project): Promise<OpeningPayload> {
    await em.flush();
    await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
    return { session: await this.view(em, ctx, session, project), errors: [] };
  }

  refuse(em: EntityManager, ctx: Context, error: OpeningError): Promise<OpeningPayload> {
    return this.audit.refuse(em, ctx, [error], { session: null });
  }
}
