/**
 * A full opening through GraphQL and graphql-ws (issue "live opening hall"): four bidders — two decrypt
 * in their browsers, one fails through its own fault (→ REVOKED), one is opened by the custodians'
 * quorum; an objection is raised and answered; bidders confirm; host and supervisor seal the record;
 * it is published, its hash in the ledger, and the bundle verifies with the CLI.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { usccCheckCharacter } from '../../../api/src/modules/identity/uscc';
import { gql, loginAs, wsClient, wsOnce } from '../../support/graphql';
import { startTestApp, type TestApp } from '../../support/app';
import { runCli, runCliOk } from '../../support/cli';
import { waitFor } from '../../support/wait';
import { setClock } from '../../support/projects';
import { act, OPENING_AT, sealedTender, sealRecord, sealWithWrongCommitment, sessionOf, signInSignature, unwrapCek, unwrappedShare, type Party } from '../../support/opening';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ demo: true });
});
afterAll(() => app.close());


async function fourthBidder(): Promise<string> {
  const existing = await login('bidder4').catch(() => null);
  if (existing) return existing;
  const admin = await loginAs(app.graphqlUrl, 'admin');
  const first17 = '91350100MA0000094';
  const org = await gql(app.graphqlUrl, 'mutation($i: RegisterOrganisationInput!) { registerOrganisation(input: $i) { organisation { id } errors { code message } } }', { i: { kind: 'BIDDER', name: '示范医疗设备四公司', uscc: first17 + usccCheckCharacter(first17) } }, admin);
  const organisationId = org.data!.registerOrganisation.organisation.id;
  const user = await gql(app.graphqlUrl, 'mutation($i: CreateUserInput!) { createUser(input: $i) { errors { code message } } }', { i: { username: 'bidder4', displayName: '投标人 孙丽', organisationId, password: 'Bidder4-pass-2026', roles: ['BIDDER'] } }, admin);
  expect(user.data!.createUser.errors).toEqual([]);
  return login('bidder4');
}

const login = (username: string) => (username === 'bidder4' ? loginAs(app.graphqlUrl, 'bidder4', 'Bidder4-pass-2026') : loginAs(app.graphqlUrl, username));

/** Four bidders; bidder2's tool commits to a key that is not in its package. */
function sealedProject() {
  return sealedTender(app, [
    { name: 'bidder1', login: () => login('bidder1'), price: '980000' },
    { name: 'bidder2', login: () => login('bidder2'), price: '1010000', seal: sealWithWrongCommitment },
    { name: 'bidder3', login: () => login('bidder3'), price: '1050000' },
    { name: 'bidder4', login: fourthBidder, price: '995000.50' },
  ]);
}

