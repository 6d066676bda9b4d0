import { avoidanceReason, type ExpertFacts, type ProjectParties } from '../../../api/src/modules/experts/rules/avoidance';

const at = new Date('2026-12-20T09:00:00+08:00');
const days = (n: number) => new Date(at.getTime() - n * 86400_000);
const expert = (over: Partial<ExpertFacts> = {}): ExpertFacts => ({
  code: 'EXP-0001', status: 'ACTIVE', specialties: ['A080101'], region: '350100', employerKeys: ['UNIV'], relationKeys: [], evaluations: [], unavailable: [], ...over,
});
const parties: ProjectParties = {
  tendereeKeys: ['HOSPITAL', '12350100MB0000001Y'],
  bidderKeys: ['BIDDER-A', '91350100MA0000003X'],
  evaluationAt: at,
  recentDays: 90,
  regions: ['350100', '350200'],
  explicitExclusions: new Map([['EXP-0099', '与投标人存在诉讼关系（监督人员记录）']]),
};

test.each([
  ['eligible', expert(), null],
  ['another specialty', expert({ specialties: ['B02'] }), 'SPECIALTY'],
  ['suspended', expert({ status: 'SUSPENDED' }), 'NOT_ACTIVE'],
  ['blacklisted', expert({ status: 'BLACKLISTED' }), 'NOT_ACTIVE'],
  ['outside the regions', expert({ region: '110100' }), 'REGION'],
  ['works for the tenderee', expert({ employerKeys: ['12350100MB0000001Y'] }), 'EMPLOYER_IS_TENDEREE'],
  ['works for a registered bidder', expert({ employerKeys: ['BIDDER-A'] }), 'EMPLOYER_IS_BIDDER'],
  ['declared a shareholding in a bidder', expert({ relationKeys: ['91350100MA0000003X'] }), 'RELATION_TO_PARTY'],
  ['a relative works for the tenderee', expert({ relationKeys: ['HOSPITAL'] }), 'RELATION_TO_PARTY'],
  ['evaluated for this tenderee 30 days ago', expert({ evaluations: [{ tendereeKey: 'HOSPITAL', at: days(30) }] }), 'RECENT_EVALUATION_FOR_TENDEREE'],
  ['evaluated for this tenderee exactly 90 days ago', expert({ evaluations: [{ tendereeKey: 'HOSPITAL', at: days(90) }] }), 'RECENT_EVALUATION_FOR_TENDEREE'],
  ['evaluated for this tenderee 91 days ago', expert({ evaluations: [{ tendereeKey: 'HOSPITAL', at: days(91) }] }), null],
  ['evaluated for another tenderee yesterday', expert({ evaluations: [{ tendereeKey: 'SCHOOL', at: days(1) }] }), null],
  ['away on the evaluation day', expert({ unavailable: [{ from: days(1), until: days(-1) }] }), 'UNAVAILABLE'],
  ['away the week before', expert({ unavailable: [{ from: days(8), until: days(7) }] }), null],
  ['excluded by the supervisor with a reason', expert({ code: 'EXP-0099' }), 'EXPLICIT_EXCLUSION'],
])('%s → %s', (_case, facts, rule) => {
  expect(avoidanceReason(facts, 'A080101', parties)).toBe(rule);
});

test('no region rule means every region', () => {
  expect(avoidanceReason(expert({ region: '110100' }), 'A080101', { ...parties, regions: null })).toBeNull();
});
