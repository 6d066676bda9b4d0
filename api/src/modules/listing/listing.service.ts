/**
 * Land listing (挂牌) and timed bidding (DOMAIN rules 28–34, DESIGN §3). Every act is one transaction
 * holding the project row lock (then the listing row): quotes of the same listing are ordered by the
 * database, the clock-driven steps are applied first (at their scheduled instants) by whichever comes
 * first — a quote or the scheduler — and every quote is a row, a ledger entry and an event of
 * `listing:<projectId>` committed together.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canonicalJson } from '../../../../crypto/canonical-json';
import { normaliseAmount, quoteMessage } from '../../../../crypto/listing-quote';
import { verifySignature } from '../../../../crypto/pki';
import type { Clock } from '../../clock';
import type { EventLog, StoredEvent } from '../../events/event-log';
import type { EventStreams } from '../../events/streams';
import { hasRole, type Context } from '../../graphql/context';
import { ForbiddenError } from '../../graphql/errors';
import { Certificate, CertificateUsage } from '../identity/certificate.entity';
import { Organisation } from '../identity/organisation.entity';
import type { PlatformPkiService } from '../identity/platform-pki.service';
import { Role } from '../identity/roles';
import { User } from '../identity/user.entity';
import type { LedgerService } from '../ledger/ledger.service';
import type { CalendarService } from '../projects/calendar.service';
import { managesProject } from '../projects/project-access';
import { Registration } from '../projects/project-records.entity';
import { Project, ProjectStatus } from '../projects/project.entity';
import { responsibleFor } from '../projects/project-timers';
import { applyEvent } from '../projects/project-transitions';
import { addCalendarDays, addWorkingDays, cstDay, cstStartOfDay } from '../projects/rules/calendar';
import type { RecordSealVerifier } from '../opening/opening.service';
import type { AuditService } from '../supervision/audit.service';
import { AuditOutcome } from '../supervision/audit-record.entity';
import type { DeadlineLightsService } from '../supervision/deadline-lights.service';
import { sha256Hex } from '../../sha256';
import type { FloorSeal } from './floor-seal';
import { Listing, ListingBidder, ListingConfirmationSeal, ListingQuote, QuotePhase } from './listing.entity';
import { ListingErrorCode, type ListingError, type ListingView, type ListingPayload, type QuoteInput, type QuoteView, type QuotePayload, type SetUpListingInput } from './listing.types';
import type { ListingViews } from './listing-views';
import { checkQuote, countdownAfter, dueListingEvent, floorWindowProblem, freezeAt, listingCloseOutcome, timedBiddingOutcome, toFen, type CloseOutcome } from './rules/listing-rules';

export const listingStream = (projectId: string): string => `listing:${projectId}`;
export const LISTING_METHOD = 'LAND_LISTING';
/** Rule 33 */
export const RESULT_WORKING_DAYS = 10;
export const CONFIRMATION_WORKING_DAYS = 2;

const problem = (code: ListingErrorCode, message: string, field?: string): ListingError => ({ code, message, field: field ?? null });
const text = (value: string, max: number) => value.trim().length >= 1 && value.trim().length <= max;

export class ListingService {
  constructor(
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly ledger: LedgerService,
    private readonly eventLog: EventLog,
    private readonly events: EventStreams,
    private readonly audit: AuditService,
    private readonly pki: PlatformPkiService,
    private readonly lights: DeadlineLightsService,
    private readonly seals: RecordSealVerifier,
    private readonly floorSeal: FloorSeal,
    private readonly views: ListingViews,
  ) {}

