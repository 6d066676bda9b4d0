/** The main list queries batch their relations (DataLoader): the number of SQL statements does not grow with the page. */
import { gql, loginAs } from '../support/graphql';
import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;
let statements: string[] = [];
beforeAll(async () => {
  app = await startTestApp({ demo: true, onQuery: (sql) => statements.push(sql) });
});
afterAll(() => app.close());

async function countStatements(query: string, token: string): Promise<number> {
  statements = [];
  const res = await gql(app.graphqlUrl, query, {}, token);
  expect(res.errors).toBeUndefined();
  // the token check reads the user (1) and platform time (1); the rest is the query's own work
  return statements.length;
}

test('users with their organisations: a constant number of statements for 2 or 12 users', async () => {
  const admin = await loginAs(app.graphqlUrl, 'admin');
  const small = await countStatements('{ users(first: 2) { edges { node { username organisation { name } } } } }', admin);
  const large = await countStatements('{ users(first: 12) { edges { node { username organisation { name } } } } }', admin);
  expect(large).toBe(small);
  expect(large).toBeLessThanOrEqual(6);
});

test('the audit trail page is one statement plus its count, however many records it shows', async () => {
  // 50 failed logins by several actors (audited with the actor; the sixth try of each meets a lock).
  // actorUsername and organisationName are columns of audit_record (denormalised at write time), so the
  // page must stay one select whatever it shows
  const actors = ['bidder1', 'bidder2', 'tenderee', 'agent', 'expert1'];
  for (let i = 0; i < 50; i++) {
    const res = await gql(app.graphqlUrl, 'mutation($i: LoginInput!) { login(input: $i) { errors { code } } }', { i: { username: actors[i % actors.length], password: `wrong-${i}` } });
    expect(res.data!.login.errors).toEqual([{ code: i < 5 * actors.length ? 'INVALID_CREDENTIALS' : 'ACCOUNT_LOCKED' }]); // five failures lock
  }
  const supervisor = await loginAs(app.graphqlUrl, 'supervisor');
  const fields = 'id operation outcome actorUsername organisationName';
  const page = await gql(app.graphqlUrl, `{ auditRecords(first: 50, filter: {operation: "login", outcome: FAILED}) { edges { node { ${fields} } } } }`, {}, supervisor);
  expect(page.errors).toBeUndefined();
  const nodes = page.data!.auditRecords.edges.map((e: any) => e.node);
  expect(nodes).toHaveLength(50);
  expect(new Set(nodes.map((n: any) => n.actorUsername))).toEqual(new Set(actors));

  const small = await countStatements(`{ auditRecords(first: 1) { totalCount edges { node { ${fields} } } } }`, supervisor);
  const large = await countStatements(`{ auditRecords(first: 50) { totalCount edges { node { ${fields} } } } }`, supervisor);
  expect(large).toBe(small);
  // token check (user, platform time) + the page + its count
  expect(large).toBeLessThanOrEqual(6);
});
