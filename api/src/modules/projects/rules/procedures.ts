/**
 * Procurement methods as configuration records, not code (like ProZorro's procurementMethodType
 * configs). The numbers come from DOMAIN.md; those marked (k) there are defaults a trading centre may
 * change. Loaded into the `procedure_config` table on first start, where administrators can edit them.
 */
import type { DayUnit } from './calendar';

export type ProjectKind = 'GOVERNMENT_PROCUREMENT' | 'CONSTRUCTION' | 'LAND_TRANSFER';
export type OpeningPolicy = 'BIDDER_ONLY' | 'BIDDER_OR_COMMITTEE' | 'COMMITTEE_ONLY';
export type EvaluationMethod = 'COMPREHENSIVE_SCORING' | 'LOWEST_EVALUATED_PRICE' | 'AVERAGE_PRICE' | 'HIGHEST_PRICE';

export interface Period {
  n: number;
  unit: DayUnit;
}

export interface ProcedureConfig {
  method: string;
  kind: ProjectKind;
  label: string;
  /** fewer valid bids at the deadline → FAILED (流标) */
  minBids: number;
  /** tender documents available for at least this long */
  documentsPeriod: Period | null;
  /** from the first day documents are issued to the bid deadline */
  deadlinePeriod: Period | null;
  /** an amendment of the documents must come at least this long before the deadline, else the deadline moves */
  amendmentNotice: Period | null;
  /** objections to the documents are accepted until this long before the deadline */
  documentObjectionCutoff: Period | null;
  /** land: announcement at least this long before the listing starts */
  announcementBeforeListing: Period | null;
  /** land: the listing lasts at least this long */
  listingPeriod: Period | null;
  evaluationMethod: EvaluationMethod;
  openingPolicy: OpeningPolicy;
  /** opening key shares: k of n custodians rebuild the key */
  openingThreshold: { k: number; n: number } | null;
  decryptionWindowMinutes: number;
  committee: { minSize: number; expertShare: number } | null;
  /** bid bond limit: percent of the estimated price, and an absolute cap in yuan (construction) */
  bond: { maxPercent: number; capYuan: number | null } | null;
  /** deadline lights turn yellow once this share of a time limit has elapsed */
  yellowAt: number;
}

const ALL_METHODS = {
  announcementBeforeListing: null,
  listingPeriod: null,
  decryptionWindowMinutes: 30,
  yellowAt: 0.8,
} as const;

const TENDER_COMMON = {
  ...ALL_METHODS,
  minBids: 3,
  documentObjectionCutoff: { n: 10, unit: 'CALENDAR' },
  committee: { minSize: 5, expertShare: 2 / 3 },
} as const;

