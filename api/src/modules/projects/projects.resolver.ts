import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Allow, Authenticated, Public } from '../../graphql/access';
import type { Context } from '../../graphql/context';
import { requireUuid } from '../../graphql/ids';
import { ConnectionArgs } from '../../graphql/relay';
import { Organisation } from '../identity/organisation.entity';
import { OrganisationKind, Role } from '../identity/roles';
import { Clarification } from './clarification.entity';
import { ProjectDocument } from './document.entity';
import { Lot } from './lot.entity';
import { OpeningKeyShare } from './opening-key-share.entity';
import { Project } from './project.entity';
import { Announcement, Notification, ProjectTransition, Registration } from './project-records.entity';
import {
  AmendProjectInput,
  AnswerClarificationInput,
  AskClarificationInput,
  CancelProjectInput,
  ClarificationPayload,
  CreateProjectInput,
  CustodianCandidate,
  ProjectConnection,
  ProjectFilter,
  ProjectPayload,
  PublishProjectInput,
  RegisterForProjectInput,
  RegistrationPayload,
  UpdateProjectInput,
} from './projects.types';

@Resolver(() => Project)
export class ProjectsResolver {
  @Public()
  @Query(() => ProjectConnection, { description: 'Published projects, newest first (公告); drafts too for administrators and supervisors; `mine` for one\'s own.' })
  projects(@Args(() => ConnectionArgs) page: ConnectionArgs, @Arg('filter', () => ProjectFilter, { nullable: true }) filter: ProjectFilter | undefined, @Ctx() ctx: Context): Promise<ProjectConnection> {
    return ctx.services.projects.list(ctx, filter, page);
  }

