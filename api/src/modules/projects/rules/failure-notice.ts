/**
 * The body of the 流标公告 (failure announcement) the platform publishes when a project fails: a Chinese
 * sentence from the failure's code and facts, as the centre would write it. The English reason stays
 * in the ledger and open data; the announcement is what the public reads.
 */
import type { ReasonCode, ReasonParams } from './lifecycle';

const STAGE: Record<string, string> = {
  DEADLINE: '投标截止时递交投标文件的投标人',
  OPENING: '开标时有效投标人',
  EVALUATION: '评标后有效投标',
};

/** `fallback` (the English reason) when the code or its facts are not known here. */
export function failureNotice(title: string, code: ReasonCode | undefined, params: ReasonParams | undefined, fallback: string): string {
  const sentence = failureSentence(code, params);
  return sentence ? `${title}：${sentence}特此公告。` : fallback;
}

function failureSentence(code: ReasonCode | undefined, p: ReasonParams | undefined): string | null {
  if (!p) return null;
  switch (code) {
    case 'TOO_FEW_VALID_BIDS':
      if (!STAGE[p.stage] || p.minBids === undefined || p.validBids === undefined) return null;
      return `${STAGE[p.stage]}不足${p.minBids}家（实际${p.validBids}家），依法予以流标。`;
    case 'NO_QUOTE':
      return '挂牌期间无竞买人报价，本次出让不成交。';
    case 'NO_DEAL_BELOW_FLOOR':
      return p.highestQuote ? `最高报价${p.highestQuote}元低于底价，本次出让不成交。` : '最高报价低于底价，本次出让不成交。';
    default:
      return null;
  }
}
