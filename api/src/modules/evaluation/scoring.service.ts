/**
 * Independent scoring (独立评分): each member saves drafts and submits one signed scoresheet; nobody
 * sees another's sheet until all are in (the sheet's hash goes to the ledger at submission, so it
 * cannot change unseen). When the last sheet is in, deviating scores without a written justification
 * send their sheets back to their authors; once none remain the results are aggregated. After that a
 * summed result changes only for the four reasons of rule 19, by the leader, each change logged.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { canonicalJson } from '../../../../crypto/canonical-json';
import type { Context } from '../../graphql/context';
import type { PlatformPkiService } from '../identity/platform-pki.service';
import type { LedgerService } from '../ledger/ledger.service';
import { sha256Hex } from '../../sha256';
import { ACTIVE, CommitteeMember, Evaluation, EvaluationChange, EvaluationStatus, ScoresheetRow, SheetStatus } from './evaluation.entity';
import { EvaluationActs, problem, type EvaluationScope } from './evaluation-scope';
import { EvaluationErrorCode, type CorrectScoreInput, type EvaluationError, type EvaluationPayload, type SubmitScoresheetInput } from './evaluation.types';
import { evaluatedBids } from './evaluated-bids';
import { checkMemberSignature } from './member-signature';
import { aggregate, CHANGE_REASONS, type ChangeReason } from './rules/aggregation';
import { scoresheetMessage } from './rules/evaluation-flow';
import { sheetProblems, unjustifiedDeviations, type Scoresheet } from './rules/scoresheets';

/** The sheet as the member sends it, reduced to the three maps the rules know (anything else is dropped). */
export function sheetContent(memberId: string, raw: Record<string, unknown>): Scoresheet {
  const map = (value: unknown) => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, never>) : {});
  return { memberId, qualification: map(raw.qualification), scores: map(raw.scores), justifications: map(raw.justifications) };
}

export const sheetSha256 = (sheet: Scoresheet): string => sha256Hex(canonicalJson(sheet));

