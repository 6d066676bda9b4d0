/**
 * Gathers a project's PUBLIC facts for the OCDS export: drafts are not exported; who bid and at what
 * price only once the opening record is published (bids are confidential until the opening, issue #5);
 * evaluation and award facts come from an injected provider (the evaluation module plugs in here).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../../config';
import { Bid } from '../bids/bid.entity';
import type { Organisation } from '../identity/organisation.entity';
import { OpeningSession, SessionStatus } from '../opening/opening.entity';
import type { RecordBid } from '../opening/rules/opening-record';
import { LedgerEntry } from '../ledger/ledger.entity';
import { Announcement, AnnouncementKind } from '../projects/project-records.entity';
import { Project, ProjectStatus } from '../projects/project.entity';
import { recordPackage, releasePackage, type Json, type OcdsBidStatus, type OcdsOrganisation, type OcdsProjectFacts, type OcdsPublisher, type OcdsSchedule } from './ocds';

export type EvaluationFacts = Pick<OcdsProjectFacts, 'evaluation' | 'award' | 'failed'>;
/**
 * The evaluation module's PUBLIC results for a project (null: nothing yet): candidates only once their
 * publicity has started, the award once notified. Plug in with `new OpendataService(config.ocds, provider)`.
 */
export type EvaluationFactsProvider = (em: EntityManager, project: Project) => Promise<EvaluationFacts | null>;

const BID_STATUS: Record<string, OcdsBidStatus> = { VALID: 'valid', REVOKED: 'disqualified', WITHDRAWN: 'withdrawn', PENDING: 'pending' };

const organisation = (o: Organisation): OcdsOrganisation => ({ id: o.id, name: o.name, uscc: o.uscc ?? null });

export class OpendataService {
  readonly publisher: OcdsPublisher;

  constructor(
    config: Config['ocds'],
    private evaluationFacts: EvaluationFactsProvider = async () => null,
  ) {
    this.publisher = { name: config.publisherName, ocidPrefix: config.ocidPrefix, baseUrl: config.baseUrl, uri: config.baseUrl };
  }

  /** Plug in the evaluation module's facts (one line in services.ts). */
  useEvaluationFacts(provider: EvaluationFactsProvider): void {
    this.evaluationFacts = provider;
  }

  async releasePackage(em: EntityManager, projectId: string): Promise<Json | null> {
    const facts = await this.facts(em.fork(), projectId);
    return facts && releasePackage(facts, this.publisher);
  }

  async recordPackage(em: EntityManager, projectId: string): Promise<Json | null> {
    const facts = await this.facts(em.fork(), projectId);
    return facts && recordPackage(facts, this.publisher);
  }

  /** null for unknown projects and for drafts (never published). */
  async facts(em: EntityManager, projectId: string): Promise<OcdsProjectFacts | null> {
    const project = await em.findOne(Project, { id: projectId }, { populate: ['tenderee', 'agent'] });
    const published = project?.publishedAt;
    if (!project || !published) return null;
    const announcements = await em.find(Announcement, { project, kind: { $in: [AnnouncementKind.AMENDMENT, AnnouncementKind.CANCELLATION] } }, { orderBy: { publishedAt: 'asc' } });
    const session = await em.findOne(OpeningSession, { project, status: SessionStatus.PUBLISHED });
    const opened = session?.publishedAt && session.recordJson ? await this.openedBids(em, session) : null;
    const evaluation = await this.evaluationFacts(em, project);
    const amendments = announcements.filter((a) => a.kind === AnnouncementKind.AMENDMENT);
    const history = await scheduleHistory(em, project, amendments.length);
    const ended = (status: ProjectStatus) => (project.status === status ? { at: project.statusChangedAt ?? announcements.at(-1)?.publishedAt ?? published, reason: project.statusReason ?? '' } : null);
    return {
      project: {
        id: project.id,
        code: project.code,
        title: project.title,
        description: project.description,
        kind: project.kind,
        method: project.method,
        currency: project.currency,
        budget: project.budget ?? null,
        controlPrice: project.estimatedPrice ?? null,
        startPrice: project.startPrice ?? null,
        dates: { published, ...(history?.published ?? currentSchedule(project)) },
      },
      buyer: organisation(project.tenderee.getEntity()),
      agent: project.agent ? organisation(project.agent.getEntity()) : null,
      amendments: amendments.map((a, i) => ({ id: a.id, date: a.publishedAt!, description: a.body, schedule: history?.amended[i] })),
      bidders: opened?.bidders ?? [],
      bids: opened?.bids ?? [],
      opening: opened && session ? { publishedAt: session.publishedAt!, recordSha256: session.recordSha256 ?? '' } : null,
      evaluation: evaluation?.evaluation ?? null,
      award: evaluation?.award ?? null,
      failed: evaluation?.failed ?? ended(ProjectStatus.FAILED),
      cancelled: ended(ProjectStatus.CANCELLED),
    };
  }

