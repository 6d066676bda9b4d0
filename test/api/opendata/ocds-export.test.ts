/**
 * The OCDS export of a real project over GraphQL and the public HTTP endpoints: published → sealed bids →
 * opening record published; every package validates (core 1.1.5 + bids extension), DOMAIN rule 35 holds,
 * and nothing about who bid (or at what price) leaks before the opening record is published.
 */
import { gql, loginAs } from '../../support/graphql';
import { startTestApp, type TestApp } from '../../support/app';
import { act, sealedTender, sealRecord, signInSignature, sessionOf, unwrapCek, type Party } from '../../support/opening';
import { createProject, cst, publishProject, SCHEDULES, setClock, T0, userIds } from '../../support/projects';
import { ocdsErrors } from '../../support/ocds';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ demo: true });
});
afterAll(() => app.close());

const RELEASES = 'query($p: ID!) { ocdsReleasePackage(projectId: $p) }';
const RECORDS = 'query($p: ID!) { ocdsRecordPackage(projectId: $p) }';

async function exported(projectId: string) {
  const releases = (await gql(app.graphqlUrl, RELEASES, { p: projectId })).data!.ocdsReleasePackage;
  const records = (await gql(app.graphqlUrl, RECORDS, { p: projectId })).data!.ocdsRecordPackage;
  const http = await fetch(`${app.baseUrl}/opendata/ocds/projects/${projectId}/releases.json`);
  expect(http.status).toBe(200);
  expect(http.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await http.json()).toEqual(releases);
  const httpRecords = await fetch(`${app.baseUrl}/opendata/ocds/projects/${projectId}/records.json`, { headers: { authorization: 'Bearer not-a-token' } }); // public: a token is ignored
  expect(httpRecords.status).toBe(200);
  expect(httpRecords.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await httpRecords.json()).toEqual(records);
  expect(ocdsErrors('releasePackage', releases)).toEqual([]);
  expect(ocdsErrors('recordPackage', records)).toEqual([]);
  const dates = releases.releases.map((r: any) => Date.parse(r.date));
  expect(dates).toEqual([...dates].sort((a, b) => a - b));
  expect(new Set(dates).size).toBe(dates.length);
  expect(new Set(releases.releases.map((r: any) => `${r.ocid} ${r.id}`)).size).toBe(releases.releases.length);
  return { releases, records, text: JSON.stringify([releases, records]) };
}

async function organisationOf(token: string): Promise<{ id: string; name: string }> {
  return (await gql(app.graphqlUrl, '{ me { organisation { id name } } }', {}, token)).data!.me.organisation;
}

test('drafts and unknown projects are not exported (null / 404)', async () => {
  const tenderee = await loginAs(app.graphqlUrl, 'tenderee');
  const { project } = await createProject(app, tenderee, { title: '草稿项目', method: 'GP_OPEN_TENDER' });
  for (const id of [project.id, '00000000-0000-4000-8000-000000000000']) {
    expect((await gql(app.graphqlUrl, RELEASES, { p: id })).data!.ocdsReleasePackage).toBeNull();
    expect((await gql(app.graphqlUrl, RECORDS, { p: id }, tenderee)).data!.ocdsRecordPackage).toBeNull(); // not even for its tenderee
    for (const file of ['releases.json', 'records.json']) {
      const res = await fetch(`${app.baseUrl}/opendata/ocds/projects/${id}/${file}`);
      expect(res.status).toBe(404);
      expect((await res.json()).errors[0].extensions.code).toBe('NOT_FOUND');
    }
  }
  expect((await fetch(`${app.baseUrl}/opendata/ocds/projects/not-an-id/releases.json`)).status).toBe(404);
  expect((await gql(app.graphqlUrl, RELEASES, { p: 'not-an-id' })).errors![0].extensions!.code).toBe('BAD_USER_INPUT');
});

