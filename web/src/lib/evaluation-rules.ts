/**
 * The evaluation's pure rules, shared with the API so the browser builds the same bytes: the texts a
 * member signs, the price formulas (exact BigInt decimals) a bidder re-runs, and who may replace a member.
 */
export { NO_CONFLICT_DECLARATION, reportActMessage, scoresheetMessage } from '../../../api/src/modules/evaluation/rules/evaluation-flow';
export { priceScores, type PriceFormula, type PriceScoreResult } from '../../../api/src/modules/evaluation/rules/price-formulas';
export { CHANGE_REASONS, type Aggregate, type AggregateLine } from '../../../api/src/modules/evaluation/rules/aggregation';
export type { Criteria } from '../../../api/src/modules/evaluation/rules/criteria';
export { mayReplace } from '../../../api/src/modules/evaluation/rules/replacement';
