/** Bidders' side of a published project: registration (报名), clarification questions and answers (答疑), notifications. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../clock';
import { hasRole, type Context } from '../../graphql/context';
import { ForbiddenError } from '../../graphql/errors';
import { beforeDeadline } from '../bids/bid-window';
import { Organisation } from '../identity/organisation.entity';
import { Role } from '../identity/roles';
import type { AuditService } from '../supervision/audit.service';
import { AuditOutcome } from '../supervision/audit-record.entity';
import type { DeadlineLightsService } from '../supervision/deadline-lights.service';
import { Clarification } from './clarification.entity';
import { canSeeProject, managesProject } from './project-access';
import { textProblem } from './project-input';
import { Project } from './project.entity';
import { Notification, Registration } from './project-records.entity';
import { CLARIFICATION_ANSWER_DAYS, responsibleFor } from './project-timers';
import type { ProjectsService } from './projects.service';
import { ProjectErrorCode, type AnswerClarificationInput, type AskClarificationInput, type ClarificationPayload, type ProjectError, type RegisterForProjectInput, type RegistrationPayload } from './projects.types';

const OPEN_FOR_BIDDERS = ['PUBLISHED', 'BIDDING', 'LISTING'];

export class ParticipationService {
  constructor(
    private readonly clock: Clock,
    private readonly projects: ProjectsService,
    private readonly lights: DeadlineLightsService,
    private readonly audit: AuditService,
  ) {}

  async register(ctx: Context, input: RegisterForProjectInput): Promise<RegistrationPayload> {
    return ctx.em.transactional(async (em) => {
      const project = await this.visibleProject(em, ctx, input.projectId);
      if (!project) return this.refuse(em, ctx, notFound(), { registration: null });
      const now = await this.clock.now(em);
      if (!this.openForBidders(project, now)) return this.refuse(em, ctx, { code: ProjectErrorCode.REGISTRATION_CLOSED, message: 'Registration is open only while the project is published and before the bid deadline.' }, { registration: null });
      const lots = await project.lots.loadItems();
      const numbers = input.lotNumbers?.length ? [...new Set(input.lotNumbers)].sort((a, b) => a - b) : lots.map((l) => l.number);
      if (numbers.some((n) => !lots.some((l) => l.number === n))) return this.refuse(em, ctx, { code: ProjectErrorCode.LOTS_INVALID, message: `This project has lots ${lots.map((l) => l.number).join(', ')}.`, field: 'lotNumbers' }, { registration: null });
      if (await em.count(Registration, { project, organisation: ctx.actor!.organisationId })) return this.refuse(em, ctx, { code: ProjectErrorCode.ALREADY_REGISTERED, message: 'Your organisation is already registered for this project.' }, { registration: null });
      const registration = em.create(Registration, { project, organisation: em.getReference(Organisation, ctx.actor!.organisationId), userId: ctx.actor!.userId, lotNumbers: numbers });
      await em.flush();
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      return { registration, errors: [] };
    });
  }

  async ask(ctx: Context, input: AskClarificationInput): Promise<ClarificationPayload> {
    return ctx.em.transactional(async (em) => {
      const project = await this.visibleProject(em, ctx, input.projectId);
      if (!project) return this.refuse(em, ctx, notFound(), { clarification: null });
      if (!(await em.count(Registration, { project, organisation: ctx.actor!.organisationId }))) return this.refuse(em, ctx, { code: ProjectErrorCode.NOT_REGISTERED, message: 'Register for the project before asking.' }, { clarification: null });
      const now = await this.clock.now(em);
      if (!this.openForBidders(project, now)) return this.refuse(em, ctx, { code: ProjectErrorCode.REGISTRATION_CLOSED, message: 'Questions are taken only before the bid deadline.' }, { clarification: null });
      const text = textProblem('question', input.question, 5000);
      if (text) return this.refuse(em, ctx, text, { clarification: null });
      const clarification = em.create(Clarification, { project, askedBy: em.getReference(Organisation, ctx.actor!.organisationId), question: input.question.trim() });
      await this.lights.track(em, project, {
        rule: `CLARIFICATION_ANSWER:${clarification.id}`,
        label: '答疑答复',
        responsibleId: responsibleFor(project),
        startsAt: now,
        dueAt: new Date(now.getTime() + CLARIFICATION_ANSWER_DAYS * 86400_000),
      });
      await em.flush();
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      return { clarification, errors: [] };
    });
  }

  async answer(ctx: Context, input: AnswerClarificationInput): Promise<ClarificationPayload> {
    return ctx.em.transactional(async (em) => {
      const clarification = await em.findOne(Clarification, { id: input.clarificationId }, { populate: ['project'] });
      const project = clarification?.project.getEntity();
      if (!clarification || !project) return this.refuse(em, ctx, { code: ProjectErrorCode.NOT_FOUND, message: 'There is no such question.', field: 'clarificationId' }, { clarification: null });
      if (!managesProject(ctx.actor, project)) throw new ForbiddenError('Only the tenderee and its agent answer questions about their project.');
      if (clarification.answer) return this.refuse(em, ctx, { code: ProjectErrorCode.ALREADY_ANSWERED, message: 'This question is already answered; publish an amendment to change the answer.' }, { clarification: null });
      const text = textProblem('answer', input.answer, 20_000);
      if (text) return this.refuse(em, ctx, text, { clarification: null });
      const now = await this.clock.now(em);
      Object.assign(clarification, { answer: input.answer.trim(), answeredAt: now, answeredByUserId: ctx.actor!.userId });
      await this.lights.complete(em, project, `CLARIFICATION_ANSWER:${clarification.id}`, now);
      await this.projects.notifyRegistered(em, project, 'CLARIFICATION', `${project.code} 答疑：${clarification.question.slice(0, 60)} — ${clarification.answer!.slice(0, 200)}`);
      await em.flush();
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      return { clarification, errors: [] };
    });
  }

  /** Registered bidders see answered questions (askers are never named); those who run the project and supervisors see all. */
  async clarifications(ctx: Context, project: Project): Promise<Clarification[]> {
    if (!canSeeProject(ctx.actor, project)) return [];
    if (managesProject(ctx.actor, project) || hasRole(ctx.actor, Role.SUPERVISOR, Role.ADMIN)) return ctx.em.find(Clarification, { project }, { orderBy: { askedAt: 'asc' } });
    if (!ctx.actor || !(await ctx.em.count(Registration, { project, organisation: ctx.actor.organisationId }))) return [];
    return ctx.em.find(Clarification, { project, $or: [{ answer: { $ne: null } }, { askedBy: ctx.actor.organisationId }] }, { orderBy: { askedAt: 'asc' } });
  }

  async notifications(ctx: Context, first: number): Promise<Notification[]> {
    return ctx.em.find(Notification, { organisation: ctx.actor!.organisationId }, { orderBy: { id: 'desc' }, limit: Math.min(Math.max(first, 1), 100) });
  }

  async registrationOf(ctx: Context, projectId: string): Promise<Registration | null> {
    return ctx.actor ? ctx.em.findOne(Registration, { project: projectId, organisation: ctx.actor.organisationId }) : null;
  }

  private openForBidders(project: Project, now: Date): boolean {
    return OPEN_FOR_BIDDERS.includes(project.status) && beforeDeadline(project, now);
  }

  private async visibleProject(em: EntityManager, ctx: Context, projectId: string): Promise<Project | null> {
    const project = await em.findOne(Project, { id: projectId });
    return project?.publishedAt && canSeeProject(ctx.actor, project) ? project : null;
  }

  private refuse<T extends object>(em: EntityManager, ctx: Context, error: ProjectError, empty: T): Promise<T & { errors: ProjectError[] }> {
    return this.audit.refuse(em, ctx, [error], empty);
  }
}

function notFound(): ProjectError {
  return { code: ProjectErrorCode.NOT_FOUND, message: 'There is no such published project.', field: 'projectId' };
}
