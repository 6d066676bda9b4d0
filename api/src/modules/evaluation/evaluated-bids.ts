/** The bids that go to the evaluation (rule 7): opened at the session, valid, in read-out order. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { BidForm } from '../opening/bid-content';
import { BidOutcome, OpeningParticipant } from '../opening/opening.entity';
import type { Project } from '../projects/project.entity';

export interface EvaluatedBid {
  bidId: string;
  participantId: string;
  organisationId: string;
  organisationName: string;
  price: string | null;
  submittedAt: Date;
  form: BidForm | null;
}

export async function evaluatedBids(em: EntityManager, project: Project): Promise<EvaluatedBid[]> {
  const rows = await em.find(
    OpeningParticipant,
    { session: { project }, outcome: BidOutcome.VALID },
    { orderBy: { position: 'asc' }, populate: ['organisation', 'bid'] },
  );
  return rows.map((p) => ({
    bidId: p.bid.id,
    participantId: p.id,
    organisationId: p.organisation.id,
    organisationName: p.organisation.getEntity().name,
    price: p.form?.totalPrice ?? null,
    submittedAt: p.bid.getEntity().submittedAt!,
    form: p.form ?? null,
  }));
}
