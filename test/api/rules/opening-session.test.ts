/** The opening session's pure rules: acts per state, Art. 31 at the close of the window, what each viewer sees. */
import { actAllowed, afterSignIn, closeUndecrypted, visibleEvent, type OpeningPolicy, type SessionAct, type SessionState } from '../../../api/src/modules/opening/rules/session';

describe('acts allowed per state', () => {
  const rows: [SessionAct, SessionState, boolean][] = [
    ['DECRYPT', 'SIGN_IN', false],
    ['DECRYPT', 'DECRYPTION', true],
    ['DECRYPT', 'COMMITTEE', false],
    ['SUBMIT_SHARE', 'DECRYPTION', false],
    ['SUBMIT_SHARE', 'COMMITTEE', true],
    ['SIGN_IN', 'DECRYPTION', true],
    ['SIGN_IN', 'READ_OUT', false],
    ['READ_OUT', 'COMMITTEE', false],
    ['RAISE_OBJECTION', 'READ_OUT', true],
    ['RAISE_OBJECTION', 'SEALING', false],
    ['ANSWER_OBJECTION', 'SEALING', true],
    ['CONFIRM', 'READ_OUT', false],
    ['FINALISE', 'RECORD', true],
    ['SEAL', 'RECORD', false],
    ['SEAL', 'PUBLISHED', false],
  ];
  test.each(rows)('%s at %s → %s', (act, state, allowed) => expect(actAllowed(state, act)).toBe(allowed));
  test('nothing is allowed once published', () => {
    for (const act of ['SIGN_IN', 'START_DECRYPTION', 'DECRYPT', 'CLOSE_DECRYPTION', 'SUBMIT_SHARE', 'READ_OUT', 'RAISE_OBJECTION', 'ANSWER_OBJECTION', 'CONFIRM', 'FINALISE', 'SEAL'] as SessionAct[]) {
      expect(actAllowed('PUBLISHED', act)).toBe(false);
    }
  });
  test('a committee-only policy skips the bidders\' window', () => {
    expect(afterSignIn('COMMITTEE_ONLY')).toBe('COMMITTEE');
    expect(afterSignIn('BIDDER_ONLY')).toBe('DECRYPTION');
    expect(afterSignIn('BIDDER_OR_COMMITTEE')).toBe('DECRYPTION');
  });
});

describe('a bid not decrypted when the window closes (Art. 31)', () => {
  const rows: [string, boolean, { code: string; bidderCaused: boolean } | null, OpeningPolicy, string, string | undefined][] = [
    ['absent, committee possible', false, null, 'BIDDER_OR_COMMITTEE', 'REVOKED', 'ABSENT'],
    ['absent, bidder only', false, null, 'BIDDER_ONLY', 'REVOKED', 'ABSENT'],
    ['present, never tried, committee possible', true, null, 'BIDDER_OR_COMMITTEE', 'PENDING_COMMITTEE', undefined],
    ['present, own failure, committee possible', true, { code: 'BAD_COMMITMENT', bidderCaused: true }, 'BIDDER_OR_COMMITTEE', 'PENDING_COMMITTEE', undefined],
    ['present, never tried, bidder only', true, null, 'BIDDER_ONLY', 'REVOKED', 'NOT_DECRYPTED'],
    ['present, own failure, bidder only', true, { code: 'BAD_COMMITMENT', bidderCaused: true }, 'BIDDER_ONLY', 'REVOKED', 'BAD_COMMITMENT'],
    ['present, storage failure, bidder only', true, { code: 'STORAGE_CORRUPT', bidderCaused: false }, 'BIDDER_ONLY', 'WITHDRAWN', 'STORAGE_CORRUPT'],
  ];
  test.each(rows)('%s', (_name, signedIn, failure, policy, to, code) => {
    const result = closeUndecrypted({ signedIn, failure }, policy);
    expect(result.to).toBe(to);
    // a settled bid carries its code; PENDING_COMMITTEE has none
    expect('code' in result ? result.code : undefined).toBe(code);
  });
});

describe('what a viewer sees of an event', () => {
  const failed = { type: 'DECRYPTION_FAILED', payload: { organisationId: 'org-a', organisationName: '甲', code: 'BAD_COMMITMENT', reason: 'why' } };
  const flag = { type: 'INTEGRITY_FLAG', payload: { kind: 'SAME_IP' } };
  const readOut = { type: 'BID_READ_OUT', payload: { totalPrice: '100' } };
  const viewers = {
    supervisor: { supervisor: true, host: false, organisationId: null },
    host: { supervisor: false, host: true, organisationId: null },
    owner: { supervisor: false, host: false, organisationId: 'org-a' },
    other: { supervisor: false, host: false, organisationId: 'org-b' },
  };
  test('integrity flags: supervisors only', () => {
    expect(visibleEvent(flag, viewers.supervisor)).toEqual(flag);
    for (const v of [viewers.host, viewers.owner, viewers.other]) expect(visibleEvent(flag, v)).toBeNull();
  });
  test('failure details: the owner and supervisors; others see that it failed', () => {
    expect(visibleEvent(failed, viewers.owner)).toEqual(failed);
    expect(visibleEvent(failed, viewers.supervisor)).toEqual(failed);
    for (const v of [viewers.host, viewers.other]) expect(visibleEvent(failed, v)!.payload).toEqual({ organisationId: 'org-a', organisationName: '甲' });
  });
  test('read-outs are for everyone', () => {
    for (const v of Object.values(viewers)) expect(visibleEvent(readOut, v)).toEqual(readOut);
  });
});
