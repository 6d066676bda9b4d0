/**
 * OCDS 1.1 export (pure, DOMAIN rule 35): a project's public facts → releases (one per stage that
 * happened, each a full snapshot of what was public at that moment), a release package and a record
 * package (embedded releases + compiled release). Bids follow the bids extension (ocds_bid_extension).
 */

export interface OcdsOrganisation {
  id: string;
  name: string;
  /** 统一社会信用代码, when known */
  uscc: string | null;
}

export interface OcdsSchedule {
  documentsFrom: Date | null;
  documentsUntil: Date | null;
  bidDeadline: Date | null;
  openingAt: Date | null;
  listingStart: Date | null;
  listingEnd: Date | null;
}

export type OcdsBidStatus = 'pending' | 'valid' | 'disqualified' | 'withdrawn';

/** What the export may show: only public facts (the service decides what is public when). */
export interface OcdsProjectFacts {
  project: {
    id: string;
    code: string;
    title: string;
    description: string;
    kind: string;
    method: string;
    currency: string;
    budget: string | null;
    controlPrice: string | null;
    startPrice: string | null;
    /** the schedule as published (amendments may change it later) */
    dates: { published: Date } & OcdsSchedule;
  };
  buyer: OcdsOrganisation;
  agent: OcdsOrganisation | null;
  /** published amendment notices (更正公告), with the schedule in force after each when known */
  amendments?: { id: string; date: Date; description: string; schedule?: OcdsSchedule }[];
  /** organisations that bid: empty until the opening record is published */
  bidders: OcdsOrganisation[];
  /** empty until the opening record is published; price only where it was read out */
  bids: { id: string; organisationId: string; status: OcdsBidStatus; submittedAt: Date; price: string | null }[];
  opening: { publishedAt: Date; recordSha256: string } | null;
  evaluation?: {
    reportSignedAt: Date;
    candidates: { rank: number; bidId: string; organisationId: string; total: string }[];
    publicityStartsAt?: Date;
    publicityEndsAt?: Date;
  } | null;
  /** `supplier` names the winner when it is not among `bidders` (e.g. a land listing without an opening) */
  award?: { id: string; date: Date; organisationId: string; amount: string; currency: string; status: 'pending' | 'active' | 'cancelled' | 'unsuccessful'; supplier?: OcdsOrganisation } | null;
  /** 流标 / failed tender */
  failed?: { at: Date; reason: string } | null;
  /** 终止 / cancelled after publication */
  cancelled?: { at: Date; reason: string } | null;
}

export interface OcdsPublisher {
  name: string;
  scheme?: string;
  uid?: string;
  uri?: string;
  /** the registered ocid prefix, e.g. `ocds-th0000` */
  ocidPrefix: string;
  /** where the platform is reachable: package URIs are built from it */
  baseUrl: string;
}

export type Json = Record<string, unknown>;
export type OcdsRelease = Json & { ocid: string; id: string; date: string; tag: string[]; initiationType: 'tender' };

export const OCDS_VERSION = '1.1';
export const BIDS_EXTENSION = 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json';
/** org-id.guide: the Unified Social Credit Code register (State Administration for Market Regulation) */
export const USCC_SCHEME = 'CN-SAMR';

const PROCUREMENT_METHOD: Record<string, 'open' | 'selective' | 'limited' | 'direct'> = {
  GP_OPEN_TENDER: 'open',
  CONSTRUCTION_OPEN_TENDER: 'open',
  GP_INVITED_TENDER: 'selective',
  GP_COMPETITIVE_NEGOTIATION: 'limited',
  GP_INQUIRY: 'limited',
  LAND_TENDER: 'open',
  LAND_AUCTION: 'open',
  LAND_LISTING: 'open',
};
const CATEGORY: Record<string, string> = { CONSTRUCTION: 'works' };

export function ocidOf(facts: OcdsProjectFacts, publisher: OcdsPublisher): string {
  const code = /^[A-Za-z0-9._-]{1,100}$/.test(facts.project.code) ? facts.project.code : facts.project.id;
  return `${publisher.ocidPrefix}-${code}`;
}

