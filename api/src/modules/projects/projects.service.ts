/** Projects: create and edit drafts, publish (schedule rules, key ceremony), amend, cancel. */
import { LockMode, type FilterQuery } from '@mikro-orm/core';
import { certificateFacts } from '../../../../crypto/pki';
import type { Custodian } from '../../../../crypto/threshold';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../clock';
import { hasRole, type Context } from '../../graphql/context';
import { ForbiddenError } from '../../graphql/errors';
import { paginate, type ConnectionArgs, type Page } from '../../graphql/relay';
import { sha256Hex } from '../../sha256';
import { Certificate, CertificateUsage, validCertificateWhere } from '../identity/certificate.entity';
import { Organisation } from '../identity/organisation.entity';
import { OrganisationKind, Role } from '../identity/roles';
import type { AuditService } from '../supervision/audit.service';
import { AuditOutcome } from '../supervision/audit-record.entity';
import type { LedgerService } from '../ledger/ledger.service';
import type { DeadlineLightsService } from '../supervision/deadline-lights.service';
import type { CalendarService } from './calendar.service';
import { ProjectDocument } from './document.entity';
import { Lot } from './lot.entity';
import type { OpeningKeyService } from './opening-key.service';
import { canSeeProject, managesProject } from './project-access';
import { lotsProblem, mergeSchedule, moneyProblems, scheduleErrors, textProblem } from './project-input';
import { Project, ProjectKind } from './project.entity';
import { Announcement, AnnouncementKind, Notification, Registration } from './project-records.entity';
import { applyEvent } from './project-transitions';
import {
  ProjectErrorCode,
  type AmendProjectInput,
  type CancelProjectInput,
  type CreateProjectInput,
  type CustodianCandidate,
  type ProjectError,
  type ProjectFilter,
  type ProjectPayload,
  type PublishProjectInput,
  type UpdateProjectInput,
} from './projects.types';
import { cstDay } from './rules/calendar';
import { amendmentViolation, validateSchedule, type Schedule } from './rules/schedule';
import { projectTimers } from './project-timers';

const CODE_PREFIX: Record<ProjectKind, string> = {
  [ProjectKind.GOVERNMENT_PROCUREMENT]: 'ZFCG',
  [ProjectKind.CONSTRUCTION]: 'JSGC',
  [ProjectKind.LAND_TRANSFER]: 'TDCR',
};

export class ProjectsService {
  constructor(
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly lights: DeadlineLightsService,
    private readonly ledger: LedgerService,
    private readonly openingKeys: OpeningKeyService,
    private readonly audit: AuditService,
  ) {}

  async create(ctx: Context, input: CreateProjectInput): Promise<ProjectPayload> {
    return ctx.em.transactional(async (em) => {
      const config = await this.calendars.procedure(em, input.method);
      const tenderee = await this.tendereeFor(em, ctx, input.tendereeId);
      const errors = [
        ...(config ? [] : [{ code: ProjectErrorCode.METHOD_UNKNOWN, message: `There is no procurement method ${input.method}.`, field: 'method' }]),
        ...(tenderee ? [] : [{ code: ProjectErrorCode.TENDEREE_INVALID, message: 'Name the tenderee organisation you act for (agents), or act for your own (tenderees).', field: 'tendereeId' }]),
        ...this.detailProblems(input),
        ...(await this.codeProblems(em, input.code)),
      ];
      if (errors.length) return this.refuse(em, ctx, errors);
      const now = await this.clock.now(em);
      const project = em.create(Project, {
        code: input.code?.trim() || (await generatedCode(em, config!.kind as ProjectKind, now)),
        title: input.title.trim(),
        description: input.description?.trim() ?? '',
        kind: config!.kind as ProjectKind,
        method: config!.method,
        tenderee: tenderee!,
        agent: hasRole(ctx.actor, Role.AGENT) ? em.getReference(Organisation, ctx.actor!.organisationId) : null,
        budget: input.budget ?? null,
        estimatedPrice: input.estimatedPrice ?? null,
        startPrice: input.startPrice ?? null,
        region: input.region?.trim() ?? '',
        category: input.category?.trim() ?? '',
        ...mergeSchedule({}, input.schedule),
      });
      (input.lots?.length ? input.lots : [{ title: project.title, budget: input.budget }]).forEach((lot, i) =>
        em.create(Lot, { project, number: i + 1, title: lot.title.trim(), budget: lot.budget ?? null }),
      );
      await em.flush();
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      return { project, errors: [] };
    });
  }