export class ScoringService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly pki: PlatformPkiService,
    private readonly acts: EvaluationActs,
  ) {}

  saveDraft(ctx: Context, projectId: string, raw: Record<string, unknown>): Promise<EvaluationPayload> {
    return this.acts.run(ctx, projectId, 'SAVE_SHEET', (_p, member) => !!member, async ({ em, member, now }) => {
      if (!member!.conflictConfirmedAt) return problem(EvaluationErrorCode.CONFLICT_NOT_CONFIRMED, 'Declare that you have no conflict of interest first.');
      const sheet = await em.findOne(ScoresheetRow, { member: member! });
      if (sheet?.status === SheetStatus.SUBMITTED) return problem(EvaluationErrorCode.ALREADY_DONE, 'Your scoresheet is submitted; it can no longer be changed.');
      const content = sheetContent(member!.id, raw);
      if (sheet) Object.assign(sheet, { content, savedAt: now });
      else em.create(ScoresheetRow, { member: member!, status: SheetStatus.DRAFT, content, savedAt: now });
    });
  }

  submit(ctx: Context, input: SubmitScoresheetInput): Promise<EvaluationPayload> {
    return this.acts.run(ctx, input.projectId, 'SUBMIT_SHEET', (_p, member) => !!member, async (scope) => {
      const { em, evaluation, project, now, emit } = scope;
      const member = scope.member!;
      // a replacement joins a committee that is already scoring (rule 13)
      if (!member.conflictConfirmedAt) return problem(EvaluationErrorCode.CONFLICT_NOT_CONFIRMED, 'Declare that you have no conflict of interest first.');
      const existing = await em.findOne(ScoresheetRow, { member });
      if (existing?.status === SheetStatus.SUBMITTED) return problem(EvaluationErrorCode.ALREADY_DONE, 'Your scoresheet is submitted already.');
      const content = sheetContent(member.id, input.sheet);
      const bids = await evaluatedBids(em, project);
      const problems = sheetProblems(evaluation.criteria, bids.map((b) => b.bidId), content);
      if (problems.length) return problem(EvaluationErrorCode.SHEET_INVALID, `The scoresheet has ${problems.length} problem(s): ${problems[0].message}`, 'sheet', problems as never);
      const contentSha256 = sheetSha256(content);
      const signed = await checkMemberSignature(em, this.pki, { userId: ctx.actor!.userId, certificatePem: input.certificatePem, signatureBase64: input.signature }, scoresheetMessage(project.id, member.id, contentSha256), now);
      if (!signed.ok) return signed.error;
      const fields = { status: SheetStatus.SUBMITTED, content, contentSha256, signature: input.signature, certificateSha256: signed.certificateSha256, returnedFor: [], savedAt: now, submittedAt: now };
      if (existing) Object.assign(existing, fields);
      else em.create(ScoresheetRow, { member, ...fields });
      await em.flush();
      await this.ledger.append(em, 'evaluation.scoresheet', { projectId: project.id, seat: member.seat, sheetSha256: contentSha256 }, project);
      await emit('SCORESHEET_SUBMITTED', { seat: member.seat, resubmitted: existing?.status === SheetStatus.RETURNED });
      await this.whenAllIn(scope);
    });
  }

  /** The leader changes one summed item score for a reason of rule 19; everyone signs the report again. */
  correct(ctx: Context, input: CorrectScoreInput): Promise<EvaluationPayload> {
    return this.acts.run(ctx, input.projectId, 'CORRECT_SCORE', (_p, member) => !!member, async (scope) => {
      const { em, evaluation, project, emit } = scope;
      if (evaluation.leaderMemberId !== scope.member!.id) return problem(EvaluationErrorCode.NOT_THE_LEADER, 'Only the committee leader records a result change.');
      if (!CHANGE_REASONS.includes(input.reason as ChangeReason)) return problem(EvaluationErrorCode.INPUT_INVALID, `A result may change only for: ${CHANGE_REASONS.join(', ')} (rule 19).`, 'reason');
      if (input.note.trim().length < 5) return problem(EvaluationErrorCode.REASON_REQUIRED, 'Explain the change in writing.', 'note');
      const target = await em.findOne(ScoresheetRow, { member: { id: input.memberId, evaluation, ...ACTIVE } });
      const from = target?.content.scores[input.bidId]?.[input.itemKey];
      if (!target || from === undefined) return problem(EvaluationErrorCode.INPUT_INVALID, 'That member has no such score.', 'itemKey');
      const content: Scoresheet = { ...target.content, scores: { ...target.content.scores, [input.bidId]: { ...target.content.scores[input.bidId], [input.itemKey]: input.score } } };
      const bids = await evaluatedBids(em, project);
      const problems = sheetProblems(evaluation.criteria, bids.map((b) => b.bidId), content);
      if (problems.length) return problem(EvaluationErrorCode.SHEET_INVALID, problems[0].message, 'score', problems as never);
      const entry = await this.ledger.append(em, 'evaluation.change', { projectId: project.id, reason: input.reason, memberId: input.memberId, bidId: input.bidId, itemKey: input.itemKey, from, to: input.score }, project);
      target.content = content;
      em.create(EvaluationChange, { evaluation, reason: input.reason as ChangeReason, member: em.getReference(CommitteeMember, input.memberId), bid: input.bidId, itemKey: input.itemKey, fromScore: from, toScore: input.score, note: input.note.trim(), byUserId: ctx.actor!.userId, ledgerIndex: entry.index });
      for (const m of await em.find(CommitteeMember, { evaluation, ...ACTIVE })) Object.assign(m, { reportAct: null, reportReason: null, reportSignature: null, reportActedAt: null });
      await this.aggregateNow(scope);
      await emit('RESULT_CHANGED', { reason: input.reason });
    });
  }

  /** Every sheet in: send back the ones with unjustified deviations, or aggregate. */
  private async whenAllIn(scope: EvaluationScope): Promise<void> {
    const { em, evaluation, emit } = scope;
    const rows = await this.sheets(em, evaluation);
    const members = await em.count(CommitteeMember, { evaluation, ...ACTIVE });
    if (rows.length < members || rows.some((r) => r.status !== SheetStatus.SUBMITTED)) return;
    const deviations = unjustifiedDeviations(evaluation.criteria, rows.map((r) => r.content));
    if (deviations.length) {
      for (const row of rows) {
        const mine = deviations.filter((d) => d.memberId === row.member.id);
        if (mine.length) Object.assign(row, { status: SheetStatus.RETURNED, returnedFor: mine });
      }
      await emit('SCORESHEETS_RETURNED', { sheets: new Set(deviations.map((d) => d.memberId)).size });
      return;
    }
    await this.aggregateNow(scope);
  }

  private async aggregateNow({ em, evaluation, project, now, emit }: EvaluationScope): Promise<void> {
    const rows = await this.sheets(em, evaluation);
    const bids = (await evaluatedBids(em, project)).filter((b) => b.price !== null);
    const result = aggregate(evaluation.criteria, rows.map((r) => r.content), bids.map((b) => ({ bidId: b.bidId, price: b.price!, submittedAt: b.submittedAt })));
    Object.assign(evaluation, { aggregate: result, aggregatedAt: now, status: EvaluationStatus.REPORT });
    await this.ledger.append(em, 'evaluation.aggregate', { projectId: project.id, aggregateSha256: sha256Hex(canonicalJson(result)), candidates: result.candidates }, project);
    await emit('AGGREGATED', { candidates: result.candidates.length });
  }

  sheets(em: EntityManager, evaluation: Evaluation): Promise<ScoresheetRow[]> {
    return em.find(ScoresheetRow, { member: { evaluation, ...ACTIVE } }, { populate: ['member'], orderBy: { member: { seat: 'asc' } } });
  }
}