export function packageUri(facts: OcdsProjectFacts, publisher: OcdsPublisher, file: 'releases' | 'records'): string {
  return `${publisher.baseUrl.replace(/\/+$/, '')}/opendata/ocds/projects/${facts.project.id}/${file}.json`;
}

const money = (amount: string, currency: string) => ({ amount: Number(amount), currency });
const iso = (d: Date) => d.toISOString();
const period = (start: Date | null | undefined, end: Date | null | undefined) => {
  const p: Json = {};
  if (start) p.startDate = iso(start);
  if (end) p.endDate = iso(end);
  return Object.keys(p).length ? p : undefined;
};
const compact = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

type Role = 'buyer' | 'procuringEntity' | 'tenderer' | 'supplier';

function party(org: OcdsOrganisation, roles: Role[]): Json {
  return compact({
    id: org.id,
    name: org.name,
    identifier: org.uscc ? { scheme: USCC_SCHEME, id: org.uscc, legalName: org.name } : undefined,
    roles,
  });
}
const reference = (org: OcdsOrganisation) => ({ id: org.id, name: org.name });

/** A stage of the process: what happened, when, and how it changes the snapshot. */
interface Stage {
  key: string;
  date: Date;
  tag: string[];
  order: number;
}

function stagesOf(facts: OcdsProjectFacts): Stage[] {
  const stages: Stage[] = [{ key: 'tender', date: facts.project.dates.published, tag: ['planning', 'tender'], order: 0 }];
  for (const a of facts.amendments ?? []) stages.push({ key: `amendment-${a.id}`, date: a.date, tag: ['tenderAmendment'], order: 1 });
  if (facts.opening) stages.push({ key: 'opening', date: facts.opening.publishedAt, tag: ['tenderUpdate'], order: 2 });
  const ev = facts.evaluation;
  if (ev && ev.candidates.length) stages.push({ key: 'candidates', date: ev.publicityStartsAt ?? ev.reportSignedAt, tag: ['award'], order: 3 });
  if (facts.award) stages.push({ key: `award-${facts.award.id}`, date: facts.award.date, tag: ['award'], order: 4 });
  if (facts.failed) stages.push({ key: 'unsuccessful', date: facts.failed.at, tag: ['tenderUpdate'], order: 5 });
  if (facts.cancelled) stages.push({ key: 'cancellation', date: facts.cancelled.at, tag: ['tenderCancellation'], order: 6 });
  return stages.sort((a, b) => a.date.getTime() - b.date.getTime() || a.order - b.order);
}

