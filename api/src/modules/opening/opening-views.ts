/**
 * The session as one viewer may see it (DESIGN §6): prices only once read out (the owner: once
 * decrypted), failure details only for the owner and supervisors, integrity flags only for
 * supervisors. `lastEventSeq` is read first, so replaying events after it never misses a change.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventLog } from '../../events/event-log';
import { hasRole, type Context } from '../../graphql/context';
import { ForbiddenError } from '../../graphql/errors';
import { Bid, BidStatus } from '../bids/bid.entity';
import { Role } from '../identity/roles';
import { OpeningKeyShare } from '../projects/opening-key-share.entity';
import { managesProject } from '../projects/project-access';
import type { Project } from '../projects/project.entity';
import { BidOutcome, CommitteeShare, Decryption, OpeningObjection, OpeningParticipant, RecordSeal, type OpeningSession } from './opening.entity';
import type { OpeningBidView, OpeningSessionView } from './opening.types';
import { signInMessage } from './sign-in';
import { openingStream } from './session-scope';
import type { Viewer } from './rules/session';

export class OpeningViews {
  constructor(private readonly eventLog: EventLog) {}

  /**
   * Who the caller is in a project's opening (before the session exists too): supervisors, the host,
   * the opening key's custodians, and bidders with a sealed bid; FORBIDDEN for anyone else.
   */
  async viewer(em: EntityManager, ctx: Context, project: Project, session: OpeningSession | null): Promise<Viewer & { custodian: boolean }> {
    const actor = ctx.actor;
    const supervisor = hasRole(actor, Role.SUPERVISOR, Role.ADMIN);
    const host = managesProject(actor, project);
    const custodian = !!actor && (await em.count(OpeningKeyShare, { project, custodian: actor.userId })) > 0;
    const ownBids = !actor || !hasRole(actor, Role.BIDDER) ? 0
      : session ? await em.count(OpeningParticipant, { session, organisation: actor.organisationId })
      : await em.count(Bid, { project, organisation: actor.organisationId, status: BidStatus.SUBMITTED });
    if (!supervisor && !host && !custodian && !ownBids) throw new ForbiddenError('Only the host, the bidders of this opening, its custodians and supervisors watch the opening hall.');
    return { supervisor, host, custodian, organisationId: ownBids ? actor!.organisationId : null };
  }

  async of(em: EntityManager, ctx: Context, session: OpeningSession, project: Project): Promise<OpeningSessionView> {
    const lastEventSeq = await this.eventLog.head(em, openingStream(project.id));
    const viewer = await this.viewer(em, ctx, project, session);
    const { participants, bidOf, objections } = await sessionRows(em, session);
    const seals = await em.find(RecordSeal, { session }, { orderBy: { sealedAt: 'asc' } });
    const shares = await em.find(CommitteeShare, { session }, { fields: ['custodianUserId'] });
    const threshold = Number((project.openingKeyRecord as { threshold?: number } | null)?.threshold ?? 0);
    return {
      id: session.id,
      projectId: project.id,
      projectCode: project.code,
      projectTitle: project.title,
      controlPrice: project.estimatedPrice ?? null,
      status: session.status,
      policy: session.policy,
      openedAt: session.openedAt,
      decryptionEndsAt: session.decryptionEndsAt ?? null,
      threshold,
      sharesSubmitted: shares.length,
      isHost: viewer.host,
      isCustodian: viewer.custodian,
      myShareSubmitted: shares.some((s) => s.custodianUserId === ctx.actor?.userId),
      signInMessage: viewer.organisationId ? signInMessage(session.id, viewer.organisationId, ctx.actor!.userId) : null,
      bids: participants.map((p) => bidView(p, bidOf.get(p.bid.id)!.lot.getEntity().number, viewer)),
      objections: objections.map((o) => ({ id: o.id, organisationName: o.organisation.getEntity().name, text: o.text, raisedAt: o.raisedAt!, answer: o.answer ?? null, answeredAt: o.answeredAt ?? null })),
      seals: seals.map((s) => ({ role: s.role, signerName: s.signerName, sealedAt: s.sealedAt! })),
      integrityFlags: viewer.supervisor ? session.integrityFlags.map((f) => ({ ...f })) : [],
      recordJson: session.recordJson ?? null,
      recordSha256: session.recordSha256 ?? null,
      recordLedgerIndex: session.recordLedgerIndex ?? null,
      lastEventSeq,
    };
  }
}

/** The rows of a session, as its view and its record both read them: bids in order with their organisations and lots, objections. */
export async function sessionRows(em: EntityManager, session: OpeningSession) {
  const participants = await em.find(OpeningParticipant, { session }, { orderBy: { position: 'asc' }, populate: ['organisation'] });
  const bids = await em.find(Bid, { id: participants.map((p) => p.bid.id) }, { populate: ['lot'] });
  const objections = await em.find(OpeningObjection, { session }, { orderBy: { raisedAt: 'asc', id: 'asc' }, populate: ['organisation'] });
  return { participants, bidOf: new Map(bids.map((b) => [b.id, b])), objections };
}

function bidView(p: OpeningParticipant, lotNumber: number, viewer: Viewer): OpeningBidView {
  const mine = !!viewer.organisationId && p.organisation.id === viewer.organisationId;
  const priceVisible = !!p.readOutAt || (mine && p.decryption === Decryption.DECRYPTED);
  const detailsVisible = mine || viewer.supervisor;
  const settled = p.outcome !== BidOutcome.PENDING;
  return {
    id: p.id,
    bidId: p.bid.id,
    position: p.position,
    lotNumber,
    organisationName: p.organisation.getEntity().name,
    mine,
    signedInAt: p.signedInAt ?? null,
    decryption: p.decryption,
    decryptedBy: p.decryptedBy ?? null,
    outcome: p.outcome,
    claim: p.claim,
    failureCode: detailsVisible || settled ? (p.failureCode ?? null) : null,
    failureReason: detailsVisible ? (p.failureReason ?? null) : null,
    readOutAt: p.readOutAt ?? null,
    totalPrice: priceVisible ? (p.form?.totalPrice ?? null) : null,
    durationDays: priceVisible ? (p.form?.durationDays ?? null) : null,
    qualityCommitment: priceVisible ? (p.form?.qualityCommitment ?? null) : null,
    confirmedAt: p.confirmedAt ?? null,
    confirmAgree: p.confirmAgree ?? null,
    confirmNote: p.confirmNote ?? null,
  };
}
