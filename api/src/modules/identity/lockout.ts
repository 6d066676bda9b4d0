/** Lock-out after repeated failed logins: pure rules, table-tested. */
export const LOCKOUT_POLICY = { maxFailures: 5, lockMinutes: 15 };

export interface LoginState {
  failedLogins: number;
  lockedUntil?: Date | null;
}

export function isLocked(state: LoginState, now: Date): boolean {
  return !!state.lockedUntil && state.lockedUntil > now;
}

/** The state after a failed attempt: the 5th consecutive failure locks the account for 15 minutes. */
export function afterFailure(state: LoginState, now: Date, policy = LOCKOUT_POLICY): LoginState {
  const failures = (state.lockedUntil && state.lockedUntil <= now ? 0 : state.failedLogins) + 1;
  if (failures >= policy.maxFailures) return { failedLogins: 0, lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000) };
  return { failedLogins: failures, lockedUntil: state.lockedUntil && state.lockedUntil > now ? state.lockedUntil : null };
}

export function afterSuccess(): LoginState {
  return { failedLogins: 0, lockedUntil: null };
}
