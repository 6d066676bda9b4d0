/**
 * A project ready for its evaluation: a sealed tender of the three demo bidders, an expert draw that
 * invites the five demo experts (who accept), and an opening run to its published record.
 */
import { canonicalJson } from '../../crypto/canonical-json';
import { reportActMessage, scoresheetMessage } from '../../api/src/modules/evaluation/rules/evaluation-flow';
import { sha256Hex } from '../../api/src/sha256';
import type { TestApp } from './app';
import { gql, loginAs } from './graphql';
import { act, demoCertificate, demoKey, OPENING_AT, sealedTender, sealRecord, sessionOf, signInSignature, unwrapCek, type Party } from './opening';
import { setClock } from './projects';

export const EXPERTS = ['expert1', 'expert2', 'expert3', 'expert4', 'expert5'];
const POOL = ['code,name,username,employer_uscc,employer_name,region,title,years,specialties,status', ...EXPERTS.map((u, i) => `EXP-900${i + 1},专家${i + 1},${u},,某研究院,350100,高级工程师,10,A080101,ACTIVE`)].join('\n');

async function ok(app: TestApp, token: string, mutation: string, vars: Record<string, unknown>): Promise<any> {
  const res = await gql(app.graphqlUrl, mutation, vars, token);
  const payload = res.data && Object.values(res.data)[0];
  if (!payload || payload.errors?.length) throw new Error(`${mutation.slice(0, 60)}: ${JSON.stringify(res)}`);
  return payload;
}

/**
 * The five demo experts are drawn for the project (by default all five seated, no reserves) and the
 * invited ones accept. Returns the usernames seated and those left as reserves (not invited).
 */
export async function drawnCommittee(app: TestApp, projectId: string, evaluationAt: Date, seats: { count: number; reserves: number } = { count: 5, reserves: 0 }): Promise<{ seated: string[]; reserves: string[] }> {
  const admin = await loginAs(app.graphqlUrl, 'admin');
  const imported = await gql(app.graphqlUrl, 'mutation($c: String!) { importExperts(csv: $c) { imported errors { row message } } }', { c: POOL }, admin);
  if (imported.data?.importExperts.errors.length) throw new Error(JSON.stringify(imported.data.importExperts.errors));
  const tenderee = await loginAs(app.graphqlUrl, 'tenderee');
  const draw = '{ errors { code message } }';
  await ok(app, tenderee, `mutation($i: RequestDrawInput!) { requestExpertDraw(input: $i) ${draw} }`, { i: { projectId, evaluationAt, specialties: [{ specialty: 'A080101', ...seats }] } });
  await ok(app, tenderee, `mutation($p: ID!) { snapshotExpertPool(projectId: $p) ${draw} }`, { p: projectId });
  await ok(app, tenderee, `mutation($p: ID!) { runExpertDraw(projectId: $p) ${draw} }`, { p: projectId });
  const seated: string[] = [];
  const reserves: string[] = [];
  for (const username of EXPERTS) {
    const token = await loginAs(app.graphqlUrl, username);
    const [invitation] = (await gql(app.graphqlUrl, '{ myInvitations { seatId } }', {}, token)).data!.myInvitations;
    if (!invitation) {
      reserves.push(username);
      continue;
    }
    await ok(app, token, `mutation($s: ID!) { respondToInvitation(seatId: $s, accept: true) ${draw} }`, { s: invitation.seatId });
    seated.push(username);
  }
  return { seated, reserves };
}

/** Every bidder signs in and decrypts its own bid; the record is read out, fixed, sealed and published. */
export async function publishedOpening(app: TestApp, projectId: string, parties: Party[]): Promise<void> {
  const tenderee = await loginAs(app.graphqlUrl, 'tenderee');
  const must = async (token: string, mutation: string, args: Record<string, unknown>) => {
    const res = await act(app, token, mutation, args);
    if (res.errors.length) throw new Error(`${mutation}: ${JSON.stringify(res.errors)}`);
    return res.session;
  };
  await must(tenderee, 'openOpeningSession', { projectId });
  for (const p of parties) {
    const message = (await sessionOf(app, p.keys.token, projectId)).signInMessage as string;
    await must(p.keys.token, 'signInToOpening', { projectId, certificatePem: p.keys.signing.certPem, signature: signInSignature(message, p.keys.signing.keyPem) });
  }
  await must(tenderee, 'startDecryption', { projectId });
  for (const p of parties) await must(p.keys.token, 'decryptBid', { projectId, bidId: p.bidId, cek: await unwrapCek(p.bidCms, p.keys.encryption.keyPem, p.keys.encryption.certPem) });
  let session = await sessionOf(app, tenderee, projectId);
  if (session.status === 'DECRYPTION') {
    await setClock(app, new Date(OPENING_AT.getTime() + 31 * 60_000));
    session = await must(await loginAs(app.graphqlUrl, 'tenderee'), 'closeDecryption', { projectId });
  }
  const host = await loginAs(app.graphqlUrl, 'tenderee');
  for (const _ of parties) await must(host, 'readOutNextBid', { projectId });
  const finalised = await must(host, 'finaliseOpeningRecord', { projectId });
  await must(host, 'sealOpeningRecord', { projectId, envelope: await sealRecord(app, host, 'tenderee', finalised.recordJson) });
  const supervisor = await loginAs(app.graphqlUrl, 'supervisor');
  const published = await must(supervisor, 'sealOpeningRecord', { projectId, envelope: await sealRecord(app, supervisor, 'supervisor', finalised.recordJson) });
  if (published.status !== 'PUBLISHED') throw new Error(`opening not published: ${published.status}`);
}

