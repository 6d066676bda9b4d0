/**
 * Role × operation: every root field of the schema is listed here with the roles that may use it, and
 * every (role, operation) pair is tried over real HTTP. A new operation fails this test until it is listed.
 */
import { createPubSub } from '@graphql-yoga/subscription';
import { getMetadataStorage } from 'type-graphql';
import { createSchema } from '../../api/src/graphql/schema';
import { gql, loginAs } from '../support/graphql';
import { startTestApp, type TestApp } from '../support/app';

type Who = 'anonymous' | 'admin' | 'tenderee' | 'agent' | 'bidder1' | 'expert1' | 'supervisor';
const EVERYONE: Who[] = ['anonymous', 'admin', 'tenderee', 'agent', 'bidder1', 'expert1', 'supervisor'];
const LOGGED_IN: Who[] = EVERYONE.filter((w) => w !== 'anonymous');

const UUID0 = '00000000-0000-4000-8000-000000000000';

/** operation → [document, variables, who may use it] */
const MATRIX: Record<string, [string, Record<string, unknown>, Who[]]> = {
  me: ['{ me { id } }', {}, EVERYONE],
  serverTime: ['{ serverTime }', {}, EVERYONE],
  projects: ['{ projects { totalCount } }', {}, EVERYONE],
  platformTrust: ['{ platformTrust { caCertificatePem } }', {}, EVERYONE],
  organisations: ['{ organisations { totalCount } }', {}, ['admin', 'supervisor']],
  users: ['{ users { totalCount } }', {}, ['admin', 'supervisor']],
  myCertificates: ['{ myCertificates { id } }', {}, LOGGED_IN],
  mySeal: ['{ mySeal { seal { sealId } errors { code } } }', {}, LOGGED_IN],
  certificates: ['query($u: ID!) { certificates(userId: $u) { id } }', { u: UUID0 }, ['admin', 'supervisor']],
  auditRecords: ['{ auditRecords { totalCount } }', {}, ['admin', 'supervisor']],
  login: ['mutation { login(input: {username: "nobody", password: "wrong-password"}) { errors { code } } }', {}, EVERYONE],
  requestLoginChallenge: ['mutation { requestLoginChallenge { nonce } }', {}, EVERYONE],
  loginWithCertificate: ['mutation { loginWithCertificate(input: {nonce: "x", certificatePem: "x", signature: "x"}) { errors { code } } }', {}, EVERYONE],
  registerOrganisation: ['mutation { registerOrganisation(input: {name: "X", kind: BIDDER, uscc: "bad"}) { errors { code } } }', {}, ['admin']],
  createUser: ['mutation($o: ID!) { createUser(input: {username: "x", displayName: "X", organisationId: $o, roles: [BIDDER], password: "p"}) { errors { code } } }', { o: UUID0 }, ['admin']],
  issueCertificate: ['mutation($u: ID!) { issueCertificate(input: {userId: $u, usage: SIGNING, csrPem: "x"}) { errors { code } } }', { u: UUID0 }, ['admin']], // others: only for themselves (below)
  registerCertificate: ['mutation($u: ID!) { registerCertificate(input: {userId: $u, usage: SIGNING, certificatePem: "x"}) { errors { code } } }', { u: UUID0 }, ['admin']],
  revokeCertificate: ['mutation($c: ID!) { revokeCertificate(input: {certificateId: $c, reason: keyCompromise}) { errors { code } } }', { c: UUID0 }, LOGGED_IN], // not found before ownership
  serverTimeTicks: ['subscription { serverTimeTicks }', {}, EVERYONE], // over WebSocket: see websocket.test.ts
  project: ['query($p: ID!) { project(id: $p) { id } }', { p: UUID0 }, EVERYONE],
  calendarDays: ['{ calendarDays(year: 2026) { day } }', {}, EVERYONE],
  procedures: ['{ procedures { method } }', {}, EVERYONE],
  notifications: ['{ notifications { id } }', {}, LOGGED_IN],
  deadlineLights: ['{ deadlineLights { totalCount } }', {}, ['admin', 'supervisor']],
  deadlineLightChanged: ['subscription { deadlineLightChanged { id } }', {}, ['admin', 'supervisor']], // over WebSocket
  events: ['subscription { events(stream: "lights") { seq } }', {}, ['admin', 'supervisor']], // over WebSocket
  openingSession: ['query($p: ID!) { openingSession(projectId: $p) { id } }', { p: UUID0 }, LOGGED_IN], // null: no such project
  openingSessions: ['{ openingSessions { id } }', {}, ['admin', 'supervisor']],
  openingSessionChanged: ['subscription { openingSessionChanged { id } }', {}, ['admin', 'supervisor']], // over WebSocket: opening-hall.test.ts
  openingRecordBundle: ['query($p: ID!) { openingRecordBundle(projectId: $p) }', { p: UUID0 }, EVERYONE],
  evaluation: ['query($p: ID!) { evaluation(projectId: $p) { status } }', { p: UUID0 }, EVERYONE],
  evaluationEvents: ['subscription($p: ID!) { evaluationEvents(projectId: $p) { seq } }', { p: UUID0 }, EVERYONE], // over WebSocket: evaluation.test.ts
  explainMyScore: ['query($p: ID!) { explainMyScore(projectId: $p) }', { p: UUID0 }, ['bidder1']],
  awardNoticeDocument: ['query($p: ID!) { awardNoticeDocument(projectId: $p) }', { p: UUID0 }, LOGGED_IN], // staff and supervisors, per project
  startEvaluation: ['mutation($p: ID!) { startEvaluation(input: {projectId: $p}) { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent']],
  declareNoConflict: ['mutation($p: ID!) { declareNoConflict(projectId: $p) { errors { code } } }', { p: UUID0 }, LOGGED_IN], // members only, per project
  voteCommitteeLeader: ['mutation($p: ID!) { voteCommitteeLeader(projectId: $p, memberId: $p) { errors { code } } }', { p: UUID0 }, LOGGED_IN],
  saveScoresheet: ['mutation($p: ID!) { saveScoresheet(projectId: $p, sheet: {}) { errors { code } } }', { p: UUID0 }, LOGGED_IN],
  submitScoresheet: ['mutation($p: ID!) { submitScoresheet(input: {projectId: $p, sheet: {}, certificatePem: "x", signature: "x"}) { errors { code } } }', { p: UUID0 }, LOGGED_IN],
  correctEvaluationScore: ['mutation($p: ID!) { correctEvaluationScore(input: {projectId: $p, memberId: $p, bidId: $p, itemKey: "x", score: "1", reason: "CALCULATION_ERROR", note: "x"}) { errors { code } } }', { p: UUID0 }, LOGGED_IN],
  actOnEvaluationReport: ['mutation($p: ID!) { actOnEvaluationReport(input: {projectId: $p, act: SIGN, certificatePem: "x", signature: "x"}) { errors { code } } }', { p: UUID0 }, LOGGED_IN],
  declareTimeInsufficient: ['mutation($p: ID!) { declareTimeInsufficient(projectId: $p, reason: "x") { errors { code } } }', { p: UUID0 }, LOGGED_IN], // members only, per project
  replaceCommitteeMember: ['mutation($p: ID!) { replaceCommitteeMember(input: {projectId: $p, memberId: $p, reason: "x"}) { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent', 'supervisor']],
  raiseResultObjection: ['mutation($p: ID!) { raiseResultObjection(projectId: $p, text: "x") { errors { code } } }', { p: UUID0 }, ['bidder1']],
  answerResultObjection: ['mutation($p: ID!) { answerResultObjection(projectId: $p, objectionId: $p, answer: "x") { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent']],
  issueAwardNotice: ['mutation($p: ID!) { issueAwardNotice(projectId: $p, envelope: "x") { errors { code } } }', { p: UUID0 }, ['tenderee']],
  ocdsReleasePackage: ['query($p: ID!) { ocdsReleasePackage(projectId: $p) }', { p: UUID0 }, EVERYONE],
  ocdsRecordPackage: ['query($p: ID!) { ocdsRecordPackage(projectId: $p) }', { p: UUID0 }, EVERYONE],
  myOpeningKeyShare: ['query($p: ID!) { myOpeningKeyShare(projectId: $p) }', { p: UUID0 }, LOGGED_IN], // custodians only, per project
  openOpeningSession: ['mutation($p: ID!) { openOpeningSession(projectId: $p) { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent']],
  signInToOpening: ['mutation($p: ID!) { signInToOpening(projectId: $p, certificatePem: "x", signature: "x") { errors { code } } }', { p: UUID0 }, ['bidder1']],
  startDecryption: ['mutation($p: ID!) { startDecryption(projectId: $p) { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent']],
  decryptBid: ['mutation($p: ID!) { decryptBid(projectId: $p, bidId: $p, cek: "x") { errors { code } } }', { p: UUID0 }, ['bidder1']],
  closeDecryption: ['mutation($p: ID!) { closeDecryption(projectId: $p) { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent']],
  submitOpeningKeyShare: ['mutation($p: ID!) { submitOpeningKeyShare(projectId: $p, share: "x") { errors { code } } }', { p: UUID0 }, LOGGED_IN], // custodians only, per project
  readOutNextBid: ['mutation($p: ID!) { readOutNextBid(projectId: $p) { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent']],
  raiseOpeningObjection: ['mutation($p: ID!) { raiseOpeningObjection(projectId: $p, text: "x") { errors { code } } }', { p: UUID0 }, ['bidder1']],
  answerOpeningObjection: ['mutation($p: ID!) { answerOpeningObjection(projectId: $p, objectionId: $p, answer: "x") { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent']],
  confirmOpeningRecord: ['mutation($p: ID!) { confirmOpeningRecord(projectId: $p, agree: true) { errors { code } } }', { p: UUID0 }, ['bidder1']],
  finaliseOpeningRecord: ['mutation($p: ID!) { finaliseOpeningRecord(projectId: $p) { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent']],
  sealOpeningRecord: ['mutation($p: ID!) { sealOpeningRecord(projectId: $p, envelope: "x") { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent', 'supervisor']],
  invitationReceived: ['subscription { invitationReceived { seatId } }', {}, ['expert1']], // over WebSocket: experts/draw.test.ts
  openingEvents: ['subscription($p: ID!) { openingEvents(projectId: $p) { seq } }', { p: UUID0 }, ['admin', 'supervisor']], // over WebSocket: opening-hall.test.ts
  setCalendarDay: ['mutation { setCalendarDay(day: "not a day", kind: HOLIDAY) { day } }', {}, ['admin']], // allowed → BAD_USER_INPUT
  createProject: ['mutation { createProject(input: {title: "", method: "NONE"}) { errors { code } } }', {}, ['tenderee', 'agent']],
  updateProject: ['mutation($p: ID!) { updateProject(input: {projectId: $p}) { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent']],
  publishProject: ['mutation($p: ID!) { publishProject(input: {projectId: $p, announcement: "x"}) { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent']],
  amendProject: ['mutation($p: ID!) { amendProject(input: {projectId: $p, note: "x"}) { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent']],
  cancelProject: ['mutation($p: ID!) { cancelProject(input: {projectId: $p, reason: "x"}) { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent']],
  registerForProject: ['mutation($p: ID!) { registerForProject(input: {projectId: $p}) { errors { code } } }', { p: UUID0 }, ['bidder1']],
  askClarification: ['mutation($p: ID!) { askClarification(input: {projectId: $p, question: "x"}) { errors { code } } }', { p: UUID0 }, ['bidder1']],
  ledgerCheckpoint: ['{ ledgerCheckpoint { size } }', {}, EVERYONE],
  ledgerEntries: ['{ ledgerEntries { totalCount } }', {}, EVERYONE],
  ledgerInclusionProof: ['{ ledgerInclusionProof(index: 0, treeSize: 1) { path } }', {}, EVERYONE], // an empty log → BAD_USER_INPUT
  ledgerConsistencyProof: ['{ ledgerConsistencyProof(oldSize: 1, newSize: 1) { path } }', {}, EVERYONE],
  createBidUpload: ['mutation($p: ID!) { createBidUpload(input: {projectId: $p, lotId: $p, size: 1, sha256: "x"}) { errors { code } } }', { p: UUID0 }, ['bidder1']],
  submitBid: ['mutation($u: ID!) { submitBid(input: {uploadId: $u, manifestJson: "{}", manifestP7s: "", idempotencyKey: "m"}) { errors { code } } }', { u: UUID0 }, ['bidder1']],
  withdrawBid: ['mutation($b: ID!) { withdrawBid(input: {bidId: $b}) { errors { code } } }', { b: UUID0 }, ['bidder1']],
  myBids: ['query($p: ID!) { myBids(projectId: $p) { id } }', { p: UUID0 }, ['bidder1']],
  importExperts: ['mutation { importExperts(csv: "code") { imported } }', {}, ['admin']],
  experts: ['{ experts { code } }', {}, ['admin', 'supervisor']],
  myExpertProfile: ['{ myExpertProfile { code } }', {}, ['expert1']],
  declareRelations: ['mutation { declareRelations(relations: []) { code } }', {}, ['expert1']], // allowed → BAD_USER_INPUT (not in the pool)
  declareUnavailability: ['mutation { declareUnavailability(periods: []) { code } }', {}, ['expert1']], // allowed → BAD_USER_INPUT (not in the pool)
  myInvitations: ['{ myInvitations { seatId } }', {}, ['expert1']],
  expertDraw: ['query($p: ID!) { expertDraw(projectId: $p) { id } }', { p: UUID0 }, LOGGED_IN],
  expertDrawInputs: ['query($p: ID!) { expertDrawInputs(projectId: $p) { specialty } }', { p: UUID0 }, EVERYONE],
  requestExpertDraw: ['mutation($p: ID!) { requestExpertDraw(input: {projectId: $p, evaluationAt: "2030-01-01T00:00:00Z", specialties: []}) { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent']],
  excludeExpert: ['mutation($p: ID!) { excludeExpert(projectId: $p, code: "X", reason: "r") { errors { code } } }', { p: UUID0 }, ['supervisor']],
  commitToDraw: ['mutation($p: ID!) { commitToDraw(projectId: $p, commitmentHex: "00") { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent', 'supervisor']],
  snapshotExpertPool: ['mutation($p: ID!) { snapshotExpertPool(projectId: $p) { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent']],
  revealDrawSecret: ['mutation($p: ID!) { revealDrawSecret(projectId: $p, secretHex: "00") { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent', 'supervisor']],
  enterDrawBeacon: ['mutation($p: ID!) { enterDrawBeacon(projectId: $p, round: 1, randomnessHex: "00") { errors { code } } }', { p: UUID0 }, ['supervisor']],
  runExpertDraw: ['mutation($p: ID!) { runExpertDraw(projectId: $p) { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent']],
  requestSupplementaryDraw: ['mutation($p: ID!) { requestSupplementaryDraw(projectId: $p) { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent']],
  enterSupplementaryBeacon: ['mutation($p: ID!) { enterSupplementaryBeacon(projectId: $p, number: 1, round: 2, randomnessHex: "00") { errors { code } } }', { p: UUID0 }, ['supervisor']],
  runSupplementaryDraw: ['mutation($p: ID!) { runSupplementaryDraw(projectId: $p, number: 1) { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent']],
  respondToInvitation: ['mutation($s: ID!) { respondToInvitation(seatId: $s, accept: true) { errors { code } } }', { s: UUID0 }, ['expert1']],
  custodianCandidates: ['{ custodianCandidates { userId } }', {}, ['tenderee', 'agent']],
  tendereeOrganisations: ['{ tendereeOrganisations { id } }', {}, ['agent']],
  answerClarification: ['mutation($c: ID!) { answerClarification(input: {clarificationId: $c, answer: "x"}) { errors { code } } }', { c: UUID0 }, ['tenderee', 'agent']],
  listing: ['query($p: ID!) { listing(projectId: $p) { projectId } }', { p: UUID0 }, EVERYONE],
  setUpListing: ['mutation($p: ID!) { setUpListing(input: {projectId: $p, location: "x", areaM2: "1", landUse: "x", plotRatio: "1", termYears: 1, increment: "1", bond: "1", floorOfficerUserId: $p}) { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent']],
  confirmListingBond: ['mutation($p: ID!) { confirmListingBond(projectId: $p, organisationId: $p) { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent']],
  quote: ['mutation($p: ID!) { quote(input: {projectId: $p, amount: "1", certificatePem: "x", signature: "x"}) { errors { code } } }', { p: UUID0 }, ['bidder1']],
  enterFloorPrice: ['mutation($p: ID!) { enterFloorPrice(projectId: $p, amount: "1") { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent']], // then the designated officer only: listing-flow.test.ts
  publishListingResult: ['mutation($p: ID!) { publishListingResult(projectId: $p) { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent']],
  sealDealConfirmation: ['mutation($p: ID!) { sealDealConfirmation(projectId: $p, envelope: "x") { errors { code } } }', { p: UUID0 }, ['tenderee', 'agent', 'bidder1']], // then the parties only: listing-flow.test.ts
  listingEvents: ['subscription($p: ID!) { listingEvents(projectId: $p) { seq } }', { p: UUID0 }, EVERYONE], // over WebSocket: listing-flow.test.ts
};

