/** The GraphQL-over-HTTP audit from the graphql-http package, against the live server: no MUST may fail. */
import { auditServer } from 'graphql-http';
import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ demo: false });
});
afterAll(() => app.close());

test('every MUST of the GraphQL-over-HTTP specification passes', async () => {
  const results = await auditServer({ url: app.graphqlUrl });
  const must = results.filter((r) => r.name.startsWith('MUST'));
  expect(must.length).toBeGreaterThan(10);
  const failed = must.filter((r) => r.status !== 'ok').map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`);
  expect(failed).toEqual([]);
});