/** A project in EVALUATING with its committee drawn and accepted: three bids at the given prices. */
export async function evaluatingProject(app: TestApp, prices: [string, string, string], seats?: { count: number; reserves: number }): Promise<{ projectId: string; parties: Party[]; seated: string[]; reserves: string[] }> {
  const { projectId, parties } = await sealedTender(app, ['bidder1', 'bidder2', 'bidder3'].map((name, i) => ({ name, login: () => loginAs(app.graphqlUrl, name), price: prices[i] })));
  const drawn = await drawnCommittee(app, projectId, new Date(OPENING_AT.getTime() + 86400_000), seats);
  for (const [i, p] of parties.entries()) p.keys.token = await loginAs(app.graphqlUrl, `bidder${i + 1}`);
  await publishedOpening(app, projectId, parties);
  return { projectId, parties, ...drawn };
}

/** Sign a text as a demo user with its demo signing key (what the browser does with the user's PKCS#12). */
export async function signAs(app: TestApp, username: string, text: string): Promise<string> {
  return signInSignature(text, await demoKey(app, username, 'signing'));
}

const EVALUATION_VIEW = `status criteria myMemberId mySheet myReturnedFor sheets aggregate reportDraftSha256 reportJson reportSha256 publicityEndsAt awardJson
  periodEndsAt periodExtendedAt timeInsufficientCount
  members { id seat label name conflictConfirmed isLeader me sheetStatus reportAct saidTimeInsufficient timeInsufficientReason }
  replacements { seat replacedName replacementName reason replacedAt ledgerIndex voidSheetStatus voidSheetSha256 }
  bids { bidId organisationName price files }`;

/**
 * The evaluation steps of one project through the API, as each demo user (tokens cached per user):
 * what the web pages do, for the members a test does not walk through in the browser.
 */
export function evaluationApi(app: TestApp, projectId: string) {
  const tokens: Record<string, string> = {};
  const token = async (username: string) => (tokens[username] ??= await loginAs(app.graphqlUrl, username));
  const view = async (username: string): Promise<any> => {
    const res = await gql(app.graphqlUrl, `query($p: ID!) { evaluation(projectId: $p) { ${EVALUATION_VIEW} } }`, { p: projectId }, await token(username));
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.evaluation;
  };
  const mutate = async (username: string, field: string, args: string, vars: Record<string, unknown>): Promise<any> => {
    const res = await gql(app.graphqlUrl, `mutation(${args}) { r: ${field} { evaluation { ${EVALUATION_VIEW} } errors { code message field details } } }`, vars, await token(username));
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.r;
  };
  const certificate = async (username: string) => demoCertificate(app, await token(username), 'SIGNING');
  return {
    token,
    view,
    mutate,
    start: (username = 'tenderee', tendereeRepUserIds?: string[]) => mutate(username, 'startEvaluation(input: $i)', '$i: StartEvaluationInput!', { i: { projectId, tendereeRepUserIds } }),
    /** rule 12 */
    timeInsufficient: (username: string, reason: string) => mutate(username, 'declareTimeInsufficient(projectId: $p, reason: $r)', '$p: ID!, $r: String!', { p: projectId, r: reason }),
    /** rule 13 */
    replace: (username: string, memberId: string, reason: string) => mutate(username, 'replaceCommitteeMember(input: $i)', '$i: ReplaceCommitteeMemberInput!', { i: { projectId, memberId, reason } }),
    declare: (username: string) => mutate(username, 'declareNoConflict(projectId: $p)', '$p: ID!', { p: projectId }),
    vote: (username: string, memberId: string) => mutate(username, 'voteCommitteeLeader(projectId: $p, memberId: $m)', '$p: ID!, $m: ID!', { p: projectId, m: memberId }),
    /** sign { memberId, ...sheet }'s canonical hash as the web page does, with the user's demo key */
    async submitSheet(username: string, sheet: Record<string, unknown>) {
      const memberId = (await view(username)).myMemberId;
      const message = scoresheetMessage(projectId, memberId, sha256Hex(canonicalJson({ memberId, ...sheet })));
      return mutate(username, 'submitScoresheet(input: $i)', '$i: SubmitScoresheetInput!', { i: { projectId, sheet, certificatePem: await certificate(username), signature: await signAs(app, username, message) } });
    },
    async reportAct(username: string, act: 'SIGN' | 'DISSENT' | 'REFUSE', reason: string | null = null) {
      const v = await view(username);
      const message = reportActMessage(projectId, v.myMemberId, v.reportDraftSha256, act);
      return mutate(username, 'actOnEvaluationReport(input: $i)', '$i: ReportActInput!', { i: { projectId, act, reason, certificatePem: await certificate(username), signature: await signAs(app, username, message) } });
    },
  };
}

/** Expert e's (0-based) score of bid b (0-based) on an item: close to the other experts', so no deviation. */
export function expertScore(maxPoints: string, e: number, b: number): string {
  return (Number(maxPoints) * (0.9 - 0.1 * b) - (Number(maxPoints) >= 10 ? e * 0.25 : 0)).toFixed(2);
}

/** Expert e's whole sheet: every bid passes every qualification item; scores by expertScore. */
export function expertSheet(criteria: any, e: number, bidIds: string[]) {
  const qualification: Record<string, Record<string, boolean>> = {};
  const scores: Record<string, Record<string, string>> = {};
  bidIds.forEach((bidId, b) => {
    qualification[bidId] = Object.fromEntries(criteria.qualification.map((q: any) => [q.key, true]));
    scores[bidId] = Object.fromEntries(criteria.scored.map((item: any) => [item.key, expertScore(item.maxPoints, e, b)]));
  });
  return { qualification, scores, justifications: {} };
}
