/** The OCDS mapping (pure, DOMAIN rule 35) on hand-made facts, validated against the official schemas + bids extension. */
import { compile, ocidOf, recordPackage, releasePackage, releasesFor, type OcdsProjectFacts, type OcdsPublisher, type OcdsRelease } from '../../../api/src/modules/opendata/ocds';
import { ocdsErrors } from '../../support/ocds';

const PUBLISHER: OcdsPublisher = { name: '示范公共资源交易中心', ocidPrefix: 'ocds-th0000', baseUrl: 'https://tenderhall.example/', uri: 'https://tenderhall.example' };
const t = (local: string) => new Date(`${local}+08:00`);

const BUYER = { id: '11111111-1111-4111-8111-111111111111', name: '示范市人民医院', uscc: '12350100MB0000010X' };
const AGENT = { id: '22222222-2222-4222-8222-222222222222', name: '示范招标代理有限公司', uscc: '91350100MA00000200' };
const B1 = { id: '33333333-3333-4333-8333-333333333331', name: '甲医疗设备有限公司', uscc: '91350100MA00000301' };
const B2 = { id: '33333333-3333-4333-8333-333333333332', name: '乙医疗设备有限公司', uscc: null };
const B3 = { id: '33333333-3333-4333-8333-333333333333', name: '丙医疗设备有限公司', uscc: '91350100MA00000303' };

/** Published, not yet opened. */
function published(): OcdsProjectFacts {
  return {
    project: {
      id: '44444444-4444-4444-8444-444444444444',
      code: 'GP-2026-0001',
      title: '手术室设备采购',
      description: '手术室整体设备采购及安装',
      kind: 'GOVERNMENT_PROCUREMENT',
      method: 'GP_OPEN_TENDER',
      currency: 'CNY',
      budget: '1200000.00',
      controlPrice: '1100000.00',
      startPrice: null,
      dates: {
        published: t('2026-11-24T10:00:00'),
        documentsFrom: t('2026-11-24T10:00:00'),
        documentsUntil: t('2026-12-01T17:00:00'),
        bidDeadline: t('2026-12-15T09:30:00'),
        openingAt: t('2026-12-15T09:30:00'),
        listingStart: null,
        listingEnd: null,
      },
    },
    buyer: BUYER,
    agent: AGENT,
    amendments: [],
    bidders: [],
    bids: [],
    opening: null,
  };
}

/** Everything: amendment, opening, candidates with publicity, award. */
function completed(): OcdsProjectFacts {
  const facts = published();
  return {
    ...facts,
    amendments: [{ id: '55555555-5555-4555-8555-555555555555', date: t('2026-11-28T15:00:00'), description: '更正：技术参数第 3 项' }],
    bidders: [B1, B2, B3],
    bids: [
      { id: 'bid-1', organisationId: B1.id, status: 'valid', submittedAt: t('2026-12-14T16:01:00'), price: '980000' },
      { id: 'bid-2', organisationId: B2.id, status: 'disqualified', submittedAt: t('2026-12-14T16:02:00'), price: null },
      { id: 'bid-3', organisationId: B3.id, status: 'valid', submittedAt: t('2026-12-14T16:03:00'), price: '1050000' },
    ],
    opening: { publishedAt: t('2026-12-15T11:00:00'), recordSha256: 'ab'.repeat(32) },
    evaluation: {
      reportSignedAt: t('2026-12-16T17:00:00'),
      candidates: [
        { rank: 1, bidId: 'bid-1', organisationId: B1.id, total: '92.50' },
        { rank: 2, bidId: 'bid-3', organisationId: B3.id, total: '88.00' },
      ],
      publicityStartsAt: t('2026-12-17T09:00:00'),
      publicityEndsAt: t('2026-12-21T17:00:00'),
    },
    award: { id: 'award-notice-1', date: t('2026-12-22T10:00:00'), organisationId: B1.id, amount: '980000', currency: 'CNY', status: 'active' },
  };
}

