/**
 * The verifiable expert draw (DESIGN §7): request → commitments → snapshot of the filtered pool (logged)
 * → reveals → optional public beacon → seed and shuffle per specialty (logged) → invitations; a decline
 * or a time-out gives the seat to the next reserve of that specialty, never a new seed. When a specialty's
 * reserves are used up, its unfilled seats go to a numbered supplementary round: a new logged snapshot
 * (avoidance again, everyone drawn before left out), a supervisor's fresh beacon, a new seed, logged.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { fromHex, toHex } from '../../../../crypto/bytes';
import { canonicalJson } from '../../../../crypto/canonical-json';
import { poolHash, runDraw, sortPool, verifyDrawReveal } from '../../../../crypto/draw';
import type { Clock } from '../../clock';
import type { EventLog } from '../../events/event-log';
import { mapEvents, type EventStreams } from '../../events/streams';
import { hasRole, type Context } from '../../graphql/context';
import { ForbiddenError } from '../../graphql/errors';
import { Organisation } from '../identity/organisation.entity';
import { Role } from '../identity/roles';
import type { LedgerService } from '../ledger/ledger.service';
import { managesProject } from '../projects/project-access';
import { Project, ProjectStatus } from '../projects/project.entity';
import { Registration } from '../projects/project-records.entity';
import type { AuditService } from '../supervision/audit.service';
import { AuditOutcome } from '../supervision/audit-record.entity';
import { DrawCommitment, DrawRound, DrawSeat, DrawStatus, ExpertDraw, RoundStatus, SeatStatus, type SpecialtyRequest, type SpecialtyResult, type SpecialtySnapshot } from './draw.entity';
import { Expert } from './expert.entity';
import { DrawErrorCode, type DrawError, type DrawInputs, type DrawPayload, type DrawView, type Invitation, type RequestDrawInput } from './experts.types';
import { avoidanceReason, recentSince, type ExpertFacts, type ProjectParties } from './rules/avoidance';

export const RESPONSE_HOURS = 2;
const NAMES_PUBLIC_FROM: string[] = [ProjectStatus.EVALUATING, ProjectStatus.PUBLICITY, ProjectStatus.SUSPENDED, ProjectStatus.AWARDED, ProjectStatus.CLOSED];

export class DrawsService {
  constructor(
    private readonly clock: Clock,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly eventLog: EventLog,
    /** avoidance window for past evaluations for the same tenderee (configurable: RECENT_EVALUATION_DAYS) */
    private readonly recentEvaluationDays = 90,
  ) {}

  async request(ctx: Context, input: RequestDrawInput): Promise<DrawPayload> {
    return ctx.em.transactional(async (em) => {
      const project = await em.findOne(Project, { id: input.projectId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!project) return this.refuse(em, ctx, { code: DrawErrorCode.NOT_FOUND, message: 'There is no such project.' });
      if (!managesProject(ctx.actor, project)) throw new ForbiddenError('Only the tenderee or its agent requests the expert draw.');
      if (await em.count(ExpertDraw, { project })) return this.refuse(em, ctx, { code: DrawErrorCode.DRAW_EXISTS, message: 'This project already has its expert draw; a second draw is not allowed.' });
      const bad = input.specialties.find((s) => !/^[A-Z]\d{2,8}$/.test(s.specialty) || !Number.isInteger(s.count) || s.count < 1 || s.count > 25 || !Number.isInteger(s.reserves) || s.reserves < 0 || s.reserves > 25);
      const duplicate = new Set(input.specialties.map((s) => s.specialty)).size !== input.specialties.length;
      if (!input.specialties.length || bad || duplicate) return this.refuse(em, ctx, { code: DrawErrorCode.INPUT_INVALID, message: 'Name each specialty once, with 1–25 experts and 0–25 reserves.', field: 'specialties' });
      if (input.evaluationAt <= (await this.clock.now(em))) return this.refuse(em, ctx, { code: DrawErrorCode.INPUT_INVALID, message: 'The evaluation time must be in the future.', field: 'evaluationAt' });
      const draw = em.create(ExpertDraw, { project, operatorUserId: ctx.actor!.userId, status: DrawStatus.COMMITTING, evaluationAt: input.evaluationAt, requests: input.specialties.map(({ specialty, count, reserves }) => ({ specialty, count, reserves })), regions: input.regions?.length ? input.regions : null });
      await em.flush();
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      return { draw: await this.view(em, ctx, draw), errors: [] };
    });
  }

  /** 回避 by decision: a supervisor excludes an expert (by code) with a written reason, before the snapshot. */
  async exclude(ctx: Context, projectId: string, code: string, reason: string): Promise<DrawPayload> {
    return this.withDraw(ctx, projectId, DrawStatus.COMMITTING, async (em, draw) => {
      if (reason.trim().length < 4) return this.refuse(em, ctx, { code: DrawErrorCode.REASON_REQUIRED, message: 'An exclusion needs a written reason.', field: 'reason' });
      draw.exclusions = [...draw.exclusions.filter((e) => e.code !== code), { code, reason: reason.trim(), byUserId: ctx.actor!.userId }];
      return this.ok(em, ctx, draw);
    }, [Role.SUPERVISOR]);
  }

  async commit(ctx: Context, projectId: string, commitmentHex: string): Promise<DrawPayload> {
    return this.withDraw(ctx, projectId, DrawStatus.COMMITTING, async (em, draw) => {
      if (!/^[0-9a-f]{64}$/.test(commitmentHex)) return this.refuse(em, ctx, { code: DrawErrorCode.INPUT_INVALID, message: 'A commitment is 64 hex digits (SHA-256).', field: 'commitmentHex' });
      if (await em.count(DrawCommitment, { draw, partyUserId: ctx.actor!.userId })) return this.refuse(em, ctx, { code: DrawErrorCode.ALREADY_COMMITTED, message: 'You have committed already.' });
      em.create(DrawCommitment, { draw, partyUserId: ctx.actor!.userId, commitmentHex });
      return this.ok(em, ctx, draw);
    });
  }

  /** Fix the filtered pool of each specialty and log it; no randomness exists yet. */
  async snapshot(ctx: Context, projectId: string): Promise<DrawPayload> {
    return this.withDraw(ctx, projectId, DrawStatus.COMMITTING, async (em, draw, project) => {
      const snapshot = await this.filteredPools(em, project, draw, draw.requests, project.code);
      const short = snapshot.find((s, i) => s.pool.length < draw.requests[i].count);
      if (short) return this.refuse(em, ctx, { code: DrawErrorCode.POOL_TOO_SMALL, message: `Only ${short.pool.length} eligible experts for ${short.specialty}.` });
      Object.assign(draw, { snapshot, status: DrawStatus.SNAPSHOT, snapshotAt: await this.clock.now(em) });
      const commitments = (await this.commitments(em, draw)).map((c) => c.commitmentHex);
      await this.ledger.append(em, 'draw.snapshot', { drawId: draw.id, evaluationAt: draw.evaluationAt.toISOString(), commitments, specialties: snapshot.map((s, i) => ({ ...draw.requests[i], drawProjectId: s.drawProjectId, poolHash: s.poolHash, pool: s.pool, excluded: s.excluded })) }, project);
      return this.ok(em, ctx, draw);
    }, 'operator');
  }

  async reveal(ctx: Context, projectId: string, secretHex: string): Promise<DrawPayload> {
    return this.withDraw(ctx, projectId, DrawStatus.SNAPSHOT, async (em, draw, project) => {
      const commitment = await em.findOne(DrawCommitment, { draw, partyUserId: ctx.actor!.userId });
      const valid = commitment && /^[0-9a-f]{32,}$/.test(secretHex) && (await verifyDrawReveal(project.code, ctx.actor!.userId, fromHex(secretHex), fromHex(commitment.commitmentHex)));
      if (!commitment || !valid) return this.refuse(em, ctx, { code: DrawErrorCode.REVEAL_MISMATCH, message: 'This secret does not match your commitment.', field: 'secretHex' });
      commitment.secretHex = secretHex;
      return this.ok(em, ctx, draw);
    });
  }

  /** A public randomness value (e.g. a drand round) entered by a supervisor after the snapshot. */
  async beacon(ctx: Context, projectId: string, round: number, randomnessHex: string): Promise<DrawPayload> {
    return this.withDraw(ctx, projectId, DrawStatus.SNAPSHOT, async (em, draw) => {
      if (!Number.isInteger(round) || round < 1 || !/^([0-9a-f]{2}){16,64}$/.test(randomnessHex)) return this.refuse(em, ctx, { code: DrawErrorCode.INPUT_INVALID, message: 'A beacon has a positive round and 16–64 bytes of hex randomness.', field: 'randomnessHex' });
      Object.assign(draw, { beaconRound: round, beaconRandomnessHex: randomnessHex });
      return this.ok(em, ctx, draw);
    }, [Role.SUPERVISOR]);
  }

  async run(ctx: Context, projectId: string): Promise<DrawPayload> {
    return this.withDraw(ctx, projectId, DrawStatus.SNAPSHOT, async (em, draw, project) => {
      const commitments = await this.commitments(em, draw);
      if (commitments.some((c) => !c.secretHex)) return this.refuse(em, ctx, { code: DrawErrorCode.REVEALS_MISSING, message: `${commitments.filter((c) => !c.secretHex).length} committed parties have not revealed.` });
      const now = await this.clock.now(em);
      const result = [];
      for (const [i, s] of draw.snapshot!.entries()) {
        const { count, reserves } = draw.requests[i];
        const r = await runDraw({ projectId: s.drawProjectId, pool: s.pool, beaconRound: draw.beaconRound, beaconRandomnessHex: draw.beaconRandomnessHex, reveals: commitments.map((c) => c.secretHex!) }, count, Math.min(reserves, s.pool.length - count));
        result.push({ specialty: s.specialty, seed: r.seed, draw: r.draw, reserves: r.reserves });
        await this.placeSeats(em, draw, 0, s.specialty, r, now);
      }
      Object.assign(draw, { result, status: DrawStatus.DRAWN, drawnAt: now });
      await this.ledger.append(em, 'draw.result', { drawId: draw.id, beaconRound: draw.beaconRound, beaconRandomnessHex: draw.beaconRandomnessHex, reveals: commitments.map((c) => c.secretHex), specialties: result }, project);
      return this.ok(em, ctx, draw);
    }, 'operator');
  }

  /**
   * 补充抽取: for each specialty with unfilled seats and no reserve left, a new snapshot of the filtered pool
   * (avoidance applied again, everyone drawn before for this project left out), logged like the first.
   */
  async requestSupplementary(ctx: Context, projectId: string, reserves: number): Promise<DrawPayload> {
    return this.withDraw(ctx, projectId, DrawStatus.DRAWN, async (em, draw, project) => {
      if (!Number.isInteger(reserves) || reserves < 0 || reserves > 25) return this.refuse(em, ctx, { code: DrawErrorCode.INPUT_INVALID, message: 'A supplementary round has 0–25 reserves per specialty.', field: 'reserves' });
      const rounds = await this.rounds(em, draw);
      if (rounds.some((r) => r.status !== RoundStatus.DRAWN)) return this.refuse(em, ctx, { code: DrawErrorCode.NOT_ALLOWED_IN_STATE, message: `Supplementary round ${rounds.length} is not drawn yet.` });
      const seats = await em.find(DrawSeat, { draw }, { populate: ['expert'] });
      const needs = draw.requests.flatMap(({ specialty, count }) => {
        const mine = seats.filter((seat) => seat.specialty === specialty);
        const missing = count - mine.filter((seat) => seat.status === SeatStatus.INVITED || seat.status === SeatStatus.ACCEPTED).length;
        return missing > 0 && !mine.some((seat) => seat.status === SeatStatus.RESERVE) ? [{ specialty, count: missing, reserves }] : [];
      });
      if (!needs.length) return this.refuse(em, ctx, { code: DrawErrorCode.SUPPLEMENTARY_NOT_NEEDED, message: 'Every unfilled seat still has a reserve to take it (or no seat is unfilled); a supplementary round is not allowed.' });
      const number = rounds.length + 1;
      const snapshot = await this.filteredPools(em, project, draw, needs, `${project.code}/S${number}`, new Set(seats.map((seat) => seat.expert.getEntity().code)));
      const short = snapshot.find((sn, i) => sn.pool.length < needs[i].count);
      if (short) return this.refuse(em, ctx, { code: DrawErrorCode.POOL_TOO_SMALL, message: `Only ${short.pool.length} eligible experts not drawn before for ${short.specialty}.` });
      em.create(DrawRound, { draw, number, operatorUserId: ctx.actor!.userId, status: RoundStatus.SNAPSHOT, requests: needs, snapshot });
      await this.ledger.append(em, 'draw.supplementary.snapshot', { drawId: draw.id, round: number, supplementary: true, evaluationAt: draw.evaluationAt.toISOString(), specialties: snapshot.map((sn, i) => ({ ...needs[i], drawProjectId: sn.drawProjectId, poolHash: sn.poolHash, pool: sn.pool, excluded: sn.excluded })) }, project);
      return this.ok(em, ctx, draw);
    }, 'operator');
  }

  /** The fresh randomness of a supplementary round: a public beacon value entered by a supervisor after its snapshot. */
  async supplementaryBeacon(ctx: Context, projectId: string, number: number, round: number, randomnessHex: string): Promise<DrawPayload> {
    return this.withRound(ctx, projectId, number, [Role.SUPERVISOR], async (em, draw, current, rounds) => {
      // once only: a second value would let whoever enters it choose between results (the snapshot is public)
      if (current.beaconRandomnessHex) return this.refuse(em, ctx, { code: DrawErrorCode.NOT_ALLOWED_IN_STATE, message: `The beacon of supplementary round ${number} is entered already.` });
      const used = Math.max(draw.beaconRound, ...rounds.map((r) => r.beaconRound));
      if (!Number.isInteger(round) || round <= used || !/^([0-9a-f]{2}){16,64}$/.test(randomnessHex)) return this.refuse(em, ctx, { code: DrawErrorCode.INPUT_INVALID, message: `A supplementary beacon is a later round than any used by this draw (> ${used}) with 16–64 bytes of hex randomness.`, field: 'randomnessHex' });
      Object.assign(current, { beaconRound: round, beaconRandomnessHex: randomnessHex });
      return this.ok(em, ctx, draw);
    });
  }

  /** Seed from the round's logged snapshot and beacon (no reveals), shuffle, invite; the result is logged. */
  async runSupplementary(ctx: Context, projectId: string, number: number): Promise<DrawPayload> {
    return this.withRound(ctx, projectId, number, 'operator', async (em, draw, current) => {
      if (!current.beaconRandomnessHex) return this.refuse(em, ctx, { code: DrawErrorCode.BEACON_REQUIRED, message: 'A supervisor enters the public beacon value of this round first.' });
      const now = await this.clock.now(em);
      const result: SpecialtyResult[] = [];
      for (const [i, sn] of current.snapshot.entries()) {
        const { count, reserves } = current.requests[i];
        const r = await runDraw({ projectId: sn.drawProjectId, pool: sn.pool, beaconRound: current.beaconRound, beaconRandomnessHex: current.beaconRandomnessHex, reveals: [] }, count, Math.min(reserves, sn.pool.length - count));
        result.push({ specialty: sn.specialty, seed: r.seed, draw: r.draw, reserves: r.reserves });
        await this.placeSeats(em, draw, current.number, sn.specialty, r, now);
      }
      Object.assign(current, { result, status: RoundStatus.DRAWN, drawnAt: now });
      await this.ledger.append(em, 'draw.supplementary.result', { drawId: draw.id, round: current.number, supplementary: true, beaconRound: current.beaconRound, beaconRandomnessHex: current.beaconRandomnessHex, reveals: [], specialties: result }, await em.findOneOrFail(Project, { id: projectId }));
      return this.ok(em, ctx, draw);
    });
  }

  /** An invited expert accepts, or declines with a reason; a decline passes the seat to the next reserve. */
  async respond(ctx: Context, seatId: string, accept: boolean, reason: string | null): Promise<DrawPayload> {
    return ctx.em.transactional(async (em) => {
      const seat = await em.findOne(DrawSeat, { id: seatId, expert: { user: ctx.actor!.userId } }, { populate: ['draw', 'expert'], lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!seat) return this.refuse(em, ctx, { code: DrawErrorCode.NOT_FOUND, message: 'There is no such invitation of yours.' });
      const draw = seat.draw.getEntity();
      const now = await this.clock.now(em);
      if (seat.status !== SeatStatus.INVITED) return this.refuse(em, ctx, { code: DrawErrorCode.NOT_ALLOWED_IN_STATE, message: `This invitation is ${seat.status}.` });
      if (seat.respondBy && now > seat.respondBy) return this.refuse(em, ctx, { code: DrawErrorCode.RESPONSE_TOO_LATE, message: 'The time to answer has passed; the seat went to a reserve.' });
      if (!accept && !reason?.trim()) return this.refuse(em, ctx, { code: DrawErrorCode.REASON_REQUIRED, message: 'A decline needs a reason.', field: 'reason' });
      Object.assign(seat, { status: accept ? SeatStatus.ACCEPTED : SeatStatus.DECLINED, respondedAt: now, declineReason: accept ? null : reason!.trim() });
      await this.logSeat(em, seat);
      if (!accept) await this.inviteNextReserve(em, draw, seat.specialty, now);
      return this.ok(em, ctx, draw);
    });
  }

  /** Clock: invitations not answered in time pass to the next reserve. */
  async expireInvitations(em: EntityManager, now: Date): Promise<number> {
    const late = await em.find(DrawSeat, { status: SeatStatus.INVITED, respondBy: { $lt: now } }, { populate: ['draw', 'expert'], lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, orderBy: { position: 'asc' } });
    for (const seat of late) {
      Object.assign(seat, { status: SeatStatus.TIMED_OUT, respondedAt: now });
      await this.logSeat(em, seat);
      await this.inviteNextReserve(em, seat.draw.getEntity(), seat.specialty, now);
    }
    await em.flush();
    return late.length;
  }

  /** The caller's own invitations (never reserve positions it has not been called to). */
  async invitationsOf(ctx: Context): Promise<Invitation[]> {
    const seats = await ctx.em.find(DrawSeat, { expert: { user: ctx.actor!.userId }, status: { $ne: SeatStatus.RESERVE } }, { populate: ['draw', 'draw.project'], orderBy: { invitedAt: 'desc' } });
    return seats.map(invitationOf);
  }

  async viewOf(ctx: Context, projectId: string): Promise<DrawView | null> {
    const draw = await ctx.em.findOne(ExpertDraw, { project: projectId });
    return draw ? this.view(ctx.em, ctx, draw) : null;
  }

  /** Every input needed to re-run the draw offline (`verify draw`), per specialty; public once drawn. */
  async inputs(ctx: Context, projectId: string): Promise<DrawInputs[]> {
    const draw = await ctx.em.findOne(ExpertDraw, { project: projectId, status: DrawStatus.DRAWN });
    if (!draw) return [];
    const reveals = (await this.commitments(ctx.em, draw)).map((c) => c.secretHex!);
    const first = draw.snapshot!.map((s, i) => ({
      round: 0,
      supplementary: false,
      specialty: s.specialty,
      inputJson: canonicalJson({ input: { projectId: s.drawProjectId, pool: s.pool, beaconRound: draw.beaconRound, beaconRandomnessHex: draw.beaconRandomnessHex, reveals }, k: draw.requests[i].count, reserves: draw.result![i].reserves.length }),
      draw: draw.result![i].draw,
      reserves: draw.result![i].reserves,
    }));
    const supplementary = (await this.rounds(ctx.em, draw)).filter((r) => r.status === RoundStatus.DRAWN).flatMap((r) => r.snapshot.map((s, i) => ({
      round: r.number,
      supplementary: true,
      specialty: s.specialty,
      inputJson: canonicalJson({ supplementaryRound: r.number, input: { projectId: s.drawProjectId, pool: s.pool, beaconRound: r.beaconRound, beaconRandomnessHex: r.beaconRandomnessHex, reveals: [] }, k: r.requests[i].count, reserves: r.result![i].reserves.length }),
      draw: r.result![i].draw,
      reserves: r.result![i].reserves,
    })));
    return [...first, ...supplementary];
  }

  /** The drawn order of one specialty as seats: the first `count` invited, the rest ordered reserves. */
  private async placeSeats(em: EntityManager, draw: ExpertDraw, round: number, specialty: string, r: { draw: string[]; reserves: string[] }, now: Date): Promise<void> {
    const experts = new Map((await em.find(Expert, { code: { $in: [...r.draw, ...r.reserves] } })).map((e) => [e.code, e]));
    for (const [position, code] of [...r.draw, ...r.reserves].entries()) {
      const invited = position < r.draw.length;
      const seat = em.create(DrawSeat, { draw, round, specialty, position, expert: experts.get(code)!, status: invited ? SeatStatus.INVITED : SeatStatus.RESERVE, invitedAt: invited ? now : null, respondBy: invited ? respondBy(now) : null });
      if (invited) await this.notify(em, seat);
    }
  }

  private rounds(em: EntityManager, draw: ExpertDraw): Promise<DrawRound[]> {
    return em.find(DrawRound, { draw }, { orderBy: { number: 'asc' } });
  }

  private async inviteNextReserve(em: EntityManager, draw: ExpertDraw, specialty: string, now: Date): Promise<void> {
    // FOR UPDATE SKIP LOCKED: two concurrent declines invite two different reserves
    const [next] = await em.find(DrawSeat, { draw, specialty, status: SeatStatus.RESERVE }, { orderBy: { round: 'asc', position: 'asc' }, limit: 1, populate: ['expert'], lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE });
    if (!next) return; // reserves exhausted: the operator may request a supplementary round (logged by the seat entries)
    Object.assign(next, { status: SeatStatus.INVITED, invitedAt: now, respondBy: respondBy(now) });
    await this.logSeat(em, next);
    await this.notify(em, next);
  }

  /** Tell the invited expert (its workspace subscribes to its own stream), in the transaction of the invitation. */
  private async notify(em: EntityManager, seat: DrawSeat): Promise<void> {
    const userId = seat.expert.getEntity().user?.id;
    if (userId) await this.eventLog.append(em, expertStream(userId), 'INVITED', { seatId: seat.id, specialty: seat.specialty, respondBy: seat.respondBy?.toISOString() ?? null, ...roundMark(seat.round) });
  }

  /** The caller's invitations as they arrive (live; the workspace lists the earlier ones with myInvitations). */
  /** The caller's invitations as they are made; with afterSeq, first those made after that position of its stream. */
  invitationsLive(ctx: Context, events: EventStreams, afterSeq?: number): AsyncIterableIterator<Invitation> {
    const userId = ctx.actor!.userId;
    return mapEvents(events.subscribe(expertStream(userId), afterSeq), async (event) => {
      if (event.type !== 'INVITED') return null;
      const seat = await ctx.em.fork().findOne(DrawSeat, { id: event.payload.seatId as string, expert: { user: userId } }, { populate: ['draw', 'draw.project'] });
      return seat ? invitationOf(seat) : null;
    });
  }

  private async logSeat(em: EntityManager, seat: DrawSeat): Promise<void> {
    const draw = seat.draw.getEntity();
    await this.ledger.append(em, 'draw.seat', { drawId: draw.id, specialty: seat.specialty, position: seat.position, code: seat.expert.getEntity().code, status: seat.status, ...roundMark(seat.round) }, await em.findOneOrFail(Project, { id: draw.project.id }));
  }

  /**
   * Avoidance applied per specialty, in the order requested; an expert sits in the pool of the first specialty
   * it has. `drawnBefore` (a supplementary round): everyone who already has a seat or reserve position is left out.
   */
  private async filteredPools(em: EntityManager, project: Project, draw: ExpertDraw, requests: SpecialtyRequest[], drawProjectId: string, drawnBefore = new Set<string>()): Promise<SpecialtySnapshot[]> {
    const parties = await this.parties(em, project, draw);
    const experts = await em.find(Expert, { specialties: { $overlap: requests.map((r) => r.specialty) } }, { orderBy: { code: 'asc' } });
    const recent = await this.recentEvaluations(em, parties);
    const taken = new Set<string>();
    const snapshot: SpecialtySnapshot[] = [];
    for (const { specialty } of requests) {
      const pool: string[] = [];
      const excluded: { code: string; rule: string }[] = [];
      for (const expert of experts.filter((e) => e.specialties.includes(specialty) && !taken.has(e.code))) {
        const rule = drawnBefore.has(expert.code) ? 'ALREADY_DRAWN' : avoidanceReason(factsOf(expert, recent.get(expert.id) ?? []), specialty, parties);
        if (rule) excluded.push({ code: expert.code, rule });
        else pool.push(expert.code), taken.add(expert.code);
      }
      const sorted = sortPool(pool);
      snapshot.push({ specialty, drawProjectId, pool: sorted, poolHash: toHex(await poolHash(sorted)), excluded });
    }
    return snapshot;
  }

  /**
   * Who evaluated for this tenderee inside the window, in one range scan of expert_evaluation(tenderee_key,
   * evaluated_at): the cost follows the tenderee's recent evaluations, not the whole history or the pool.
   */
  private async recentEvaluations(em: EntityManager, parties: ProjectParties): Promise<Map<string, ExpertFacts['evaluations']>> {
    const rows = await em.execute<{ expert_id: string; tenderee_key: string; at: Date }[]>(...recentEvaluationsQuery(parties.tendereeKeys, recentSince(parties)));
    const byExpert = new Map<string, ExpertFacts['evaluations']>();
    for (const row of rows) byExpert.set(row.expert_id, [...(byExpert.get(row.expert_id) ?? []), { tendereeKey: row.tenderee_key, at: new Date(row.at) }]);
    return byExpert;
  }

  private async parties(em: EntityManager, project: Project, draw: ExpertDraw): Promise<ProjectParties> {
    const tenderee = await em.findOneOrFail(Organisation, { id: project.tenderee.id });
    const bidders = await em.find(Registration, { project }, { populate: ['organisation'] });
    const keys = (o: Organisation) => [o.id, ...(o.uscc ? [o.uscc] : [])];
    return {
      tendereeKeys: keys(tenderee),
      bidderKeys: bidders.flatMap((r) => keys(r.organisation.getEntity())),
      evaluationAt: draw.evaluationAt,
      recentDays: this.recentEvaluationDays,
      regions: draw.regions ?? null,
      explicitExclusions: new Map(draw.exclusions.map((e) => [e.code, e.reason])),
    };
  }

  private commitments(em: EntityManager, draw: ExpertDraw): Promise<DrawCommitment[]> {
    return em.find(DrawCommitment, { draw }, { orderBy: { committedAt: 'asc', id: 'asc' } });
  }

  private async view(em: EntityManager, ctx: Context, draw: ExpertDraw): Promise<DrawView> {
    const project = await em.findOneOrFail(Project, { id: draw.project.id });
    const seats = await em.find(DrawSeat, { draw }, { populate: ['expert'], orderBy: { round: 'asc', specialty: 'asc', position: 'asc' } });
    const commitments = await this.commitments(em, draw);
    const rounds = await this.rounds(em, draw);
    const seesNames = ctx.actor?.userId === draw.operatorUserId || hasRole(ctx.actor, Role.SUPERVISOR) || NAMES_PUBLIC_FROM.includes(project.status);
    return {
      id: draw.id,
      status: draw.status,
      evaluationAt: draw.evaluationAt,
      specialties: draw.requests.map((r, i) => ({ ...r, poolSize: draw.snapshot?.[i].pool.length ?? null, poolHash: draw.snapshot?.[i].poolHash ?? null, seed: draw.result?.[i].seed ?? null })),
      commitments: commitments.map((c) => c.commitmentHex),
      revealed: commitments.filter((c) => c.secretHex).length,
      beaconRound: draw.beaconRound,
      beaconRandomnessHex: draw.beaconRandomnessHex,
      acceptedCount: seats.filter((s) => s.status === SeatStatus.ACCEPTED).length,
      rounds: rounds.map((r) => ({
        number: r.number,
        status: r.status,
        specialties: r.requests.map((q, i) => ({ ...q, poolSize: r.snapshot[i].pool.length, poolHash: r.snapshot[i].poolHash, seed: r.result?.[i].seed ?? null })),
        beaconRound: r.beaconRound,
        beaconRandomnessHex: r.beaconRandomnessHex,
        drawnAt: r.drawnAt ?? null,
      })),
      seats: seesNames ? seats.map((s) => ({ id: s.id, round: s.round, supplementary: s.round > 0, specialty: s.specialty, position: s.position, code: s.expert.getEntity().code, name: s.expert.getEntity().name, status: s.status, respondBy: s.respondBy ?? null, declineReason: s.declineReason ?? null })) : null,
    };
  }

  private async withDraw(ctx: Context, projectId: string, state: DrawStatus, work: (em: EntityManager, draw: ExpertDraw, project: Project) => Promise<DrawPayload>, who: 'operator' | 'party' | Role[] = 'party'): Promise<DrawPayload> {
    return ctx.em.transactional(async (em) => {
      const draw = await em.findOne(ExpertDraw, { project: projectId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!draw) return this.refuse(em, ctx, { code: DrawErrorCode.NOT_FOUND, message: 'This project has no expert draw yet.' });
      const project = await em.findOneOrFail(Project, { id: projectId });
      const allowed = who === 'operator' ? ctx.actor!.userId === draw.operatorUserId : who === 'party' ? managesProject(ctx.actor, project) || hasRole(ctx.actor, Role.SUPERVISOR) : hasRole(ctx.actor, ...who);
      if (!allowed) throw new ForbiddenError(who === 'operator' ? 'Only the draw operator does this.' : 'Your role does not take part in this step of the draw.');
      if (draw.status !== state) return this.refuse(em, ctx, { code: DrawErrorCode.NOT_ALLOWED_IN_STATE, message: `The draw is ${draw.status}; this step needs ${state}.` });
      return work(em, draw, project);
    });
  }

  /** A supplementary round of a drawn draw, still waiting for its beacon or its run. */
  private async withRound(ctx: Context, projectId: string, number: number, who: 'operator' | Role[], work: (em: EntityManager, draw: ExpertDraw, round: DrawRound, rounds: DrawRound[]) => Promise<DrawPayload>): Promise<DrawPayload> {
    return this.withDraw(ctx, projectId, DrawStatus.DRAWN, async (em, draw) => {
      const rounds = await this.rounds(em, draw);
      const round = rounds.find((r) => r.number === number);
      if (!round) return this.refuse(em, ctx, { code: DrawErrorCode.NOT_FOUND, message: `This draw has no supplementary round ${number}.` });
      if (round.status !== RoundStatus.SNAPSHOT) return this.refuse(em, ctx, { code: DrawErrorCode.NOT_ALLOWED_IN_STATE, message: `Supplementary round ${number} is drawn already.` });
      return work(em, draw, round, rounds.filter((r) => r !== round));
    }, who);
  }

  private async ok(em: EntityManager, ctx: Context, draw: ExpertDraw): Promise<DrawPayload> {
    await em.flush();
    await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
    return { draw: await this.view(em, ctx, draw), errors: [] };
  }

  private refuse(em: EntityManager, ctx: Context, error: DrawError): Promise<DrawPayload> {
    return this.audit.refuse(em, ctx, [error], { draw: null });
  }
}

/** The recent-evaluation lookup of the avoidance filter (exported for the test that checks its plan). */
export function recentEvaluationsQuery(tendereeKeys: string[], since: Date): [string, unknown[]] {
  const sql = `select expert_id, tenderee_key, max(evaluated_at) as at from expert_evaluation where tenderee_key in (${tendereeKeys.map(() => '?').join(', ')}) and evaluated_at >= ? group by expert_id, tenderee_key`;
  return [sql, [...tendereeKeys, since]];
}

export const expertStream = (userId: string): string => `expert:${userId}`;

function invitationOf(seat: DrawSeat): Invitation {
  const draw = seat.draw.getEntity();
  const project = draw.project.getEntity();
  return { seatId: seat.id, projectId: project.id, projectCode: project.code, projectTitle: project.title, specialty: seat.specialty, round: seat.round, supplementary: seat.round > 0, evaluationAt: draw.evaluationAt, status: seat.status, respondBy: seat.respondBy ?? null };
}

/** How a supplementary round's seats are marked in the ledger and the experts' events (the first draw's stay as they were). */
function roundMark(round: number): { round?: number; supplementary?: true } {
  return round > 0 ? { round, supplementary: true } : {};
}

function respondBy(now: Date): Date {
  return new Date(now.getTime() + RESPONSE_HOURS * 3600_000);
}

function factsOf(expert: Expert, evaluations: ExpertFacts['evaluations']): ExpertFacts {
  return {
    code: expert.code,
    status: expert.status,
    specialties: expert.specialties,
    region: expert.region,
    employerKeys: expert.employerUscc ? [expert.employerUscc] : [],
    relationKeys: expert.relations.flatMap((r) => (r.uscc ? [r.uscc] : [])),
    evaluations,
    unavailable: expert.unavailable.map((u) => ({ from: new Date(u.from), until: new Date(u.until) })),
  };
}
