/**
 * Decryption at the opening (DESIGN §4 "At opening"). A bidder's browser unwraps the CEK with the
 * bidder's own key and sends only the CEK; the server opens the bid with it. Where the policy allows,
 * custodians send the shares their browsers unwrapped; with k of them the opening key is rebuilt in
 * memory, checked against the opening certificate, used for the remaining bids, and dropped; the
 * stored shares are erased in the same transaction. Nothing here works before the session is at the
 * right stage — nobody can decrypt anything before the opening.
 */
import { rebuildOpeningKey, shareHash, type KeyCeremonyRecord } from '../../../../crypto/threshold';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../graphql/context';
import { ForbiddenError } from '../../graphql/errors';
import { Bid } from '../bids/bid.entity';
import type { LedgerService } from '../ledger/ledger.service';
import { OpeningKeyShare } from '../projects/opening-key-share.entity';
import { Project } from '../projects/project.entity';
import type { BidOpener } from './bid-opener';
import { CommitteeShare, Decryption, OpeningParticipant, OpeningSession, SessionStatus } from './opening.entity';
import { OpeningErrorCode, type OpeningPayload } from './opening.types';
import { settledBy } from './rules/session';
import { bidder, problem, type Scope, type SessionActs } from './session-scope';

export class DecryptionService {
  constructor(
    private readonly acts: SessionActs,
    private readonly opener: BidOpener,
    private readonly ledger: LedgerService,
  ) {}

  /** 解密: the bidder sends the CEK it unwrapped (base64, 32 bytes); a failed attempt is recorded and may be retried within the window. */
  decrypt(ctx: Context, projectId: string, bidId: string, cekBase64: string): Promise<OpeningPayload> {
    return this.acts.run(ctx, projectId, 'DECRYPT', bidder(ctx), async (scope) => {
      const { em, session, project, now } = scope;
      if (now >= session.decryptionEndsAt!) return problem(OpeningErrorCode.WINDOW_CLOSED, `The decryption window closed at ${session.decryptionEndsAt!.toISOString()}.`);
      const participant = await em.findOne(OpeningParticipant, { session, bid: bidId, organisation: ctx.actor!.organisationId });
      if (!participant) return problem(OpeningErrorCode.NOT_A_PARTICIPANT, 'This is not a bid of yours in this opening.', 'bidId');
      if (!participant.signedInAt) return problem(OpeningErrorCode.NOT_SIGNED_IN, 'Sign in to the opening before decrypting.');
      if (participant.decryption === Decryption.DECRYPTED) return problem(OpeningErrorCode.ALREADY_DONE, 'This bid is decrypted already.', 'bidId');
      const cek = Buffer.from(cekBase64, 'base64');
      if (cek.length !== 32) return problem(OpeningErrorCode.INPUT_INVALID, 'The content key is 32 bytes (AES-256), base64.', 'cek');
      const bid = await em.findOneOrFail(Bid, { id: bidId }, { populate: ['upload'] });
      const opened = await this.opener.open(em, bid, { cek });
      cek.fill(0);
      await this.opener.record(scope, project, participant, bid, opened, 'BIDDER');
    });
  }

  /** The wrapped share of the caller (a custodian), to unwrap in its browser — only at the committee stage. */
  async myWrappedShare(ctx: Context, projectId: string): Promise<string | null> {
    const em = ctx.em.fork();
    const share = await em.findOne(OpeningKeyShare, { project: projectId, custodian: ctx.actor!.userId });
    if (!share && !(await em.count(Project, { id: projectId }))) return null;
    if (!share) throw new ForbiddenError('You hold no share of this project\'s opening key.');
    const session = await em.findOne(OpeningSession, { project: projectId });
    return session?.status === SessionStatus.COMMITTEE ? share.wrappedShare.toString('base64') : null;
  }

  /** A custodian's share (base64, unwrapped in its browser); with k good shares the remaining bids are opened. */
  submitShare(ctx: Context, projectId: string, shareBase64: string): Promise<OpeningPayload> {
    const custodianOf = async (em: EntityManager, project: Project) => (await em.count(OpeningKeyShare, { project, custodian: ctx.actor!.userId })) > 0;
    return this.acts.run(ctx, projectId, 'SUBMIT_SHARE', custodianOf, async (scope) => {
      const { em, session, project, emit } = scope;
      if (await em.count(CommitteeShare, { session, custodianUserId: ctx.actor!.userId })) return problem(OpeningErrorCode.ALREADY_DONE, 'Your share is in already.');
      const record = project.openingKeyRecord as unknown as KeyCeremonyRecord;
      const expected = record.shares.find((s) => s.custodianId === ctx.actor!.userId)!;
      const share = Buffer.from(shareBase64, 'base64');
      const hash = await shareHash(share);
      if (hash !== expected.shareSha256) return problem(OpeningErrorCode.SHARE_INVALID, 'This is not your share of this opening key (its hash does not match the one published at the key ceremony).', 'share');
      em.create(CommitteeShare, { session, custodianUserId: ctx.actor!.userId, shareSha256: hash, share });
      await em.flush();
      await this.ledger.append(em, 'opening.share', { custodianUserId: ctx.actor!.userId, shareSha256: hash }, project);
      const count = await em.count(CommitteeShare, { session });
      await emit('SHARE_SUBMITTED', { custodianName: ctx.actor!.displayName, count, threshold: record.threshold });
      if (count >= record.threshold) await this.openRemaining(scope, record);
    });
  }

  private async openRemaining(scope: Scope, record: KeyCeremonyRecord): Promise<void> {
    const { em, session, project, emit } = scope;
    const stored = await em.find(CommitteeShare, { session, share: { $ne: null } });
    const rebuilt = await rebuildOpeningKey(stored.map((s) => ({ custodianId: s.custodianUserId, share: new Uint8Array(s.share!) })), record, project.openingCertificatePem!);
    for (const s of stored) {
      s.share!.fill(0);
      s.share = null; // erased in this transaction: no share outlives the rebuild
    }
    if (!rebuilt.ok) {
      em.remove(stored); // the custodians may submit again
      await emit('COMMITTEE_FAILED', { code: rebuilt.code, message: rebuilt.message });
      return;
    }
    const pending = await em.find(OpeningParticipant, { session, decryption: Decryption.PENDING_COMMITTEE }, { orderBy: { position: 'asc' }, populate: ['organisation', 'bid', 'bid.upload'] });
    let opened = 0;
    for (const participant of pending) {
      const bid = participant.bid.getEntity();
      const result = await this.opener.open(em, bid, { keys: [{ privateKey: rebuilt.privateKey, spki: rebuilt.spki, certificate: project.openingCertificatePem! }] });
      await this.opener.record(scope, project, participant, bid, result, 'COMMITTEE');
      if (result.ok) opened += 1;
      else await this.opener.settle(scope, participant, settledBy(result));
    }
    session.status = SessionStatus.READ_OUT;
    await emit('COMMITTEE_OPENED', { opened, failed: pending.length - opened });
  }
}