function expectRule35(releases: OcdsRelease[]) {
  const keys = releases.map((r) => `${r.ocid}\n${r.id}`);
  expect(new Set(keys).size).toBe(keys.length);
  for (const r of releases) {
    expect(r).toEqual(expect.objectContaining({ ocid: expect.any(String), id: expect.any(String), date: expect.any(String), tag: expect.any(Array), initiationType: 'tender' }));
  }
  const byOcid = new Map<string, number[]>();
  for (const r of releases) byOcid.set(r.ocid, [...(byOcid.get(r.ocid) ?? []), Date.parse(r.date)]);
  for (const dates of byOcid.values()) for (let i = 1; i < dates.length; i++) expect(dates[i]).toBeGreaterThan(dates[i - 1]);
}

test('a published project: one planning/tender release, no tenderers or bids, valid package', () => {
  const facts = published();
  const releases = releasesFor(facts, PUBLISHER);
  expect(releases).toHaveLength(1);
  expect(releases[0]).toMatchObject({
    ocid: 'ocds-th0000-GP-2026-0001',
    id: 'ocds-th0000-GP-2026-0001-tender',
    tag: ['planning', 'tender'],
    buyer: { id: BUYER.id, name: BUYER.name },
    planning: { budget: { amount: { amount: 1200000, currency: 'CNY' } } },
    tender: { status: 'active', procurementMethod: 'open', procurementMethodDetails: 'GP_OPEN_TENDER', value: { amount: 1100000, currency: 'CNY' }, procuringEntity: { id: AGENT.id }, tenderPeriod: { endDate: '2026-12-15T01:30:00.000Z' } },
  });
  expect(releases[0].bids).toBeUndefined();
  expect((releases[0].tender as any).tenderers).toBeUndefined();
  const parties = releases[0].parties as any[];
  expect(parties.map((p) => [p.id, p.roles])).toEqual([[BUYER.id, ['buyer']], [AGENT.id, ['procuringEntity']]]);
  expect(parties[0].identifier).toEqual({ scheme: 'CN-SAMR', id: BUYER.uscc, legalName: BUYER.name });
  const pkg = releasePackage(facts, PUBLISHER);
  expect(pkg).toMatchObject({ uri: `https://tenderhall.example/opendata/ocds/projects/${facts.project.id}/releases.json`, version: '1.1', publishedDate: releases[0].date, publisher: { name: PUBLISHER.name } });
  expect(ocdsErrors('releasePackage', pkg)).toEqual([]);
  expect(ocdsErrors('recordPackage', recordPackage(facts, PUBLISHER))).toEqual([]);
});

