/**
 * Publicity and award (公示, 异议, 中标通知): bidders may object only while the candidates are
 * published (rule 21); an objection suspends the project until the tenderee answers (≤ 3 days, a
 * deadline light); when the publicity is over and nothing is open, the tenderee seals the award
 * notice with its e-seal, the notice's hash goes to the ledger and the project is AWARDED.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { canonicalJson } from '../../../../crypto/canonical-json';
import { hasRole, type Context } from '../../graphql/context';
import { Bid } from '../bids/bid.entity';
import { Role } from '../identity/roles';
import type { LedgerService } from '../ledger/ledger.service';
import type { CalendarService } from '../projects/calendar.service';
import { managesProject } from '../projects/project-access';
import { Announcement, AnnouncementKind } from '../projects/project-records.entity';
import { Project, ProjectStatus } from '../projects/project.entity';
import { applyEvent } from '../projects/project-transitions';
import type { SealsService } from '../seals/seals.service';
import type { DeadlineLightsService } from '../supervision/deadline-lights.service';
import { sha256Hex } from '../../sha256';
import { Evaluation, EvaluationStatus, PublicityObjection } from './evaluation.entity';
import { EvaluationActs, problem } from './evaluation-scope';
import { EvaluationErrorCode, type EvaluationPayload } from './evaluation.types';
import { evaluatedBids } from './evaluated-bids';
import { DEFAULT_PUBLICITY, objectionAllowed, objectionAnswerDue } from './rules/publicity';

export const AWARD_LEDGER_KIND = 'evaluation.award';
const answerRule = (objectionId: string) => `OBJECTION_ANSWER:${objectionId}`;

/** The award notice as the tenderee seals it: deterministic from the published result. */
export async function awardNotice(em: EntityManager, evaluation: Evaluation, project: Project): Promise<string | null> {
  const winner = evaluation.aggregate?.candidates[0];
  if (!winner || !evaluation.reportSha256 || !evaluation.publicityEndsAt) return null;
  const bid = (await evaluatedBids(em, project)).find((b) => b.bidId === winner)!;
  const line = evaluation.aggregate!.lines.find((l) => l.bidId === winner)!;
  return canonicalJson({
    kind: 'tenderhall/award-notice/v1',
    project: { id: project.id, code: project.code, title: project.title },
    winner: { bidId: bid.bidId, organisationId: bid.organisationId, organisationName: bid.organisationName, price: bid.price, total: line.total },
    currency: project.currency,
    reportSha256: evaluation.reportSha256,
    publicity: { from: evaluation.publicityStartsAt!.toISOString(), until: evaluation.publicityEndsAt.toISOString() },
  });
}

