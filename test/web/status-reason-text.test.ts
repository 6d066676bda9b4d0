/** The reason sentence from a code and its facts (pure, no browser): translated, or the raw text where it cannot be. */
import { translate, type Locale, type Translate } from '../../web/src/i18n/messages';
import { reasonText } from '../../web/src/i18n/status-reason';

const translator = (locale: Locale): Translate => (key, params) => translate(locale, key, params);
const zh = translator('zh-CN');
const RAW = 'the English sentence';

test.each([
  ['TOO_FEW_VALID_BIDS', { stage: 'OPENING', validBids: 1, minBids: 3 }, '开标时有效投标人不足3家（实际1家），项目失败（流标）'],
  ['TOO_FEW_VALID_BIDS', { stage: 'DEADLINE', validBids: 0, minBids: 3 }, '投标截止时有效投标人不足3家（实际0家），项目失败（流标）'],
  ['TOO_FEW_VALID_BIDS', { stage: 'EVALUATION', validBids: 2, minBids: 3 }, '经评审有效投标人不足3家（实际2家），项目失败（流标）'],
  ['NO_QUOTE', { stage: 'LISTING' }, '挂牌期间无人报价，不成交'],
  ['NO_DEAL_BELOW_FLOOR', { stage: 'LISTING', highestQuote: '1000000.00' }, '挂牌截止时最高报价 ¥1,000,000.00 低于底价，不成交'],
  ['NO_DEAL_BELOW_FLOOR', { stage: 'TIMED_BIDDING', highestQuote: '1500000' }, '限时竞价结束时最高报价 ¥1,500,000.00 低于底价，不成交'],
  // the raw text: facts missing, code unknown or absent, or the tenderee's own words
  ['NO_DEAL_BELOW_FLOOR', { stage: 'LISTING' }, RAW],
  ['TOO_FEW_VALID_BIDS', null, RAW],
  ['SOMETHING_NEW', { stage: 'LISTING' }, RAW],
  [null, null, RAW],
  ['CANCELLED', null, RAW],
] as const)('%s %j → %s', (code, params, expected) => {
  expect(reasonText(zh, code, params, RAW)).toBe(expected);
});

test('English too; nothing at all when there is no reason', () => {
  expect(reasonText(translator('en'), 'TOO_FEW_VALID_BIDS', { stage: 'OPENING', validBids: 1, minBids: 3 }, RAW)).toBe('At the opening, only 1 valid bid(s), fewer than the 3 required: the project failed');
  expect(reasonText(zh, null, null, null)).toBeNull();
});

