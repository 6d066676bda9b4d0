/**
 * The opening hall (开标, DESIGN §3–4, DOMAIN rules 4–9): the host opens the session at the opening
 * time; bidders sign in with their certificate; the host starts the decryption window; bidders send
 * the CEK their browser unwrapped (decryption.service.ts); at the close, undecrypted bids go to the
 * custodians or are classified (Art. 31); the host reads every bid out; bidders object and confirm;
 * the host finalises the record; host and supervisor seal it; it is published and its hash logged.
 * Every act is one transaction with its audit record, ledger entries and session events.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canonicalJson } from '../../../../crypto/canonical-json';
import { OPENING_RECORD_LEDGER_KIND } from '../../../../crypto/opening-record';
import { verifySignature } from '../../../../crypto/pki';
import type { Clock } from '../../clock';
import type { EventLog } from '../../events/event-log';
import { hasRole, type Context } from '../../graphql/context';
import { ForbiddenError } from '../../graphql/errors';
import { Bid, BidStatus } from '../bids/bid.entity';
import { Certificate, CertificateUsage } from '../identity/certificate.entity';
import type { PlatformPkiService } from '../identity/platform-pki.service';
import { Role } from '../identity/roles';
import type { LedgerService } from '../ledger/ledger.service';
import type { CalendarService } from '../projects/calendar.service';
import { managesProject } from '../projects/project-access';
import { Project, ProjectStatus } from '../projects/project.entity';
import { applyEvent } from '../projects/project-transitions';
import type { AuditService } from '../supervision/audit.service';
import type { BidOpener } from './bid-opener';
import { CommitteeShare, Decryption, OpeningObjection, OpeningParticipant, OpeningSession, RecordSeal, SessionStatus } from './opening.entity';
import { OpeningErrorCode, type OpeningPayload } from './opening.types';
import { buildRecord } from './record-builder';
import { afterSignIn, bidderCaused, closeUndecrypted, COMMITTEE_UNAVAILABLE, type OpeningPolicy } from './rules/session';
import { openedSignals, submissionSignals } from './rules/integrity-signals';
import { bidder, host, problem, SessionActs, type Scope } from './session-scope';
import type { OpeningViews } from './opening-views';
import { signInMessage } from './sign-in';
import { sha256Hex } from '../../sha256';

/** What sealing the record needs from the seals module. */
export interface RecordSealVerifier {
  verify(em: EntityManager, document: Uint8Array, envelope: Uint8Array, expect: { userId: string; at: Date }): Promise<{ ok: true } | { ok: false; code: string; message: string }>;
}

const isSupervisor = (ctx: Context) => hasRole(ctx.actor, Role.SUPERVISOR);
/** A seal must still be valid this long after it is checked (publication is logged a moment later). */
const SEAL_MARGIN_MS = 5 * 60_000;
const text = (value: string, max: number) => value.trim().length >= 1 && value.trim().length <= max;

export class OpeningService {
  readonly acts: SessionActs;

  constructor(
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly ledger: LedgerService,
    eventLog: EventLog,
    audit: AuditService,
    private readonly pki: PlatformPkiService,
    private readonly opener: BidOpener,
    private readonly seals: RecordSealVerifier,
    views: OpeningViews,
  ) {
    this.acts = new SessionActs(clock, eventLog, audit, (em, ctx, session, project) => views.of(em, ctx, session, project));
  }

