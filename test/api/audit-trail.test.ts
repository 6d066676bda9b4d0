/** The audit trail: every mutation leaves a record; the table is append-only; supervisors filter and page through it. */
import { Client } from 'pg';
import { gql, loginAs } from '../support/graphql';
import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;
let supervisor: string;
beforeAll(async () => {
  app = await startTestApp({ demo: true });
  supervisor = await loginAs(app.graphqlUrl, 'supervisor');
});
afterAll(() => app.close());

async function sql<T = any>(text: string): Promise<T[]> {
  const client = new Client({ connectionString: app.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

test('UPDATE, DELETE and TRUNCATE on audit_record are rejected by the database', async () => {
  const [{ count }] = await sql('select count(*)::int as count from audit_record');
  expect(count).toBeGreaterThan(0);
  await expect(sql("update audit_record set outcome = 'SUCCESS'")).rejects.toThrow(/append-only: UPDATE is not allowed/);
  await expect(sql('delete from audit_record')).rejects.toThrow(/append-only: DELETE is not allowed/);
  await expect(sql('truncate audit_record')).rejects.toThrow(/append-only: TRUNCATE is not allowed/);
  expect((await sql('select count(*)::int as count from audit_record'))[0].count).toBe(count);
});

test('a mutation refused by its role is recorded as DENIED with actor, organisation and address', async () => {
  const bidder = await loginAs(app.graphqlUrl, 'bidder2');
  await gql(app.graphqlUrl, 'mutation { registerOrganisation(input: {name: "X", kind: BIDDER}) { errors { code } } }', {}, bidder);
  const res = await gql(app.graphqlUrl, '{ auditRecords(first: 1, filter: {operation: "registerOrganisation", outcome: DENIED}) { edges { node { actorUsername organisationName outcome errorCode clientIp at argumentsDigest } } } }', {}, supervisor);
  const record = res.data!.auditRecords.edges[0].node;
  expect(record).toMatchObject({ actorUsername: 'bidder2', organisationName: '闽江医疗设备有限公司', outcome: 'DENIED', errorCode: 'FORBIDDEN' });
  expect(record.argumentsDigest).toMatch(/^[0-9a-f]{64}$/);
  expect(Math.abs(new Date(record.at).getTime() - Date.now())).toBeLessThan(10_000);
});

test('an anonymous mutation that needs a login is recorded as DENIED / UNAUTHENTICATED', async () => {
  await gql(app.graphqlUrl, 'mutation { createUser(input: {username: "x", displayName: "x", organisationId: "00000000-0000-4000-8000-000000000000", roles: [BIDDER], password: "xxxxxxxx"}) { errors { code } } }');
  const res = await gql(app.graphqlUrl, '{ auditRecords(first: 1, filter: {operation: "createUser"}) { edges { node { actorUsername outcome errorCode } } } }', {}, supervisor);
  expect(res.data!.auditRecords.edges[0].node).toEqual({ actorUsername: null, outcome: 'DENIED', errorCode: 'UNAUTHENTICATED' });
});

test('filters by outcome and actor, and pages with first/after without gaps or repeats', async () => {
  for (let i = 0; i < 7; i++) await gql(app.graphqlUrl, 'mutation { login(input: {username: "pager", password: "wrong-password"}) { token } }');
  const seen: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: any = await gql(app.graphqlUrl, 'query($after: String) { auditRecords(first: 3, after: $after, filter: {actor: "pager", outcome: FAILED}) { totalCount pageInfo { hasNextPage endCursor } edges { node { id operation } } } }', { after }, supervisor);
    const conn = page.data.auditRecords;
    expect(conn.totalCount).toBe(7);
    seen.push(...conn.edges.map((e: any) => e.node.id));
    if (!conn.pageInfo.hasNextPage) break;
    after = conn.pageInfo.endCursor;
  }
  expect(seen).toHaveLength(7);
  expect(new Set(seen).size).toBe(7);
  expect([...seen].sort((a, b) => Number(b) - Number(a))).toEqual(seen); // newest first
});

test('filters by time window (database time)', async () => {
  const from = new Date(Date.now() + 60 * 60_000).toISOString();
  const res = await gql(app.graphqlUrl, 'query($from: DateTimeISO) { auditRecords(filter: {from: $from}) { totalCount } }', { from }, supervisor);
  expect(res.data!.auditRecords.totalCount).toBe(0);
});

test('a garbage cursor is bad input', async () => {
  const res = await gql(app.graphqlUrl, '{ auditRecords(after: "zzz") { totalCount } }', {}, supervisor);
  expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
});