/** The public snapshot after the stages so far (`done` holds the keys of the stages that happened). */
function snapshot(facts: OcdsProjectFacts, done: Set<string>): Json {
  const { project } = facts;
  const parties = new Map<string, { org: OcdsOrganisation; roles: Set<Role> }>();
  const addParty = (org: OcdsOrganisation, role: Role) => {
    const entry = parties.get(org.id) ?? { org, roles: new Set<Role>() };
    entry.roles.add(role);
    parties.set(org.id, entry);
  };
  const procuring = facts.agent ?? facts.buyer;
  addParty(facts.buyer, 'buyer');
  addParty(procuring, 'procuringEntity');

  const amendments = (facts.amendments ?? []).filter((a) => done.has(`amendment-${a.id}`));
  // the schedule in force at this release: an earlier release keeps the dates it was published with
  const d: OcdsSchedule = [...amendments].reverse().find((a) => a.schedule)?.schedule ?? project.dates;
  const listing = !!(d.listingStart || d.listingEnd);
  const failed = facts.failed && done.has('unsuccessful');
  const cancelled = facts.cancelled && done.has('cancellation');
  const awarded = facts.award && done.has(`award-${facts.award.id}`) ? facts.award : null;
  const status = cancelled ? 'cancelled' : failed ? 'unsuccessful' : awarded?.status === 'active' ? 'complete' : 'active';

  const tender: Json = compact({
    id: project.id,
    title: project.title,
    description: project.description || undefined,
    status,
    statusDetails: cancelled ? facts.cancelled!.reason : failed ? facts.failed!.reason : undefined,
    procuringEntity: reference(procuring),
    value: project.controlPrice ? money(project.controlPrice, project.currency) : undefined,
    minValue: project.startPrice ? money(project.startPrice, project.currency) : undefined,
    procurementMethod: PROCUREMENT_METHOD[project.method],
    procurementMethodDetails: project.method,
    mainProcurementCategory: CATEGORY[project.kind],
    submissionMethod: ['electronicSubmission'],
    tenderPeriod: listing ? period(d.listingStart, d.listingEnd) : period(d.documentsFrom ?? project.dates.published, d.bidDeadline),
    awardPeriod: period(d.openingAt, awarded?.date),
    amendments: amendments.length ? amendments.map((a) => ({ id: a.id, date: iso(a.date), description: a.description })) : undefined,
  });

  const release: Json = {
    language: 'zh',
    buyer: reference(facts.buyer),
    planning: project.budget ? { budget: { amount: money(project.budget, project.currency) } } : undefined,
    tender,
  };

  if (done.has('opening')) {
    const byId = new Map(facts.bidders.map((o) => [o.id, o]));
    for (const o of facts.bidders) addParty(o, 'tenderer');
    tender.tenderers = facts.bidders.map(reference);
    tender.numberOfTenderers = facts.bidders.length;
    const record = facts.opening!;
    // the sealed opening record (开标记录表), by its hash: anyone can check the bundle against it
    tender.documents = [{ id: `opening-record-${record.recordSha256.slice(0, 16)}`, title: '开标记录表', description: `SHA-256 ${record.recordSha256}`, datePublished: iso(record.publishedAt), format: 'application/json', language: 'zh' }];
    release.bids = bidsSection(facts, record.publishedAt, byId); // as of the opening
  }

  const awards = awardsOf(facts, done);
  if (awards.length) release.awards = awards;
  if (awarded?.status === 'active') {
    const winner = facts.bidders.find((o) => o.id === awarded.organisationId) ?? awarded.supplier;
    if (winner) addParty(winner, 'supplier');
  }
  release.parties = [...parties.values()].map(({ org, roles }) => party(org, [...roles]));
  return compact(release);
}

function bidsSection(facts: OcdsProjectFacts, date: Date, byId: Map<string, OcdsOrganisation>): Json {
  const currency = facts.project.currency;
  const valid = facts.bids.filter((b) => b.status === 'valid');
  const prices = valid.filter((b) => b.price !== null).map((b) => Number(b.price));
  const stat = (measure: string, value: number, extra: Json = {}) => ({ id: measure, measure, value, date: iso(date), ...extra });
  const statistics = [
    stat('bids', facts.bids.length),
    stat('validBids', valid.length),
    stat('bidders', new Set(facts.bids.map((b) => b.organisationId)).size),
    ...(prices.length ? [stat('lowestValidBidValue', Math.min(...prices), { currency }), stat('highestValidBidValue', Math.max(...prices), { currency })] : []),
  ];
  const details = facts.bids.map((b) =>
    compact({
      id: b.id,
      date: iso(b.submittedAt),
      status: b.status,
      tenderers: byId.has(b.organisationId) ? [reference(byId.get(b.organisationId)!)] : [],
      value: b.price !== null ? money(b.price, currency) : undefined,
    }),
  );
  return { statistics, details };
}

/**
 * Candidates (中标候选人) are pending awards keyed by their bid; the award then turns the winner's
 * entry to the award's status and the other candidates unsuccessful (one award per bid across releases).
 */
