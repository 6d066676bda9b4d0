import { lightAt } from '../../../api/src/modules/supervision/rules/deadline-light';

const start = new Date('2026-12-01T00:00:00Z');
const due = new Date('2026-12-11T00:00:00Z'); // 10 days
const at = (days: number) => new Date(start.getTime() + days * 86400_000);

test.each([
  // elapsed days, completed after (days) → light
  [0, null, 'GREEN'],
  [7.99, null, 'GREEN'],
  [8, null, 'YELLOW'], // 80 % of the allowed time used
  [9.99, null, 'YELLOW'],
  [10, null, 'YELLOW'], // due exactly now: not overdue yet
  [10.0001, null, 'RED'],
  [12, 9, 'GREEN'], // met in time stays green
  [12, 10.5, 'RED'], // met late stays red
])('after %f days (completed at %s) → %s', (days, completed, light) => {
  expect(lightAt({ startsAt: start, dueAt: due, completedAt: completed === null ? null : at(completed) }, at(days))).toBe(light);
});

test('the yellow threshold is configurable', () => {
  expect(lightAt({ startsAt: start, dueAt: due }, at(5), 0.5)).toBe('YELLOW');
  expect(lightAt({ startsAt: start, dueAt: due }, at(4.9), 0.5)).toBe('GREEN');
});
