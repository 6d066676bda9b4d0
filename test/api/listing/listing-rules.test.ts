/** Table tests of the listing rules (DOMAIN 29–32, 34): pure functions, no database. */
import { quoteMessage, normaliseAmount } from '../../../crypto/listing-quote';
import { checkQuote, countdownAfter, dueListingEvent, floorWindowProblem, fromFen, listingCloseOutcome, minimumQuote, phaseOf, rankOf, timedBiddingOutcome, toFen, type QuoteState } from '../../../api/src/modules/listing/rules/listing-rules';
import { nextState } from '../../../api/src/modules/projects/rules/lifecycle';

const END = new Date('2026-12-24T07:00:00Z');
const at = (minutesBeforeEnd: number) => new Date(END.getTime() - minutesBeforeEnd * 60_000);
const base: QuoteState = { status: 'LISTING', startPrice: '1000000.00', increment: '50000.00', highest: null, listingStart: new Date('2026-12-14T01:00:00Z'), listingEnd: END, countdownEndsAt: null, bidderIsActive: false };

describe('rule 29: quote acceptance (server time, rule 34)', () => {
  test.each([
    // state overrides                                         amount          previous       now        → code or ok
    [{},                                                         '1000000',      null,          at(600),   'ok'],
    [{},                                                         '999999.99',    null,          at(600),   'BELOW_START_PRICE'],
    [{ highest: '1000000.00' },                                  '1050000.00',   '1000000',     at(600),   'ok'],
    [{ highest: '1000000.00' },                                  '1049999.99',   '1000000.00',  at(600),   'INCREMENT_TOO_SMALL'],
    [{ highest: '1000000.00' },                                  '2000000.00',   '1000000.00',  at(600),   'ok'],
    [{ highest: '1000000.00' },                                  '1050000.00',   null,          at(600),   'PRICE_CHANGED'],
    [{ highest: '1100000.00' },                                  '1150000.00',   '1050000.00',  at(600),   'PRICE_CHANGED'],
    [{},                                                         '1000000',      null,          new Date('2026-12-14T00:59:59.999Z'), 'NOT_OPEN'],
    [{},                                                         '1000000',      null,          END,       'NOT_OPEN'],
    [{},                                                         '1000000',      null,          at(0.001), 'ok'],
    [{ status: 'PUBLISHED' },                                    '1000000',      null,          at(600),   'NOT_OPEN'],
    [{ status: 'AWARDED' },                                      '1000000',      null,          at(600),   'NOT_OPEN'],
    [{},                                                         '1,000,000',    null,          at(600),   'INPUT_INVALID'],
    [{},                                                         '-1000000',     null,          at(600),   'INPUT_INVALID'],
    [{},                                                         '1000000.001',  null,          at(600),   'INPUT_INVALID'],
    [{ status: 'TIMED_BIDDING', highest: '1000000.00', countdownEndsAt: at(56), bidderIsActive: true },  '1050000', '1000000', at(57),  'ok'],
    [{ status: 'TIMED_BIDDING', highest: '1000000.00', countdownEndsAt: at(56), bidderIsActive: true },  '1050000', '1000000', at(56),  'COUNTDOWN_EXPIRED'],
    [{ status: 'TIMED_BIDDING', highest: '1000000.00', countdownEndsAt: at(56), bidderIsActive: false }, '1050000', '1000000', at(57),  'NOT_ACTIVE_BIDDER'],
    [{ status: 'TIMED_BIDDING', highest: '1000000.00', countdownEndsAt: at(56), bidderIsActive: true },  '1040000', '1000000', at(57),  'INCREMENT_TOO_SMALL'],
  ] as const)('%j: %s over %s at %s → %s', (over, amount, previous, now, expected) => {
    const result = checkQuote({ ...base, ...over } as QuoteState, { amount, previousHighest: previous }, now);
    expect(result.ok ? 'ok' : result.code).toBe(expected);
  });

  test('the minimum next quote is the start price, then highest + increment', () => {
    expect(minimumQuote(base)).toBe('1000000.00');
    expect(minimumQuote({ ...base, highest: '1234567.89' })).toBe('1284567.89');
  });

  test('money is exact in fen', () => {
    expect(fromFen(toFen('0.1') + toFen('0.2'))).toBe('0.30');
    expect(fromFen(toFen('9999999999999999.99') + 1n)).toBe('10000000000000000.00');
    expect(normaliseAmount('007.5')).toBe('7.50');
    expect(normaliseAmount('1e6')).toBeNull();
  });

  test('the signed quote message is canonical and binds project, amount and the level raised', () => {
    const msg = new TextDecoder().decode(quoteMessage({ projectId: 'p1', amount: '1050000', previousHighest: '1000000.0' }));
    expect(msg).toBe('{"amount":"1050000.00","previousHighest":"1000000.00","projectId":"p1","v":"tenderhall/land-quote/v1"}');
    expect(new TextDecoder().decode(quoteMessage({ projectId: 'p1', amount: '1', previousHighest: null }))).toContain('"previousHighest":null');
    expect(() => quoteMessage({ projectId: 'p1', amount: 'x', previousHighest: null })).toThrow();
  });
});