test('the whole opening: decrypt, own fault → REVOKED, committee quorum, objection, confirmations, e-seals, published and verified', async () => {
  const { projectId, parties } = await sealedProject();
  const [b1, b2, b3, b4] = parties;
  const tenderee = await loginAs(app.graphqlUrl, 'tenderee');
  const supervisor = await loginAs(app.graphqlUrl, 'supervisor');

  // nothing opens before the session: every step refuses and changes nothing
  expect((await act(app, b1.keys.token, 'decryptBid', { projectId, bidId: b1.bidId, cek: await unwrapCek(b1.bidCms, b1.keys.encryption.keyPem, b1.keys.encryption.certPem) })).errors[0].code).toBe('NOT_FOUND');
  expect(await gql(app.graphqlUrl, 'query($p: ID!) { myOpeningKeyShare(projectId: $p) }', { p: projectId }, supervisor)).toMatchObject({ data: { myOpeningKeyShare: null } });

  // a supervisor watches live from the start; collects every event it may see
  const seen: { seq: number; type: string; payload: any }[] = [];
  const watcher = wsClient(app.wsUrl, supervisor);
  watcher.subscribe<{ openingEvents: (typeof seen)[number] }>(
    { query: 'subscription($p: ID!) { openingEvents(projectId: $p) { seq type payload } }', variables: { p: projectId } },
    { next: (v) => v.data && seen.push(v.data.openingEvents), error: (e) => seen.push({ seq: -1, type: 'ERROR', payload: e }), complete: () => undefined },
  ); // it replays from the start of the stream, so it need not be live before the session opens

  try {
    const opened = await act(app, tenderee, 'openOpeningSession', { projectId });
    expect(opened.errors).toEqual([]);
    expect(opened.session).toMatchObject({ status: 'SIGN_IN', policy: 'BIDDER_OR_COMMITTEE', threshold: 2, isHost: true });
    expect(opened.session.bids.map((b: any) => b.totalPrice)).toEqual([null, null, null, null]);
    // all four uploaded from one address (this test machine): the supervisor sees the signal, bidders do not
    expect((await sessionOf(app, supervisor, projectId)).integrityFlags.map((f: any) => f.kind)).toContain('SAME_IP');
    expect((await sessionOf(app, b1.keys.token, projectId)).integrityFlags).toEqual([]);
    const project = (await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { status } }', { id: projectId })).data!.project;
    expect(project.status).toBe('OPENING');

    // sign-in: a wrong signature is refused; the right one accepted; bidder2 and bidder3 sign in too
    const s1 = await sessionOf(app, b1.keys.token, projectId);
    expect((await act(app, b1.keys.token, 'signInToOpening', { projectId, certificatePem: b1.keys.signing.certPem, signature: signInSignature('something else', b1.keys.signing.keyPem) })).errors[0].code).toBe('SIGNATURE_INVALID');
    for (const p of parties) {
      const message = (await sessionOf(app, p.keys.token, projectId)).signInMessage;
      const signed = await act(app, p.keys.token, 'signInToOpening', { projectId, certificatePem: p.keys.signing.certPem, signature: signInSignature(message, p.keys.signing.keyPem) });
      expect(signed.errors).toEqual([]);
    }
    expect(s1.signInMessage).toContain(s1.id);

    // decryption before the window opens is refused
    expect((await act(app, b1.keys.token, 'decryptBid', { projectId, bidId: b1.bidId, cek: await unwrapCek(b1.bidCms, b1.keys.encryption.keyPem, b1.keys.encryption.certPem) })).errors[0].code).toBe('NOT_ALLOWED_IN_STATE');
    const started = await act(app, tenderee, 'startDecryption', { projectId });
    expect(started.session.status).toBe('DECRYPTION');
    const window = new Date(started.session.decryptionEndsAt).getTime() - OPENING_AT.getTime();
    expect(window).toBeGreaterThanOrEqual(30 * 60_000); // 30 minutes from the start (platform time moves on)
    expect(window).toBeLessThan(31 * 60_000);

    // bidder1 and bidder4 decrypt in their browsers; another bidder's bid is not theirs to open
    expect((await act(app, b1.keys.token, 'decryptBid', { projectId, bidId: b4.bidId, cek: Buffer.alloc(32).toString('base64') })).errors[0].code).toBe('NOT_A_PARTICIPANT');
    for (const p of [b1, b4]) {
      const res = await act(app, p.keys.token, 'decryptBid', { projectId, bidId: p.bidId, cek: await unwrapCek(p.bidCms, p.keys.encryption.keyPem, p.keys.encryption.certPem) });
      const mine = res.session.bids.find((b: any) => b.mine);
      expect(mine).toMatchObject({ decryption: 'DECRYPTED', decryptedBy: 'BIDDER', outcome: 'VALID', totalPrice: p === b1 ? '980000' : '995000.50' });
      expect(res.session.bids.filter((b: any) => !b.mine).every((b: any) => b.totalPrice === null)).toBe(true); // nobody else's price before the read-out
    }
    // bidder2's tool committed to a key that is not in its package: its own attempt fails, and it alone sees why
    const failed = await act(app, b2.keys.token, 'decryptBid', { projectId, bidId: b2.bidId, cek: await unwrapCek(b2.bidCms, b2.keys.encryption.keyPem, b2.keys.encryption.certPem) });
    expect(failed.session.bids.find((b: any) => b.mine)).toMatchObject({ decryption: 'FAILED', failureCode: 'BAD_COMMITMENT', outcome: 'PENDING' });
    const seenByB1 = (await sessionOf(app, b1.keys.token, projectId)).bids.find((b: any) => b.bidId === b2.bidId);
    expect(seenByB1).toMatchObject({ decryption: 'FAILED', failureCode: null, failureReason: null });
    // bidder3 never decrypts (lost its key); the host cannot close the window early
    expect((await act(app, tenderee, 'closeDecryption', { projectId })).errors[0].code).toBe('WINDOW_OPEN');
    await setClock(app, new Date(OPENING_AT.getTime() + 32 * 60_000));
    const late = await loginAs(app.graphqlUrl, 'bidder3');
    expect((await act(app, late, 'decryptBid', { projectId, bidId: b3.bidId, cek: Buffer.alloc(32).toString('base64') })).errors[0].code).toBe('WINDOW_CLOSED');
    const closed = await act(app, await loginAs(app.graphqlUrl, 'tenderee'), 'closeDecryption', { projectId });
    expect(closed.session.status).toBe('COMMITTEE');
    expect(closed.session.bids.map((b: any) => b.decryption)).toEqual(['DECRYPTED', 'PENDING_COMMITTEE', 'PENDING_COMMITTEE', 'DECRYPTED']);

    // the custodians (k = 2 of 3): a forged share is refused, one share rebuilds nothing, two open the rest
    const sup = await loginAs(app.graphqlUrl, 'supervisor');
    const adm = await loginAs(app.graphqlUrl, 'admin');
    const adminShare = await unwrappedShare(app, adm, 'admin', projectId);
    expect(adminShare).toEqual(expect.any(String)); // handed out at the committee stage
    const forged = Buffer.from(adminShare!, 'base64');
    forged[forged.length - 1] ^= 1;
    expect((await act(app, adm, 'submitOpeningKeyShare', { projectId, share: forged.toString('base64') })).errors[0].code).toBe('SHARE_INVALID');
    const notCustodian = await gql(app.graphqlUrl, 'mutation($p: ID!, $s: String!) { submitOpeningKeyShare(projectId: $p, share: $s) { errors { code } } }', { p: projectId, s: forged.toString('base64') }, await loginAs(app.graphqlUrl, 'bidder1'));
    expect(notCustodian.errors![0].extensions!.code).toBe('FORBIDDEN');
    const first = await act(app, sup, 'submitOpeningKeyShare', { projectId, share: (await unwrappedShare(app, sup, 'supervisor', projectId))! });
    expect(first.session).toMatchObject({ status: 'COMMITTEE', sharesSubmitted: 1 });
    const second = await act(app, adm, 'submitOpeningKeyShare', { projectId, share: (await unwrappedShare(app, adm, 'admin', projectId))! });
    expect(second.errors).toEqual([]);
    expect(second.session.status).toBe('READ_OUT');
    const byBid = (s: any, p: Party) => s.bids.find((b: any) => b.bidId === p.bidId);
    expect(byBid(second.session, b3)).toMatchObject({ decryption: 'DECRYPTED', decryptedBy: 'COMMITTEE', outcome: 'VALID' });
    expect(byBid(second.session, b2)).toMatchObject({ outcome: 'REVOKED', claim: false, failureCode: 'BAD_COMMITMENT' });
    const shareRows = await app.platform.services.orm.em.fork().execute<{ n: string }[]>('select count(*) as n from opening_committee_share where share is not null');
    expect(Number(shareRows[0].n)).toBe(0); // no share outlives the rebuild

    // 唱标: each bid in turn; the price becomes public as it is read out
    const host = await loginAs(app.graphqlUrl, 'tenderee');
    let read;
    for (let i = 0; i < 4; i++) read = await act(app, host, 'readOutNextBid', { projectId });
    expect(read!.session.status).toBe('RECORD');
    const b3View = await loginAs(app.graphqlUrl, 'bidder3');
    expect((await sessionOf(app, b3View, projectId)).bids.map((b: any) => b.totalPrice)).toEqual(['980000', null, '1050000', '995000.50']);

    // an objection, answered on the record; the record cannot be finalised while it is open
    const b1t = await loginAs(app.graphqlUrl, 'bidder1');
    const raised = await act(app, b1t, 'raiseOpeningObjection', { projectId, text: '第二家投标人的解密失败是否已核实？' });
    const objectionId = raised.session.objections[0].id;
    expect((await act(app, host, 'finaliseOpeningRecord', { projectId })).errors[0].code).toBe('OBJECTIONS_OPEN');
    expect((await act(app, host, 'answerOpeningObjection', { projectId, objectionId, answer: '已核实：其承诺值与包内密钥不符，属投标人原因。' })).errors).toEqual([]);
    expect((await act(app, b1t, 'confirmOpeningRecord', { projectId, agree: true, note: null })).errors).toEqual([]);
    expect((await act(app, b3View, 'confirmOpeningRecord', { projectId, agree: false, note: null })).errors[0].code).toBe('INPUT_INVALID');
    const finalised = await act(app, host, 'finaliseOpeningRecord', { projectId });
    expect(finalised.session.status).toBe('SEALING');
    const record = JSON.parse(finalised.session.recordJson);
    expect(record).toMatchObject({ validBids: 3, minBids: 3, project: { controlPrice: '1100000.00' } });
    expect(record.bids.map((b: any) => [b.outcome, b.totalPrice, b.decryptedBy])).toEqual([['VALID', '980000', 'BIDDER'], ['REVOKED', null, null], ['VALID', '1050000', 'COMMITTEE'], ['VALID', '995000.50', 'BIDDER']]);
    expect(record.objections[0].answer).toContain('投标人原因');

    // e-seals: a bidder may not seal; a seal over other bytes is refused; host and supervisor publish it
    const badSeal = await sealRecord(app, host, 'tenderee', `${finalised.session.recordJson} `);
    expect((await act(app, host, 'sealOpeningRecord', { projectId, envelope: badSeal })).errors[0].code).toBe('SEAL_INVALID');
    expect((await act(app, host, 'sealOpeningRecord', { projectId, envelope: await sealRecord(app, host, 'tenderee', finalised.session.recordJson) })).errors).toEqual([]);
    const published = await act(app, sup, 'sealOpeningRecord', { projectId, envelope: await sealRecord(app, sup, 'supervisor', finalised.session.recordJson) });
    expect(published.session.status).toBe('PUBLISHED');
    expect((await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { status } }', { id: projectId })).data!.project.status).toBe('EVALUATING');

    // anyone can fetch the bundle and check it offline
    const bundle = (await gql(app.graphqlUrl, 'query($p: ID!) { openingRecordBundle(projectId: $p) }', { p: projectId })).data!.openingRecordBundle;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'record-'));
    fs.writeFileSync(path.join(dir, 'bundle.json'), bundle);
    const key = (await gql(app.graphqlUrl, '{ ledgerCheckpoint { verifierKey } }')).data!.ledgerCheckpoint.verifierKey;
    const verified = JSON.parse(await runCliOk('record', path.join(dir, 'bundle.json'), '--key', key));
    expect(verified).toMatchObject({ valid: 'opening-record', recordSha256: finalised.session.recordSha256 });
    expect(verified.sealAuthorities).not.toMatch(/not pinned/); // the bundle names the platform's seal authority
    expect(verified.seals.map((x: { role: string }) => x.role).sort()).toEqual(['HOST', 'SUPERVISOR']);
    const tampered = JSON.parse(bundle);
    tampered.record = tampered.record.replace('980000', '880000');
    fs.writeFileSync(path.join(dir, 'tampered.json'), JSON.stringify(tampered));
    const refused = await runCli('record', path.join(dir, 'tampered.json'), '--key', key);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^FAIL record: record: its SHA-256 is/);

    // the supervisor saw every step live, in order, without gaps
    const expectedTypes = ['SESSION_OPENED', 'BIDDER_SIGNED_IN', 'DECRYPTION_STARTED', 'BID_DECRYPTED', 'DECRYPTION_FAILED', 'DECRYPTION_CLOSED', 'SHARE_SUBMITTED', 'BID_READ_OUT', 'READ_OUT_DONE', 'OBJECTION_RAISED', 'OBJECTION_ANSWERED', 'RECORD_CONFIRMED', 'RECORD_FINALISED', 'RECORD_SEALED', 'RECORD_PUBLISHED'];
    await waitFor(() => seen.some((e) => e.type === 'RECORD_PUBLISHED'), 'the supervisor to see RECORD_PUBLISHED');
    expect(seen.filter((e) => e.type === 'ERROR')).toEqual([]);
    expect(seen.map((e) => e.seq)).toEqual(seen.map((_, i) => i + 1));
    const firstOf = expectedTypes.map((type) => seen.findIndex((e) => e.type === type));
    expect(firstOf.every((at) => at >= 0)).toBe(true);
    expect(firstOf).toEqual([...firstOf].sort((a, b) => a - b)); // each step's first event comes in the order of the steps
    expect(seen.find((e) => e.type === 'DECRYPTION_FAILED')!.payload).toMatchObject({ code: 'BAD_COMMITMENT' });

    // a bidder reconnecting late with afterSeq gets exactly the rest, filtered for it (no integrity flags, no others' failure reasons)
    const after = 3;
    const lateSeen: { seq: number; type: string; payload: any }[] = [];
    const lateErrors: unknown[] = [];
    const lateClient = wsClient(app.wsUrl, b1t);
    lateClient.subscribe<{ openingEvents: (typeof lateSeen)[number] }>(
      { query: 'subscription($p: ID!, $a: Int!) { openingEvents(projectId: $p, afterSeq: $a) { seq type payload } }', variables: { p: projectId, a: after } },
      { next: (v) => (v.data ? lateSeen.push(v.data.openingEvents) : lateErrors.push(v.errors)), error: (e) => lateErrors.push(e), complete: () => undefined },
    );
    // a last event after everything: once it arrives, nothing before it can still be on its way
    const { eventLog, orm } = app.platform.services;
    await orm.em.fork().transactional((em) => eventLog.append(em, `opening:${projectId}`, 'TEST_SENTINEL', {}));
    await waitFor(() => lateSeen.some((e) => e.type === 'TEST_SENTINEL') || lateErrors.length > 0, 'the late subscriber to reach the end of the stream');
    await lateClient.dispose();
    expect(lateErrors).toEqual([]);
    const visible = seen.filter((e) => e.seq > after && e.type !== 'INTEGRITY_FLAG' && e.type !== 'TEST_SENTINEL');
    expect(lateSeen.filter((e) => e.type !== 'TEST_SENTINEL').map((e) => [e.seq, e.type])).toEqual(visible.map((e) => [e.seq, e.type]));
    expect(lateSeen.find((e) => e.type === 'DECRYPTION_FAILED')!.payload.code).toBeUndefined();
  } finally {
    await watcher.dispose();
  }
});

