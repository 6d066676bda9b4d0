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
}

export type Transition = { ok: true; to: ProjectState; reason?: string } | { ok: false; refusal: Refusal; message: string };

const FINAL: ProjectState[] = ['CLOSED', 'CANCELLED', 'FAILED'];
const LIVE: ProjectState[] = ['PUBLISHED', 'BIDDING', 'SEALED', 'OPENING', 'EVALUATING', 'PUBLICITY', 'SUSPENDED', 'LISTING', 'TIMED_BIDDING'];

const to = (state: ProjectState, reason?: string): Transition => ({ ok: true, to: state, reason });
const refuse = (refusal: Refusal, message: string): Transition => ({ ok: false, refusal, message });

export function nextState(state: ProjectState, event: ProjectEvent, ctx: RuleContext = {}): Transition {
  if (FINAL.includes(state)) return refuse('ALREADY_FINAL', `The project is ${state}; nothing more can happen to it.`);
  const enough = (ctx.validBids ?? 0) >= (ctx.minBids ?? 1);
  const tooFew = `Only ${ctx.validBids ?? 0} valid bid(s); the method needs at least ${ctx.minBids ?? 1} (流标).`;
  switch (`${state}:${event}`) {
    case 'DRAFT:PUBLISH':
      return to('PUBLISHED');
    case 'DRAFT:CANCEL':
      return to('CANCELLED');
    case 'PUBLISHED:AMEND':
    case 'BIDDING:AMEND':
      return to(state);
    case 'PUBLISHED:BIDDING_OPENS':
      return to('BIDDING');
    case 'PUBLISHED:LISTING_STARTS':
      return to('LISTING');
    case 'PUBLISHED:DEADLINE':
    case 'BIDDING:DEADLINE':
      return enough ? to('SEALED') : to('FAILED', tooFew);
    case 'SEALED:OPEN_SESSION':
      return to('OPENING');
    case 'OPENING:OPENING_DONE':
      return enough ? to('EVALUATING') : to('FAILED', tooFew);
    case 'EVALUATING:EVALUATION_DONE':
      return enough ? to('PUBLICITY') : to('FAILED', tooFew);
    case 'PUBLICITY:OBJECTION':
      return to('SUSPENDED');
    case 'SUSPENDED:OBJECTION_ANSWERED':
      return to(ctx.resumeTo ?? 'PUBLICITY');
    case 'PUBLICITY:AWARD':
      return to('AWARDED');
    case 'LISTING:LISTING_CLOSES':
      if ((ctx.activeBidders ?? 0) >= 2) return to('TIMED_BIDDING');
      return ctx.floorMet ? to('AWARDED') : to('FAILED', 'No quote reached the floor price (no deal).');
    case 'TIMED_BIDDING:TIMED_BIDDING_ENDS':
      return ctx.floorMet ? to('AWARDED') : to('FAILED', 'No quote reached the floor price (no deal).');
    case 'AWARDED:CLOSE':
      return to('CLOSED');
  }
  if (event === 'CANCEL' && LIVE.includes(state)) return to('CANCELLED');
  if (state === 'AWARDED') return refuse('NOT_ALLOWED_IN_STATE', `An awarded project can only be closed.`);
  return refuse('NOT_ALLOWED_IN_STATE', `${event} is not possible while the project is ${state}.`);
}