export const PROCEDURES: ProcedureConfig[] = [
  {
    ...TENDER_COMMON,
    method: 'GP_OPEN_TENDER',
    kind: 'GOVERNMENT_PROCUREMENT',
    label: '政府采购 公开招标',
    documentsPeriod: { n: 5, unit: 'WORKING' },
    deadlinePeriod: { n: 20, unit: 'CALENDAR' },
    amendmentNotice: { n: 15, unit: 'CALENDAR' },
    evaluationMethod: 'COMPREHENSIVE_SCORING',
    openingPolicy: 'BIDDER_OR_COMMITTEE',
    openingThreshold: { k: 2, n: 3 },
    bond: { maxPercent: 2, capYuan: null },
  },
  {
    ...TENDER_COMMON,
    method: 'GP_INVITED_TENDER',
    kind: 'GOVERNMENT_PROCUREMENT',
    label: '政府采购 邀请招标',
    documentsPeriod: { n: 5, unit: 'WORKING' },
    deadlinePeriod: { n: 20, unit: 'CALENDAR' },
    amendmentNotice: { n: 15, unit: 'CALENDAR' },
    evaluationMethod: 'COMPREHENSIVE_SCORING',
    openingPolicy: 'BIDDER_OR_COMMITTEE',
    openingThreshold: { k: 2, n: 3 },
    bond: { maxPercent: 2, capYuan: null },
  },
  {
    ...TENDER_COMMON,
    method: 'GP_COMPETITIVE_NEGOTIATION',
    kind: 'GOVERNMENT_PROCUREMENT',
    label: '政府采购 竞争性谈判',
    documentsPeriod: null,
    deadlinePeriod: { n: 3, unit: 'WORKING' },
    amendmentNotice: { n: 3, unit: 'WORKING' },
    documentObjectionCutoff: null,
    evaluationMethod: 'LOWEST_EVALUATED_PRICE',
    openingPolicy: 'BIDDER_ONLY',
    openingThreshold: null,
    committee: { minSize: 3, expertShare: 2 / 3 },
    bond: { maxPercent: 2, capYuan: null },
  },
  {
    ...TENDER_COMMON,
    method: 'GP_INQUIRY',
    kind: 'GOVERNMENT_PROCUREMENT',
    label: '政府采购 询价',
    documentsPeriod: null,
    deadlinePeriod: { n: 3, unit: 'WORKING' },
    amendmentNotice: { n: 3, unit: 'WORKING' },
    documentObjectionCutoff: null,
    evaluationMethod: 'LOWEST_EVALUATED_PRICE',
    openingPolicy: 'BIDDER_ONLY',
    openingThreshold: null,
    committee: { minSize: 3, expertShare: 2 / 3 },
    bond: { maxPercent: 2, capYuan: null },
  },
  {
    ...TENDER_COMMON,
    method: 'CONSTRUCTION_OPEN_TENDER',
    kind: 'CONSTRUCTION',
    label: '建设工程 公开招标',
    documentsPeriod: { n: 5, unit: 'CALENDAR' },
    deadlinePeriod: { n: 20, unit: 'CALENDAR' },
    amendmentNotice: { n: 15, unit: 'CALENDAR' },
    evaluationMethod: 'AVERAGE_PRICE',
    openingPolicy: 'BIDDER_OR_COMMITTEE',
    openingThreshold: { k: 2, n: 3 },
    bond: { maxPercent: 2, capYuan: 800_000 },
  },
  {
    ...TENDER_COMMON,
    method: 'LAND_TENDER',
    kind: 'LAND_TRANSFER',
    label: '国有建设用地使用权 招标出让',
    documentsPeriod: null,
    deadlinePeriod: { n: 20, unit: 'CALENDAR' },
    amendmentNotice: { n: 15, unit: 'CALENDAR' },
    evaluationMethod: 'COMPREHENSIVE_SCORING',
    openingPolicy: 'COMMITTEE_ONLY',
    openingThreshold: { k: 2, n: 3 },
    bond: null,
  },
  {
    ...ALL_METHODS,
    method: 'LAND_AUCTION',
    kind: 'LAND_TRANSFER',
    label: '国有建设用地使用权 拍卖出让',
    minBids: 1,
    documentsPeriod: null,
    deadlinePeriod: null,
    amendmentNotice: null,
    documentObjectionCutoff: null,
    announcementBeforeListing: { n: 20, unit: 'CALENDAR' },
    evaluationMethod: 'HIGHEST_PRICE',
    openingPolicy: 'BIDDER_ONLY',
    openingThreshold: null,
    committee: null,
    bond: null,
  },
  {
    ...ALL_METHODS,
    method: 'LAND_LISTING',
    kind: 'LAND_TRANSFER',
    label: '国有建设用地使用权 挂牌出让',
    minBids: 1,
    documentsPeriod: null,
    deadlinePeriod: null,
    amendmentNotice: null,
    documentObjectionCutoff: null,
    announcementBeforeListing: { n: 20, unit: 'CALENDAR' },
    listingPeriod: { n: 10, unit: 'CALENDAR' },
    evaluationMethod: 'HIGHEST_PRICE',
    openingPolicy: 'COMMITTEE_ONLY',
    openingThreshold: { k: 2, n: 3 },
    committee: null,
    bond: null,
  },
];

export function procedure(method: string, configs: ProcedureConfig[] = PROCEDURES): ProcedureConfig | undefined {
  return configs.find((c) => c.method === method);
}
