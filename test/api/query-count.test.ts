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

test('the audit trail page is one statement plus its count', async () => {
  const supervisor = await loginAs(app.graphqlUrl, 'supervisor');
  const small = await countStatements('{ auditRecords(first: 1) { edges { node { id operation } } } }', supervisor);
  const large = await countStatements('{ auditRecords(first: 50) { edges { node { id operation } } } }', supervisor);
  expect(large).toBe(small);
});
