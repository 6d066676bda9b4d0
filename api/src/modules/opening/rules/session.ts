/**
 * The opening session as pure rules: which act is allowed in which state, what happens to a bid that
 * is not decrypted when the window closes (Art. 31), and what each viewer may see of an event.
 */
import { isBidderCaused, type OpenFailureCode } from '../../../../../crypto/sbp/open';

export type SessionState = 'SIGN_IN' | 'DECRYPTION' | 'COMMITTEE' | 'READ_OUT' | 'RECORD' | 'SEALING' | 'PUBLISHED';
export type OpeningPolicy = 'BIDDER_ONLY' | 'BIDDER_OR_COMMITTEE' | 'COMMITTEE_ONLY';
export type SessionAct =
  | 'SIGN_IN' | 'START_DECRYPTION' | 'DECRYPT' | 'CLOSE_DECRYPTION' | 'SUBMIT_SHARE' | 'READ_OUT'
  | 'RAISE_OBJECTION' | 'ANSWER_OBJECTION' | 'CONFIRM' | 'FINALISE' | 'SEAL';

const ALLOWED: Record<SessionAct, SessionState[]> = {
  SIGN_IN: ['SIGN_IN', 'DECRYPTION'],
  START_DECRYPTION: ['SIGN_IN'],
  DECRYPT: ['DECRYPTION'],
  CLOSE_DECRYPTION: ['DECRYPTION', 'COMMITTEE'],
  SUBMIT_SHARE: ['COMMITTEE'],
  READ_OUT: ['READ_OUT'],
  RAISE_OBJECTION: ['READ_OUT', 'RECORD'],
  ANSWER_OBJECTION: ['READ_OUT', 'RECORD', 'SEALING'],
  CONFIRM: ['RECORD'],
  FINALISE: ['RECORD'],
  SEAL: ['SEALING'],
};

export function actAllowed(state: SessionState, act: SessionAct): boolean {
  return ALLOWED[act].includes(state);
}

export function statesFor(act: SessionAct): SessionState[] {
  return ALLOWED[act];
}

/** Where the session goes after START_DECRYPTION: a committee-only policy skips the bidders' window. */
export function afterSignIn(policy: OpeningPolicy): SessionState {
  return policy === 'COMMITTEE_ONLY' ? 'COMMITTEE' : 'DECRYPTION';
}

export interface UndecryptedBid {
  signedIn: boolean;
  /** the last failed attempt, if any */
  failure: { code: string; bidderCaused: boolean } | null;
}

/** A bid that will not be opened: REVOKED (the bidder's doing) or WITHDRAWN with a claim (not its doing). */
export type Settled = { to: 'REVOKED' | 'WITHDRAWN'; code: string; reason: string };
export type CloseResult = { to: 'PENDING_COMMITTEE' } | Settled;

/** Codes of the opening itself; crypto/sbp classifies its own (isBidderCaused). */
const OPENING_CODES: Record<string, boolean> = { FORM_INVALID: true, PRICE_COMMITMENT_MISMATCH: true, SIGNER_CHANGED: true, ABSENT: true, NOT_DECRYPTED: true, COMMITTEE_UNAVAILABLE: false };

/** Whether a failure code is the bidder's doing (Art. 31). */
export function bidderCaused(code: string): boolean {
  return OPENING_CODES[code] ?? isBidderCaused(code as OpenFailureCode) ?? true;
}

/** How a failed opening ends for the bid. */
export function settledBy(failure: { code: string; reason: string }): Settled {
  return { to: bidderCaused(failure.code) ? 'REVOKED' : 'WITHDRAWN', ...failure };
}

/**
 * A bid still not decrypted when the bidders' window closes. An absent bidder's bid is REVOKED. With a
 * committee fallback the custodians try the rest; otherwise own failure → REVOKED, the platform's → WITHDRAWN (claim).
 */
export function closeUndecrypted(bid: UndecryptedBid, policy: OpeningPolicy): CloseResult {
  if (!bid.signedIn) return { to: 'REVOKED', code: 'ABSENT', reason: 'The bidder did not sign in to the opening.' };
  if (policy !== 'BIDDER_ONLY') return { to: 'PENDING_COMMITTEE' };
  if (bid.failure && !bid.failure.bidderCaused) return { to: 'WITHDRAWN', code: bid.failure.code, reason: 'The failure was not caused by the bidder (claim recorded).' };
  if (bid.failure) return { to: 'REVOKED', code: bid.failure.code, reason: 'The bidder could not decrypt its own bid within the window.' };
  return { to: 'REVOKED', code: 'NOT_DECRYPTED', reason: 'The bidder did not decrypt its bid within the window.' };
}

/** A bid the committee could not reach (too few shares when the host closed the stage): not the bidder's fault. */
export const COMMITTEE_UNAVAILABLE: Settled = { to: 'WITHDRAWN', code: 'COMMITTEE_UNAVAILABLE', reason: 'The custodians did not rebuild the opening key (claim recorded).' };

export interface Viewer {
  supervisor: boolean;
  host: boolean;
  organisationId: string | null;
}

export interface SessionEventLike {
  type: string;
  payload: Record<string, unknown>;
}

/** Events only supervisors see. */
const SUPERVISION_ONLY = new Set(['INTEGRITY_FLAG']);
/** Payload fields only the bid's owner and supervisors see. */
const PRIVATE_FIELDS = ['code', 'reason'];

/** What a viewer may see of an event: null to hide it; private details only for the owner and supervisors. */
export function visibleEvent<E extends SessionEventLike>(event: E, viewer: Viewer): E | null {
  if (SUPERVISION_ONLY.has(event.type)) return viewer.supervisor ? event : null;
  if (event.type !== 'DECRYPTION_FAILED') return event;
  if (viewer.supervisor || (viewer.organisationId && event.payload.organisationId === viewer.organisationId)) return event;
  let copy = redacted.get(event) as E | undefined;
  if (!copy) {
    const payload = { ...event.payload };
    for (const field of PRIVATE_FIELDS) delete payload[field];
    redacted.set(event, (copy = { ...event, payload }));
  }
  return copy;
}

/**
 * The redacted copy of an event, made once per event object: every viewer of one visibility class
 * gets the same object, so their subscriptions share one execution (graphql/shared-subscriptions).
 */
const redacted = new WeakMap<object, SessionEventLike>();