function awardsOf(facts: OcdsProjectFacts, done: Set<string>): Json[] {
  const awards = new Map<string, Json>();
  const org = (id: string) => facts.bidders.find((o) => o.id === id) ?? (facts.award?.organisationId === id ? facts.award.supplier : undefined);
  const priceOf = (bidId: string) => facts.bids.find((b) => b.id === bidId)?.price ?? null;
  const ev = facts.evaluation;
  if (ev && done.has('candidates')) {
    for (const c of [...ev.candidates].sort((a, b) => a.rank - b.rank)) {
      const supplier = org(c.organisationId);
      const price = priceOf(c.bidId);
      awards.set(c.bidId, compact({
        id: `award-${c.bidId}`,
        title: `中标候选人第${c.rank}名`,
        description: `评标得分 ${c.total}${ev.publicityEndsAt ? `；公示至 ${iso(ev.publicityEndsAt)}` : ''}`,
        status: 'pending',
        date: iso(ev.publicityStartsAt ?? ev.reportSignedAt),
        value: price !== null ? money(price, facts.project.currency) : undefined,
        suppliers: supplier ? [reference(supplier)] : [],
        relatedBid: c.bidId,
      }));
    }
  }
  const a = facts.award;
  if (a && done.has(`award-${a.id}`)) {
    const candidate = ev?.candidates.find((c) => c.organisationId === a.organisationId);
    for (const [bidId, entry] of awards) if (bidId !== candidate?.bidId) entry.status = 'unsuccessful';
    const supplier = org(a.organisationId);
    const key = candidate?.bidId ?? a.id;
    awards.set(key, compact({
      id: candidate ? `award-${candidate.bidId}` : `award-${a.id}`,
      title: '中标（成交）结果',
      description: `中标通知 ${a.id}`,
      status: a.status,
      date: iso(a.date),
      value: money(a.amount, a.currency),
      suppliers: supplier ? [reference(supplier)] : [],
      relatedBid: candidate?.bidId,
    }));
  }
  return [...awards.values()];
}

/** One release per stage that happened, oldest first; ids stable; dates strictly increasing. */
export function releasesFor(facts: OcdsProjectFacts, publisher: OcdsPublisher): OcdsRelease[] {
  const ocid = ocidOf(facts, publisher);
  const done = new Set<string>();
  let last = -Infinity;
  return stagesOf(facts).map((stage) => {
    done.add(stage.key);
    // stages recorded within the same millisecond still get increasing dates (rule 35)
    const at = Math.max(stage.date.getTime(), last + 1);
    last = at;
    return { ocid, id: `${ocid}-${stage.key}`, date: new Date(at).toISOString(), tag: stage.tag, initiationType: 'tender' as const, ...snapshot(facts, new Set(done)) };
  });
}

function packageMeta(facts: OcdsProjectFacts, publisher: OcdsPublisher, releases: OcdsRelease[], file: 'releases' | 'records'): Json {
  return {
    uri: packageUri(facts, publisher, file),
    version: OCDS_VERSION,
    extensions: [BIDS_EXTENSION],
    publishedDate: releases[releases.length - 1].date, // generated on demand: the last change
    publisher: compact({ name: publisher.name, scheme: publisher.scheme, uid: publisher.uid, uri: publisher.uri }),
  };
}

export function releasePackage(facts: OcdsProjectFacts, publisher: OcdsPublisher): Json {
  const releases = releasesFor(facts, publisher);
  return { ...packageMeta(facts, publisher, releases, 'releases'), releases };
}

export function recordPackage(facts: OcdsProjectFacts, publisher: OcdsPublisher): Json {
  const releases = releasesFor(facts, publisher);
  const record = { ocid: releases[0].ocid, releases, compiledRelease: compile(releases) };
  return { ...packageMeta(facts, publisher, releases, 'records'), records: [record] };
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** OCDS merge: objects merge field by field, arrays of objects with ids merge by id, other values are replaced. */
function merge(into: unknown, next: unknown): unknown {
  if (isObject(into) && isObject(next)) {
    const out: Json = { ...into };
    for (const [k, v] of Object.entries(next)) out[k] = k in out ? merge(out[k], v) : v;
    return out;
  }
  if (Array.isArray(into) && Array.isArray(next) && next.every((x) => isObject(x) && 'id' in x)) {
    const byId = new Map<unknown, unknown>((into as Json[]).filter((x) => isObject(x) && 'id' in x).map((x) => [x.id, x]));
    for (const x of next as Json[]) byId.set(x.id, byId.has(x.id) ? merge(byId.get(x.id), x) : x);
    return [...byId.values()];
  }
  return next;
}

export function compile(releases: OcdsRelease[]): OcdsRelease {
  let merged: Json = {};
  for (const r of releases) {
    const { id: _id, date: _date, tag: _tag, ...rest } = r;
    merged = merge(merged, rest) as Json;
  }
  const last = releases[releases.length - 1];
  return { ...merged, ocid: last.ocid, id: `${last.ocid}-compiled-${last.date}`, date: last.date, tag: ['compiled'], initiationType: 'tender' };
}