describe('rule 31: freeze, timed bidding and the countdown', () => {
  test.each([
    // status            countdownEndsAt  activeBeforeFreeze  now        → event@minutes-before-end or none
    ['LISTING',          null,            2,                  at(61),    null],
    ['LISTING',          null,            2,                  at(60),    ['LISTING_CLOSES', 60]],
    ['LISTING',          null,            5,                  at(10),    ['LISTING_CLOSES', 60]],
    ['LISTING',          null,            1,                  at(60),    null],
    ['LISTING',          null,            1,                  at(0.01),  null],
    ['LISTING',          null,            1,                  at(0),     ['LISTING_CLOSES', 0]],
    ['LISTING',          null,            0,                  at(-5),    ['LISTING_CLOSES', 0]],
    ['TIMED_BIDDING',    at(56),          2,                  at(56),    null], // countdown over, but the floor window runs to the close
    ['TIMED_BIDDING',    at(56),          2,                  at(0),     ['TIMED_BIDDING_ENDS', 0]],
    ['TIMED_BIDDING',    at(-3),          2,                  at(0),     null], // still counting down after the close
    ['TIMED_BIDDING',    at(-3),          2,                  at(-3),    ['TIMED_BIDDING_ENDS', -3]],
    ['AWARDED',          at(-3),          2,                  at(-300),  null],
  ] as const)('%s (countdown %s, %d active before the freeze) at %s → %j', (status, countdownEndsAt, activeBeforeFreeze, now, expected) => {
    const due = dueListingEvent({ status, listingEnd: END, countdownEndsAt, activeBeforeFreeze }, now);
    expect(due ? [due.event, (END.getTime() - due.at.getTime()) / 60_000] : null).toEqual(expected);
  });

  test('every accepted quote restarts the 4-minute countdown from its arrival', () => {
    expect(countdownAfter(at(57)).getTime() - at(57).getTime()).toBe(4 * 60_000);
    expect(countdownAfter(new Date('2026-12-24T06:03:59.999Z')).toISOString()).toBe('2026-12-24T06:07:59.999Z');
  });

  test.each([
    ['TIMED_BIDDING', at(57), at(58), 'TIMED_BIDDING'],
    ['TIMED_BIDDING', at(57), at(57), 'AWAITING_CLOSE'],
    ['LISTING', null, at(100), 'LISTING'],
    ['PUBLISHED', null, at(100), 'NOT_STARTED'],
    ['FAILED', null, at(100), 'CLOSED'],
  ] as const)('phase of %s (countdown %s) at %s is %s', (status, countdownEndsAt, now, phase) => {
    expect(phaseOf(status, now, { listingStart: base.listingStart, countdownEndsAt })).toBe(phase);
  });
});

describe('rules 31–32: the close outcome', () => {
  test.each([
    // active  highest        floor          → outcome
    [2,        '1500000.00',  '9000000.00',  'TIMED_BIDDING'],
    [3,        null,          null,          'TIMED_BIDDING'],
    [1,        '1500000.00',  '1400000.00',  'DEAL'],
    [1,        '1500000.00',  '1500000.00',  'DEAL'], // floor exactly equal to the highest
    [1,        '1500000.00',  '1500000.01',  'NO_DEAL'],
    [1,        '1500000.00',  null,          'DEAL'], // no floor entered
    [0,        null,          '1.00',        'NO_DEAL'],
    [0,        null,          null,          'NO_DEAL'],
  ] as const)('listing close: %d active, highest %s, floor %s → %s', (activeBidders, highest, floor, kind) => {
    expect(listingCloseOutcome({ activeBidders, highest, floor }).kind).toBe(kind);
  });

  test.each([
    // highest        timedQuotes  floor          → outcome
    ['2000000.00',    3,           '1900000.00',  'DEAL'],
    ['2000000.00',    3,           '2000000.00',  'DEAL'], // equal → deal
    ['2000000.00',    3,           '2000000.01',  'NO_DEAL'],
    ['1500000.00',    0,           '1500000.00',  'DEAL'], // no quote in timed bidding: the listing's highest
    ['1500000.00',    0,           '1600000.00',  'NO_DEAL'],
    ['1500000.00',    0,           null,          'DEAL'],
  ] as const)('timed bidding end: highest %s after %d timed quotes, floor %s → %s', (highest, timedQuotes, floor, kind) => {
    const outcome = timedBiddingOutcome({ highest, timedQuotes, floor });
    expect(outcome.kind).toBe(kind);
    if (timedQuotes === 0) expect(outcome.reason).toContain('no quote in timed bidding');
  });

  test.each([
    [1, true, 'AWARDED'], [1, false, 'FAILED'], [0, false, 'FAILED'], [2, false, 'TIMED_BIDDING'],
  ] as const)('the lifecycle agrees: LISTING_CLOSES with %d active, floor met %s → %s', (activeBidders, floorMet, to) => {
    expect(nextState('LISTING', 'LISTING_CLOSES', { activeBidders, floorMet })).toMatchObject({ ok: true, to });
  });
});

describe('rule 30: the floor window and the rank', () => {
  test.each([
    [at(30.001), 'refused'], [at(30), 'ok'], [at(0.001), 'ok'], [at(0), 'refused'],
  ] as const)('floor entered at %s → %s', (now, expected) => {
    expect(floorWindowProblem(END, now) === null ? 'ok' : 'refused').toBe(expected);
  });

  test('rank by best quote', () => {
    const quotes = [{ bidder: 'a', amount: '1.00' }, { bidder: 'b', amount: '2.00' }, { bidder: 'a', amount: '3.00' }, { bidder: 'c', amount: '2.50' }];
    expect(['a', 'b', 'c', 'd'].map((b) => rankOf(quotes, b))).toEqual([1, 3, 2, null]);
  });
});