  async update(ctx: Context, input: UpdateProjectInput): Promise<ProjectPayload> {
    return this.withManagedProject(ctx, input.projectId, async (em, project) => {
      if (project.status !== 'DRAFT') return this.refuse(em, ctx, [notInState(project, 'edited as a draft')]);
      const errors = this.detailProblems({ title: input.title ?? project.title, lots: input.lots, budget: input.budget, estimatedPrice: input.estimatedPrice, startPrice: input.startPrice });
      if (errors.length) return this.refuse(em, ctx, errors);
      Object.assign(project, {
        ...(input.title != null ? { title: input.title.trim() } : {}),
        ...(input.description != null ? { description: input.description.trim() } : {}),
        ...(input.budget !== undefined ? { budget: input.budget } : {}),
        ...(input.estimatedPrice !== undefined ? { estimatedPrice: input.estimatedPrice } : {}),
        ...(input.startPrice !== undefined ? { startPrice: input.startPrice } : {}),
        ...mergeSchedule(scheduleOf(project), input.schedule),
      });
      if (input.lots?.length) {
        await em.nativeDelete(Lot, { project });
        input.lots.forEach((lot, i) => em.create(Lot, { project, number: i + 1, title: lot.title.trim(), budget: lot.budget ?? null }));
      }
      await em.flush();
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      return { project, errors: [] };
    });
  }

  async publish(ctx: Context, input: PublishProjectInput): Promise<ProjectPayload> {
    return this.withManagedProject(ctx, input.projectId, async (em, project) => {
      const now = await this.clock.now(em);
      const config = (await this.calendars.procedure(em, project.method))!;
      if (project.status !== 'DRAFT') return this.refuse(em, ctx, [notInState(project, 'published')]);
      const errors = scheduleErrors(validateSchedule(scheduleOf(project), now, config, await this.calendars.calendar(em)));
      const text = textProblem('announcement', input.announcement, 20_000);
      if (text) errors.push(text);
      const threshold = config.openingThreshold?.k ?? 0;
      let custodians: Custodian[] = [];
      if (config.openingPolicy !== 'BIDDER_ONLY') {
        const check = await this.openingKeys.checkCustodians(em, input.custodianUserIds ?? [], threshold, now);
        if (check.ok) custodians = check.custodians;
        else errors.push({ code: ProjectErrorCode.CUSTODIANS_INVALID, message: check.message, field: 'custodianUserIds' });
      }
      if (errors.length) return this.refuse(em, ctx, errors);
      if (config.openingPolicy !== 'BIDDER_ONLY') await this.openingKeys.ceremony(em, project, custodians, threshold, now);
      await applyEvent(em, this.ledger, project, 'PUBLISH', now, {}, ctx.actor!.userId);
      project.publishedAt = now;
      em.create(Announcement, { project, kind: AnnouncementKind.TENDER, title: project.title, body: input.announcement.trim() });
      await this.ledger.append(em, 'project.published', await publicationFacts(em, project, input.announcement.trim()), project);
      for (const timer of projectTimers(project, now)) await this.lights.track(em, project, timer);
      await em.flush();
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      return { project, errors: [] };
    });
  }

  /** 澄清或修改: an amendment notice; within the notice period before the deadline the deadline must move. */
  async amend(ctx: Context, input: AmendProjectInput): Promise<ProjectPayload> {
    return this.withManagedProject(ctx, input.projectId, async (em, project) => {
      if (project.status !== 'PUBLISHED' && project.status !== 'BIDDING') return this.refuse(em, ctx, [notInState(project, 'amended')]);
      const now = await this.clock.now(em);
      const config = (await this.calendars.procedure(em, project.method))!;
      const calendar = await this.calendars.calendar(em);
      const schedule = mergeSchedule(scheduleOf(project), input.schedule);
      const violations = validateSchedule(schedule, project.publishedAt!, config, calendar);
      const late = schedule.bidDeadline ? amendmentViolation(now, schedule.bidDeadline, config, calendar) : null;
      const errors = scheduleErrors(late ? [...violations, late] : violations);
      const text = textProblem('note', input.note, 20_000);
      if (text) errors.push(text);
      if (errors.length) return this.refuse(em, ctx, errors);
      Object.assign(project, schedule);
      await applyEvent(em, this.ledger, project, 'AMEND', now, {}, ctx.actor!.userId);
      em.create(Announcement, { project, kind: AnnouncementKind.AMENDMENT, title: `${project.title} 更正公告`, body: input.note.trim() });
      await this.ledger.append(em, 'project.amended', { noteSha256: sha256Hex(input.note.trim()), schedule: scheduleFacts(scheduleOf(project)) }, project);
      await this.notifyRegistered(em, project, 'AMENDMENT', `${project.code} 招标文件已更正${input.schedule?.bidDeadline ? `，投标截止时间变更为 ${schedule.bidDeadline!.toISOString()}` : ''}：${input.note.trim()}`);
      for (const timer of projectTimers(project, project.publishedAt!)) await this.lights.track(em, project, timer);
      await em.flush();
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      return { project, errors: [] };
    });
  }

