/** The 流标公告 body (projects/rules/failure-notice): a Chinese sentence from the failure's code and facts, else the given reason. */
import { failureNotice } from '../../../api/src/modules/projects/rules/failure-notice';
import { nextState } from '../../../api/src/modules/projects/rules/lifecycle';

const T = '某医院设备采购';

test.each([
  ['TOO_FEW_VALID_BIDS', { stage: 'DEADLINE', validBids: 2, minBids: 3 }, `${T}：投标截止时递交投标文件的投标人不足3家（实际2家），依法予以流标。特此公告。`],
  ['TOO_FEW_VALID_BIDS', { stage: 'OPENING', validBids: 0, minBids: 3 }, `${T}：开标时有效投标人不足3家（实际0家），依法予以流标。特此公告。`],
  ['TOO_FEW_VALID_BIDS', { stage: 'EVALUATION', validBids: 1, minBids: 3 }, `${T}：评标后有效投标不足3家（实际1家），依法予以流标。特此公告。`],
  ['NO_QUOTE', { stage: 'LISTING' }, `${T}：挂牌期间无竞买人报价，本次出让不成交。特此公告。`],
  ['NO_DEAL_BELOW_FLOOR', { stage: 'TIMED_BIDDING', highestQuote: '12500000.00' }, `${T}：最高报价12500000.00元低于底价，本次出让不成交。特此公告。`],
  ['NO_DEAL_BELOW_FLOOR', { stage: 'LISTING' }, `${T}：最高报价低于底价，本次出让不成交。特此公告。`],
  // facts missing or unknown: the reason as given
  ['TOO_FEW_VALID_BIDS', { stage: 'DEADLINE' }, 'fallback'],
  ['TOO_FEW_VALID_BIDS', { stage: 'LISTING', validBids: 0, minBids: 1 }, 'fallback'],
  ['CANCELLED', { stage: 'DEADLINE' }, 'fallback'],
  [undefined, undefined, 'fallback'],
] as const)('%s %j', (code, params, expected) => {
  expect(failureNotice(T, code, params as never, 'fallback')).toBe(expected);
});

test('a failure at the deadline as the lifecycle reports it reads as the announcement says', () => {
  const t = nextState('BIDDING', 'DEADLINE', { validBids: 1, minBids: 3 });
  if (!t.ok) throw new Error('refused');
  expect(failureNotice(T, t.reasonCode, t.reasonParams, t.reason!)).toBe(`${T}：投标截止时递交投标文件的投标人不足3家（实际1家），依法予以流标。特此公告。`);
});