test('before the session nothing opens; the scheduler closes a passed window; custodians who do not come; a lapsed seal is made again; no valid bid → FAILED', async () => {
  const { projectId, parties } = await sealedProject();
  const [b1] = parties;
  const tenderee = await loginAs(app.graphqlUrl, 'tenderee');
  const supervisor = await loginAs(app.graphqlUrl, 'supervisor');
  const cek = await unwrapCek(b1.bidCms, b1.keys.encryption.keyPem, b1.keys.encryption.certPem);
  // every step of the opening refuses before the session exists, and nothing is written
  const refusals = [
    await act(app, b1.keys.token, 'decryptBid', { projectId, bidId: b1.bidId, cek }),
    await act(app, b1.keys.token, 'signInToOpening', { projectId, certificatePem: b1.keys.signing.certPem, signature: 'x' }),
    await act(app, tenderee, 'startDecryption', { projectId }),
    await act(app, tenderee, 'closeDecryption', { projectId }),
    await act(app, supervisor, 'submitOpeningKeyShare', { projectId, share: Buffer.alloc(40).toString('base64') }),
    await act(app, tenderee, 'readOutNextBid', { projectId }),
    await act(app, tenderee, 'finaliseOpeningRecord', { projectId }),
  ];
  expect(refusals.map((r) => r.errors[0].code)).toEqual(Array(refusals.length).fill('NOT_FOUND'));
  const opened = await app.platform.services.orm.em.fork().execute<{ n: string }[]>("select count(*) as n from ledger_entry where kind = 'opening.unwrap' and data like ?", [`%${projectId}%`]);
  expect(Number(opened[0].n)).toBe(0);

  expect((await act(app, tenderee, 'openOpeningSession', { projectId })).errors).toEqual([]);
  expect((await act(app, tenderee, 'openOpeningSession', { projectId })).errors[0].code).toBe('ALREADY_DONE');
  const message = (await sessionOf(app, b1.keys.token, projectId)).signInMessage;
  expect((await act(app, b1.keys.token, 'signInToOpening', { projectId, certificatePem: b1.keys.signing.certPem, signature: signInSignature(message, b1.keys.signing.keyPem) })).errors).toEqual([]);
  expect((await act(app, tenderee, 'startDecryption', { projectId })).errors).toEqual([]);

  // nobody closes it: the scheduler does once the window has passed
  await setClock(app, new Date(OPENING_AT.getTime() + 31 * 60_000));
  await app.platform.services.projectClock.tick();
  const host = await loginAs(app.graphqlUrl, 'tenderee');
  const after = await sessionOf(app, host, projectId);
  expect(after.status).toBe('COMMITTEE');
  expect(after.bids.map((b: any) => [b.decryption, b.outcome, b.failureCode])).toEqual([
    ['PENDING_COMMITTEE', 'PENDING', null], ['FAILED', 'REVOKED', 'ABSENT'], ['FAILED', 'REVOKED', 'ABSENT'], ['FAILED', 'REVOKED', 'ABSENT'],
  ]);
  // the custodians do not come: the host closes the stage; the bid is withdrawn with a claim, not the bidder's fault
  const closed = await act(app, host, 'closeDecryption', { projectId });
  expect(closed.session.status).toBe('READ_OUT');
  expect(closed.session.bids[0]).toMatchObject({ outcome: 'WITHDRAWN', claim: true, failureCode: 'COMMITTEE_UNAVAILABLE' });

  // the record is read out, fixed and sealed; a seal that lapsed before the second one must be made again
  for (let i = 0; i < 4; i++) expect((await act(app, host, 'readOutNextBid', { projectId })).errors).toEqual([]);
  const finalised = await act(app, host, 'finaliseOpeningRecord', { projectId });
  expect(JSON.parse(finalised.session.recordJson)).toMatchObject({ validBids: 0, minBids: 3 });
  expect((await act(app, host, 'sealOpeningRecord', { projectId, envelope: await sealRecord(app, host, 'tenderee', finalised.session.recordJson) })).errors).toEqual([]);
  await setClock(app, new Date(OPENING_AT.getTime() + 2 * 86400_000)); // two days later
  const [host2, supervisor2] = [await loginAs(app.graphqlUrl, 'tenderee'), await loginAs(app.graphqlUrl, 'supervisor')];
  const second = await act(app, supervisor2, 'sealOpeningRecord', { projectId, envelope: await sealRecord(app, supervisor2, 'supervisor', finalised.session.recordJson) });
  expect(second.errors).toEqual([]);
  expect(second.session.status).toBe('SEALING'); // not published on a lapsed host seal
  const again = await act(app, host2, 'sealOpeningRecord', { projectId, envelope: await sealRecord(app, host2, 'tenderee', finalised.session.recordJson) });
  expect(again.session.status).toBe('PUBLISHED');
  // no valid bid: the opening ends the project (流标), and the published record still verifies offline
  const project = (await gql(app.graphqlUrl, 'query($id: ID!) { project(id: $id) { status statusReason statusReasonCode statusReasonParams transitions { event toStatus reason reasonCode reasonParams } } }', { id: projectId })).data!.project;
  expect(project.status).toBe('FAILED');
  expect(project.statusReason).toContain('at least 3'); // the English sentence stays (ledger, open data)
  // …and beside it a code with its facts, for the pages to say in their own language
  expect(project).toMatchObject({ statusReasonCode: 'TOO_FEW_VALID_BIDS', statusReasonParams: { stage: 'OPENING', validBids: 0, minBids: 3 } });
  expect(project.transitions.at(-1)).toEqual({ event: 'OPENING_DONE', toStatus: 'FAILED', reason: project.statusReason, reasonCode: 'TOO_FEW_VALID_BIDS', reasonParams: { stage: 'OPENING', validBids: 0, minBids: 3 } });
  const bundle = (await gql(app.graphqlUrl, 'query($p: ID!) { openingRecordBundle(projectId: $p) }', { p: projectId })).data!.openingRecordBundle;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'record-')), 'bundle.json');
  fs.writeFileSync(file, bundle);
  const key = (await gql(app.graphqlUrl, '{ ledgerCheckpoint { verifierKey } }')).data!.ledgerCheckpoint.verifierKey;
  expect(JSON.parse(await runCliOk('record', file, '--key', key))).toMatchObject({ valid: 'opening-record', recordSha256: finalised.session.recordSha256 });
});