test('a completed project: one release per stage, stable ids, increasing dates, bids extension, awards — valid', () => {
  const facts = completed();
  const releases = releasesFor(facts, PUBLISHER);
  const ocid = ocidOf(facts, PUBLISHER);
  expect(releases.map((r) => [r.id.slice(ocid.length + 1), r.tag])).toEqual([
    ['tender', ['planning', 'tender']],
    ['amendment-55555555-5555-4555-8555-555555555555', ['tenderAmendment']],
    ['opening', ['tenderUpdate']],
    ['candidates', ['award']],
    ['award-award-notice-1', ['award']],
  ]);
  expectRule35(releases);
  expect(releasesFor(completed(), PUBLISHER)).toEqual(releases); // same facts → same releases
  // a release does not change when later stages happen
  expect(releases[0]).toEqual(releasesFor(published(), PUBLISHER)[0]);
  expect(releasesFor({ ...completed(), evaluation: null, award: null }, PUBLISHER)).toEqual(releases.slice(0, 3));
  expect(releasesFor({ ...completed(), award: null }, PUBLISHER)).toEqual(releases.slice(0, 4));

  const opening = releases[2] as any;
  expect(opening.bids.statistics.map((s: any) => [s.measure, s.value])).toEqual([['bids', 3], ['validBids', 2], ['bidders', 3], ['lowestValidBidValue', 980000], ['highestValidBidValue', 1050000]]);
  expect(opening.bids.details[0]).toEqual({ id: 'bid-1', date: '2026-12-14T08:01:00.000Z', status: 'valid', tenderers: [{ id: B1.id, name: B1.name }], value: { amount: 980000, currency: 'CNY' } });
  expect(opening.bids.details[1]).not.toHaveProperty('value'); // not read out
  expect(opening.tender.numberOfTenderers).toBe(3);
  expect(opening.parties.filter((p: any) => p.roles.includes('tenderer')).map((p: any) => p.id)).toEqual([B1.id, B2.id, B3.id]);
  expect(opening.parties.find((p: any) => p.id === B2.id)).not.toHaveProperty('identifier');
  expect(opening.awards).toBeUndefined();
  expect(opening.tender.documents).toEqual([expect.objectContaining({ title: '开标记录表', description: `SHA-256 ${'ab'.repeat(32)}`, datePublished: opening.date })]);

  expect(releases[3].awards).toEqual([
    expect.objectContaining({ id: 'award-bid-1', status: 'pending', relatedBid: 'bid-1', suppliers: [{ id: B1.id, name: B1.name }] }),
    expect.objectContaining({ id: 'award-bid-3', status: 'pending', relatedBid: 'bid-3' }),
  ]);
  const final = releases[4] as any;
  expect(final.awards.map((a: any) => [a.id, a.status])).toEqual([['award-bid-1', 'active'], ['award-bid-3', 'unsuccessful']]);
  expect(final.awards[0].value).toEqual({ amount: 980000, currency: 'CNY' });
  expect(final.tender.status).toBe('complete');
  expect(final.parties.find((p: any) => p.id === B1.id).roles).toEqual(['tenderer', 'supplier']);

  for (const r of releases) expect(ocdsErrors('release', r)).toEqual([]);
  expect(ocdsErrors('releasePackage', releasePackage(facts, PUBLISHER))).toEqual([]);
  const records = recordPackage(facts, PUBLISHER) as any;
  expect(ocdsErrors('recordPackage', records)).toEqual([]);
  const compiled = records.records[0].compiledRelease;
  expect(compiled).toMatchObject({ tag: ['compiled'], date: releases[4].date, tender: { status: 'complete', amendments: [expect.objectContaining({ description: '更正：技术参数第 3 项' })] } });
  expect(compiled.awards.map((a: any) => a.status)).toEqual(['active', 'unsuccessful']);
  expect(records.records[0].releases.map((r: any) => r.id)).toEqual(releases.map((r) => r.id));
});

test('stages in the same millisecond still get strictly increasing dates; a failed tender ends unsuccessful', () => {
  const facts = completed();
  facts.evaluation = null;
  facts.award = null;
  facts.failed = { at: facts.opening!.publishedAt, reason: '有效投标不足三家' };
  const releases = releasesFor(facts, PUBLISHER);
  expectRule35(releases);
  expect(releases.map((r) => r.id.split('-').pop())).toEqual(['tender', '555555555555', 'opening', 'unsuccessful']);
  expect(releases[3]).toMatchObject({ tag: ['tenderUpdate'], tender: { status: 'unsuccessful', statusDetails: '有效投标不足三家' } });
  expect(Date.parse(releases[3].date) - Date.parse(releases[2].date)).toBe(1);
  expect(ocdsErrors('releasePackage', releasePackage(facts, PUBLISHER))).toEqual([]);
});

