/**
 * The common frame of every act on an opening session: one transaction, the session row locked, the
 * caller's right to act checked, the state checked against the act, the audit record written, and
 * events appended to the session's stream — all committed together or not at all.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../clock';
import type { EventLog } from '../../events/event-log';
import { hasRole, type Context } from '../../graphql/context';
import { Role } from '../identity/roles';
import { managesProject } from '../projects/project-access';
import { ForbiddenError } from '../../graphql/errors';
import { Project, ProjectStatus } from '../projects/project.entity';
import type { AuditService } from '../supervision/audit.service';
import { AuditOutcome } from '../supervision/audit-record.entity';
import { OpeningSession, SessionStatus } from './opening.entity';
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

/** Who may take a step: the host (the project's tenderee or agent), or any bidder (whose bid the step checks). */
export const host = (ctx: Context) => (_em: EntityManager, project: Project): boolean => managesProject(ctx.actor, project);
export const bidder = (ctx: Context) => (): boolean => hasRole(ctx.actor, Role.BIDDER);

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
   * FORBIDDEN); `work` returns an OpeningError before changing anything, or nothing on success. The
   * project row is locked first (as publish and cancel do), and a project no longer OPENING (e.g.
   * cancelled) refuses every act.
   */
  run(
    ctx: Context,
    projectId: string,
    act: SessionAct,
    allowed: (em: EntityManager, project: Project) => boolean | Promise<boolean>,
    work: (scope: Scope) => Promise<OpeningError | void>,
  ): Promise<OpeningPayload> {
    return ctx.em.transactional(async (em) => {
      const project = await em.findOne(Project, { id: projectId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!project) return this.refuse(em, ctx, problem(OpeningErrorCode.NOT_FOUND, 'There is no such project.', 'projectId'));
      if (!(await allowed(em, project))) throw new ForbiddenError('Your role does not take part in this step of the opening.');
      const session = await em.findOne(OpeningSession, { project }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!session) return this.refuse(em, ctx, problem(OpeningErrorCode.NOT_FOUND, 'The opening session of this project has not been opened.', 'projectId'));
      if (project.status !== ProjectStatus.OPENING && session.status !== SessionStatus.PUBLISHED) {
        return this.refuse(em, ctx, problem(OpeningErrorCode.NOT_ALLOWED_IN_STATE, `The project is ${project.status}; its opening cannot go on.`));
      }
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