test('a project cancelled during its opening stops the opening: no step goes on', async () => {
  const { projectId, parties } = await sealedProject();
  const tenderee = await loginAs(app.graphqlUrl, 'tenderee');
  expect((await act(app, tenderee, 'openOpeningSession', { projectId })).errors).toEqual([]);
  const cancelled = await gql(app.graphqlUrl, 'mutation($i: CancelProjectInput!) { cancelProject(input: $i) { project { status } errors { code } } }', { i: { projectId, reason: '采购需求发生重大变化，终止本次采购。' } }, tenderee);
  expect(cancelled.data!.cancelProject).toEqual({ project: { status: 'CANCELLED' }, errors: [] });
  const refused = await act(app, tenderee, 'startDecryption', { projectId });
  expect(refused.errors).toEqual([expect.objectContaining({ code: 'NOT_ALLOWED_IN_STATE', message: expect.stringContaining('CANCELLED') })]);
  const [b1] = parties;
  const message = (await sessionOf(app, b1.keys.token, projectId)).signInMessage;
  expect((await act(app, b1.keys.token, 'signInToOpening', { projectId, certificatePem: b1.keys.signing.certPem, signature: signInSignature(message, b1.keys.signing.keyPem) })).errors[0].code).toBe('NOT_ALLOWED_IN_STATE');
  expect((await sessionOf(app, tenderee, projectId)).status).toBe('SIGN_IN');
});