export class PublicityService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly calendars: CalendarService,
    private readonly lights: DeadlineLightsService,
    private readonly seals: SealsService,
    private readonly acts: EvaluationActs,
  ) {}

  raise(ctx: Context, projectId: string, text: string): Promise<EvaluationPayload> {
    return this.acts.run(ctx, projectId, 'RAISE_OBJECTION', () => hasRole(ctx.actor, Role.BIDDER), async ({ em, evaluation, project, now, emit }) => {
      if (!(await em.count(Bid, { project, organisation: ctx.actor!.organisationId }))) return problem(EvaluationErrorCode.NOT_A_BIDDER, 'Only a bidder of this project may object to its result.');
      if (!objectionAllowed(now, evaluation.publicityStartsAt!, evaluation.publicityEndsAt!)) return problem(EvaluationErrorCode.OUTSIDE_PUBLICITY, `Objections are accepted only during the publicity (until ${evaluation.publicityEndsAt!.toISOString()}), rule 21.`);
      const body = text.trim();
      if (body.length < 10 || body.length > 5000) return problem(EvaluationErrorCode.INPUT_INVALID, 'State the objection and its grounds (10 to 5,000 characters).', 'text');
      const dueAt = objectionAnswerDue(now, DEFAULT_PUBLICITY, await this.calendars.calendar(em));
      const objection = em.create(PublicityObjection, { evaluation, organisation: ctx.actor!.organisationId, raisedByUserId: ctx.actor!.userId, text: body, raisedAt: now, answerDueAt: dueAt });
      if (project.status === ProjectStatus.PUBLICITY) await applyEvent(em, this.ledger, project, 'OBJECTION', now, {}, ctx.actor!.userId);
      await this.lights.track(em, project, { rule: answerRule(objection.id), label: '异议答复（3日内）', responsibleId: project.tenderee.id, startsAt: now, dueAt });
      await emit('OBJECTION_RAISED', { objectionId: objection.id, organisationName: ctx.actor!.organisationName, answerDueAt: dueAt.toISOString() });
    });
  }

  answer(ctx: Context, projectId: string, objectionId: string, text: string): Promise<EvaluationPayload> {
    return this.acts.run(ctx, projectId, 'ANSWER_OBJECTION', (project) => managesProject(ctx.actor, project), async ({ em, evaluation, project, now, emit }) => {
      const objection = await em.findOne(PublicityObjection, { id: objectionId, evaluation });
      if (!objection) return problem(EvaluationErrorCode.NOT_FOUND, 'There is no such objection.', 'objectionId');
      if (objection.answeredAt) return problem(EvaluationErrorCode.ALREADY_DONE, 'This objection has been answered.');
      if (text.trim().length < 5) return problem(EvaluationErrorCode.INPUT_INVALID, 'Write the answer.', 'answer');
      Object.assign(objection, { answer: text.trim(), answeredByUserId: ctx.actor!.userId, answeredAt: now });
      await this.lights.complete(em, project, answerRule(objection.id), now);
      await em.flush();
      const open = await em.count(PublicityObjection, { evaluation, answeredAt: null });
      if (!open && project.status === ProjectStatus.SUSPENDED) await applyEvent(em, this.ledger, project, 'OBJECTION_ANSWERED', now, { resumeTo: 'PUBLICITY' }, ctx.actor!.userId);
      await emit('OBJECTION_ANSWERED', { objectionId, projectStatus: project.status });
    });
  }

  /** The tenderee seals the award notice (`awardNotice`) once the publicity is over and no objection is open. */
  award(ctx: Context, projectId: string, envelopeBase64: string): Promise<EvaluationPayload> {
    const tenderee = (project: Project) => hasRole(ctx.actor, Role.TENDEREE) && project.tenderee.id === ctx.actor!.organisationId;
    return this.acts.run(ctx, projectId, 'AWARD', tenderee, async ({ em, evaluation, project, now, emit }) => {
      if (project.status === ProjectStatus.SUSPENDED || (await em.count(PublicityObjection, { evaluation, answeredAt: null }))) return problem(EvaluationErrorCode.OBJECTIONS_OPEN, 'An objection is still unanswered.');
      if (now < evaluation.publicityEndsAt!) return problem(EvaluationErrorCode.PUBLICITY_NOT_OVER, `The publicity lasts until ${evaluation.publicityEndsAt!.toISOString()}.`);
      const notice = (await awardNotice(em, evaluation, project))!;
      const verdict = await this.seals.verify(em, Buffer.from(notice, 'utf8'), Buffer.from(envelopeBase64, 'base64'), { userId: ctx.actor!.userId, at: now });
      if (!verdict.ok) return problem(EvaluationErrorCode.SEAL_INVALID, `The seal does not verify: ${verdict.message}`, 'envelope');
      const entry = await this.ledger.append(em, AWARD_LEDGER_KIND, { projectId: project.id, noticeSha256: sha256Hex(notice) }, project);
      Object.assign(evaluation, { awardJson: notice, awardEnvelope: Buffer.from(envelopeBase64, 'base64'), awardLedgerIndex: entry.index, awardedAt: now, status: EvaluationStatus.AWARDED });
      await applyEvent(em, this.ledger, project, 'AWARD', now, {}, ctx.actor!.userId);
      const winner = JSON.parse(notice).winner as { organisationName: string; price: string };
      em.create(Announcement, { project, kind: AnnouncementKind.AWARD, title: `${project.title} 中标结果公告`, body: `中标人：${winner.organisationName}；中标价：${winner.price} ${project.currency}` });
      await emit('AWARDED', { ledgerIndex: entry.index });
    });
  }
}
