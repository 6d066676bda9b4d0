/**
 * The project lifecycle (DESIGN §3) as a pure function: (state, event, context) → next state or a
 * refusal. Acts (publish, amend, cancel, …) and clock events (deadline, listing close, …) alike.
 */
export type ProjectState =
  | 'DRAFT'
  | 'PUBLISHED'
  | 'BIDDING'
  | 'SEALED'
  | 'OPENING'
  | 'EVALUATING'
  | 'PUBLICITY'
  | 'SUSPENDED'
  | 'AWARDED'
  | 'CLOSED'
  | 'CANCELLED'
  | 'FAILED'
  | 'LISTING'
  | 'TIMED_BIDDING';

export type ProjectEvent =
  | 'PUBLISH'
  | 'AMEND'
  | 'CANCEL'
  | 'BIDDING_OPENS'
  | 'DEADLINE'
  | 'OPEN_SESSION'
  | 'OPENING_DONE'
  | 'EVALUATION_DONE'
  | 'OBJECTION'
  | 'OBJECTION_ANSWERED'
  | 'AWARD'
  | 'CLOSE'
  | 'LISTING_STARTS'
  | 'LISTING_CLOSES'
  | 'TIMED_BIDDING_ENDS';

export type Refusal = 'NOT_ALLOWED_IN_STATE' | 'TOO_FEW_BIDS' | 'ALREADY_FINAL';

export interface RuleContext {
  /** valid bids (or active land bidders) when the event happens */
  validBids?: number;
  minBids?: number;
  /** state to return to after a suspension */
  resumeTo?: ProjectState;
  /** land: bidders still competing when the listing closes */
  activeBidders?: number;
  /** land: the highest quote reaches the (sealed) floor price */
  floorMet?: boolean;
  /** land: the highest accepted quote (null: nobody quoted; absent: not known to the caller) */
  highestQuote?: string | null;
}

/**
 * Stable codes for platform-made reasons, so pages can say them in their own language; the English
 * `reason` stays for the ledger and open data. CANCELLED carries the tenderee's own words instead.
 */
export type ReasonCode = 'TOO_FEW_VALID_BIDS' | 'NO_QUOTE' | 'NO_DEAL_BELOW_FLOOR' | 'CANCELLED';
/** Where the failure was decided: DEADLINE / OPENING / EVALUATION (too few bids), LISTING / TIMED_BIDDING (land). */
export type ReasonStage = 'DEADLINE' | 'OPENING' | 'EVALUATION' | 'LISTING' | 'TIMED_BIDDING';
export type ReasonParams = { stage: ReasonStage; validBids?: number; minBids?: number; highestQuote?: string };

export type Transition =
  | { ok: true; to: ProjectState; reason?: string; reasonCode?: ReasonCode; reasonParams?: ReasonParams }
  | { ok: false; refusal: Refusal; message: string };

const FINAL: ProjectState[] = ['CLOSED', 'CANCELLED', 'FAILED'];
const LIVE: ProjectState[] = ['PUBLISHED', 'BIDDING', 'SEALED', 'OPENING', 'EVALUATING', 'PUBLICITY', 'SUSPENDED', 'LISTING', 'TIMED_BIDDING'];

const to = (state: ProjectState): Transition => ({ ok: true, to: state });
const fail = (reason: string, reasonCode: ReasonCode, reasonParams: ReasonParams): Transition => ({ ok: true, to: 'FAILED', reason, reasonCode, reasonParams });
const cancelled: Transition = { ok: true, to: 'CANCELLED', reasonCode: 'CANCELLED' };
const refuse = (refusal: Refusal, message: string): Transition => ({ ok: false, refusal, message });

export function nextState(state: ProjectState, event: ProjectEvent, ctx: RuleContext = {}): Transition {
  if (FINAL.includes(state)) return refuse('ALREADY_FINAL', `The project is ${state}; nothing more can happen to it.`);
  const validBids = ctx.validBids ?? 0;
  const minBids = ctx.minBids ?? 1;
  const enough = validBids >= minBids;
  const tooFew = (stage: ReasonStage) => fail(`Only ${validBids} valid bid(s); the method needs at least ${minBids} (流标).`, 'TOO_FEW_VALID_BIDS', { stage, validBids, minBids });
  // the lifecycle text stays general; the listing service replaces it with the outcome's own sentence
  const noDeal = (stage: ReasonStage, noQuote: boolean) =>
    noQuote
      ? fail('No quote reached the floor price (no deal).', 'NO_QUOTE', { stage })
      : fail('No quote reached the floor price (no deal).', 'NO_DEAL_BELOW_FLOOR', ctx.highestQuote ? { stage, highestQuote: ctx.highestQuote } : { stage });
  switch (`${state}:${event}`) {
    case 'DRAFT:PUBLISH':
      return to('PUBLISHED');
    case 'DRAFT:CANCEL':
      return cancelled;
    case 'PUBLISHED:AMEND':
    case 'BIDDING:AMEND':
      return to(state);
    case 'PUBLISHED:BIDDING_OPENS':
      return to('BIDDING');
    case 'PUBLISHED:LISTING_STARTS':
      return to('LISTING');
    case 'PUBLISHED:DEADLINE':
    case 'BIDDING:DEADLINE':
      return enough ? to('SEALED') : tooFew('DEADLINE');
    case 'SEALED:OPEN_SESSION':
      return to('OPENING');
    case 'OPENING:OPENING_DONE':
      return enough ? to('EVALUATING') : tooFew('OPENING');
    case 'EVALUATING:EVALUATION_DONE':
      return enough ? to('PUBLICITY') : tooFew('EVALUATION');
    case 'PUBLICITY:OBJECTION':
      return to('SUSPENDED');
    case 'SUSPENDED:OBJECTION_ANSWERED':
      return to(ctx.resumeTo ?? 'PUBLICITY');
    case 'PUBLICITY:AWARD':
      return to('AWARDED');
    case 'LISTING:LISTING_CLOSES':
      if ((ctx.activeBidders ?? 0) >= 2) return to('TIMED_BIDDING');
      // nobody quoted: the caller says so, or no bidder was active at the close
      return ctx.floorMet ? to('AWARDED') : noDeal('LISTING', ctx.highestQuote === null || (ctx.highestQuote === undefined && !ctx.activeBidders));
    case 'TIMED_BIDDING:TIMED_BIDDING_ENDS':
      return ctx.floorMet ? to('AWARDED') : noDeal('TIMED_BIDDING', ctx.highestQuote === null);
    case 'AWARDED:CLOSE':
      return to('CLOSED');
  }
  if (event === 'CANCEL' && LIVE.includes(state)) return cancelled;
  if (state === 'AWARDED') return refuse('NOT_ALLOWED_IN_STATE', `An awarded project can only be closed.`);
  return refuse('NOT_ALLOWED_IN_STATE', `${event} is not possible while the project is ${state}.`);
}