/** Subscriptions are tried over WebSocket in their own tests. */
const SUBSCRIPTIONS = new Set(['serverTimeTicks', 'deadlineLightChanged', 'events', 'openingEvents', 'invitationReceived', 'openingSessionChanged', 'listingEvents', 'evaluationEvents']);

let app: TestApp;
const tokens = new Map<Who, string | null>();

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  tokens.set('anonymous', null);
  for (const who of LOGGED_IN) tokens.set(who, await loginAs(app.graphqlUrl, who));
});
afterAll(() => app.close());

test('every root field of the schema is in the matrix, and declares who may use it', async () => {
  const schema = await createSchema(createPubSub());
  const rootFields = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((t) => Object.keys(t?.getFields() ?? {}));
  expect(rootFields.sort()).toEqual(Object.keys(MATRIX).sort());
  const declared = new Set(getMetadataStorage().authorizedFields.map((f) => f.fieldName));
  for (const field of rootFields) expect([field, declared.has(field)]).toEqual([field, true]);
});

const cases = Object.entries(MATRIX)
  .filter(([name]) => !SUBSCRIPTIONS.has(name))
  .flatMap(([name, [doc, vars, allowed]]) => EVERYONE.map((who) => [name, who, allowed.includes(who), doc, vars] as const));

/** codes that mean the document itself is broken (or the server crashed), not that the role got through */
const BROKEN = ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'INTERNAL', 'INTERNAL_SERVER_ERROR'];