  async cancel(ctx: Context, input: CancelProjectInput): Promise<ProjectPayload> {
    return this.withManagedProject(ctx, input.projectId, async (em, project) => {
      const reason = textProblem('reason', input.reason, 2000, ProjectErrorCode.REASON_REQUIRED);
      if (reason) return this.refuse(em, ctx, [reason]);
      const now = await this.clock.now(em);
      const result = await applyEvent(em, this.ledger, project, 'CANCEL', now, {}, ctx.actor!.userId);
      if (!result.ok) return this.refuse(em, ctx, [{ code: ProjectErrorCode.NOT_ALLOWED_IN_STATE, message: result.message }]);
      // the tenderee's own words, as typed; the transition set the code CANCELLED, so pages show them untranslated
      project.statusReason = input.reason.trim();
      if (project.publishedAt) em.create(Announcement, { project, kind: AnnouncementKind.CANCELLATION, title: `${project.title} 终止公告`, body: input.reason.trim() });
      await this.notifyRegistered(em, project, 'CANCELLATION', `${project.code} 已终止：${input.reason.trim()}`);
      await this.lights.cancelAll(em, project, now);
      await em.flush();
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      return { project, errors: [] };
    });
  }

  async get(ctx: Context, projectId: string): Promise<Project | null> {
    const project = await ctx.em.findOne(Project, { id: projectId });
    return project && canSeeProject(ctx.actor, project) ? project : null;
  }

  async list(ctx: Context, filter: ProjectFilter | undefined, args: ConnectionArgs): Promise<Page<Project>> {
    const actor = ctx.actor;
    const where: Record<string, unknown>[] = [];
    if (filter?.mine && actor) {
      const mine: Record<string, unknown>[] = [{ id: { $in: await this.registeredProjectIds(ctx.em, actor.organisationId) } }];
      if (actor.roles.includes(Role.TENDEREE)) mine.push({ tenderee: actor.organisationId });
      if (actor.roles.includes(Role.AGENT)) mine.push({ agent: actor.organisationId });
      where.push({ $or: mine });
    } else if (!hasRole(actor, Role.ADMIN, Role.SUPERVISOR)) {
      where.push({ publishedAt: { $ne: null } });
    }
    if (filter?.search) where.push({ $or: [{ title: { $ilike: `%${escapeLike(filter.search)}%` } }, { code: { $ilike: `%${escapeLike(filter.search)}%` } }] });
    if (filter?.kind) where.push({ kind: filter.kind });
    if (filter?.status) where.push({ status: filter.status });
    return paginate<Project>(ctx.em, Project, { $and: where } as FilterQuery<Project>, { orderBy: { publishedAt: 'desc nulls last', createdAt: 'desc', id: 'asc' } }, args);
  }

  /** Users with a valid encryption certificate in the caller's organisation, the trading centre or a supervisory authority. */
  async custodianCandidates(ctx: Context): Promise<CustodianCandidate[]> {
    const now = await ctx.now();
    const certificates = await ctx.em.find(
      Certificate,
      {
        ...validCertificateWhere(CertificateUsage.ENCRYPTION, now),
        user: { $ne: null },
        $or: [{ organisation: ctx.actor!.organisationId }, { organisation: { kind: { $in: [OrganisationKind.TRADING_CENTRE, OrganisationKind.SUPERVISORY_AUTHORITY] } } }],
      },
      { populate: ['user', 'organisation'] },
    );
    const byUser = new Map(certificates.map((c) => [c.user!.id, c]));
    return [...byUser.values()]
      .map((c) => ({ userId: c.user!.id, displayName: c.user!.getEntity().displayName, organisationName: c.organisation.getEntity().name, roles: c.user!.getEntity().roles }))
      .sort((a, b) => a.organisationName.localeCompare(b.organisationName) || a.displayName.localeCompare(b.displayName));
  }

  async notifyRegistered(em: EntityManager, project: Project, kind: string, message: string): Promise<void> {
    for (const registration of await em.find(Registration, { project })) em.create(Notification, { organisation: registration.organisation, project, kind, message });
  }

  private async registeredProjectIds(em: EntityManager, organisationId: string): Promise<string[]> {
    return (await em.find(Registration, { organisation: organisationId }, { fields: ['project'] })).map((r) => r.project.id);
  }

