/** Gathering the opening record's facts from the session's rows (the shape is rules/opening-record.ts). */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Project } from '../projects/project.entity';
import type { OpeningSession } from './opening.entity';
import { sessionRows } from './opening-views';
import { buildOpeningRecord } from './rules/opening-record';

export async function buildRecord(em: EntityManager, session: OpeningSession, project: Project, minBids: number, now: Date): Promise<Record<string, unknown>> {
  const { participants, bidOf, objections } = await sessionRows(em, session);
  return buildOpeningRecord({
    project: { id: project.id, code: project.code, title: project.title, method: project.method, controlPrice: project.estimatedPrice ?? null, budget: project.budget ?? null, currency: project.currency },
    openedAt: session.openedAt,
    decryptionEndsAt: session.decryptionEndsAt ?? null,
    sealedLedger: { size: project.sealedLedgerSize ?? null, rootHash: project.sealedRootHash ?? null },
    bids: participants.map((p) => {
      const bid = bidOf.get(p.bid.id)!;
      const organisation = p.organisation.getEntity();
      return {
        position: p.position,
        lotNumber: bid.lot.getEntity().number,
        bidId: bid.id,
        manifestSha256: bid.manifestSha256,
        organisationId: organisation.id,
        organisationName: organisation.name,
        uscc: organisation.uscc ?? null,
        signedIn: !!p.signedInAt,
        decryptedBy: p.decryptedBy ?? null,
        outcome: p.outcome,
        claim: p.claim,
        failureCode: p.failureCode ?? null,
        totalPrice: p.form?.totalPrice ?? null,
        durationDays: p.form?.durationDays ?? null,
        qualityCommitment: p.form?.qualityCommitment ?? null,
        bondStatus: 'NOT_STATED' as const,
        confirmation: p.confirmedAt ? { agree: !!p.confirmAgree, note: p.confirmNote ?? null, at: p.confirmedAt.toISOString() } : null,
      };
    }),
    objections: objections.map((o) => ({ organisationName: o.organisation.getEntity().name, text: o.text, raisedAt: o.raisedAt!, answer: o.answer ?? null, answeredAt: o.answeredAt ?? null })),
    minBids,
    finalisedAt: now,
  });
}