  /** Bidders and prices exactly as the published (sealed) opening record states them. */
  private async openedBids(em: EntityManager, session: OpeningSession): Promise<Pick<OcdsProjectFacts, 'bidders' | 'bids'>> {
    const record = JSON.parse(session.recordJson!) as { bids: RecordBid[] };
    const submitted = new Map((await em.find(Bid, { id: { $in: record.bids.map((b) => b.bidId) } })).map((b) => [b.id, b.submittedAt!]));
    const bidders = new Map<string, OcdsOrganisation>();
    for (const b of record.bids) bidders.set(b.organisationId, { id: b.organisationId, name: b.organisationName, uscc: b.uscc });
    return {
      bidders: [...bidders.values()],
      bids: record.bids.map((b) => ({
        id: b.bidId,
        organisationId: b.organisationId,
        status: BID_STATUS[b.outcome] ?? 'pending',
        submittedAt: submitted.get(b.bidId) ?? session.openedAt,
        price: b.totalPrice,
      })),
    };
  }
}

function currentSchedule(project: Project): OcdsSchedule {
  const { documentsFrom, documentsUntil, bidDeadline, openingAt, listingStart, listingEnd } = project;
  return { documentsFrom: documentsFrom ?? null, documentsUntil: documentsUntil ?? null, bidDeadline: bidDeadline ?? null, openingAt: openingAt ?? null, listingStart: listingStart ?? null, listingEnd: listingEnd ?? null };
}

/**
 * The schedule as published and after each amendment, from the ledger (publication and every amendment
 * log their schedule), so that an earlier release keeps its dates. null when the ledger does not hold
 * exactly one publication and one entry per amendment notice: the current schedule is used then.
 */
async function scheduleHistory(em: EntityManager, project: Project, amendments: number): Promise<{ published: OcdsSchedule; amended: OcdsSchedule[] } | null> {
  const entries = await em.find(LedgerEntry, { project, kind: { $in: ['project.published', 'project.amended'] } }, { orderBy: { index: 'asc' } });
  const schedules = entries.map((e) => scheduleFrom((JSON.parse(e.data) as { schedule?: Record<string, string | null> }).schedule));
  if (entries[0]?.kind !== 'project.published' || entries.length !== amendments + 1 || schedules.some((x) => !x)) return null;
  return { published: schedules[0]!, amended: schedules.slice(1) as OcdsSchedule[] };
}

function scheduleFrom(logged: Record<string, string | null> | undefined): OcdsSchedule | null {
  if (!logged) return null;
  const at = (key: keyof OcdsSchedule) => (logged[key] ? new Date(logged[key]) : null);
  return { documentsFrom: at('documentsFrom'), documentsUntil: at('documentsUntil'), bidDeadline: at('bidDeadline'), openingAt: at('openingAt'), listingStart: at('listingStart'), listingEnd: at('listingEnd') };
}
