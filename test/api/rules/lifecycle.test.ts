import { nextState, type ProjectEvent, type ProjectState, type ReasonCode, type ReasonParams, type RuleContext } from '../../../api/src/modules/projects/rules/lifecycle';

type Row = [ProjectState, ProjectEvent, RuleContext, ProjectState | `refused:${string}`];

const rows: Row[] = [
  // state            event                  context                           → next or refusal
  ['DRAFT', 'PUBLISH', {}, 'PUBLISHED'],
  ['DRAFT', 'CANCEL', {}, 'CANCELLED'],
  ['DRAFT', 'DEADLINE', {}, 'refused:NOT_ALLOWED_IN_STATE'],
  ['DRAFT', 'AMEND', {}, 'refused:NOT_ALLOWED_IN_STATE'],
  ['PUBLISHED', 'PUBLISH', {}, 'refused:NOT_ALLOWED_IN_STATE'],
  ['PUBLISHED', 'AMEND', {}, 'PUBLISHED'],
  ['PUBLISHED', 'BIDDING_OPENS', {}, 'BIDDING'],
  ['BIDDING', 'AMEND', {}, 'BIDDING'],
  ['BIDDING', 'DEADLINE', { validBids: 3, minBids: 3 }, 'SEALED'],
  ['BIDDING', 'DEADLINE', { validBids: 2, minBids: 3 }, 'FAILED'],
  ['BIDDING', 'DEADLINE', { validBids: 0, minBids: 3 }, 'FAILED'],
  ['PUBLISHED', 'DEADLINE', { validBids: 3, minBids: 3 }, 'SEALED'], // bidding opened and closed while the server was down
  ['SEALED', 'AMEND', {}, 'refused:NOT_ALLOWED_IN_STATE'], // the documents are frozen once bids are sealed
  ['SEALED', 'OPEN_SESSION', {}, 'OPENING'],
  ['OPENING', 'OPENING_DONE', { validBids: 3, minBids: 3 }, 'EVALUATING'],
  ['OPENING', 'OPENING_DONE', { validBids: 2, minBids: 3 }, 'FAILED'],
  ['EVALUATING', 'EVALUATION_DONE', { validBids: 3, minBids: 3 }, 'PUBLICITY'],
  ['PUBLICITY', 'OBJECTION', {}, 'SUSPENDED'],
  ['SUSPENDED', 'OBJECTION_ANSWERED', { resumeTo: 'PUBLICITY' }, 'PUBLICITY'],
  ['SUSPENDED', 'AWARD', {}, 'refused:NOT_ALLOWED_IN_STATE'], // no award while an objection is open
  ['PUBLICITY', 'AWARD', {}, 'AWARDED'],
  ['AWARDED', 'CLOSE', {}, 'CLOSED'],
  ['AWARDED', 'CANCEL', {}, 'refused:NOT_ALLOWED_IN_STATE'],
  ['CLOSED', 'CANCEL', {}, 'refused:ALREADY_FINAL'],
  ['FAILED', 'PUBLISH', {}, 'refused:ALREADY_FINAL'],
  ['CANCELLED', 'CANCEL', {}, 'refused:ALREADY_FINAL'],
  ['BIDDING', 'CANCEL', {}, 'CANCELLED'],
  ['EVALUATING', 'CANCEL', {}, 'CANCELLED'],
  // land listing (挂牌)
  ['PUBLISHED', 'LISTING_STARTS', {}, 'LISTING'],
  ['LISTING', 'LISTING_CLOSES', { activeBidders: 2 }, 'TIMED_BIDDING'],
  ['LISTING', 'LISTING_CLOSES', { activeBidders: 1, floorMet: true }, 'AWARDED'],
  ['LISTING', 'LISTING_CLOSES', { activeBidders: 1, floorMet: false }, 'FAILED'],
  ['LISTING', 'LISTING_CLOSES', { activeBidders: 0 }, 'FAILED'],
  ['TIMED_BIDDING', 'TIMED_BIDDING_ENDS', { floorMet: true }, 'AWARDED'],
  ['TIMED_BIDDING', 'TIMED_BIDDING_ENDS', { floorMet: false }, 'FAILED'],
  ['LISTING', 'DEADLINE', {}, 'refused:NOT_ALLOWED_IN_STATE'],
];

test.each(rows)('%s + %s %j → %s', (state, event, ctx, expected) => {
  const result = nextState(state, event, ctx);
  if (expected.startsWith('refused:')) {
    expect(result).toMatchObject({ ok: false, refusal: expected.slice('refused:'.length), message: expect.any(String) });
  } else {
    expect(result).toMatchObject({ ok: true, to: expected });
  }
});

