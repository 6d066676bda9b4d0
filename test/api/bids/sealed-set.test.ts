/** At the deadline the set of bids is fixed: the project goes SEALED with a ledger checkpoint naming every manifest. */
import { gql, loginAs } from '../../support/graphql';
import { startTestApp, type TestApp } from '../../support/app';
import { bidderWithOwnKeys, seal, submit, uploadAll } from '../../support/bidder';
import { createProject, cst, publishProject, SCHEDULES, setClock, T0, userIds } from '../../support/projects';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ demo: true });
});
afterAll(() => app.close());

test('three valid bids at the deadline: SEALED, the sealed set in the ledger, its checkpoint recorded in the project', async () => {
  await setClock(app, T0);
  const tenderee = await loginAs(app.graphqlUrl, 'tenderee');
  const custodians = await userIds(app, await loginAs(app.graphqlUrl, 'admin'), 'supervisor', 'tenderee', 'admin');
  const { project } = await createProject(app, tenderee, { title: '病房家具采购', method: 'GP_OPEN_TENDER', schedule: SCHEDULES.GP_OPEN_TENDER });
  const opening = (await publishProject(app, tenderee, { projectId: project.id, announcement: '公告', custodianUserIds: custodians })).project.openingCertificatePem;
  const lotId = (await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { lots { id } } }', { id: project.id })).data!.project.lots[0].id;
  await setClock(app, cst('2026-12-14T16:00:00'));
  await app.platform.services.projectClock.tick();
  const manifests: string[] = [];
  for (const username of ['bidder1', 'bidder2', 'bidder3']) {
    const bidder = await bidderWithOwnKeys(app, await loginAs(app.graphqlUrl, username));
    await gql(app.graphqlUrl, 'mutation($i: RegisterForProjectInput!) { registerForProject(input: $i) { errors { code } } }', { i: { projectId: project.id } }, bidder.token);
    const pkg = await seal(bidder, { projectId: project.id, lotId }, `offer of ${username}`, [bidder.encryption.certPem, opening]);
    const res = await submit(app, bidder.token, await uploadAll(app, bidder.token, project.id, lotId, pkg.bidCms), pkg, `${username}-1`);
    expect(res.data!.submitBid.errors).toEqual([]);
    manifests.push(res.data!.submitBid.bid.manifestSha256);
  }
  await setClock(app, cst('2026-12-15T09:30:05'));
  expect(await app.platform.services.projectClock.tick()).toBe(1);
  const sealed = (await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { status sealedLedgerSize sealedRootHash } }', { id: project.id })).data!.project;
  expect(sealed.status).toBe('SEALED');
  const entries = (await gql(app.graphqlUrl, 'query($p: ID) { ledgerEntries(first: 100, projectId: $p) { edges { node { index kind data } } } }', { p: project.id })).data!.ledgerEntries.edges.map((e: any) => e.node);
  const set = entries.find((e: any) => e.kind === 'project.sealed');
  expect(JSON.parse(set.data).manifests).toEqual([...manifests].sort());
  expect(sealed.sealedLedgerSize).toBe(set.index + 1);
  const proof = (await gql(app.graphqlUrl, 'query($i: Int!, $n: Int!) { ledgerInclusionProof(index: $i, treeSize: $n) { rootHash } }', { i: set.index, n: sealed.sealedLedgerSize })).data!.ledgerInclusionProof;
  expect(proof.rootHash).toBe(sealed.sealedRootHash);
});