test('published → sealed bids → opening: valid packages, tenderers and prices only once the record is published', async () => {
  const bidders = ['bidder1', 'bidder2', 'bidder3'];
  const prices = ['980000', '1010000', '995000.50'];
  const { projectId, parties } = await sealedTender(app, bidders.map((name, i) => ({ name, login: () => loginAs(app.graphqlUrl, name), price: prices[i] })));
  const orgs = await Promise.all(parties.map((p) => organisationOf(p.keys.token)));
  const leaks = (text: string) => [...parties.map((p) => p.bidId), ...orgs.flatMap((o) => [o.id, o.name]), ...prices.map((p) => String(Number(p)))].filter((s) => text.includes(s));

  // sealed: bids are in, but the export shows the tender only
  const sealed = await exported(projectId);
  expect(sealed.releases.releases.map((r: any) => r.tag)).toEqual([['planning', 'tender']]);
  expect(sealed.releases.releases[0]).not.toHaveProperty('bids');
  expect(sealed.releases.releases[0].tender).not.toHaveProperty('tenderers');
  expect(sealed.releases.releases[0].parties.flatMap((p: any) => p.roles).sort()).toEqual(['buyer', 'procuringEntity']);
  expect(leaks(sealed.text)).toEqual([]);
  expect(sealed.releases.releases[0]).toMatchObject({ ocid: expect.stringMatching(/^ocds-th0000-/), initiationType: 'tender', tender: { status: 'active', procurementMethod: 'open', value: { amount: 1100000, currency: 'CNY' } }, planning: { budget: { amount: { amount: 1200000, currency: 'CNY' } } } });

  // the opening up to the read-out: prices are public in the hall, but the record is not published yet
  const host = await loginAs(app.graphqlUrl, 'tenderee');
  expect((await act(app, host, 'openOpeningSession', { projectId })).errors).toEqual([]);
  for (const p of parties) {
    const message = (await sessionOf(app, p.keys.token, projectId)).signInMessage;
    expect((await act(app, p.keys.token, 'signInToOpening', { projectId, certificatePem: p.keys.signing.certPem, signature: signInSignature(message, p.keys.signing.keyPem) })).errors).toEqual([]);
  }
  expect((await act(app, host, 'startDecryption', { projectId })).errors).toEqual([]);
  for (const p of parties) await decrypt(projectId, p);
  expect((await act(app, host, 'closeDecryption', { projectId })).session.status).toBe('READ_OUT');
  for (let i = 0; i < parties.length; i++) expect((await act(app, host, 'readOutNextBid', { projectId })).errors).toEqual([]);
  const finalised = await act(app, host, 'finaliseOpeningRecord', { projectId });
  expect(finalised.session.status).toBe('SEALING');
  const during = await exported(projectId);
  expect(during.releases.releases).toHaveLength(1);
  expect(leaks(during.text)).toEqual([]);

  // published: the opening release lists every bid, its tenderer and its read-out price
  const supervisor = await loginAs(app.graphqlUrl, 'supervisor');
  expect((await act(app, host, 'sealOpeningRecord', { projectId, envelope: await sealRecord(app, host, 'tenderee', finalised.session.recordJson) })).errors).toEqual([]);
  const published = await act(app, supervisor, 'sealOpeningRecord', { projectId, envelope: await sealRecord(app, supervisor, 'supervisor', finalised.session.recordJson) });
  expect(published.session.status).toBe('PUBLISHED');
  const after = await exported(projectId);
  const [tender, opening] = after.releases.releases;
  expect(leaks(after.text).sort()).toEqual([...parties.map((p) => p.bidId), ...orgs.flatMap((o) => [o.id, o.name]), ...prices.map((p) => String(Number(p)))].sort()); // the leak check sees them now
  expect(after.releases.releases.map((r: any) => r.tag)).toEqual([['planning', 'tender'], ['tenderUpdate']]);
  expect(opening.id).toBe(`${opening.ocid}-opening`);
  expect(tender).toEqual(sealed.releases.releases[0]); // an earlier release does not change
  expect(opening.bids.details).toEqual(parties.map((p, i) => ({ id: p.bidId, date: expect.any(String), status: 'valid', tenderers: [{ id: orgs[i].id, name: orgs[i].name }], value: { amount: Number(prices[i]), currency: 'CNY' } })));
  expect(opening.bids.statistics).toEqual(expect.arrayContaining([expect.objectContaining({ measure: 'bids', value: 3 }), expect.objectContaining({ measure: 'validBids', value: 3 }), expect.objectContaining({ measure: 'lowestValidBidValue', value: 980000, currency: 'CNY' })]));
  expect(opening.tender.tenderers.map((t: any) => t.id)).toEqual(orgs.map((o) => o.id));
  expect(opening.parties.filter((p: any) => p.roles.includes('tenderer')).map((p: any) => p.id)).toEqual(orgs.map((o) => o.id));
  expect(after.releases.publishedDate).toBe(opening.date);
  const record = after.records.records[0];
  expect(record.releases.map((r: any) => r.id)).toEqual([tender.id, opening.id]);
  expect(record.compiledRelease).toMatchObject({ tag: ['compiled'], date: opening.date, tender: { numberOfTenderers: 3 } });
  expect(record.compiledRelease.bids).toEqual(opening.bids);
});

