/** The evaluation's public results as open-data facts: candidates once published, the award once sealed. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EvaluationFacts } from '../opendata/opendata.service';
import type { Project } from '../projects/project.entity';
import { Evaluation, EvaluationStatus } from './evaluation.entity';
import { evaluatedBids } from './evaluated-bids';

const PUBLISHED: string[] = [EvaluationStatus.PUBLICITY, EvaluationStatus.AWARDED, EvaluationStatus.FAILED];

export async function evaluationOpenData(em: EntityManager, project: Project): Promise<EvaluationFacts | null> {
  const evaluation = await em.findOne(Evaluation, { project });
  if (!evaluation || !PUBLISHED.includes(evaluation.status) || !evaluation.aggregate) return null;
  const bids = await evaluatedBids(em, project);
  const organisationOf = (bidId: string) => bids.find((b) => b.bidId === bidId)!.organisationId;
  const { lines, candidates } = evaluation.aggregate;
  const award = evaluation.awardJson ? (JSON.parse(evaluation.awardJson) as { winner: { bidId: string; organisationId: string; price: string }; currency: string }) : null;
  return {
    evaluation: {
      reportSignedAt: evaluation.reportCompletedAt!,
      candidates: candidates.map((bidId, i) => ({ rank: i + 1, bidId, organisationId: organisationOf(bidId), total: lines.find((l) => l.bidId === bidId)!.total })),
      publicityStartsAt: evaluation.publicityStartsAt ?? undefined,
      publicityEndsAt: evaluation.publicityEndsAt ?? undefined,
    },
    award: award
      ? { id: `award-${award.winner.bidId}`, date: evaluation.awardedAt!, organisationId: award.winner.organisationId, amount: award.winner.price, currency: award.currency, status: 'active' }
      : null,
    failed: evaluation.status === EvaluationStatus.FAILED ? { at: evaluation.reportCompletedAt!, reason: project.statusReason ?? '评审后有效投标不足' } : null,
  };
}
