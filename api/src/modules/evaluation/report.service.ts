/**
 * The evaluation report (评标报告): a canonical document of the committee, criteria, every member's
 * item scores, totals, ranking, candidates and result changes. Each member signs it, or signs with a
 * written dissent, or refuses (rule 14: without a written reason that counts as agreement). When every
 * member has acted the report is fixed, its hash goes to the ledger, and the candidates are published
 * for at least the publicity period (or the tender fails when too few bids qualified).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { canonicalJson } from '../../../../crypto/canonical-json';
import type { Context } from '../../graphql/context';
import type { PlatformPkiService } from '../identity/platform-pki.service';
import type { LedgerService } from '../ledger/ledger.service';
import type { CalendarService } from '../projects/calendar.service';
import { Announcement, AnnouncementKind } from '../projects/project-records.entity';
import type { Project } from '../projects/project.entity';
import { applyEvent } from '../projects/project-transitions';
import { sha256Hex } from '../../sha256';
import { ACTIVE, CommitteeMember, replacedMembers, Evaluation, EvaluationChange, EvaluationStatus, MemberKind, ScoresheetRow } from './evaluation.entity';
import { EvaluationActs, problem, type EvaluationScope } from './evaluation-scope';
import { EvaluationErrorCode, ReportAct, type EvaluationPayload, type ReportActInput } from './evaluation.types';
import { evaluatedBids } from './evaluated-bids';
import { checkMemberSignature } from './member-signature';
import { reportSignatureOutcome } from './rules/committee';
import { anonymousLabel, reportActMessage } from './rules/evaluation-flow';
import { DEFAULT_PUBLICITY, publicityEnd } from './rules/publicity';
import type { DeadlineLightsService } from '../supervision/deadline-lights.service';
import { EVALUATION_PERIOD_RULE } from './rules/replacement';

export const REPORT_LEDGER_KIND = 'evaluation.report';

/** The report as the members sign it (without their acts): deterministic from what is stored. */
export async function reportDraft(em: EntityManager, evaluation: Evaluation, project: Project): Promise<Record<string, unknown>> {
  const members = await em.find(CommitteeMember, { evaluation, ...ACTIVE }, { orderBy: { seat: 'asc' }, populate: ['user'] });
  const sheets = await em.find(ScoresheetRow, { member: { evaluation, ...ACTIVE } }, { populate: ['member'] });
  const changes = await em.find(EvaluationChange, { evaluation }, { orderBy: { changedAt: 'asc', id: 'asc' } });
  const bids = await evaluatedBids(em, project);
  return {
    kind: 'tenderhall/evaluation-report/v1',
    project: { id: project.id, code: project.code, title: project.title, method: project.method },
    committee: members.map((m) => ({ seat: m.seat, label: anonymousLabel(m.seat), name: m.user.getEntity().displayName, kind: m.kind, leader: m.id === evaluation.leaderMemberId })),
    criteria: evaluation.criteria,
    bids: bids.map((b) => ({ bidId: b.bidId, organisation: b.organisationName, price: b.price })),
    scoresheets: sheets
      .sort((a, b) => a.member.getEntity().seat - b.member.getEntity().seat)
      .map((s) => ({ seat: s.member.getEntity().seat, sheetSha256: s.contentSha256, scores: s.content.scores, qualification: s.content.qualification, justifications: s.content.justifications })),
    changes: changes.map((c) => ({ reason: c.reason, seat: members.find((m) => m.id === c.member.id)?.seat, bidId: c.bid.id, itemKey: c.itemKey, from: c.fromScore, to: c.toScore, note: c.note, ledgerIndex: c.ledgerIndex })),
    result: evaluation.aggregate,
    ...(await replacementsOf(em, evaluation)),
  };
}

/** rule 13 in the report: which seat changed hands and why (absent when none did, so earlier reports hash the same) */
async function replacementsOf(em: EntityManager, evaluation: Evaluation): Promise<{ replacements?: Record<string, unknown>[] }> {
  const replaced = await replacedMembers(em, evaluation);
  if (!replaced.length) return {};
  return { replacements: replaced.map((m) => ({ seat: m.seat, replaced: m.user.getEntity().displayName, reason: m.replacedReason, at: m.replacedAt!.toISOString(), ledgerIndex: m.replacementLedgerIndex })) };
}

