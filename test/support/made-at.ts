/**
 * A fresh test (or bench) platform makes its CA, keys and demo users' certificates as of this instant,
 * then runs on the database's time (startPlatform's `madeAt`). Tests move the clock to fixed dates from
 * T0 (test/support/projects.ts, Tuesday 24 November 2026) on, and those certificates must already be
 * valid then, whatever day the suite runs. At real time they stay valid for two years from here (the
 * demo users') and ten (the CA).
 */
export const MADE_AT = new Date('2026-11-23T00:00:00+08:00');
