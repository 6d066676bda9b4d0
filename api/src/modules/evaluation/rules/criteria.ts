/**
 * Evaluation criteria as they appear in the tender documents: pass/fail qualification items, scored
 * items and the price formula (DOMAIN rules 15–18). Versioned data, checked here before publication.
 */
import type { EvaluationMethod, ProjectKind } from '../../projects/rules/procedures';
import { add, decimalPlaces, gt, isDecimal, lte, sum } from './decimal';
import { priceFormulaProblems, type PriceFormula } from './price-formulas';

export interface QualificationItem {
  key: string;
  label: string;
}
export interface ScoredItem {
  key: string;
  label: string;
  group: 'TECHNICAL' | 'COMMERCIAL';
  maxPoints: string;
}
export interface Criteria {
  version: 1;
  qualification: QualificationItem[];
  scored: ScoredItem[];
  price: PriceFormula;
  /** fraction of an item's maxPoints beyond which a score off the panel median needs a justification */
  deviationThreshold: string;
  /** ranked candidates, 1..3 (rule 15) */
  candidates: number;
}

export type ProcurementCategory = 'GOODS' | 'SERVICES' | 'WORKS';

const KEY = /^[a-z][a-z0-9_]{0,39}$/;

const TENDER_QUALIFICATION: QualificationItem[] = [
  { key: 'licence', label: '营业执照及法定资格证明' },
  { key: 'credit', label: '信用记录（未列入失信被执行人、重大税收违法案件当事人名单）' },
  { key: 'bond', label: '投标保证金已按要求提交' },
  { key: 'signed', label: '投标文件按要求签署、盖章' },
  { key: 'responsive', label: '实质性响应招标文件要求（无重大偏离）' },
];

const LAND_QUALIFICATION: QualificationItem[] = [
  { key: 'eligibility', label: '竞买人资格符合出让公告要求' },
  { key: 'deposit', label: '竞买保证金已足额交纳' },
  { key: 'signed', label: '投标文件按要求签署、盖章' },
];

const base = { version: 1 as const, deviationThreshold: '0.3', candidates: 3 };

/** Sensible defaults per method; the tenderee edits them before publishing. */
export function defaultCriteria(method: EvaluationMethod, kind: ProjectKind): Criteria {
  switch (method) {
    case 'COMPREHENSIVE_SCORING':
      if (kind === 'LAND_TRANSFER') {
        return {
          ...base,
          qualification: LAND_QUALIFICATION,
          scored: [
            { key: 'development_plan', label: '开发建设方案', group: 'TECHNICAL', maxPoints: '25' },
            { key: 'planning_design', label: '规划设计方案', group: 'TECHNICAL', maxPoints: '15' },
            { key: 'financial_strength', label: '资金实力与融资能力', group: 'COMMERCIAL', maxPoints: '5' },
            { key: 'track_record', label: '同类开发业绩与信誉', group: 'COMMERCIAL', maxPoints: '5' },
          ],
          price: { kind: 'HIGHEST_PRICE_FIRST', version: 1, maxPoints: '50' },
        };
      }
      if (kind === 'CONSTRUCTION') return constructionCriteria();
      // government procurement goods: price 30 of 100 (the rule 16 minimum for goods)
      return {
        ...base,
        qualification: TENDER_QUALIFICATION,
        scored: [
          { key: 'technical_solution', label: '技术方案及技术参数响应', group: 'TECHNICAL', maxPoints: '30' },
          { key: 'quality_assurance', label: '质量保证措施', group: 'TECHNICAL', maxPoints: '10' },
          { key: 'implementation', label: '供货、安装及实施方案', group: 'TECHNICAL', maxPoints: '10' },
          { key: 'after_sales', label: '售后服务及培训', group: 'TECHNICAL', maxPoints: '10' },
          { key: 'track_record', label: '近三年同类项目业绩', group: 'COMMERCIAL', maxPoints: '6' },
          { key: 'credentials', label: '企业资质、认证与信誉', group: 'COMMERCIAL', maxPoints: '4' },
        ],
        price: { kind: 'LOWEST_PRICE_FIRST', version: 1, maxPoints: '30' },
      };
    case 'AVERAGE_PRICE':
      return constructionCriteria();
    case 'LOWEST_EVALUATED_PRICE':
      // no scored items: the lowest compliant price gets all the points and ranks first
      return { ...base, qualification: TENDER_QUALIFICATION, scored: [], price: { kind: 'LOWEST_PRICE_FIRST', version: 1, maxPoints: '100' } };
    case 'HIGHEST_PRICE':
      return { ...base, candidates: 1, qualification: LAND_QUALIFICATION, scored: [], price: { kind: 'HIGHEST_PRICE_FIRST', version: 1, maxPoints: '100' } };
    default:
      throw new Error(`no default criteria for ${String(method)}`);
  }
}