  private detailProblems(input: { title?: string | null; lots?: CreateProjectInput['lots']; budget?: string | null; estimatedPrice?: string | null; startPrice?: string | null }): ProjectError[] {
    const errors: ProjectError[] = [];
    const title = textProblem('title', input.title, 200, ProjectErrorCode.TITLE_INVALID);
    if (title) errors.push(title);
    errors.push(...moneyProblems({ budget: input.budget, estimatedPrice: input.estimatedPrice, startPrice: input.startPrice }));
    const lots = input.lots ? lotsProblem(input.lots) : null;
    if (lots) errors.push(lots);
    return errors;
  }

  private async codeProblems(em: EntityManager, code: string | null | undefined): Promise<ProjectError[]> {
    const trimmed = code?.trim();
    if (!trimmed) return [];
    if (!/^[A-Z0-9][A-Z0-9-]{2,40}$/.test(trimmed)) return [{ code: ProjectErrorCode.CODE_INVALID, message: 'A project code has 3–41 capital letters, digits and dashes.', field: 'code' }];
    return (await em.count(Project, { code: trimmed })) ? [{ code: ProjectErrorCode.CODE_TAKEN, message: `The code ${trimmed} is taken.`, field: 'code' }] : [];
  }

  private async tendereeFor(em: EntityManager, ctx: Context, tendereeId: string | null | undefined): Promise<Organisation | null> {
    const actor = ctx.actor!;
    if (actor.roles.includes(Role.TENDEREE) && (!tendereeId || tendereeId === actor.organisationId)) return em.findOne(Organisation, { id: actor.organisationId });
    if (!actor.roles.includes(Role.AGENT) || !tendereeId) return null;
    return em.findOne(Organisation, { id: tendereeId, kind: OrganisationKind.TENDEREE });
  }

  private async withManagedProject(ctx: Context, projectId: string, work: (em: EntityManager, project: Project) => Promise<ProjectPayload>): Promise<ProjectPayload> {
    return ctx.em.transactional(async (em) => {
      const project = await em.findOne(Project, { id: projectId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!project || !canSeeProject(ctx.actor, project)) return this.refuse(em, ctx, [{ code: ProjectErrorCode.NOT_FOUND, message: 'There is no such project.', field: 'projectId' }]);
      if (!managesProject(ctx.actor, project)) throw new ForbiddenError('Only the tenderee and its appointed agent may change this project.');
      return work(em, project);
    });
  }

  private refuse(em: EntityManager, ctx: Context, errors: ProjectError[]): Promise<ProjectPayload> {
    return this.audit.refuse(em, ctx, errors, { project: null });
  }
}

/** What the ledger records at publication: hashes of what bidders rely on, the opening key's public facts. */
async function publicationFacts(em: EntityManager, project: Project, announcement: string): Promise<Record<string, unknown>> {
  const documents = await em.find(ProjectDocument, { project, supersededAt: null }, { orderBy: { name: 'asc' } });
  return {
    code: project.code,
    method: project.method,
    announcementSha256: sha256Hex(announcement),
    documents: documents.map((d) => ({ name: d.name, sha256: d.sha256 })),
    schedule: scheduleFacts(scheduleOf(project)),
    openingCertificateSha256: project.openingCertificatePem ? certificateFacts(project.openingCertificatePem).fingerprintSha256 : null,
    keyCeremony: project.openingKeyRecord ?? null,
  };
}

function scheduleFacts(schedule: Schedule): Record<string, string | null> {
  return Object.fromEntries(Object.entries(schedule).map(([k, v]) => [k, v ? (v as Date).toISOString() : null]));
}

/** The next code from the sequence, e.g. ZFCG-2026-0042 (the year in China Standard Time). */
async function generatedCode(em: EntityManager, kind: ProjectKind, now: Date): Promise<string> {
  const [{ seq }] = await em.execute<{ seq: string }[]>("select nextval('project_code_seq') as seq");
  return `${CODE_PREFIX[kind]}-${cstDay(now).slice(0, 4)}-${seq.padStart(4, '0')}`;
}

export function scheduleOf(project: Project): Schedule {
  const { documentsFrom, documentsUntil, bidDeadline, openingAt, listingStart, listingEnd } = project;
  return { documentsFrom, documentsUntil, bidDeadline, openingAt, listingStart, listingEnd };
}

function notInState(project: Project, what: string): ProjectError {
  return { code: ProjectErrorCode.NOT_ALLOWED_IN_STATE, message: `A ${project.status} project cannot be ${what}.` };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