test('a failure says why (流标), in English and as a code with its facts', () => {
  expect(nextState('BIDDING', 'DEADLINE', { validBids: 2, minBids: 3 })).toEqual({
    ok: true, to: 'FAILED', reason: 'Only 2 valid bid(s); the method needs at least 3 (流标).',
    reasonCode: 'TOO_FEW_VALID_BIDS', reasonParams: { stage: 'DEADLINE', validBids: 2, minBids: 3 },
  });
});

type ReasonRow = [ProjectState, ProjectEvent, RuleContext, ReasonCode | null, ReasonParams | null];

const reasons: ReasonRow[] = [
  // state            event                  context                                            → code                  params
  ['BIDDING', 'DEADLINE', { validBids: 0, minBids: 3 }, 'TOO_FEW_VALID_BIDS', { stage: 'DEADLINE', validBids: 0, minBids: 3 }],
  ['PUBLISHED', 'DEADLINE', { validBids: 1, minBids: 3 }, 'TOO_FEW_VALID_BIDS', { stage: 'DEADLINE', validBids: 1, minBids: 3 }],
  ['BIDDING', 'DEADLINE', {}, 'TOO_FEW_VALID_BIDS', { stage: 'DEADLINE', validBids: 0, minBids: 1 }], // nothing known: none of the one bid needed
  ['OPENING', 'OPENING_DONE', { validBids: 2, minBids: 3 }, 'TOO_FEW_VALID_BIDS', { stage: 'OPENING', validBids: 2, minBids: 3 }],
  ['EVALUATING', 'EVALUATION_DONE', { validBids: 1, minBids: 3 }, 'TOO_FEW_VALID_BIDS', { stage: 'EVALUATION', validBids: 1, minBids: 3 }],
  ['LISTING', 'LISTING_CLOSES', { activeBidders: 0, highestQuote: null }, 'NO_QUOTE', { stage: 'LISTING' }],
  ['LISTING', 'LISTING_CLOSES', { activeBidders: 0 }, 'NO_QUOTE', { stage: 'LISTING' }], // no bidder active at the close: nobody quoted
  ['LISTING', 'LISTING_CLOSES', { activeBidders: 1, floorMet: false, highestQuote: '1200.00' }, 'NO_DEAL_BELOW_FLOOR', { stage: 'LISTING', highestQuote: '1200.00' }],
  ['LISTING', 'LISTING_CLOSES', { activeBidders: 1, floorMet: false }, 'NO_DEAL_BELOW_FLOOR', { stage: 'LISTING' }], // amount not known to the caller
  ['TIMED_BIDDING', 'TIMED_BIDDING_ENDS', { activeBidders: 2, floorMet: false, highestQuote: '1500.00' }, 'NO_DEAL_BELOW_FLOOR', { stage: 'TIMED_BIDDING', highestQuote: '1500.00' }],
  ['TIMED_BIDDING', 'TIMED_BIDDING_ENDS', { floorMet: false }, 'NO_DEAL_BELOW_FLOOR', { stage: 'TIMED_BIDDING' }],
  ['TIMED_BIDDING', 'TIMED_BIDDING_ENDS', { floorMet: false, highestQuote: null }, 'NO_QUOTE', { stage: 'TIMED_BIDDING' }],
  ['BIDDING', 'CANCEL', {}, 'CANCELLED', null], // the tenderee's own words are kept by the service, untranslated
  ['DRAFT', 'CANCEL', {}, 'CANCELLED', null],
  // no reason where nothing went wrong
  ['BIDDING', 'DEADLINE', { validBids: 3, minBids: 3 }, null, null],
  ['OPENING', 'OPENING_DONE', { validBids: 3, minBids: 3 }, null, null],
  ['LISTING', 'LISTING_CLOSES', { activeBidders: 1, floorMet: true, highestQuote: '1200.00' }, null, null],
  ['LISTING', 'LISTING_CLOSES', { activeBidders: 2 }, null, null],
  ['PUBLICITY', 'OBJECTION', {}, null, null],
];

test.each(reasons)('reason of %s + %s %j → %s %j', (state, event, ctx, code, params) => {
  const result = nextState(state, event, ctx);
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  expect(result.reasonCode ?? null).toBe(code);
  expect(result.reasonParams ?? null).toEqual(params);
  // a platform-made failure keeps its English sentence for the ledger and open data
  expect(Boolean(result.reason)).toBe(result.to === 'FAILED');
});
