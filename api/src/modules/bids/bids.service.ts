/**
 * Sealed bid submission (DESIGN §4 "checks at submission"): every check without decryption, the deadline
 * against database time inside the transaction, and — in that same transaction — the bid, the audit
 * record, the ledger entry and the receipt. Replacements keep the history; withdrawals are logged.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canonicalJson } from '../../../../crypto/canonical-json';
import { derToPem } from '../../../../crypto/pem';
import { checkPackage, type Violation } from '../../../../crypto/sbp';
import type { Clock } from '../../clock';
import type { Context } from '../../graphql/context';
import { CertificateUsage } from '../identity/certificate.entity';
import type { PlatformPkiService } from '../identity/platform-pki.service';
import type { LedgerService } from '../ledger/ledger.service';
import type { CalendarService } from '../projects/calendar.service';
import { Project } from '../projects/project.entity';
import type { AuditService } from '../supervision/audit.service';
import { AuditOutcome } from '../supervision/audit-record.entity';
import { Bid, BidStatus, BidUpload } from './bid.entity';
import { biddingWindowProblem } from './bid-window';
import { BidErrorCode, type BidError, type BidPayload, type SubmitBidInput, type SubmitBidPayload, type WithdrawBidInput } from './bids.types';
import type { UploadsService } from './uploads.service';

const VIOLATION_CODES: Record<string, BidErrorCode> = {
  PACKAGE_MALFORMED: BidErrorCode.PACKAGE_MALFORMED,
  ALGORITHM_NOT_ALLOWED: BidErrorCode.ALGORITHM_NOT_ALLOWED,
  TOO_LARGE: BidErrorCode.TOO_LARGE,
  HASH_MISMATCH: BidErrorCode.HASH_MISMATCH,
  SIZE_MISMATCH: BidErrorCode.SIZE_MISMATCH,
  SIGNATURE_INVALID: BidErrorCode.SIGNATURE_INVALID,
  SIGNER_MISMATCH: BidErrorCode.SIGNER_MISMATCH,
  CERTIFICATE_INVALID: BidErrorCode.CERTIFICATE_INVALID,
  CERTIFICATE_REVOKED: BidErrorCode.CERTIFICATE_REVOKED,
  CERTIFICATE_NOT_OF_BIDDER: BidErrorCode.CERTIFICATE_NOT_OF_BIDDER,
  RECIPIENT_MISSING: BidErrorCode.OPENING_RECIPIENT_MISSING,
  RECIPIENT_NOT_ALLOWED: BidErrorCode.RECIPIENT_NOT_ALLOWED,
  RECIPIENTS_MISMATCH: BidErrorCode.RECIPIENTS_MISMATCH,
  WRONG_PROJECT: BidErrorCode.WRONG_PROJECT,
  WRONG_LOT: BidErrorCode.WRONG_LOT,
  WRONG_BIDDER: BidErrorCode.WRONG_BIDDER,
  WRONG_REVISION: BidErrorCode.WRONG_REVISION,
};

export class BidsService {
  constructor(
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly pki: PlatformPkiService,
    private readonly ledger: LedgerService,
    private readonly uploads: UploadsService,
    private readonly audit: AuditService,
  ) {}

  async submit(ctx: Context, input: SubmitBidInput): Promise<SubmitBidPayload> {
    try {
      return await this.submitInTransaction(ctx, input);
    } catch (error) {
      // the success record was written before the ledger append and rolled back with the rest
      if (ctx.audit) ctx.audit.written = false;
      throw error;
    }
  }

  private async submitInTransaction(ctx: Context, input: SubmitBidInput): Promise<SubmitBidPayload> {
    const actor = ctx.actor!;
    return ctx.em.transactional(async (em) => {
      const refuse = (errors: BidError[]): Promise<SubmitBidPayload> => this.audit.refuse(em, ctx, errors, { bid: null, receipt: null });
      // a plain query for the usual case (no such key); the entity only for a retry
      const [retriedRow] = await em.execute<{ id: string }[]>('select id from bid where organisation_id = ? and idempotency_key = ?', [actor.organisationId, input.idempotencyKey]);
      const retried = retriedRow ? await em.findOneOrFail(Bid, { id: retriedRow.id }) : null;
      if (retried) {
        if (retried.manifestJson !== input.manifestJson) return refuse([{ code: BidErrorCode.IDEMPOTENCY_CONFLICT, message: 'This idempotency key was used for another bid.', field: 'idempotencyKey' }]);
        await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
        return { bid: retried, receipt: canonicalJson(retried.receipt), errors: [] };
      }
      const upload = await em.findOne(BidUpload, { id: input.uploadId, organisation: actor.organisationId });
      if (!upload) return refuse([{ code: BidErrorCode.NOT_FOUND, message: 'There is no such upload of yours.', field: 'uploadId' }]);
      // a shared lock: the deadline transition (FOR UPDATE SKIP LOCKED) passes over a project with submissions in flight
      // and takes it on a later tick; a submission waits while the transition holds the lock
      const project = await em.findOneOrFail(Project, { id: upload.project.id }, { lockMode: LockMode.PESSIMISTIC_READ });
      const now = await this.clock.now(em);
      const window = biddingWindowProblem(project, now);
      if (window) return refuse([window]);
      const bidCms = await this.uploads.content(em, upload);
      if (!bidCms) return refuse([{ code: BidErrorCode.UPLOAD_INCOMPLETE, message: `The upload holds ${upload.received} of ${upload.declaredSize} bytes, or does not match its declared SHA-256.`, field: 'uploadId' }]);
      const manifestP7s = Buffer.from(input.manifestP7s, 'base64');
      const current = await em.findOne(Bid, { project, lot: upload.lot.id, organisation: actor.organisationId, status: BidStatus.SUBMITTED }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const check = await checkPackage(
        { bidCms, manifestJson: Buffer.from(input.manifestJson, 'utf8'), manifestP7s },
        {
          projectId: project.id,
          lotId: upload.lot.id,
          bidderId: actor.organisationId,
          rev: (current?.rev ?? 0) + 1,
          prevManifestSha256: current?.manifestSha256 ?? null,
          ...(await this.recipientRules(em, project, actor.organisationId, now)),
        },
        { validateSigner: (der) => this.validateSigner(em, der, actor.organisationId, now) },
      );
      if (!check.ok) return refuse(check.violations.map(toBidError));
      if (current) {
        current.status = BidStatus.REPLACED;
        await em.flush(); // before the new SUBMITTED row: the partial unique index bid_one_current allows one per bidder and lot
      }
      const manifestSha256 = check.facts.manifestSha256;
      // everything else first: the ledger append takes the head's row lock, which every submission waits for until this one commits
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      const { receipt, row } = await this.ledger.appendWithReceipt(
        em, 'bid.submitted', { manifestSha256, serverTime: now.toISOString(), lotId: upload.lot.id, rev: check.facts.manifest.rev }, project,
        (entry, signed) => ({
          // the bid row in the ledger's statement: one round trip fewer while the head is locked
          sql: `insert into bid (project_id, lot_id, organisation_id, user_id, rev, status, upload_id, manifest_json, manifest_p7s, manifest_sha256,
                  bid_cms_sha256, bid_cms_size, signer_fingerprint, tool, idempotency_key, ledger_index, receipt, client_ip, user_agent)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?) returning *`,
          params: [
            project.id, upload.lot.id, upload.organisation.id, actor.userId, check.facts.manifest.rev, BidStatus.SUBMITTED, upload.id, input.manifestJson, manifestP7s, manifestSha256,
            upload.declaredSha256, upload.declaredSize, check.facts.signerFingerprint, check.facts.manifest.tool ?? null, input.idempotencyKey, entry.index, JSON.stringify(signed),
            ctx.meta.clientIp ?? null, ctx.meta.userAgent ?? null,
          ],
        }),
      );
      const bid = em.map(Bid, row);
      return { bid, receipt: canonicalJson(receipt), errors: [] };
    });
  }

  /** Withdraw before the deadline; the withdrawal is logged and the bid no longer counts. */
  async withdraw(ctx: Context, input: WithdrawBidInput): Promise<BidPayload> {
    return ctx.em.transactional(async (em) => {
      const refuse = (error: BidError): Promise<BidPayload> => this.audit.refuse(em, ctx, [error], { bid: null });
      const bid = await em.findOne(Bid, { id: input.bidId, organisation: ctx.actor!.organisationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!bid) return refuse({ code: BidErrorCode.NOT_FOUND, message: 'There is no such bid of yours.', field: 'bidId' });
      const project = await em.findOneOrFail(Project, { id: bid.project.id }, { lockMode: LockMode.PESSIMISTIC_READ });
      const now = await this.clock.now(em);
      const window = biddingWindowProblem(project, now);
      if (window) return refuse(window);
      if (bid.status !== BidStatus.SUBMITTED) return refuse({ code: BidErrorCode.NOT_ALLOWED_IN_STATE, message: `This bid is ${bid.status}.` });
      Object.assign(bid, { status: BidStatus.WITHDRAWN, withdrawnAt: now });
      await this.ledger.append(em, 'bid.withdrawn', { manifestSha256: bid.manifestSha256, serverTime: now.toISOString() }, project);
      await em.flush();
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      return { bid, errors: [] };
    });
  }

  /** bid.cms of one of the caller's organisation's bids (before the opening nobody else may download it). */
  async ciphertext(ctx: Context, bidId: string): Promise<Buffer | null> {
    const bid = ctx.actor ? await ctx.em.findOne(Bid, { id: bidId, organisation: ctx.actor.organisationId }, { populate: ['upload'] }) : null;
    return bid ? this.uploads.content(ctx.em, bid.upload.getEntity()) : null;
  }

  /** The caller's organisation's bids for a project, every revision, newest first. */
  async mine(ctx: Context, projectId: string): Promise<Bid[]> {
    return ctx.em.find(Bid, { project: projectId, organisation: ctx.actor!.organisationId }, { orderBy: { submittedAt: 'desc' } });
  }

  /** Bidders with a current sealed bid (the count that decides 流标 at the deadline). */
  async countValid(em: EntityManager, projectId: string): Promise<number> {
    const [row] = await em.execute<{ n: string }[]>("select count(distinct organisation_id) as n from bid where project_id = ? and status = 'SUBMITTED'", [projectId]);
    return Number(row.n);
  }

  /** At the deadline: fix the sealed set in the ledger and record the checkpoint in the project. */
  async sealSet(em: EntityManager, project: Project): Promise<void> {
    const bids = await em.find(Bid, { project, status: BidStatus.SUBMITTED }, { orderBy: { manifestSha256: 'asc' } });
    await this.ledger.append(em, 'project.sealed', { manifests: bids.map((b) => b.manifestSha256) }, project);
    const checkpoint = await this.ledger.checkpoint(em);
    Object.assign(project, { sealedLedgerSize: checkpoint.size, sealedRootHash: checkpoint.rootHash });
  }

  /** Recipients per opening policy: the bidder's own encryption certificates and, unless BIDDER_ONLY, the project opening certificate (required). */
  private async recipientRules(em: EntityManager, project: Project, organisationId: string, now: Date): Promise<{ allowedRecipients: string[]; requiredRecipients: string[] }> {
    const config = await this.calendars.procedure(em, project.method);
    // the same conditions as validCertificateWhere(ENCRYPTION, now), without entities: only the PEM is needed
    const own = await em.execute<{ pem: string }[]>(
      'select pem from certificate where organisation_id = ? and usage = ? and revoked_at is null and not_before <= ? and not_after > ?',
      [organisationId, CertificateUsage.ENCRYPTION, now, now],
    );
    const opening = config?.openingPolicy !== 'BIDDER_ONLY' && project.openingCertificatePem ? [project.openingCertificatePem] : [];
    return { allowedRecipients: [...own.map((c) => c.pem), ...opening], requiredRecipients: opening };
  }

  private async validateSigner(em: EntityManager, der: Uint8Array, organisationId: string, now: Date): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
    const validation = await this.pki.validate(em, derToPem(der, 'CERTIFICATE'), 'SIGNING', now);
    if (!validation.ok) return { ok: false, code: validation.code === 'REVOKED' ? 'CERTIFICATE_REVOKED' : 'CERTIFICATE_INVALID', message: validation.message };
    const registered = await em.execute('select 1 from certificate where fingerprint_sha256 = ? and organisation_id = ? and usage = ? limit 1', [validation.leaf.fingerprintSha256, organisationId, CertificateUsage.SIGNING]);
    if (registered.length === 0) {
      return { ok: false, code: 'CERTIFICATE_NOT_OF_BIDDER', message: 'The manifest is signed with a certificate not registered to your organisation.' };
    }
    return { ok: true };
  }
}

function toBidError(violation: Violation): BidError {
  const code = VIOLATION_CODES[violation.detail ?? ''] ?? VIOLATION_CODES[violation.code] ?? BidErrorCode.PACKAGE_MALFORMED;
  return { code, message: violation.message };
}