  /** The tenderee or agent sets up the listing (parcel, prices, bond, floor officer) before it starts. */
  setUp(ctx: Context, input: SetUpListingInput): Promise<ListingPayload> {
    return this.act(ctx, input.projectId, 'manager', async (em, project) => {
      if (project.status !== ProjectStatus.DRAFT && project.status !== ProjectStatus.PUBLISHED) return problem(ListingErrorCode.NOT_ALLOWED_IN_STATE, `The project is ${project.status}; the listing is set up before it starts.`);
      const now = await ctx.now();
      if (project.listingStart && now >= project.listingStart) return problem(ListingErrorCode.NOT_ALLOWED_IN_STATE, 'The listing has started; its terms can no longer change.');
      const startPrice = normaliseAmount(input.startPrice ?? project.startPrice ?? '');
      const increment = normaliseAmount(input.increment);
      const bond = normaliseAmount(input.bond);
      const area = normaliseAmount(input.areaM2);
      if (!startPrice || toFen(startPrice) <= 0n) return problem(ListingErrorCode.INPUT_INVALID, 'The start price must be a positive amount in yuan.', 'startPrice');
      if (!increment || toFen(increment) <= 0n) return problem(ListingErrorCode.INPUT_INVALID, 'The increment must be a positive amount in yuan.', 'increment');
      if (!bond) return problem(ListingErrorCode.INPUT_INVALID, 'The bond must be an amount in yuan.', 'bond');
      if (!area || toFen(area) <= 0n) return problem(ListingErrorCode.INPUT_INVALID, 'The area must be a positive number of m².', 'areaM2');
      if (!text(input.location, 500) || !text(input.landUse, 200) || !text(input.plotRatio, 100)) return problem(ListingErrorCode.INPUT_INVALID, 'Location, land use and plot ratio are required.', 'location');
      if (!Number.isInteger(input.termYears) || input.termYears < 1 || input.termYears > 70) return problem(ListingErrorCode.INPUT_INVALID, 'The term is 1 to 70 years.', 'termYears');
      const officer = await em.findOne(User, { id: input.floorOfficerUserId });
      const staffOrgs = [project.tenderee.id, project.agent?.id].filter(Boolean);
      if (!officer || !staffOrgs.includes(officer.organisation.id)) return problem(ListingErrorCode.INPUT_INVALID, 'The floor-price officer must be a user of the tenderee or the agent.', 'floorOfficerUserId');
      const terms = { location: input.location.trim(), areaM2: area, landUse: input.landUse.trim(), plotRatio: input.plotRatio.trim(), termYears: input.termYears, startPrice, increment, bond, floorOfficerUserId: officer.id };
      const existing = await em.findOne(Listing, { projectId: project.id });
      if (existing) Object.assign(existing, terms);
      else em.create(Listing, { projectId: project.id, ...terms });
      project.startPrice = startPrice;
      const { floorOfficerUserId: _officer, ...published } = terms;
      await this.ledger.append(em, 'listing.terms', published, project);
      await this.emit(em, project.id, 'TERMS_SET', { startPrice, increment, bond });
    });
  }

  /** Staff confirm a registered bidder's bond (保证金到账); the bidder gets its public number. */
  confirmBond(ctx: Context, projectId: string, organisationId: string): Promise<ListingPayload> {
    return this.act(ctx, projectId, 'manager', async (em, project, listing) => {
      if (!listing) return problem(ListingErrorCode.NOT_SET_UP, 'Set up the listing first.');
      if (!['PUBLISHED', 'LISTING'].includes(project.status)) return problem(ListingErrorCode.NOT_ALLOWED_IN_STATE, `The project is ${project.status}; bonds are confirmed before the listing closes.`);
      if (!(await em.count(Registration, { project, organisation: organisationId }))) return problem(ListingErrorCode.NOT_REGISTERED, 'This organisation has not registered for the project.', 'organisationId');
      if (await em.count(ListingBidder, { projectId, organisationId })) return problem(ListingErrorCode.ALREADY_DONE, 'The bond of this organisation is already confirmed.', 'organisationId');
      const number = (await em.count(ListingBidder, { projectId })) + 1;
      const now = await ctx.now();
      em.create(ListingBidder, { projectId, organisationId, number, bondConfirmedAt: now, bondConfirmedByUserId: ctx.actor!.userId });
      await this.ledger.append(em, 'listing.bond-confirmed', { organisationId, bidderNumber: number }, project);
      await this.emit(em, projectId, 'BIDDER_QUALIFIED', { bidderNumber: number });
    });
  }