  /** The host opens the session at (or after) the opening time; the project goes OPENING. */
  async open(ctx: Context, projectId: string): Promise<OpeningPayload> {
    return ctx.em.transactional(async (em) => {
      const refuse = (code: OpeningErrorCode, message: string) => this.acts.refuse(em, ctx, problem(code, message, 'projectId'));
      const project = await em.findOne(Project, { id: projectId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!project) return refuse(OpeningErrorCode.NOT_FOUND, 'There is no such project.');
      if (!managesProject(ctx.actor, project)) throw new ForbiddenError('Only the tenderee or its agent hosts the opening.');
      if (await em.count(OpeningSession, { project })) return refuse(OpeningErrorCode.ALREADY_DONE, 'The opening session is already open.');
      if (project.status !== ProjectStatus.SEALED) return refuse(OpeningErrorCode.NOT_ALLOWED_IN_STATE, `The project is ${project.status}; an opening needs the sealed set of bids (SEALED).`);
      const now = await this.clock.now(em);
      const openingAt = project.openingAt ?? project.bidDeadline!;
      if (now < openingAt) return refuse(OpeningErrorCode.TOO_EARLY, `The opening is at ${openingAt.toISOString()}; nobody can open anything before then.`);
      const config = (await this.calendars.procedure(em, project.method))!;
      const bids = await em.find(Bid, { project, status: BidStatus.SUBMITTED }, { orderBy: { submittedAt: 'asc', id: 'asc' }, populate: ['organisation', 'upload'] });
      const session = em.create(OpeningSession, { project, status: SessionStatus.SIGN_IN, policy: config.openingPolicy, hostUserId: ctx.actor!.userId, openedAt: now });
      bids.forEach((bid, i) => em.create(OpeningParticipant, { session, bid, organisation: bid.organisation, position: i + 1 }));
      session.integrityFlags = submissionSignals(bids.map((bid) => ({
        bidId: bid.id,
        organisationId: bid.organisation.id,
        organisationName: bid.organisation.getEntity().name,
        clientIp: bid.clientIp ?? null,
        userAgent: bid.userAgent ?? null,
        signerFingerprint: bid.signerFingerprint,
        uploadStartedAt: bid.upload.getEntity().createdAt ?? null,
        submittedAt: bid.submittedAt!,
      })));
      await applyEvent(em, this.ledger, project, 'OPEN_SESSION', now, {}, ctx.actor!.userId);
      const emit = this.acts.emitter(em, project.id);
      await emit('SESSION_OPENED', { bids: bids.length, policy: config.openingPolicy });
      for (const flag of session.integrityFlags) await emit('INTEGRITY_FLAG', { ...flag });
      return this.acts.succeed(em, ctx, session, project);
    });
  }

  /** 签到: the bidder signs the session's sign-in message with its registered signing certificate. */
  signIn(ctx: Context, projectId: string, certificatePem: string, signatureBase64: string): Promise<OpeningPayload> {
    return this.acts.run(ctx, projectId, 'SIGN_IN', bidder(ctx), async ({ em, session, now, emit }) => {
      const mine = await this.participantsOf(em, session, ctx);
      if (!mine.length) return problem(OpeningErrorCode.NOT_A_PARTICIPANT, 'Your organisation has no sealed bid in this opening.');
      if (mine.every((p) => p.signedInAt)) return problem(OpeningErrorCode.ALREADY_DONE, 'You have signed in already.');
      const validation = await this.pki.validate(em, certificatePem, 'SIGNING', now);
      if (!validation.ok) return problem(OpeningErrorCode.CERTIFICATE_INVALID, validation.message, 'certificatePem');
      const registered = await em.findOne(Certificate, { fingerprintSha256: validation.leaf.fingerprintSha256, usage: CertificateUsage.SIGNING, user: ctx.actor!.userId });
      if (!registered) return problem(OpeningErrorCode.CERTIFICATE_INVALID, 'This signing certificate is not registered to you.', 'certificatePem');
      const message = signInMessage(session.id, ctx.actor!.organisationId, ctx.actor!.userId);
      if (!verifySignature(certificatePem, Buffer.from(message, 'utf8'), Buffer.from(signatureBase64, 'base64'))) {
        return problem(OpeningErrorCode.SIGNATURE_INVALID, 'The signature does not match the sign-in message and the certificate.', 'signature');
      }
      for (const p of mine) Object.assign(p, { signedInAt: now, signedInCertificateSha256: validation.leaf.fingerprintSha256 });
      await emit('BIDDER_SIGNED_IN', { organisationId: ctx.actor!.organisationId, organisationName: ctx.actor!.organisationName });
    });
  }

  /** The host starts the decryption window (a committee-only policy goes straight to the custodians). */
  startDecryption(ctx: Context, projectId: string): Promise<OpeningPayload> {
    return this.acts.run(ctx, projectId, 'START_DECRYPTION', host(ctx), async ({ em, session, project, now, emit }) => {
      const next = afterSignIn(session.policy as OpeningPolicy);
      if (next === 'COMMITTEE') {
        for (const p of await this.participants(em, session)) p.decryption = Decryption.PENDING_COMMITTEE;
        session.status = SessionStatus.COMMITTEE;
        await emit('COMMITTEE_STARTED', {});
        return;
      }
      const config = (await this.calendars.procedure(em, project.method))!;
      session.decryptionEndsAt = new Date(now.getTime() + config.decryptionWindowMinutes * 60_000);
      session.status = SessionStatus.DECRYPTION;
      await emit('DECRYPTION_STARTED', { endsAt: session.decryptionEndsAt.toISOString(), minutes: config.decryptionWindowMinutes });
    });
  }

  /**
   * Close the bidders' window (when it has passed, or when every bid is decrypted) or the committee
   * stage (the custodians did not come): undecrypted bids are classified and the read-out begins.
   */
  closeDecryption(ctx: Context, projectId: string): Promise<OpeningPayload> {
    return this.acts.run(ctx, projectId, 'CLOSE_DECRYPTION', host(ctx), (scope) => this.close(scope));
  }

  /** The scheduler closes windows that have passed (no host needed); returns how many it closed. One failing session does not hold up the rest. */
  async closeExpiredWindows(em: EntityManager, now: Date): Promise<number> {
    const due = await em.find(OpeningSession, { status: SessionStatus.DECRYPTION, decryptionEndsAt: { $lte: now } }, { fields: ['id', 'project'] });
    let closed = 0;
    const failures: unknown[] = [];
    for (const { id, project: { id: projectId } } of due) {
      closed += await em.fork().transactional(async (tx) => {
        // the project row first, as every act does; a row another process holds is left to it
        const project = await tx.findOne(Project, { id: projectId }, { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE });
        const session = project && (await tx.findOne(OpeningSession, { id, status: SessionStatus.DECRYPTION }, { lockMode: LockMode.PESSIMISTIC_WRITE }));
        if (!project || !session || project.status !== ProjectStatus.OPENING) return 0; // closed already, another process is on it, or the project ended
        const at = await this.clock.now(tx);
        const error = await this.close({ em: tx, session, project, now: at, emit: this.acts.emitter(tx, project.id) });
        return error ? 0 : 1;
      }).catch((failure: unknown) => {
        failures.push(failure);
        return 0;
      });
    }
    if (failures.length) throw new AggregateError(failures, `${failures.length} decryption window(s) could not be closed`);
    return closed;
  }

  private async close(scope: Scope) {
    const { em, session, now, emit } = scope;
    const participants = await this.participants(em, session);
    if (session.status === SessionStatus.COMMITTEE) {
      for (const p of participants.filter((x) => x.decryption === Decryption.PENDING_COMMITTEE)) {
        await this.opener.settle(scope, p, COMMITTEE_UNAVAILABLE);
      }
      await em.nativeUpdate(CommitteeShare, { session }, { share: null });
      session.status = SessionStatus.READ_OUT;
      await emit('COMMITTEE_CLOSED', {});
      return;
    }
    const open = participants.filter((p) => p.decryption !== Decryption.DECRYPTED);
    if (now < session.decryptionEndsAt! && open.length) {
      return problem(OpeningErrorCode.WINDOW_OPEN, `The decryption window is open until ${session.decryptionEndsAt!.toISOString()} and ${open.length} bid(s) are not decrypted yet.`);
    }
    let pending = 0;
    for (const p of open) {
      const failure = p.failureCode ? { code: p.failureCode, bidderCaused: bidderCaused(p.failureCode) } : null;
      const result = closeUndecrypted({ signedIn: !!p.signedInAt, failure }, session.policy as OpeningPolicy);
      if (result.to === 'PENDING_COMMITTEE') {
        p.decryption = Decryption.PENDING_COMMITTEE;
        pending += 1;
      } else {
        await this.opener.settle(scope, p, result);
      }
    }
    session.status = pending ? SessionStatus.COMMITTEE : SessionStatus.READ_OUT;
    await emit('DECRYPTION_CLOSED', { toCommittee: pending });
  }

  /** 唱标: the host reads out the next bid; everyone sees its row (price included) from now on. */
  readOutNext(ctx: Context, projectId: string): Promise<OpeningPayload> {
    return this.acts.run(ctx, projectId, 'READ_OUT', host(ctx), async ({ em, session, now, emit }) => {
      const participants = await this.participants(em, session);
      const next = participants.find((p) => !p.readOutAt)!;
      next.readOutAt = now;
      const bid = await em.findOneOrFail(Bid, { id: next.bid.id }, { populate: ['lot'] });
      await emit('BID_READ_OUT', {
        participantId: next.id,
        position: next.position,
        lotNumber: bid.lot.getEntity().number,
        organisationName: (await next.organisation.load())!.name,
        outcome: next.outcome,
        claim: next.claim,
        decryptedBy: next.decryptedBy ?? null,
        totalPrice: next.form?.totalPrice ?? null,
        durationDays: next.form?.durationDays ?? null,
        qualityCommitment: next.form?.qualityCommitment ?? null,
      });
      if (participants.every((p) => p.readOutAt)) {
        session.status = SessionStatus.RECORD;
        await emit('READ_OUT_DONE', {});
        await this.flagOpened(em, session, participants, emit);
      }
    });
  }

  /** Once every price is public: collusion signals in the opened bids (documents, prices), for supervisors. */
  private async flagOpened(em: EntityManager, session: OpeningSession, participants: OpeningParticipant[], emit: Scope['emit']): Promise<void> {
    const opened = [];
    for (const p of participants.filter((x) => x.form)) {
      opened.push({ bidId: p.bid.id, organisationId: p.organisation.id, organisationName: (await p.organisation.load())!.name, price: p.form!.totalPrice, files: p.form!.files });
    }
    const flags = openedSignals(opened);
    session.integrityFlags = [...session.integrityFlags, ...flags];
    for (const flag of flags) await emit('INTEGRITY_FLAG', { ...flag });
  }

  raiseObjection(ctx: Context, projectId: string, objection: string): Promise<OpeningPayload> {
    return this.acts.run(ctx, projectId, 'RAISE_OBJECTION', bidder(ctx), async ({ em, session, emit }) => {
      if (!(await this.participantsOf(em, session, ctx)).length) return problem(OpeningErrorCode.NOT_A_PARTICIPANT, 'Only bidders of this opening raise objections here.');
      if (!text(objection, 2000)) return problem(OpeningErrorCode.INPUT_INVALID, 'An objection needs 1 to 2000 characters.', 'text');
      const raised = em.create(OpeningObjection, { session, organisation: ctx.actor!.organisationId, raisedByUserId: ctx.actor!.userId, text: objection.trim() });
      await emit('OBJECTION_RAISED', { objectionId: raised.id, organisationName: ctx.actor!.organisationName, text: raised.text });
    });
  }

  answerObjection(ctx: Context, projectId: string, objectionId: string, answer: string): Promise<OpeningPayload> {
    return this.acts.run(ctx, projectId, 'ANSWER_OBJECTION', host(ctx), async ({ em, session, now, emit }) => {
      const objection = await em.findOne(OpeningObjection, { id: objectionId, session });
      if (!objection) return problem(OpeningErrorCode.NOT_FOUND, 'There is no such objection in this session.', 'objectionId');
      if (objection.answeredAt) return problem(OpeningErrorCode.ALREADY_DONE, 'This objection has been answered.', 'objectionId');
      if (!text(answer, 2000)) return problem(OpeningErrorCode.INPUT_INVALID, 'An answer needs 1 to 2000 characters.', 'answer');
      Object.assign(objection, { answer: answer.trim(), answeredAt: now, answeredByUserId: ctx.actor!.userId });
      await emit('OBJECTION_ANSWERED', { objectionId, answer: objection.answer });
    });
  }

  /** A bidder confirms the record (or disagrees, saying why); silence is not a refusal. */
  confirmRecord(ctx: Context, projectId: string, agree: boolean, note: string | null): Promise<OpeningPayload> {
    return this.acts.run(ctx, projectId, 'CONFIRM', bidder(ctx), async ({ em, session, now, emit }) => {
      const mine = await this.participantsOf(em, session, ctx);
      if (!mine.length) return problem(OpeningErrorCode.NOT_A_PARTICIPANT, 'Your organisation has no bid in this opening.');
      if (mine.some((p) => p.confirmedAt)) return problem(OpeningErrorCode.ALREADY_DONE, 'You have answered already.');
      if (!agree && !text(note ?? '', 2000)) return problem(OpeningErrorCode.INPUT_INVALID, 'Say why you disagree with the record.', 'note');
      for (const p of mine) Object.assign(p, { confirmedAt: now, confirmAgree: agree, confirmNote: note?.trim() || null });
      await emit('RECORD_CONFIRMED', { organisationName: ctx.actor!.organisationName, agree, note: note?.trim() || null });
    });
  }

  /** The host fixes the record (every objection answered); from now on only seals are added. */
  finaliseRecord(ctx: Context, projectId: string): Promise<OpeningPayload> {
    return this.acts.run(ctx, projectId, 'FINALISE', host(ctx), async ({ em, session, project, now, emit }) => {
      const open = await em.count(OpeningObjection, { session, answeredAt: null });
      if (open) return problem(OpeningErrorCode.OBJECTIONS_OPEN, `${open} objection(s) are not answered yet.`);
      const config = (await this.calendars.procedure(em, project.method))!;
      const recordJson = canonicalJson(await buildRecord(em, session, project, config.minBids, now));
      Object.assign(session, { recordJson, recordSha256: sha256Hex(recordJson), status: SessionStatus.SEALING });
      await emit('RECORD_FINALISED', { recordSha256: session.recordSha256 });
    });
  }

  /**
   * Host and supervisor each seal the record (e-seal over its bytes). With both seals valid at this
   * moment it is published; a seal that has lapsed since (seals live a day) must be made again, so the
   * published bundle verifies at its ledger time.
   */
  sealRecord(ctx: Context, projectId: string, envelopeBase64: string): Promise<OpeningPayload> {
    const role = (project: Project): 'HOST' | 'SUPERVISOR' | null => (managesProject(ctx.actor, project) ? 'HOST' : isSupervisor(ctx) ? 'SUPERVISOR' : null);
    return this.acts.run(ctx, projectId, 'SEAL', (_em, project) => role(project) !== null, async (scope) => {
      const { em, session, project, now, emit } = scope;
      const as = role(project)!;
      const record = Buffer.from(session.recordJson!, 'utf8');
      // checked a little ahead: the ledger time of publication (what `verify record` checks at) comes later
      const at = new Date(now.getTime() + SEAL_MARGIN_MS);
      const stillValid = async (seal: RecordSeal | null) => !!seal && (await this.seals.verify(em, record, seal.envelope, { userId: seal.userId, at })).ok;
      const mine = await em.findOne(RecordSeal, { session, role: as });
      if (await stillValid(mine)) return problem(OpeningErrorCode.ALREADY_DONE, `The ${as.toLowerCase()} has sealed the record already.`);
      const envelope = Buffer.from(envelopeBase64, 'base64');
      const verdict = await this.seals.verify(em, record, envelope, { userId: ctx.actor!.userId, at });
      if (!verdict.ok) return problem(OpeningErrorCode.SEAL_INVALID, `The seal does not verify: ${verdict.message}`, 'envelope');
      const seal = { role: as, userId: ctx.actor!.userId, signerName: `${ctx.actor!.displayName}（${ctx.actor!.organisationName}）`, envelope, sealedAt: now };
      if (mine) Object.assign(mine, seal);
      else em.create(RecordSeal, { session, ...seal });
      await em.flush();
      await emit('RECORD_SEALED', { role: as, signerName: ctx.actor!.displayName, again: !!mine });
      const other = await em.findOne(RecordSeal, { session, role: as === 'HOST' ? 'SUPERVISOR' : 'HOST' });
      if (await stillValid(other)) await this.publish(scope);
      else if (other) await emit('SEAL_LAPSED', { role: other.role, message: `The ${other.role.toLowerCase()}'s seal has lapsed; it must seal the record again.` });
    });
  }

  /** Publish what was sealed: the record's own count of valid bidders decides the project's next state. */
  private async publish({ em, session, project, now, emit }: Scope): Promise<void> {
    const { validBids, minBids } = JSON.parse(session.recordJson!) as { validBids: number; minBids: number };
    const entry = await this.ledger.append(em, OPENING_RECORD_LEDGER_KIND, { recordSha256: session.recordSha256, validBids }, project);
    Object.assign(session, { status: SessionStatus.PUBLISHED, recordLedgerIndex: entry.index, publishedAt: now });
    const transition = await applyEvent(em, this.ledger, project, 'OPENING_DONE', now, { validBids, minBids });
    if (!transition.ok) throw new Error(`opening of ${project.id} cannot end: ${transition.message}`); // the project row is locked and OPENING
    await emit('RECORD_PUBLISHED', { recordSha256: session.recordSha256, ledgerIndex: entry.index, projectStatus: project.status, validBids, minBids });
  }

  participants(em: EntityManager, session: OpeningSession): Promise<OpeningParticipant[]> {
    return em.find(OpeningParticipant, { session }, { orderBy: { position: 'asc' }, populate: ['organisation'] });
  }

  private participantsOf(em: EntityManager, session: OpeningSession, ctx: Context): Promise<OpeningParticipant[]> {
    return em.find(OpeningParticipant, { session, organisation: ctx.actor!.organisationId }, { orderBy: { position: 'asc' } });
  }

}
