/**
 * Opening one sealed bid at the session, with a CEK the bidder unwrapped in its browser or with the
 * opening key the custodians rebuilt: every check of crypto/sbp openPackage (signature, hash, CEK
 * commitment, GCM tag), the signer must be the certificate accepted at submission, and the price in
 * bid.json must match the signed priceCommitment. The result is stored on the participant, the
 * plaintext kept for the evaluation, and the unwrap result appended to the ledger and the stream.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { openPackage, type OpeningKeys, type SignerValidation } from '../../../../crypto/sbp';
import { certificateFingerprint } from '../../../../crypto/x509-fields';
import type { Bid } from '../bids/bid.entity';
import type { UploadsService } from '../bids/uploads.service';
import type { LedgerService } from '../ledger/ledger.service';
import type { Project } from '../projects/project.entity';
import { readBidContent, type BidForm } from './bid-content';
import { BidOutcome, Decryption, OpenedBid, type OpeningParticipant } from './opening.entity';
import type { Settled } from './rules/session';
import type { Scope } from './session-scope';
import { sha256Hex } from '../../sha256';

export type Opened = { ok: true; content: Uint8Array; form: BidForm | null } | { ok: false; code: string; bidderCaused: boolean; reason: string };

export class BidOpener {
  constructor(
    private readonly uploads: UploadsService,
    private readonly ledger: LedgerService,
  ) {}

  async open(em: EntityManager, bid: Bid, key: OpeningKeys): Promise<Opened> {
    const upload = await bid.upload.load();
    const bidCms = upload ? await this.uploads.content(em, upload) : null;
    if (!bidCms) return { ok: false, code: 'STORAGE_CORRUPT', bidderCaused: false, reason: 'bid.cms is missing from storage or does not match its hash' };
    const result = await openPackage(
      { bidCms, manifestJson: Buffer.from(bid.manifestJson, 'utf8'), manifestP7s: bid.manifestP7s },
      key,
      { validateSigner: async (der): Promise<SignerValidation> => ((await certificateFingerprint(der)) === bid.signerFingerprint ? { ok: true } : { ok: false, code: 'SIGNER_CHANGED', message: 'not the certificate accepted at submission' }) },
    );
    if (!result.ok) return { ok: false, code: result.code, bidderCaused: result.bidderCaused, reason: result.reason };
    const form = await readBidContent(result.content, result.manifest.priceCommitment);
    if (!form.ok) return { ok: false, code: form.code, bidderCaused: true, reason: form.reason };
    return { ok: true, content: result.content, form: form.form };
  }

  /** Store what opening `participant`'s bid gave, log it, and tell the hall. */
  async record(scope: Scope, project: Project, participant: OpeningParticipant, bid: Bid, opened: Opened, by: 'BIDDER' | 'COMMITTEE'): Promise<void> {
    const { em, emit } = scope;
    const organisationName = (await participant.organisation.load())!.name;
    participant.attempts += 1;
    await this.ledger.append(em, 'opening.unwrap', { bidId: bid.id, manifestSha256: bid.manifestSha256, by, ok: opened.ok, code: opened.ok ? null : opened.code }, project);
    const base = { participantId: participant.id, bidId: bid.id, organisationId: participant.organisation.id, organisationName, by };
    if (opened.ok) {
      Object.assign(participant, { decryption: Decryption.DECRYPTED, decryptedBy: by, outcome: BidOutcome.VALID, claim: false, failureCode: null, failureReason: null, form: opened.form });
      em.create(OpenedBid, { participant, content: Buffer.from(opened.content), contentSha256: sha256Hex(opened.content) });
      opened.content.fill(0);
      await emit('BID_DECRYPTED', base);
      return;
    }
    Object.assign(participant, { decryption: Decryption.FAILED, failureCode: opened.code, failureReason: opened.reason });
    await emit('DECRYPTION_FAILED', { ...base, code: opened.code, reason: opened.reason, bidderCaused: opened.bidderCaused });
  }

  /** The final outcome of a bid that was not opened (Art. 31): REVOKED, or WITHDRAWN with a claim. */
  async settle(scope: Scope, participant: OpeningParticipant, verdict: Settled): Promise<void> {
    const outcome = BidOutcome[verdict.to];
    Object.assign(participant, { outcome, decryption: Decryption.FAILED, claim: outcome === BidOutcome.WITHDRAWN, failureCode: participant.failureCode ?? verdict.code, failureReason: participant.failureReason ?? verdict.reason });
    const organisationName = (await participant.organisation.load())!.name;
    await scope.emit('BID_OUTCOME', { participantId: participant.id, organisationId: participant.organisation.id, organisationName, outcome, claim: participant.claim, code: participant.failureCode });
  }
}