export class ReportService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly pki: PlatformPkiService,
    private readonly calendars: CalendarService,
    private readonly acts: EvaluationActs,
    private readonly lights: DeadlineLightsService,
  ) {}

  act(ctx: Context, input: ReportActInput): Promise<EvaluationPayload> {
    return this.acts.run(ctx, input.projectId, 'SIGN_REPORT', (_p, member) => !!member, async (scope) => {
      const { em, evaluation, project, now, emit } = scope;
      const member = scope.member!;
      if (member.reportAct) return problem(EvaluationErrorCode.ALREADY_DONE, 'You have acted on this report already.');
      const reason = input.reason?.trim() || null;
      if (input.act === ReportAct.DISSENT && !reason) return problem(EvaluationErrorCode.REASON_REQUIRED, 'A dissent must be written down (rule 14).', 'reason');
      const draft = await reportDraft(em, evaluation, project); // the members' acts are not part of it
      const draftSha256 = sha256Hex(canonicalJson(draft));
      const signed = await checkMemberSignature(em, this.pki, { userId: ctx.actor!.userId, certificatePem: input.certificatePem, signatureBase64: input.signature }, reportActMessage(project.id, member.id, draftSha256, input.act), now);
      if (!signed.ok) return signed.error;
      Object.assign(member, { reportAct: input.act, reportReason: reason, reportSignature: input.signature, reportActedAt: now });
      await emit('REPORT_ACT', { seat: member.seat, act: input.act });
      await this.maybeComplete(scope, draft, draftSha256);
    });
  }

  private async maybeComplete(scope: EvaluationScope, draft: Record<string, unknown>, draftSha256: string): Promise<void> {
    const { em, evaluation, project, now, emit } = scope;
    const members = await em.find(CommitteeMember, { evaluation, ...ACTIVE }, { orderBy: { seat: 'asc' }, populate: ['user'] });
    const outcome = reportSignatureOutcome(members.map((m) => m.id), members.filter((m) => m.reportAct).map((m) => ({ memberId: m.id, act: m.reportAct!, reason: m.reportReason ?? null })));
    if (!outcome.complete) return;
    const report = {
      ...draft,
      draftSha256,
      signatures: members.map((m) => ({ seat: m.seat, name: m.user.getEntity().displayName, kind: m.kind, act: m.reportAct, reason: m.reportReason ?? null, signature: m.reportSignature, at: m.reportActedAt!.toISOString() })),
      agreed: outcome.agreed.length,
      dissent: outcome.dissenting.map((d) => ({ seat: members.find((m) => m.id === d.memberId)!.seat, reason: d.reason })),
      completedAt: now.toISOString(),
    };
    const reportJson = canonicalJson(report);
    const reportSha256 = sha256Hex(reportJson);
    const entry = await this.ledger.append(em, REPORT_LEDGER_KIND, { projectId: project.id, reportSha256 }, project);
    Object.assign(evaluation, { reportJson, reportSha256, reportLedgerIndex: entry.index, reportCompletedAt: now });
    await this.lights.complete(em, project, EVALUATION_PERIOD_RULE, now);
    const { candidates, lines } = evaluation.aggregate!;
    const config = (await this.calendars.procedure(em, project.method))!;
    const transition = await applyEvent(em, this.ledger, project, 'EVALUATION_DONE', now, { validBids: lines.filter((l) => l.qualified).length, minBids: config.minBids });
    if (!transition.ok) throw new Error(`evaluation of ${project.id} cannot end: ${transition.message}`); // the project row is locked and EVALUATING
    if (transition.to === 'FAILED') {
      evaluation.status = EvaluationStatus.FAILED;
    } else {
      const endsAt = publicityEnd(now, DEFAULT_PUBLICITY, await this.calendars.calendar(em));
      Object.assign(evaluation, { status: EvaluationStatus.PUBLICITY, publicityStartsAt: now, publicityEndsAt: endsAt });
      const names = new Map((await evaluatedBids(em, project)).map((b) => [b.bidId, b.organisationName]));
      const ranking = candidates.map((bidId, i) => `第${i + 1}名：${names.get(bidId)}（得分 ${lines.find((l) => l.bidId === bidId)!.total}）`);
      em.create(Announcement, { project, kind: AnnouncementKind.CANDIDATES, title: `${project.title} 中标候选人公示`, body: `${ranking.join('\n')}\n公示期至 ${endsAt.toISOString()}；评委会成员：${members.filter((m) => m.kind === MemberKind.EXPERT).map((m) => m.user.getEntity().displayName).join('、')}` });
    }
    await emit('REPORT_COMPLETED', { reportSha256, ledgerIndex: entry.index, projectStatus: project.status });
  }
}