test.each(cases)('%s as %s → allowed: %s', async (_name, who, allowed, doc, vars) => {
  const res = await gql(app.graphqlUrl, doc, vars, tokens.get(who));
  const codes = (res.errors ?? []).map((e) => e.extensions?.code);
  if (allowed) {
    expect(codes).not.toContain('FORBIDDEN');
    expect(codes).not.toContain('UNAUTHENTICATED');
    // a broken document (or a crash) must not pass for "allowed"
    expect((res.errors ?? []).filter((e) => BROKEN.includes(e.extensions?.code as string))).toEqual([]);
  } else {
    expect(codes).toEqual([who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN']);
    expect(res.data === null || Object.values(res.data ?? {}).every((v) => v === null)).toBe(true);
  }
});

describe('ownership', () => {
  const idOf = async (who: Who) => (await gql(app.graphqlUrl, '{ me { id } }', {}, tokens.get(who))).data!.me.id as string;
  const certOf = async (who: Who) => (await gql(app.graphqlUrl, '{ myCertificates { id } }', {}, tokens.get(who))).data!.myCertificates[0].id as string;

  test('a bidder may not request a certificate for another user, and the refusal is audited', async () => {
    const other = await idOf('bidder1');
    const res = await gql(app.graphqlUrl, 'mutation($u: ID!) { issueCertificate(input: {userId: $u, usage: SIGNING, csrPem: "x"}) { errors { code } } }', { u: other }, tokens.get('tenderee'));
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    const audit = await gql(app.graphqlUrl, '{ auditRecords(first: 1, filter: {operation: "issueCertificate", actor: "tenderee"}) { edges { node { outcome errorCode } } } }', {}, tokens.get('supervisor'));
    expect(audit.data!.auditRecords.edges[0].node).toEqual({ outcome: 'DENIED', errorCode: 'FORBIDDEN' });
  });

  test('a user may request a certificate for itself (the CSR is then checked)', async () => {
    const self = await idOf('bidder1');
    const res = await gql(app.graphqlUrl, 'mutation($u: ID!) { issueCertificate(input: {userId: $u, usage: SIGNING, csrPem: "garbage"}) { errors { code } } }', { u: self }, tokens.get('bidder1'));
    expect(res.data!.issueCertificate.errors).toEqual([{ code: 'CSR_INVALID' }]);
  });

  test("a bidder may not revoke another bidder's certificate", async () => {
    const res = await gql(app.graphqlUrl, 'mutation($c: ID!) { revokeCertificate(input: {certificateId: $c, reason: keyCompromise}) { errors { code } } }', { c: await certOf('bidder1') }, await loginAs(app.graphqlUrl, 'bidder2'));
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    const still = await gql(app.graphqlUrl, '{ myCertificates { status } }', {}, tokens.get('bidder1'));
    expect(still.data!.myCertificates.every((c: { status: string }) => c.status === 'VALID')).toBe(true);
  });
});
