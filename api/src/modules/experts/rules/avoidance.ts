/**
 * 回避: who may not sit on a project's committee, decided before the draw (pure, table-tested).
 * Each exclusion carries the rule that caused it, so the logged snapshot explains itself.
 */
export type AvoidanceRule =
  | 'NOT_ACTIVE'
  | 'EMPLOYER_IS_TENDEREE'
  | 'EMPLOYER_IS_BIDDER'
  | 'RELATION_TO_PARTY'
  | 'RECENT_EVALUATION_FOR_TENDEREE'
  | 'UNAVAILABLE'
  | 'EXPLICIT_EXCLUSION'
  | 'REGION'
  | 'SPECIALTY';

export interface ExpertFacts {
  code: string;
  status: 'ACTIVE' | 'SUSPENDED' | 'BLACKLISTED';
  specialties: string[];
  region: string;
  /** 统一社会信用代码 or organisation id of the employer (whichever the platform knows) */
  employerKeys: string[];
  /** keys of organisations the expert declared a relation to (relatives, shareholdings, former employers) */
  relationKeys: string[];
  /** evaluations done for tenderees: key and when */
  evaluations: { tendereeKey: string; at: Date }[];
  unavailable: { from: Date; until: Date }[];
}

export interface ProjectParties {
  /** keys (id and 统一社会信用代码) of the tenderee */
  tendereeKeys: string[];
  /** keys of every registered bidder */
  bidderKeys: string[];
  evaluationAt: Date;
  /** days during which a past evaluation for the same tenderee excludes the expert */
  recentDays: number;
  regions: string[] | null;
  explicitExclusions: Map<string, string>;
}

/** The start of the window: an evaluation for the same tenderee at or after it excludes the expert (exactly N days before counts). */
export function recentSince(parties: Pick<ProjectParties, 'evaluationAt' | 'recentDays'>): Date {
  return new Date(parties.evaluationAt.getTime() - parties.recentDays * 86400_000);
}

export function avoidanceReason(expert: ExpertFacts, specialty: string, parties: ProjectParties): AvoidanceRule | null {
  const has = (keys: string[], within: string[]) => keys.some((k) => within.includes(k));
  if (!expert.specialties.includes(specialty)) return 'SPECIALTY';
  if (expert.status !== 'ACTIVE') return 'NOT_ACTIVE';
  if (parties.regions && !parties.regions.includes(expert.region)) return 'REGION';
  if (has(expert.employerKeys, parties.tendereeKeys)) return 'EMPLOYER_IS_TENDEREE';
  if (has(expert.employerKeys, parties.bidderKeys)) return 'EMPLOYER_IS_BIDDER';
  if (has(expert.relationKeys, [...parties.tendereeKeys, ...parties.bidderKeys])) return 'RELATION_TO_PARTY';
  const since = recentSince(parties).getTime();
  if (expert.evaluations.some((e) => parties.tendereeKeys.includes(e.tendereeKey) && e.at.getTime() >= since)) return 'RECENT_EVALUATION_FOR_TENDEREE';
  if (expert.unavailable.some((u) => u.from <= parties.evaluationAt && parties.evaluationAt < u.until)) return 'UNAVAILABLE';
  if (parties.explicitExclusions.has(expert.code)) return 'EXPLICIT_EXCLUSION';
  return null;
}
