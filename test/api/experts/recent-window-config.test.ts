/** The avoidance window for recent evaluations is a trading centre's setting, checked at start. */
import { loadConfig } from '../../../api/src/config';
import { recentSince } from '../../../api/src/modules/experts/rules/avoidance';

test('RECENT_EVALUATION_DAYS: 90 by default, a whole number of days otherwise', () => {
  expect(loadConfig({}).recentEvaluationDays).toBe(90);
  expect(loadConfig({ RECENT_EVALUATION_DAYS: '30' }).recentEvaluationDays).toBe(30);
  expect(() => loadConfig({ RECENT_EVALUATION_DAYS: 'ninety' })).toThrow(/RECENT_EVALUATION_DAYS/);
  expect(() => loadConfig({ RECENT_EVALUATION_DAYS: '-1' })).toThrow(/RECENT_EVALUATION_DAYS/);
});

test('the window the draw applies moves with the setting', () => {
  const evaluationAt = new Date('2026-12-15T06:00:00Z');
  expect(recentSince({ evaluationAt, recentDays: 30 }).toISOString()).toBe('2026-11-15T06:00:00.000Z');
  expect(recentSince({ evaluationAt, recentDays: 90 }).toISOString()).toBe('2026-09-16T06:00:00.000Z');
});