test('a tender that fails at the deadline (too few bids) ends unsuccessful, still without its bidder', async () => {
  const { projectId, parties } = await sealedTender(app, [{ name: 'bidder1', login: () => loginAs(app.graphqlUrl, 'bidder1'), price: '990000' }]);
  const project = (await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { status statusReason bidDeadline } }', { id: projectId })).data!.project;
  expect(project.status).toBe('FAILED');
  const { releases, text } = await exported(projectId);
  expect(releases.releases.map((r: any) => r.tag)).toEqual([['planning', 'tender'], ['tenderUpdate']]);
  expect(releases.releases[1]).toMatchObject({ id: `${releases.releases[1].ocid}-unsuccessful`, date: new Date(project.bidDeadline).toISOString(), tender: { status: 'unsuccessful', statusDetails: project.statusReason } });
  expect(releases.releases[1]).not.toHaveProperty('bids');
  const bidder = await organisationOf(parties[0].keys.token);
  expect([parties[0].bidId, bidder.id, bidder.name].filter((s) => text.includes(s))).toEqual([]);
});

test('an amendment that moves the deadline: the tender release keeps the published dates, the amendment release has the new ones', async () => {
  await setClock(app, T0);
  const tenderee = await loginAs(app.graphqlUrl, 'tenderee');
  const custodians = await userIds(app, await loginAs(app.graphqlUrl, 'admin'), 'supervisor', 'tenderee', 'admin');
  const { project } = await createProject(app, tenderee, { title: '影像设备采购', method: 'GP_OPEN_TENDER', budget: '800000', schedule: SCHEDULES.GP_OPEN_TENDER });
  const upload = await fetch(`${app.baseUrl}/api/projects/${project.id}/documents`, { method: 'POST', headers: { authorization: `Bearer ${tenderee}`, 'content-type': 'application/pdf', 'x-file-name': 'doc.pdf' }, body: Buffer.from('%PDF-1.7') });
  expect(upload.status).toBe(201);
  expect((await publishProject(app, tenderee, { projectId: project.id, announcement: '招标公告', custodianUserIds: custodians })).errors).toEqual([]);
  const moved = { ...SCHEDULES.GP_OPEN_TENDER, bidDeadline: cst('2026-12-18T09:30:00'), openingAt: cst('2026-12-18T09:30:00') };
  const amended = await gql(app.graphqlUrl, 'mutation($i: AmendProjectInput!) { amendProject(input: $i) { errors { code message } } }', { i: { projectId: project.id, note: '投标截止时间顺延至 12 月 18 日', schedule: moved } }, tenderee);
  expect(amended.data!.amendProject.errors).toEqual([]);
  const { releases } = await exported(project.id);
  const [tender, amendment] = releases.releases;
  expect(releases.releases.map((r: any) => r.tag)).toEqual([['planning', 'tender'], ['tenderAmendment']]);
  expect(tender.tender.tenderPeriod.endDate).toBe(SCHEDULES.GP_OPEN_TENDER.bidDeadline.toISOString());
  expect(amendment.tender.tenderPeriod.endDate).toBe(moved.bidDeadline.toISOString());
  expect(amendment.tender.amendments).toEqual([expect.objectContaining({ description: '投标截止时间顺延至 12 月 18 日' })]);
});

async function decrypt(projectId: string, p: Party) {
  const res = await act(app, p.keys.token, 'decryptBid', { projectId, bidId: p.bidId, cek: await unwrapCek(p.bidCms, p.keys.encryption.keyPem, p.keys.encryption.certPem) });
  expect(res.errors).toEqual([]);
}
