/** The server as a client meets it: HTTP conventions, bad input, limits, error masking, the schema snapshot. */
import fs from 'node:fs';
import { printedSchema, SCHEMA_FILE } from '../../api/src/graphql/print-schema';
import { gql, loginAs } from '../support/graphql';
import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ demo: true });
});
afterAll(() => app.close());

const auditCount = async () => {
  const token = await loginAs(app.graphqlUrl, 'supervisor');
  const res = await gql(app.graphqlUrl, '{ auditRecords(first: 1) { totalCount } }', {}, token);
  return res.data!.auditRecords.totalCount as number;
};

test('answers { __typename } over HTTP', async () => {
  const res = await gql(app.graphqlUrl, '{ __typename }');
  expect(res).toMatchObject({ status: 200, data: { __typename: 'Query' } });
});

test('serverTime is platform time and follows the movable clock', async () => {
  const before = new Date((await gql(app.graphqlUrl, '{ serverTime }')).data!.serverTime);
  expect(Math.abs(before.getTime() - Date.now())).toBeLessThan(5000);
  const em = app.platform.services.orm.em.fork();
  await app.platform.services.clock.advance(em, 86400_000);
  const after = new Date((await gql(app.graphqlUrl, '{ serverTime }')).data!.serverTime);
  expect(after.getTime() - before.getTime()).toBeGreaterThanOrEqual(86400_000);
  await app.platform.services.clock.advance(em, -86400_000);
});

test('malformed GraphQL is a 400 with a parse error, not a crash', async () => {
  const res = await gql(app.graphqlUrl, '{ me { ');
  expect(res.status).toBe(400);
  expect(res.errors![0].extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
});

test('an unknown field and a wrongly typed variable are validation errors', async () => {
  const unknown = await gql(app.graphqlUrl, '{ nope }');
  expect(unknown.status).toBe(400);
  expect(unknown.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
  const wrongType = await gql(app.graphqlUrl, 'query($n: Int) { projects(first: $n) { totalCount } }', { n: 'many' });
  expect(wrongType.status).toBe(400);
  expect(wrongType.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
});

test('a page larger than 100 is refused with BAD_USER_INPUT', async () => {
  const res = await gql(app.graphqlUrl, '{ projects(first: 101) { totalCount } }');
  expect(res.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  expect(res.errors![0].message).toMatch(/between 1 and 100/);
});

test('a body over the size limit is refused with 413 before parsing, and changes nothing', async () => {
  const before = await auditCount();
  const res = await fetch(app.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `mutation { login(input: {username: "admin", password: "${'x'.repeat(2 * 1024 * 1024)}"}) { token } }` }),
  });
  expect(res.status).toBe(413);
  expect(((await res.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  expect(await auditCount()).toBe(before + 1); // only the supervisor's own login of auditCount()
});

test('a body that is not JSON is a 400 with a clear message', async () => {
  const res = await fetch(app.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
  expect(res.status).toBe(400);
  const body = (await res.json()) as any;
  expect(body.errors[0].message).toMatch(/not valid JSON/);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.js|stack/i);
});

test('queries too deep or too costly are refused', async () => {
  const deep = await gql(app.graphqlUrl, '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } } }');
  expect(deep.errors![0].extensions!.code).toBe('QUERY_TOO_DEEP');
  const fields = Array.from({ length: 30 }, (_, i) => `p${i}: projects(first: 100) { edges { node { id code title kind status } } }`).join(' ');
  const costly = await gql(app.graphqlUrl, `{ ${fields} }`);
  expect(costly.errors![0].extensions!.code).toBe('QUERY_TOO_COMPLEX');
});

test('a malformed id is bad input, not an internal error', async () => {
  const token = await loginAs(app.graphqlUrl, 'admin');
  const res = await gql(app.graphqlUrl, '{ certificates(userId: "not-a-uuid") { id } }', {}, token);
  expect(res.errors![0]).toMatchObject({ message: 'userId is not a valid id.', extensions: { code: 'BAD_USER_INPUT', field: 'userId' } });
});

test('unexpected errors are masked: no SQL, no stack, a correlation id', async () => {
  const em = app.platform.services.orm.em.fork();
  await em.getConnection().execute('alter table project rename to project_elsewhere');
  try {
    const res = await gql(app.graphqlUrl, '{ projects { totalCount } }');
    const error = res.errors![0];
    expect(error.extensions!.code).toBe('INTERNAL');
    expect(error.message).toMatch(/^Internal error; reference [0-9a-f]{8}\.$/);
    expect(JSON.stringify(res)).not.toMatch(/\bselect\b|relation "|project_elsewhere|stack|\.ts:/i);
  } finally {
    await em.getConnection().execute('alter table project_elsewhere rename to project');
  }
});

test('the committed schema snapshot (api/schema.graphql) matches the code', async () => {
  expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(await printedSchema());
});

test('the web app is served at / and the platform CA at /pki/ca.pem', async () => {
  const page = await fetch(`${app.baseUrl}/`, { headers: { accept: 'text/html' } });
  expect(page.status).toBe(200);
  expect(await page.text()).toMatch(/<div id="root">/);
  const ca = await fetch(`${app.baseUrl}/pki/ca.pem`);
  expect(await ca.text()).toMatch(/^-----BEGIN CERTIFICATE-----/);
});