/** Construction: price 70 by the average-price method; the float point is drawn at the opening (rule 18). */
function constructionCriteria(): Criteria {
  return {
    ...base,
    qualification: [
      ...TENDER_QUALIFICATION,
      { key: 'qualification_grade', label: '施工企业资质等级及安全生产许可证' },
      { key: 'project_manager', label: '项目经理注册建造师资格及无在建项目' },
    ],
    scored: [
      { key: 'construction_plan', label: '施工方案与技术措施', group: 'TECHNICAL', maxPoints: '8' },
      { key: 'quality_safety', label: '质量、安全及文明施工措施', group: 'TECHNICAL', maxPoints: '6' },
      { key: 'schedule', label: '工期保证措施及进度计划', group: 'TECHNICAL', maxPoints: '6' },
      { key: 'project_team', label: '项目管理机构及人员配备', group: 'COMMERCIAL', maxPoints: '5' },
      { key: 'track_record', label: '企业业绩与信誉', group: 'COMMERCIAL', maxPoints: '5' },
    ],
    price: { kind: 'AVERAGE_PRICE', version: 1, maxPoints: '70', penaltyAbovePerPct: '1', penaltyBelowPerPct: '0.5', floatPointPct: null },
  };
}

export function totalPoints(c: Criteria): string {
  return add(sum(c.scored.map((i) => i.maxPoints)), c.price.maxPoints);
}

/** Everything wrong with a set of criteria, as human messages; [] when it can be published. */
export function criteriaProblems(c: Criteria, category: ProcurementCategory): string[] {
  if (c.version !== 1) return [`unknown criteria version ${String(c.version)}`];
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const item of [...c.qualification, ...c.scored]) {
    if (!KEY.test(item.key)) problems.push(`item key "${item.key}" must be lower-case letters, digits or _ (≤ 40)`);
    if (keys.has(item.key)) problems.push(`item key "${item.key}" is used twice`);
    keys.add(item.key);
    if (!item.label.trim()) problems.push(`item "${item.key}" needs a label`);
  }
  for (const item of c.scored) {
    if (!isDecimal(item.maxPoints) || !gt(item.maxPoints, '0') || decimalPlaces(item.maxPoints) > 2) {
      problems.push(`item "${item.key}": points must be a positive number with at most 2 decimals, got ${item.maxPoints}`);
    }
    if (item.group !== 'TECHNICAL' && item.group !== 'COMMERCIAL') problems.push(`item "${item.key}": unknown group ${String(item.group)}`);
  }
  if (!Number.isInteger(c.candidates) || c.candidates < 1 || c.candidates > 3) problems.push(`candidates must be 1, 2 or 3 (rule 15), got ${c.candidates}`);
  if (!isDecimal(c.deviationThreshold) || !gt(c.deviationThreshold, '0') || !lte(c.deviationThreshold, '1')) {
    problems.push(`deviation threshold must be a fraction in (0, 1], got ${c.deviationThreshold}`);
  }
  const pricePointsOk = isDecimal(c.price.maxPoints) && decimalPlaces(c.price.maxPoints) <= 2;
  if (isDecimal(c.price.maxPoints) && !pricePointsOk) problems.push(`price points have more than 2 decimals: ${c.price.maxPoints}`);
  if (c.scored.every((i) => isDecimal(i.maxPoints)) && isDecimal(c.price.maxPoints)) {
    problems.push(...priceFormulaProblems(c.price, totalPoints(c), category));
  } else if (!isDecimal(c.price.maxPoints)) problems.push(`price points must be a positive number, got ${c.price.maxPoints}`);
  return problems;
}
