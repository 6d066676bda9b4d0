import { afterFailure, afterSuccess, isLocked, LOCKOUT_POLICY } from '../../../api/src/modules/identity/lockout';

const t0 = new Date('2026-03-02T09:00:00Z');
const plus = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe('login lock-out', () => {
  test('the fifth consecutive failure locks the account for 15 minutes', () => {
    let state = { failedLogins: 0, lockedUntil: null as Date | null };
    for (let i = 1; i < LOCKOUT_POLICY.maxFailures; i++) {
      state = afterFailure(state, t0) as typeof state;
      expect(isLocked(state, t0)).toBe(false);
      expect(state.failedLogins).toBe(i);
    }
    state = afterFailure(state, t0) as typeof state;
    expect(isLocked(state, t0)).toBe(true);
    expect(isLocked(state, plus(14.9))).toBe(true);
    expect(isLocked(state, plus(15))).toBe(false);
  });

  test.each([
    // failures before, locked until, now → failures after, locked after (minutes from t0 or null)
    [0, null, 0, 1, null],
    [3, null, 0, 4, null],
    [4, null, 0, 0, 15],
    [0, plus(-1), 0, 1, null], // an expired lock starts a fresh count
    [2, plus(10), 0, 3, 10], // while locked the lock is kept
  ])('%i failures, locked until %s → after one more: %i failures, lock %s', (before, lockedUntil, now, after, lockMinutes) => {
    const next = afterFailure({ failedLogins: before, lockedUntil }, plus(now));
    expect(next.failedLogins).toBe(after);
    expect(next.lockedUntil ?? null).toEqual(lockMinutes === null ? null : plus(lockMinutes));
  });

  test('a success clears the count', () => {
    expect(afterSuccess()).toEqual({ failedLogins: 0, lockedUntil: null });
  });
});