test("the supervisors' list is live: a session's view comes again, as supervisors see it, after each change; only supervisors watch it", async () => {
  const { projectId, parties } = await sealedProject();
  const [b1] = parties;
  const tenderee = await loginAs(app.graphqlUrl, 'tenderee');
  const supervisor = await loginAs(app.graphqlUrl, 'supervisor');
  const LIST = 'subscription { openingSessionChanged { projectId status bids { organisationName signedInAt } integrityFlags { kind } } }';
  for (const token of [b1.keys.token, tenderee]) {
    const client = wsClient(app.wsUrl, token);
    expect((await wsOnce(client, LIST)).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    await client.dispose();
  }

  expect((await act(app, tenderee, 'openOpeningSession', { projectId })).errors).toEqual([]);
  const views: any[] = [];
  const errors: unknown[] = [];
  const watcher = wsClient(app.wsUrl, supervisor);
  watcher.subscribe<{ openingSessionChanged: any }>({ query: LIST }, { next: (v) => (v.data ? views.push(v.data.openingSessionChanged) : errors.push(v.errors)), error: (e) => errors.push(e), complete: () => undefined });
  try {
    // live only: once an event of the session brings its view, the watcher is listening
    const { eventLog, orm } = app.platform.services;
    await waitFor(async () => {
      await orm.em.fork().transactional((em) => eventLog.append(em, `opening:${projectId}`, 'TEST_SENTINEL', {}));
      return views.length > 0 || errors.length > 0;
    }, 'the list watcher to be live', 20_000, 200);
    expect(errors).toEqual([]);
    expect(views.at(-1)).toMatchObject({ projectId, status: 'SIGN_IN' });
    expect(views.at(-1).bids.every((b: any) => b.signedInAt === null)).toBe(true);

    const message = (await sessionOf(app, b1.keys.token, projectId)).signInMessage;
    expect((await act(app, b1.keys.token, 'signInToOpening', { projectId, certificatePem: b1.keys.signing.certPem, signature: signInSignature(message, b1.keys.signing.keyPem) })).errors).toEqual([]);
    await waitFor(() => views.some((v) => v.bids.some((b: any) => b.signedInAt !== null)), 'the signed-in bidder in the list');
    const after = views.find((v) => v.bids.some((b: any) => b.signedInAt !== null));
    expect(after.projectId).toBe(projectId);
    expect(after.bids.filter((b: any) => b.signedInAt !== null)).toHaveLength(1);
    expect(after.integrityFlags.map((f: any) => f.kind)).toContain('SAME_IP'); // the supervisor's view
    expect(errors).toEqual([]);
  } finally {
    await watcher.dispose();
  }
});