  @Public()
  @Query(() => Project, { nullable: true })
  project(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Project | null> {
    return ctx.services.projects.get(ctx, requireUuid(id, 'id'));
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => ProjectPayload, { description: 'Create a draft project (tenderees for themselves, agents for a tenderee).' })
  createProject(@Arg('input', () => CreateProjectInput) input: CreateProjectInput, @Ctx() ctx: Context): Promise<ProjectPayload> {
    return ctx.services.projects.create(ctx, { ...input, tendereeId: input.tendereeId ? requireUuid(input.tendereeId, 'tendereeId') : null });
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => ProjectPayload)
  updateProject(@Arg('input', () => UpdateProjectInput) input: UpdateProjectInput, @Ctx() ctx: Context): Promise<ProjectPayload> {
    return ctx.services.projects.update(ctx, { ...input, projectId: requireUuid(input.projectId, 'projectId') });
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => ProjectPayload, { description: 'Publish: checks the schedule against the method and the calendar, runs the opening key ceremony, publishes the announcement.' })
  publishProject(@Arg('input', () => PublishProjectInput) input: PublishProjectInput, @Ctx() ctx: Context): Promise<ProjectPayload> {
    return ctx.services.projects.publish(ctx, { ...input, projectId: requireUuid(input.projectId, 'projectId'), custodianUserIds: input.custodianUserIds?.map((id) => requireUuid(id, 'custodianUserIds')) });
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => ProjectPayload, { description: 'Amend the documents or schedule (更正公告); registered bidders are notified.' })
  amendProject(@Arg('input', () => AmendProjectInput) input: AmendProjectInput, @Ctx() ctx: Context): Promise<ProjectPayload> {
    return ctx.services.projects.amend(ctx, { ...input, projectId: requireUuid(input.projectId, 'projectId') });
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => ProjectPayload, { description: 'Cancel (终止) with a reason; registered bidders are notified.' })
  cancelProject(@Arg('input', () => CancelProjectInput) input: CancelProjectInput, @Ctx() ctx: Context): Promise<ProjectPayload> {
    return ctx.services.projects.cancel(ctx, { ...input, projectId: requireUuid(input.projectId, 'projectId') });
  }

  @Allow(Role.BIDDER)
  @Mutation(() => RegistrationPayload, { description: 'Register the bidder\'s organisation for a published project (报名).' })
  registerForProject(@Arg('input', () => RegisterForProjectInput) input: RegisterForProjectInput, @Ctx() ctx: Context): Promise<RegistrationPayload> {
    return ctx.services.participation.register(ctx, { ...input, projectId: requireUuid(input.projectId, 'projectId') });
  }

  @Allow(Role.BIDDER)
  @Mutation(() => ClarificationPayload, { description: 'Ask about the tender documents; other bidders never learn who asked.' })
  askClarification(@Arg('input', () => AskClarificationInput) input: AskClarificationInput, @Ctx() ctx: Context): Promise<ClarificationPayload> {
    return ctx.services.participation.ask(ctx, { ...input, projectId: requireUuid(input.projectId, 'projectId') });
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Mutation(() => ClarificationPayload, { description: 'Answer a question; the answer goes to every registered bidder.' })
  answerClarification(@Arg('input', () => AnswerClarificationInput) input: AnswerClarificationInput, @Ctx() ctx: Context): Promise<ClarificationPayload> {
    return ctx.services.participation.answer(ctx, { ...input, clarificationId: requireUuid(input.clarificationId, 'clarificationId') });
  }

  @Allow(Role.TENDEREE, Role.AGENT)
  @Query(() => [CustodianCandidate], { description: 'People who can hold a share of an opening key: a valid encryption certificate, in the caller\'s organisation, the trading centre or a supervisory authority.' })
  custodianCandidates(@Ctx() ctx: Context): Promise<CustodianCandidate[]> {
    return ctx.services.projects.custodianCandidates(ctx);
  }

  @Allow(Role.AGENT)
  @Query(() => [Organisation], { description: 'Tenderee organisations an agent can run a project for.' })
  tendereeOrganisations(@Ctx() ctx: Context): Promise<Organisation[]> {
    return ctx.em.find(Organisation, { kind: OrganisationKind.TENDEREE }, { orderBy: { name: 'asc' }, limit: 500 });
  }

  @Authenticated()
  @Query(() => [Notification], { description: 'Messages to the caller\'s organisation, newest first.' })
  notifications(@Arg('first', () => Int, { defaultValue: 20 }) first: number, @Ctx() ctx: Context): Promise<Notification[]> {
    return ctx.services.participation.notifications(ctx, first);
  }

  @FieldResolver(() => Organisation)
  tenderee(@Root() project: Project): Promise<Organisation> {
    return project.tenderee.load({ dataloader: true }) as Promise<Organisation>;
  }

  @FieldResolver(() => Organisation, { nullable: true })
  agent(@Root() project: Project): Promise<Organisation | null> {
    return project.agent ? (project.agent.load({ dataloader: true }) as Promise<Organisation>) : Promise.resolve(null);
  }

  @FieldResolver(() => [Lot])
  lots(@Root() project: Project): Promise<Lot[]> {
    return project.lots.loadItems({ dataloader: true });
  }

  @FieldResolver(() => [Announcement])
  announcements(@Root() project: Project, @Ctx() ctx: Context): Promise<Announcement[]> {
    return ctx.em.find(Announcement, { project }, { orderBy: { publishedAt: 'asc' } });
  }

  @FieldResolver(() => [ProjectTransition], { description: 'every change of state, with its effective time' })
  transitions(@Root() project: Project, @Ctx() ctx: Context): Promise<ProjectTransition[]> {
    return ctx.em.find(ProjectTransition, { project }, { orderBy: { id: 'asc' } });
  }

  @FieldResolver(() => [ProjectDocument], { description: 'current tender documents (name, size, SHA-256); download at /api/documents/<id>' })
  documents(@Root() project: Project, @Ctx() ctx: Context): Promise<ProjectDocument[]> {
    return ctx.em.find(ProjectDocument, { project, supersededAt: null }, { orderBy: { uploadedAt: 'asc' } });
  }

  @FieldResolver(() => [Clarification], { description: 'questions and answers visible to the caller' })
  clarifications(@Root() project: Project, @Ctx() ctx: Context): Promise<Clarification[]> {
    return ctx.services.participation.clarifications(ctx, project);
  }

  @FieldResolver(() => Registration, { nullable: true, description: 'the caller\'s organisation\'s registration' })
  myRegistration(@Root() project: Project, @Ctx() ctx: Context): Promise<Registration | null> {
    return ctx.services.participation.registrationOf(ctx, project.id);
  }

  @FieldResolver(() => Int, { description: 'registered bidders (a count only: names stay confidential until the opening)' })
  registrationCount(@Root() project: Project, @Ctx() ctx: Context): Promise<number> {
    return ctx.em.count(Registration, { project });
  }

  @FieldResolver(() => [OpeningKeyShare], { description: 'the opening key\'s share hashes (published with the announcement)' })
  openingKeyShares(@Root() project: Project, @Ctx() ctx: Context): Promise<OpeningKeyShare[]> {
    return ctx.em.find(OpeningKeyShare, { project }, { orderBy: { custodianCertificateSha256: 'asc' } });
  }
}