test('a cancelled project ends with a tenderCancellation; a land listing uses the listing period and the start price', () => {
  const cancelled = published();
  cancelled.cancelled = { at: t('2026-11-30T10:00:00'), reason: '采购需求变更' };
  const releases = releasesFor(cancelled, PUBLISHER);
  expect(releases.map((r) => r.tag)).toEqual([['planning', 'tender'], ['tenderCancellation']]);
  expect(releases[1].tender).toMatchObject({ status: 'cancelled' });
  expect(ocdsErrors('recordPackage', recordPackage(cancelled, PUBLISHER))).toEqual([]);

  const land = published();
  land.project = { ...land.project, code: 'TD 2026/7', kind: 'LAND_TRANSFER', method: 'LAND_LISTING', budget: null, controlPrice: null, startPrice: '50000000', dates: { ...land.project.dates, documentsFrom: null, documentsUntil: null, bidDeadline: null, openingAt: null, listingStart: t('2026-12-14T09:00:00'), listingEnd: t('2026-12-24T15:00:00') } };
  land.agent = null;
  const [release] = releasesFor(land, PUBLISHER);
  expect(release.ocid).toBe(`ocds-th0000-${land.project.id}`); // a code that is not URL-safe is not used in the ocid
  expect(release.tender).toMatchObject({ minValue: { amount: 50000000, currency: 'CNY' }, tenderPeriod: { startDate: '2026-12-14T01:00:00.000Z', endDate: '2026-12-24T07:00:00.000Z' }, procuringEntity: { id: BUYER.id } });
  expect((release.parties as any[]).map((p) => p.roles)).toEqual([['buyer', 'procuringEntity']]);
  expect(release).not.toHaveProperty('planning');
  expect(ocdsErrors('releasePackage', releasePackage(land, PUBLISHER))).toEqual([]);
});

test('an award to an organisation that did not bid through an opening names its supplier from the award facts', () => {
  const facts = published();
  const winner = { id: '66666666-6666-4666-8666-666666666666', name: '竞得人有限公司', uscc: '91350100MA00000600' };
  facts.award = { id: 'deal-1', date: t('2026-12-24T15:00:00'), organisationId: winner.id, amount: '52000000', currency: 'CNY', status: 'active', supplier: winner };
  const releases = releasesFor(facts, PUBLISHER);
  expect(releases[1].awards).toEqual([expect.objectContaining({ id: 'award-deal-1', status: 'active', suppliers: [{ id: winner.id, name: winner.name }] })]);
  expect((releases[1].parties as any[]).find((p) => p.id === winner.id)).toMatchObject({ roles: ['supplier'], identifier: { scheme: 'CN-SAMR', id: winner.uscc } });
  expect(ocdsErrors('recordPackage', recordPackage(facts, PUBLISHER))).toEqual([]);
});

test('an earlier release keeps the schedule it was published with; the amendment carries the new one', () => {
  const facts = published();
  const moved = { ...facts.project.dates, bidDeadline: t('2026-12-18T09:30:00'), openingAt: t('2026-12-18T09:30:00') };
  facts.amendments = [{ id: 'a1', date: t('2026-11-28T15:00:00'), description: '投标截止时间顺延', schedule: moved }];
  const [tender, amendment] = releasesFor(facts, PUBLISHER);
  expect(tender.tender).toMatchObject({ tenderPeriod: { endDate: '2026-12-15T01:30:00.000Z' }, awardPeriod: { startDate: '2026-12-15T01:30:00.000Z' } });
  expect(tender.tender).not.toHaveProperty('amendments');
  expect(amendment.tender).toMatchObject({ tenderPeriod: { endDate: '2026-12-18T01:30:00.000Z' }, awardPeriod: { startDate: '2026-12-18T01:30:00.000Z' }, amendments: [{ id: 'a1', description: '投标截止时间顺延' }] });
  expect(ocdsErrors('releasePackage', releasePackage(facts, PUBLISHER))).toEqual([]);
});

test('compile: later values win, arrays of objects merge by id, release metadata is the last one', () => {
  const base = { ocid: 'ocds-th0000-X', initiationType: 'tender' as const };
  const compiled = compile([
    { ...base, id: 'a', date: '2026-01-01T00:00:00Z', tag: ['tender'], tender: { id: 't', status: 'active', title: 'A' }, awards: [{ id: '1', status: 'pending' }, { id: '2', status: 'pending' }] },
    { ...base, id: 'b', date: '2026-01-02T00:00:00Z', tag: ['award'], tender: { id: 't', status: 'complete' }, awards: [{ id: '1', status: 'active' }] },
  ]);
  expect(compiled).toMatchObject({ id: 'ocds-th0000-X-compiled-2026-01-02T00:00:00Z', date: '2026-01-02T00:00:00Z', tag: ['compiled'], tender: { status: 'complete', title: 'A' }, awards: [{ id: '1', status: 'active' }, { id: '2', status: 'pending' }] });
});
