/**
 * "Explain my score" (得分说明): after the result is published, a bidder sees its own per-item scores
 * from each (anonymised) member, the mean, its qualification votes, and the price score with every
 * input of the formula — enough to re-run the formula itself and get the same number.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../graphql/context';
import { BadInputError, ForbiddenError } from '../../graphql/errors';
import type { Project } from '../projects/project.entity';
import { ACTIVE, CommitteeMember, EvaluationStatus, ScoresheetRow, type Evaluation } from './evaluation.entity';
import { evaluatedBids } from './evaluated-bids';
import { anonymousLabel } from './rules/evaluation-flow';

const PUBLISHED: string[] = [EvaluationStatus.PUBLICITY, EvaluationStatus.AWARDED, EvaluationStatus.FAILED];

export async function explainScore(em: EntityManager, ctx: Context, evaluation: Evaluation, project: Project): Promise<Record<string, unknown>> {
  if (!PUBLISHED.includes(evaluation.status) || !evaluation.aggregate) throw new BadInputError('Scores are explained once the evaluation result is published.', 'projectId');
  const bids = await evaluatedBids(em, project);
  const mine = bids.find((b) => b.organisationId === ctx.actor?.organisationId);
  if (!mine) throw new ForbiddenError('Only a bidder whose bid was evaluated can ask how it was scored.');
  const members = await em.find(CommitteeMember, { evaluation, ...ACTIVE }, { orderBy: { seat: 'asc' } });
  const sheets = await em.find(ScoresheetRow, { member: { evaluation, ...ACTIVE } });
  const seatOf = (memberId: string) => members.find((m) => m.id === memberId)!.seat;
  const ordered = [...sheets].sort((a, b) => seatOf(a.member.id) - seatOf(b.member.id));
  const { criteria, aggregate } = { criteria: evaluation.criteria, aggregate: evaluation.aggregate };
  const line = aggregate.lines.find((l) => l.bidId === mine.bidId) ?? null;
  return {
    bidId: mine.bidId,
    organisationName: mine.organisationName,
    qualified: line?.qualified ?? false,
    rank: line?.rank ?? null,
    total: line?.total ?? null,
    qualification: criteria.qualification.map((item) => ({
      key: item.key,
      label: item.label,
      votes: ordered.map((s) => ({ member: anonymousLabel(seatOf(s.member.id)), passed: s.content.qualification[mine.bidId]?.[item.key] ?? null })),
    })),
    items: criteria.scored.map((item) => ({
      key: item.key,
      label: item.label,
      group: item.group,
      maxPoints: item.maxPoints,
      scores: ordered.map((s) => ({ member: anonymousLabel(seatOf(s.member.id)), score: s.content.scores[mine.bidId]?.[item.key] ?? null })),
      mean: line?.itemMeans[item.key] ?? null,
    })),
    price: {
      formula: aggregate.price.formula,
      inputs: bids.filter((b) => aggregate.price.lines.some((l) => l.bidId === b.bidId)).map((b) => ({ bidId: b.bidId, organisationName: b.organisationName, price: b.price })),
      base: aggregate.price.base,
      mean: aggregate.price.mean,
      dropped: aggregate.price.dropped,
      mine: aggregate.price.lines.find((l) => l.bidId === mine.bidId) ?? null,
      steps: aggregate.price.steps,
    },
    tieBreaks: aggregate.tieBreaks,
  };
}
