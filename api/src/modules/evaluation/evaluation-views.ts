/**
 * The evaluation as one viewer may see it. Blind scoring: a member sees only its own sheet until every
 * sheet is in; who has submitted is visible only to supervisors (and to the member itself); nobody sees
 * another's scores before aggregation — neither other experts nor the tenderee or its agent. Names of
 * the committee: committee, supervisors and project staff from the start; everyone from the publicity.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { hasRole, type Context } from '../../graphql/context';
import { Role } from '../identity/roles';
import { managesProject } from '../projects/project-access';
import type { Project } from '../projects/project.entity';
import { canonicalJson } from '../../../../crypto/canonical-json';
import { sha256Hex } from '../../sha256';
import { ACTIVE, CommitteeMember, replacedMembers, EvaluationChange, EvaluationStatus, PublicityObjection, ScoresheetRow, SheetStatus, type Evaluation } from './evaluation.entity';
import type { EvaluationBidView, EvaluationView, MemberReplacementView } from './evaluation.types';
import { evaluatedBids } from './evaluated-bids';
import { reportDraft } from './report.service';
import { anonymousLabel } from './rules/evaluation-flow';
import { evaluationStream } from './evaluation-scope';

const AFTER_AGGREGATION: string[] = [EvaluationStatus.REPORT, EvaluationStatus.PUBLICITY, EvaluationStatus.AWARDED, EvaluationStatus.FAILED];
const PUBLISHED: string[] = [EvaluationStatus.PUBLICITY, EvaluationStatus.AWARDED, EvaluationStatus.FAILED];

export async function evaluationView(em: EntityManager, ctx: Context, evaluation: Evaluation, project: Project): Promise<EvaluationView> {
  const lastEventSeq = await ctx.services.eventLog.head(em, evaluationStream(project.id)); // first: replaying after it misses nothing
  const members = await em.find(CommitteeMember, { evaluation, ...ACTIVE }, { orderBy: { seat: 'asc' }, populate: ['user'] });
  const sheets = await em.find(ScoresheetRow, { member: { evaluation, ...ACTIVE } });
  const me = members.find((m) => m.user.id === ctx.actor?.userId) ?? null;
  const supervisor = hasRole(ctx.actor, Role.SUPERVISOR, Role.ADMIN);
  const staff = managesProject(ctx.actor, project);
  const published = PUBLISHED.includes(evaluation.status);
  const aggregated = AFTER_AGGREGATION.includes(evaluation.status);
  const insider = !!me || supervisor;
  const sheetOf = (memberId: string) => sheets.find((s) => s.member.id === memberId) ?? null;
  const mySheet = me ? sheetOf(me.id) : null;
  const objections = await em.find(PublicityObjection, { evaluation }, { orderBy: { raisedAt: 'asc' }, populate: ['organisation'] });
  return {
    projectId: project.id,
    lastEventSeq,
    status: evaluation.status,
    criteria: evaluation.criteria as unknown as Record<string, unknown>,
    category: evaluation.category,
    committeeSize: members.length,
    members: members.map((m) => ({
      id: m.id,
      seat: m.seat,
      kind: m.kind,
      label: anonymousLabel(m.seat),
      name: insider || staff || published ? m.user.getEntity().displayName : null,
      conflictConfirmed: !!m.conflictConfirmedAt,
      isLeader: m.id === evaluation.leaderMemberId,
      me: m.id === me?.id,
      sheetStatus: supervisor || m.id === me?.id ? (sheetOf(m.id)?.status ?? null) : null,
      reportAct: (m.reportAct ?? null) as never,
      reportReason: insider || published ? (m.reportReason ?? null) : null,
      saidTimeInsufficient: supervisor || m.id === me?.id ? !!m.timeInsufficientAt : null,
      timeInsufficientReason: supervisor || m.id === me?.id ? (m.timeInsufficientReason ?? null) : null,
    })),
    myMemberId: me?.id ?? null,
    mySheet: mySheet ? (mySheet.content as unknown as Record<string, unknown>) : null,
    myReturnedFor: mySheet?.status === SheetStatus.RETURNED ? mySheet.returnedFor.map((d) => ({ bidId: d.bidId, itemKey: d.itemKey, score: d.score })) : null,
    // from the publicity the candidates are public: names and prices (read out at the opening anyway), no files
    bids: me?.conflictConfirmedAt || supervisor ? await bidViews(em, project) : published ? (await bidViews(em, project)).map((b) => ({ ...b, files: [] })) : null,
    sheets: aggregated && insider ? sheets.map((s) => ({ seat: members.find((m) => m.id === s.member.id)!.seat, status: s.status, sheetSha256: s.contentSha256, ...s.content })) : null,
    aggregate: (aggregated && insider) || published ? (evaluation.aggregate as unknown as Record<string, unknown>) : null,
    changes: (aggregated && insider) || published ? await changes(em, evaluation, members) : null,
    reportDraftSha256: evaluation.status === EvaluationStatus.REPORT && insider ? sha256Hex(canonicalJson(await reportDraft(em, evaluation, project))) : null,
    reportJson: published && (insider || staff) ? (evaluation.reportJson ?? null) : null,
    reportSha256: evaluation.reportSha256 ?? null,
    reportLedgerIndex: evaluation.reportLedgerIndex ?? null,
    publicityStartsAt: evaluation.publicityStartsAt ?? null,
    publicityEndsAt: evaluation.publicityEndsAt ?? null,
    objections: objections
      .filter((o) => supervisor || staff || o.organisation.id === ctx.actor?.organisationId)
      .map((o) => ({ id: o.id, organisationName: o.organisation.getEntity().name, text: o.text, raisedAt: o.raisedAt!, answerDueAt: o.answerDueAt, answer: o.answer ?? null, answeredAt: o.answeredAt ?? null })),
    awardJson: evaluation.awardJson ?? null,
    awardLedgerIndex: evaluation.awardLedgerIndex ?? null,
    periodEndsAt: evaluation.periodEndsAt ?? null,
    periodExtendedAt: evaluation.periodExtendedAt ?? null,
    timeInsufficientCount: insider || staff ? members.filter((m) => m.timeInsufficientAt).length : null,
    replacements: insider || staff || published ? await replacements(em, evaluation, supervisor) : null,
  };
}

async function replacements(em: EntityManager, evaluation: Evaluation, supervisor: boolean): Promise<MemberReplacementView[]> {
  const replaced = await replacedMembers(em, evaluation);
  if (!replaced.length) return [];
  const by = new Map((await em.find(CommitteeMember, { id: { $in: replaced.map((m) => m.replacedByMemberId!) } }, { populate: ['user'] })).map((m) => [m.id, m]));
  const voided = new Map((await em.find(ScoresheetRow, { member: { $in: replaced } })).map((s) => [s.member.id, s]));
  return replaced.map((m) => ({
    seat: m.seat,
    replacedName: m.user.getEntity().displayName,
    replacementName: by.get(m.replacedByMemberId!)?.user.getEntity().displayName ?? null,
    reason: m.replacedReason!,
    replacedAt: m.replacedAt!,
    ledgerIndex: m.replacementLedgerIndex ?? null,
    voidSheetStatus: supervisor ? (voided.get(m.id)?.status ?? null) : null,
    voidSheetSha256: supervisor ? (voided.get(m.id)?.contentSha256 ?? null) : null,
  }));
}

async function bidViews(em: EntityManager, project: Project): Promise<EvaluationBidView[]> {
  return (await evaluatedBids(em, project)).map((b) => ({
    bidId: b.bidId,
    organisationName: b.organisationName,
    price: b.price,
    durationDays: b.form?.durationDays ?? null,
    qualityCommitment: b.form?.qualityCommitment ?? null,
    files: (b.form?.files ?? []).map((f) => ({ ...f, url: `/api/evaluation/${project.id}/bids/${b.bidId}/files/${encodeURIComponent(f.name)}` })),
  }));
}

async function changes(em: EntityManager, evaluation: Evaluation, members: CommitteeMember[]): Promise<Record<string, unknown>[]> {
  const rows = await em.find(EvaluationChange, { evaluation }, { orderBy: { changedAt: 'asc', id: 'asc' } });
  return rows.map((c) => ({ reason: c.reason, seat: members.find((m) => m.id === c.member.id)?.seat ?? null, bidId: c.bid.id, itemKey: c.itemKey, from: c.fromScore, to: c.toScore, note: c.note, ledgerIndex: c.ledgerIndex, changedAt: c.changedAt }));
}