  /** 报价: a qualified bidder's signed quote, time-stamped on arrival (rule 34), final once accepted (rule 29). */
  quote(ctx: Context, input: QuoteInput): Promise<QuotePayload> {
    return ctx.em.transactional(async (em) => {
      const arrivedAt = await ctx.now(); // read when the request arrived, before any wait for a lock
      let current: string | null = null;
      const refuse = (error: ListingError) => this.audit.refuse(em, ctx, [error], { quote: null, listing: null, currentPrice: current });
      // who may quote and whether the signature holds do not depend on the price: checked before the lock, to keep it short
      const found = await em.findOne(Project, { id: input.projectId });
      if (!found?.publishedAt) return refuse(problem(ListingErrorCode.NOT_FOUND, 'There is no such published project.', 'projectId'));
      if (found.method !== LISTING_METHOD) return refuse(problem(ListingErrorCode.NOT_A_LISTING, 'This project is not a land listing.', 'projectId'));
      const amount = normaliseAmount(input.amount);
      const previous = input.previousHighest == null ? null : normaliseAmount(input.previousHighest);
      if (!amount || (input.previousHighest != null && !previous)) return refuse(problem(ListingErrorCode.INPUT_INVALID, 'Amounts are yuan with at most two decimals.', 'amount'));
      const orgId = ctx.actor!.organisationId;
      if (!(await em.count(Registration, { project: found, organisation: orgId }))) return refuse(problem(ListingErrorCode.NOT_REGISTERED, 'Your organisation has not registered for this listing.'));
      const bidder = await em.findOne(ListingBidder, { projectId: found.id, organisationId: orgId });
      if (!bidder) return refuse(problem(ListingErrorCode.BOND_NOT_CONFIRMED, 'Your bond has not been confirmed; you cannot quote yet.'));
      // the price only rises: a quote signed against a level already passed fails now, before the certificate work and without queueing for the lock
      const seen = await em.findOne(Listing, { projectId: found.id });
      if (seen?.highestAmount && seen.highestAmount !== previous) {
        current = seen.highestAmount;
        return refuse(problem(ListingErrorCode.PRICE_CHANGED, `The highest quote is now ${current}; you signed against ${previous ?? 'none'}. Look again and sign again.`, 'amount'));
      }

      const validation = await this.pki.validate(em, input.certificatePem, 'SIGNING', arrivedAt);
      if (!validation.ok) return refuse(problem(ListingErrorCode.CERTIFICATE_INVALID, validation.message, 'certificatePem'));
      const registered = await em.findOne(Certificate, { fingerprintSha256: validation.leaf.fingerprintSha256, usage: CertificateUsage.SIGNING, user: ctx.actor!.userId });
      if (!registered) return refuse(problem(ListingErrorCode.CERTIFICATE_INVALID, 'This signing certificate is not registered to you.', 'certificatePem'));
      const message = quoteMessage({ projectId: found.id, amount, previousHighest: previous });
      if (!verifySignature(input.certificatePem, message, Buffer.from(input.signature, 'base64'))) {
        return refuse(problem(ListingErrorCode.SIGNATURE_INVALID, 'The signature does not match the quote and the certificate.', 'signature'));
      }

      // the database orders quotes: project row, then listing row, held to the commit
      const project = await em.findOneOrFail(Project, { id: found.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      const listing = await em.findOne(Listing, { projectId: project.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (!listing) return refuse(problem(ListingErrorCode.NOT_SET_UP, 'The listing is not set up.'));
      await this.catchUp(em, project, listing, arrivedAt); // clock steps due by now take effect first, whatever happens next
      current = listing.highestAmount ?? null;
      const active = project.status === ProjectStatus.TIMED_BIDDING && (await em.count(ListingQuote, { projectId: project.id, organisationId: orgId, phase: QuotePhase.LISTING })) > 0;
      const check = checkQuote({
        status: project.status,
        startPrice: listing.startPrice,
        increment: listing.increment,
        highest: listing.highestAmount ?? null,
        listingStart: project.listingStart!,
        listingEnd: project.listingEnd!,
        countdownEndsAt: listing.countdownEndsAt ?? null,
        bidderIsActive: active,
      }, { amount, previousHighest: previous }, arrivedAt);
      if (!check.ok) return refuse(problem(ListingErrorCode[check.code], check.message, 'amount'));

      const phase = project.status === ProjectStatus.TIMED_BIDDING ? QuotePhase.TIMED_BIDDING : QuotePhase.LISTING;
      const seq = listing.quoteCount + 1;
      const entry = await this.ledger.append(em, 'listing.quote', {
        seq, amount, previousHighest: previous, bidderNumber: bidder.number, phase, receivedAt: arrivedAt.toISOString(),
        certificateSha256: validation.leaf.fingerprintSha256, signature: input.signature,
      }, project);
      const quote = em.create(ListingQuote, {
        projectId: project.id, seq, organisationId: orgId, bidderNumber: bidder.number, userId: ctx.actor!.userId, amount, previousHighest: previous,
        phase, receivedAt: arrivedAt, certificateSha256: validation.leaf.fingerprintSha256, signature: input.signature, ledgerIndex: entry.index,
      });
      Object.assign(listing, { quoteCount: seq, highestAmount: amount, highestOrganisationId: orgId });
      if (phase === QuotePhase.TIMED_BIDDING) listing.countdownEndsAt = countdownAfter(arrivedAt);
      await em.flush();
      await this.emit(em, project.id, 'QUOTE', {
        seq, amount, bidderNumber: bidder.number, phase, receivedAt: arrivedAt.toISOString(), ledgerIndex: entry.index,
        countdownEndsAt: listing.countdownEndsAt?.toISOString() ?? null,
      });
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      return { quote: this.views.quote(quote, orgId), accepted: { project, listing }, currentPrice: amount, errors: [] };
    }).then(async ({ accepted, ...payload }: QuotePayload & { accepted?: { project: Project; listing: Listing } }) =>
      // the view is read after the commit, outside the lock
      accepted ? { ...payload, listing: await this.views.of(ctx.em, ctx, accepted.project, accepted.listing) } : payload);
  }

  /** 底价: the designated officer enters it within the last 30 minutes of the listing; it stays sealed until the close. */
  enterFloor(ctx: Context, projectId: string, amountText: string): Promise<ListingPayload> {
    return this.act(ctx, projectId, 'manager', async (em, project, listing) => {
      if (!listing) return problem(ListingErrorCode.NOT_SET_UP, 'Set up the listing first.');
      if (listing.floorOfficerUserId !== ctx.actor!.userId) throw new ForbiddenError('Only the designated floor-price officer enters the floor price.');
      const now = await ctx.now();
      await this.catchUp(em, project, listing, now);
      if (!['LISTING', 'TIMED_BIDDING'].includes(project.status)) return problem(ListingErrorCode.NOT_ALLOWED_IN_STATE, `The project is ${project.status}.`);
      const window = floorWindowProblem(project.listingEnd!, now);
      if (window) return problem(ListingErrorCode.OUTSIDE_FLOOR_WINDOW, window);
      if (listing.floorSealed) return problem(ListingErrorCode.ALREADY_DONE, 'The floor price is already entered and sealed.');
      const amount = normaliseAmount(amountText);
      if (!amount || toFen(amount) <= 0n) return problem(ListingErrorCode.INPUT_INVALID, 'The floor price must be a positive amount in yuan.', 'amount');
      const { sealed, commitment } = await this.floorSeal.seal(em, project.id, amount, project.openingCertificatePem!);
      Object.assign(listing, { floorSealed: sealed, floorCommitment: commitment, floorEnteredAt: now });
      await this.ledger.append(em, 'listing.floor-sealed', { commitment, enteredAt: now.toISOString() }, project);
      await this.emit(em, projectId, 'FLOOR_SEALED', { commitment });
    });
  }

  /** 结果公示: staff publish the result (rule 33: within 10 working days of the close). */
  publishResult(ctx: Context, projectId: string): Promise<ListingPayload> {
    return this.act(ctx, projectId, 'manager', async (em, project, listing) => {
      if (!listing?.closedAt) return problem(ListingErrorCode.NOT_ALLOWED_IN_STATE, 'The listing has not closed yet.');
      if (listing.resultPublishedAt) return problem(ListingErrorCode.ALREADY_DONE, 'The result is already published.');
      const now = await ctx.now();
      listing.resultPublishedAt = now;
      await this.lights.complete(em, project, 'LISTING_RESULT', now);
      if (listing.outcome === 'DEAL') {
        const winner = await em.findOneOrFail(Organisation, { id: listing.winnerOrganisationId! });
        listing.confirmationJson = canonicalJson({
          v: 'tenderhall/land-deal-confirmation/v1', projectId: project.id, code: project.code, title: project.title,
          parcel: { location: listing.location, areaM2: listing.areaM2, landUse: listing.landUse, plotRatio: listing.plotRatio, termYears: listing.termYears },
          transferor: { id: project.tenderee.id }, transferee: { id: winner.id, name: winner.name }, price: listing.finalPrice, currency: project.currency,
          closedAt: listing.closedAt.toISOString(),
        });
        await this.trackWorkingDays(em, project, 'DEAL_CONFIRMATION', '成交确认书签订', now, CONFIRMATION_WORKING_DAYS);
      }
      await this.ledger.append(em, 'listing.result-published', { outcome: listing.outcome, finalPrice: listing.finalPrice ?? null, confirmationSha256: listing.confirmationJson ? sha256Hex(listing.confirmationJson) : null }, project);
      await this.emit(em, projectId, 'RESULT_PUBLISHED', { outcome: listing.outcome, finalPrice: listing.finalPrice ?? null });
    });
  }

  /** 成交确认书: sealed by the transferor (staff running the project) and the transferee (the winner). */
  sealConfirmation(ctx: Context, projectId: string, envelopeBase64: string): Promise<ListingPayload> {
    return this.act(ctx, projectId, 'party', async (em, project, listing) => {
      if (!listing?.confirmationJson) return problem(ListingErrorCode.NOT_ALLOWED_IN_STATE, 'There is no deal confirmation to seal (no deal, or the result is not published).');
      const role = managesProject(ctx.actor, project) ? 'TRANSFEROR' : listing.winnerOrganisationId === ctx.actor!.organisationId ? 'TRANSFEREE' : null;
      if (!role) throw new ForbiddenError('Only the transferor and the winning bidder seal the deal confirmation.');
      if (await em.count(ListingConfirmationSeal, { projectId, role })) return problem(ListingErrorCode.ALREADY_DONE, 'This party has sealed already.');
      const now = await ctx.now();
      const envelope = Buffer.from(envelopeBase64, 'base64');
      const verdict = await this.seals.verify(em, new TextEncoder().encode(listing.confirmationJson), envelope, { userId: ctx.actor!.userId, at: now });
      if (!verdict.ok) return problem(ListingErrorCode.SEAL_INVALID, `The seal does not verify: ${verdict.message}`, 'envelope');
      em.create(ListingConfirmationSeal, { projectId, role, userId: ctx.actor!.userId, signerName: ctx.actor!.displayName, envelope });
      const sealedBy = (await em.count(ListingConfirmationSeal, { projectId })) + 1;
      if (sealedBy === 2) {
        listing.confirmedAt = now;
        await this.lights.complete(em, project, 'DEAL_CONFIRMATION', now);
      }
      await this.ledger.append(em, 'listing.confirmation-sealed', { role, envelopeSha256: sha256Hex(envelope) }, project);
      await this.emit(em, projectId, 'CONFIRMATION_SEALED', { role, complete: sealedBy === 2 });
    });
  }

  /** The scheduler's part: bring every listing whose step is due up to date (rows locked, SKIP LOCKED). */
  async advanceDue(now: Date, em: EntityManager): Promise<number> {
    const rows = await em.execute<{ id: string }[]>(
      `select p.id from project p left join listing l on l.project_id = p.id
       where p.method = ? and p.status in ('LISTING','TIMED_BIDDING')
         and (p.listing_end - interval '60 minutes' <= ? or l.countdown_ends_at <= ?)`,
      [LISTING_METHOD, now, now],
    );
    let made = 0;
    for (const { id } of rows) {
      made += await em.fork().transactional(async (tx) => {
        const [locked] = await tx.execute<{ id: string }[]>('select id from project where id = ? for update skip locked', [id]);
        if (!locked) return 0;
        const project = await tx.findOneOrFail(Project, { id });
        const listing = await tx.findOne(Listing, { projectId: id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        return this.catchUp(tx, project, listing, await this.clock.now(tx));
      });
    }
    return made;
  }

  /** Apply every clock step due at `now`, each at its scheduled instant (idempotent: state and times are in the rows). */
  async catchUp(em: EntityManager, project: Project, listing: Listing | null, now: Date): Promise<number> {
    let made = 0;
    if (project.status === ProjectStatus.PUBLISHED && project.listingStart && now >= project.listingStart) {
      const started = await applyEvent(em, this.ledger, project, 'LISTING_STARTS', project.listingStart);
      if (started.ok) made++;
    }
    for (;;) {
      if (!project.listingEnd) return made;
      const freeze = freezeAt(project.listingEnd);
      const due = dueListingEvent({ status: project.status, listingEnd: project.listingEnd, countdownEndsAt: listing?.countdownEndsAt ?? null, activeBeforeFreeze: await this.activeBefore(em, project.id, freeze) }, now);
      if (!due) return made;
      if (due.event === 'LISTING_CLOSES') {
        const activeBidders = await this.activeBefore(em, project.id, due.at);
        const outcome = listingCloseOutcome({ activeBidders, highest: listing?.highestAmount ?? null, floor: null });
        if (outcome.kind === 'TIMED_BIDDING') {
          await applyEvent(em, this.ledger, project, 'LISTING_CLOSES', due.at, { activeBidders });
          Object.assign(listing!, { timedStartedAt: due.at, countdownEndsAt: countdownAfter(due.at) });
          await this.emit(em, project.id, 'TIMED_BIDDING_STARTED', { at: due.at.toISOString(), from: listing!.highestAmount, activeBidders, countdownEndsAt: listing!.countdownEndsAt!.toISOString() });
        } else {
          await this.decide(em, project, listing, 'LISTING_CLOSES', due.at, (floor) => listingCloseOutcome({ activeBidders, highest: listing?.highestAmount ?? null, floor }), activeBidders);
        }
      } else {
        const timedQuotes = await em.count(ListingQuote, { projectId: project.id, phase: QuotePhase.TIMED_BIDDING });
        await this.decide(em, project, listing, 'TIMED_BIDDING_ENDS', due.at, (floor) => timedBiddingOutcome({ highest: listing?.highestAmount ?? null, timedQuotes, floor }), 2);
      }
      made++;
    }
  }

  /** The close: the sealed floor is opened here and nowhere else; deal or no deal; the result's time limit starts. */
  private async decide(em: EntityManager, project: Project, listing: Listing | null, event: 'LISTING_CLOSES' | 'TIMED_BIDDING_ENDS', at: Date, rule: (floor: string | null) => CloseOutcome, activeBidders: number): Promise<void> {
    const floor = listing?.floorSealed ? await this.floorSeal.open(em, project.id, listing.floorSealed, listing.floorCommitment!) : null;
    const outcome = rule(floor?.amount ?? null);
    const deal = outcome.kind === 'DEAL';
    await applyEvent(em, this.ledger, project, event, at, { activeBidders, floorMet: deal, highestQuote: listing?.highestAmount ?? null });
    if (project.status === ProjectStatus.FAILED) project.statusReason = outcome.reason;
    await this.lights.complete(em, project, 'LISTING_END', at);
    if (!listing) {
      await this.emit(em, project.id, 'CLOSED', { outcome: 'NO_DEAL', reason: outcome.reason, at: at.toISOString() });
      return;
    }
    const winner = deal ? await em.findOneOrFail(Organisation, { id: listing.highestOrganisationId! }) : null;
    const winnerNumber = winner ? (await em.findOneOrFail(ListingBidder, { projectId: project.id, organisationId: winner.id })).number : null;
    Object.assign(listing, {
      outcome: deal ? 'DEAL' : 'NO_DEAL', outcomeReason: outcome.reason, closedAt: at, floorPrice: floor?.amount ?? null,
      winnerOrganisationId: winner?.id ?? null, finalPrice: deal ? listing.highestAmount : null,
    });
    await this.ledger.append(em, 'listing.closed', {
      outcome: listing.outcome, reason: outcome.reason, closedAt: at.toISOString(), finalPrice: listing.finalPrice ?? null, winnerNumber,
      floorPrice: floor?.amount ?? null, floorSalt: floor?.salt ?? null, floorCommitment: listing.floorCommitment ?? null,
    }, project);
    await this.trackWorkingDays(em, project, 'LISTING_RESULT', '挂牌结果公示', at, RESULT_WORKING_DAYS);
    await this.emit(em, project.id, 'CLOSED', {
      outcome: listing.outcome, reason: outcome.reason, at: at.toISOString(), finalPrice: listing.finalPrice ?? null,
      winnerNumber, winnerName: winner?.name ?? null, floorPrice: floor?.amount ?? null,
    });
  }

  /** A deadline light due at the end of the n-th working day after `from` (official calendar, rule 27). */
  private async trackWorkingDays(em: EntityManager, project: Project, rule: string, label: string, from: Date, n: number): Promise<void> {
    const calendar = await this.calendars.calendar(em);
    const dueAt = cstStartOfDay(addCalendarDays(addWorkingDays(cstDay(from), n, calendar), 1));
    await this.lights.track(em, project, { rule, label, responsibleId: responsibleFor(project), startsAt: from, dueAt });
  }

  private async activeBefore(em: EntityManager, projectId: string, at: Date): Promise<number> {
    const [row] = await em.execute<{ n: string }[]>('select count(distinct organisation_id) as n from listing_quote where project_id = ? and received_at < ?', [projectId, at]);
    return Number(row.n);
  }

  private async emit(em: EntityManager, projectId: string, type: string, payload: Record<string, unknown>): Promise<void> {
    await this.eventLog.append(em, listingStream(projectId), type, payload);
  }

  /** One act on a listing: project row locked, then the listing row; who may act checked; errors before changes. */
  private act(
    ctx: Context,
    projectId: string,
    who: 'manager' | 'party',
    work: (em: EntityManager, project: Project, listing: Listing | null) => Promise<ListingError | void>,
  ): Promise<ListingPayload> {
    return ctx.em.transactional(async (em) => {
      const project = await em.findOne(Project, { id: projectId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!project) return this.audit.refuse(em, ctx, [problem(ListingErrorCode.NOT_FOUND, 'There is no such project.', 'projectId')], { listing: null });
      if (who === 'manager' && !managesProject(ctx.actor, project)) throw new ForbiddenError('Only the tenderee or its agent runs the listing.');
      if (project.method !== LISTING_METHOD) return this.audit.refuse(em, ctx, [problem(ListingErrorCode.NOT_A_LISTING, 'This project is not a land listing.', 'projectId')], { listing: null });
      const listing = await em.findOne(Listing, { projectId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const error = await work(em, project, listing);
      if (error) return this.audit.refuse(em, ctx, [error], { listing: null });
      await em.flush();
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      const after = listing ?? (await em.findOneOrFail(Listing, { projectId }));
      return { listing: await this.views.of(em, ctx, project, after), errors: [] };
    });
  }

  quotes(ctx: Context, projectId: string): Promise<QuoteView[]> {
    return this.views.quotes(ctx.em, projectId, ctx.actor?.organisationId ?? null);
  }

  /** The public view (null when the project is not a published listing). */
  async view(ctx: Context, projectId: string): Promise<ListingView | null> {
    const project = await ctx.em.findOne(Project, { id: projectId });
    if (!project || project.method !== LISTING_METHOD) return null;
    if (!project.publishedAt && !managesProject(ctx.actor, project) && !hasRole(ctx.actor, Role.ADMIN, Role.SUPERVISOR)) return null;
    const listing = await ctx.em.findOne(Listing, { projectId });
    return listing ? this.views.of(ctx.em, ctx, project, listing) : null;
  }

  /** Events of `listing:<projectId>` after `afterSeq`, then live (public: they carry only public facts). */
  async watch(ctx: Context, projectId: string, afterSeq: number): Promise<AsyncIterableIterator<StoredEvent>> {
    const project = await ctx.em.findOne(Project, { id: projectId });
    if (!project?.publishedAt || project.method !== LISTING_METHOD) throw new ForbiddenError('There is no such published listing.');
    return this.events.subscribe(listingStream(projectId), Math.max(0, afterSeq));
  }
}
