/** GraphQL over WebSocket (graphql-ws) on the same server: authentication by connectionParams, same rules as HTTP. */
import { gql, loginAs, wsClient, wsOnce } from '../support/graphql';
import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ demo: true });
});
afterAll(() => app.close());

test('a token in connectionParams authenticates every operation of the connection', async () => {
  const client = wsClient(app.wsUrl, await loginAs(app.graphqlUrl, 'supervisor'));
  try {
    expect((await wsOnce(client, '{ me { username roles } }')).data).toEqual({ me: { username: 'supervisor', roles: ['SUPERVISOR'] } });
    const audit = await wsOnce(client, '{ auditRecords(first: 1) { totalCount } }');
    expect(audit.data!.auditRecords.totalCount).toBeGreaterThan(0);
  } finally {
    await client.dispose();
  }
});

test('an anonymous connection is anonymous, and authorisation refuses the same as over HTTP', async () => {
  const client = wsClient(app.wsUrl);
  try {
    expect((await wsOnce(client, '{ me { username } }')).data).toEqual({ me: null });
    const denied = await wsOnce(client, '{ auditRecords { totalCount } }');
    expect(denied.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  } finally {
    await client.dispose();
  }
});

test('a bad token closes the connection with 4403 Forbidden', async () => {
  const client = wsClient(app.wsUrl, 'not-a-token');
  try {
    await expect(wsOnce(client, '{ me { username } }')).rejects.toMatchObject({ code: 4403 });
  } finally {
    await client.dispose();
  }
});

test('limits and validation apply over WebSocket as over HTTP', async () => {
  const client = wsClient(app.wsUrl);
  try {
    await expect(wsOnce(client, '{ nope }')).rejects.toEqual([expect.objectContaining({ message: expect.stringMatching(/Cannot query field "nope"/) })]);
    const deep = '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } } }';
    await expect(wsOnce(client, deep)).rejects.toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_DEEP' }) })]);
  } finally {
    await client.dispose();
  }
});

test('errors are masked over WebSocket exactly as over HTTP', async () => {
  const em = app.platform.services.orm.em.fork();
  await em.getConnection().execute('alter table project rename to project_elsewhere');
  const client = wsClient(app.wsUrl);
  try {
    const ws = await wsOnce(client, '{ projects { totalCount } }');
    const http = await gql(app.graphqlUrl, '{ projects { totalCount } }');
    for (const res of [ws, http]) {
      expect(res.errors![0].extensions!.code).toBe('INTERNAL');
      expect(JSON.stringify(res.errors)).not.toMatch(/relation "|project_elsewhere|\.ts:/);
    }
  } finally {
    await em.getConnection().execute('alter table project_elsewhere rename to project');
    await client.dispose();
  }
});

test('the serverTimeTicks subscription streams platform time once a second', async () => {
  const client = wsClient(app.wsUrl);
  const ticks: Date[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const dispose = client.subscribe<{ serverTimeTicks: string }>(
        { query: 'subscription { serverTimeTicks }' },
        {
          next: (value) => {
            ticks.push(new Date(value.data!.serverTimeTicks));
            if (ticks.length === 2) {
              dispose();
              resolve();
            }
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    const gap = ticks[1].getTime() - ticks[0].getTime();
    expect(gap).toBeGreaterThanOrEqual(900);
    expect(gap).toBeLessThan(3000);
  } finally {
    await client.dispose();
  }
});

test('a subscription a role may not use is refused when it starts, not merely emptied', async () => {
  const client = wsClient(app.wsUrl, await loginAs(app.graphqlUrl, 'bidder1'));
  try {
    await expect(wsOnce(client, 'subscription { deadlineLightChanged { id } }')).resolves.toMatchObject({ errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })] });
  } finally {
    await client.dispose();
  }
});
