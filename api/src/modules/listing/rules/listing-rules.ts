/**
 * Land listing (挂牌) rules as pure functions (DOMAIN rules 29–32, 34): quote acceptance, the freeze
 * and the timed bidding countdown, the close outcome, the floor-price window. Money is handled in
 * integer fen (bigint), never in floating point; times are platform (server arrival) times.
 */
import { normaliseAmount } from '../../../../../crypto/listing-quote';

/** Rule 31: the timed bidding countdown, restarted by every accepted quote. */
export const COUNTDOWN_MS = 4 * 60_000;
/** Rule 31: quoting freezes this long before the close when enough bidders are active. */
export const FREEZE_BEFORE_CLOSE_MS = 60 * 60_000;
export const MIN_ACTIVE_FOR_TIMED_BIDDING = 2;
/** Rule 30: the floor price is entered within the last 30 minutes of the listing. */
export const FLOOR_WINDOW_MS = 30 * 60_000;

export function toFen(amount: string): bigint {
  const normal = normaliseAmount(amount);
  if (!normal) throw new TypeError(`not an amount: ${amount}`);
  return BigInt(normal.replace('.', ''));
}

export function fromFen(fen: bigint): string {
  const text = fen.toString().padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

export const freezeAt = (listingEnd: Date): Date => new Date(listingEnd.getTime() - FREEZE_BEFORE_CLOSE_MS);

export type ListingPhase = 'NOT_STARTED' | 'LISTING' | 'TIMED_BIDDING' | 'AWAITING_CLOSE' | 'CLOSED';

export type QuoteRefusal = 'NOT_OPEN' | 'PRICE_CHANGED' | 'BELOW_START_PRICE' | 'INCREMENT_TOO_SMALL' | 'COUNTDOWN_EXPIRED' | 'NOT_ACTIVE_BIDDER' | 'INPUT_INVALID';

export interface QuoteState {
  status: string;
  startPrice: string;
  increment: string;
  /** the highest accepted quote so far (null before the first) */
  highest: string | null;
  listingStart: Date;
  listingEnd: Date;
  countdownEndsAt: Date | null;
  /** the bidder quoted during the listing (only they go on into timed bidding) */
  bidderIsActive: boolean;
}

export type QuoteCheck = { ok: true; amount: string } | { ok: false; code: QuoteRefusal; message: string };

const refuse = (code: QuoteRefusal, message: string): QuoteCheck => ({ ok: false, code, message });

/** The lowest amount a quote may have now: the start price first, then highest + increment (rule 29). */
export function minimumQuote(state: Pick<QuoteState, 'startPrice' | 'increment' | 'highest'>): string {
  return state.highest === null ? fromFen(toFen(state.startPrice)) : fromFen(toFen(state.highest) + toFen(state.increment));
}

/**
 * Is a quote acceptable at `now` (server arrival time, rule 34)? `previousHighest` is what the bidder
 * signed it against: if someone else raised meanwhile, the bidder must look again and sign again.
 */
export function checkQuote(state: QuoteState, quote: { amount: string; previousHighest: string | null }, now: Date): QuoteCheck {
  const amount = normaliseAmount(quote.amount);
  const previous = quote.previousHighest === null ? null : normaliseAmount(quote.previousHighest);
  if (!amount || (quote.previousHighest !== null && !previous)) return refuse('INPUT_INVALID', 'Amounts are yuan with at most two decimals.');
  if (state.status === 'LISTING') {
    if (now < state.listingStart) return refuse('NOT_OPEN', `The listing starts at ${state.listingStart.toISOString()}.`);
    if (now >= state.listingEnd) return refuse('NOT_OPEN', `The listing closed at ${state.listingEnd.toISOString()} (server time ${now.toISOString()}).`);
  } else if (state.status === 'TIMED_BIDDING') {
    if (!state.bidderIsActive) return refuse('NOT_ACTIVE_BIDDER', 'Only bidders who quoted during the listing take part in the timed bidding.');
    if (!state.countdownEndsAt || now >= state.countdownEndsAt) return refuse('COUNTDOWN_EXPIRED', `The countdown ended at ${state.countdownEndsAt?.toISOString()} (server time ${now.toISOString()}).`);
  } else {
    return refuse('NOT_OPEN', `The project is ${state.status}: it takes no quotes now.`);
  }
  const current = state.highest === null ? null : fromFen(toFen(state.highest));
  if (previous !== current) return refuse('PRICE_CHANGED', `The highest quote is now ${current ?? 'none'}; you signed against ${previous ?? 'none'}. Look again and sign again.`);
  const minimum = minimumQuote(state);
  if (toFen(amount) < toFen(minimum)) {
    return current === null
      ? refuse('BELOW_START_PRICE', `The first quote must be at least the start price ${minimum}.`)
      : refuse('INCREMENT_TOO_SMALL', `A quote must be at least the highest ${current} plus the increment ${fromFen(toFen(state.increment))}, i.e. ${minimum}.`);
  }
  return { ok: true, amount };
}

/** Rule 31: an accepted quote in timed bidding restarts the countdown from its arrival. */
export const countdownAfter = (at: Date): Date => new Date(at.getTime() + COUNTDOWN_MS);

export interface CloseFacts {
  status: string;
  listingEnd: Date;
  countdownEndsAt: Date | null;
  /** distinct bidders who quoted before the freeze instant (close − 60 min) */
  activeBeforeFreeze: number;
}

/**
 * The next clock event of a listing at `now`, with the instant it takes effect (pure; the scheduler
 * and every quote apply it first, so a late tick or a restart changes nothing). The decision after
 * timed bidding waits for the close as well: the floor price may be entered until then (rule 30).
 */
export function dueListingEvent(facts: CloseFacts, now: Date): { event: 'LISTING_CLOSES' | 'TIMED_BIDDING_ENDS'; at: Date } | null {
  if (facts.status === 'LISTING') {
    const freeze = freezeAt(facts.listingEnd);
    if (now >= freeze && facts.activeBeforeFreeze >= MIN_ACTIVE_FOR_TIMED_BIDDING) return { event: 'LISTING_CLOSES', at: freeze };
    if (now >= facts.listingEnd) return { event: 'LISTING_CLOSES', at: facts.listingEnd };
  }
  if (facts.status === 'TIMED_BIDDING' && facts.countdownEndsAt) {
    const at = new Date(Math.max(facts.countdownEndsAt.getTime(), facts.listingEnd.getTime()));
    if (now >= at) return { event: 'TIMED_BIDDING_ENDS', at };
  }
  return null;
}

export type CloseOutcome =
  | { kind: 'TIMED_BIDDING'; reason: string }
  | { kind: 'DEAL'; reason: string }
  | { kind: 'NO_DEAL'; reason: string };

/** The highest quote meets the floor (equal is enough); no floor entered means none to meet. */
export const floorMet = (highest: string | null, floor: string | null): boolean => highest !== null && (floor === null || toFen(highest) >= toFen(floor));

/** Rules 31–32 at the listing close: timed bidding with ≥ 2 active bidders, else deal or no deal on the floor. */
export function listingCloseOutcome(facts: { activeBidders: number; highest: string | null; floor: string | null }): CloseOutcome {
  if (facts.activeBidders >= MIN_ACTIVE_FOR_TIMED_BIDDING) return { kind: 'TIMED_BIDDING', reason: `${facts.activeBidders} active bidders: timed bidding decides.` };
  if (facts.highest === null) return { kind: 'NO_DEAL', reason: 'No quote during the listing (no deal).' };
  return floorMet(facts.highest, facts.floor)
    ? { kind: 'DEAL', reason: `One bidder at ${facts.highest}, not below the floor price: deal.` }
    : { kind: 'NO_DEAL', reason: `The highest quote ${facts.highest} is below the floor price (no deal).` };
}

/** Rule 32 after timed bidding: the highest quote (of the timed bidding, else of the listing) wins if ≥ floor. */
export function timedBiddingOutcome(facts: { highest: string | null; timedQuotes: number; floor: string | null }): CloseOutcome {
  const source = facts.timedQuotes > 0 ? 'timed bidding' : 'listing (no quote in timed bidding)';
  return floorMet(facts.highest, facts.floor)
    ? { kind: 'DEAL', reason: `The highest quote of the ${source}, ${facts.highest}, is not below the floor price: deal.` }
    : { kind: 'NO_DEAL', reason: `The highest quote of the ${source}, ${facts.highest ?? 'none'}, is below the floor price (no deal).` };
}

/** Rule 30: [close − 30 min, close). */
export function floorWindowProblem(listingEnd: Date, now: Date): string | null {
  const opens = new Date(listingEnd.getTime() - FLOOR_WINDOW_MS);
  if (now < opens) return `The floor price is entered from ${opens.toISOString()} (the last 30 minutes of the listing); server time is ${now.toISOString()}.`;
  if (now >= listingEnd) return `The listing closed at ${listingEnd.toISOString()}; the floor price can no longer be entered.`;
  return null;
}

/** What the public sees about where the listing stands. */
export function phaseOf(status: string, now: Date, f: { listingStart: Date | null; countdownEndsAt: Date | null }): ListingPhase {
  if (status === 'PUBLISHED' || (status === 'LISTING' && f.listingStart && now < f.listingStart)) return 'NOT_STARTED';
  if (status === 'LISTING') return 'LISTING';
  if (status === 'TIMED_BIDDING') return f.countdownEndsAt && now < f.countdownEndsAt ? 'TIMED_BIDDING' : 'AWAITING_CLOSE';
  return 'CLOSED';
}

/** 1-based rank of a bidder by its best quote (highest first), or null if it has not quoted. */
export function rankOf(quotes: { bidder: string; amount: string }[], bidder: string): number | null {
  const best = new Map<string, bigint>();
  for (const q of quotes) {
    const fen = toFen(q.amount);
    if ((best.get(q.bidder) ?? -1n) < fen) best.set(q.bidder, fen);
  }
  const mine = best.get(bidder);
  if (mine === undefined) return null;
  return [...best.values()].filter((v) => v > mine).length + 1;
}
