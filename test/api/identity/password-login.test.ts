import { SignJWT } from 'jose';
import { gql, loginAs } from '../../support/graphql';
import { startTestApp, type TestApp } from '../../support/app';
import { advanceClock } from '../../support/projects';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ demo: true });
});
afterAll(() => app.close());

const LOGIN = 'mutation($i: LoginInput!) { login(input: $i) { token expiresAt user { username roles organisation { name kind } } errors { code message } } }';
const login = (username: string, password: string) => gql(app.graphqlUrl, LOGIN, { i: { username, password } });
const lastAudit = async (actor: string) => {
  const query = 'query($a: String) { auditRecords(first: 1, filter: {operation: "login", actor: $a}) { edges { node { actorUsername outcome errorCode clientIp argumentsDigest } } } }';
  const res = await gql(app.graphqlUrl, query, { a: actor }, await loginAs(app.graphqlUrl, 'supervisor'));
  const node = res.data?.auditRecords.edges[0]?.node;
  if (!node) throw new Error(`no login audit record for ${actor}: ${JSON.stringify(res)}`);
  return node;
};

test('a correct password returns a short-lived token, the user and its organisation', async () => {
  const res = await login('tenderee', 'demo1234');
  const payload = res.data!.login;
  expect(payload.errors).toEqual([]);
  expect(payload.user).toEqual({ username: 'tenderee', roles: ['TENDEREE'], organisation: { name: '示范市第一人民医院', kind: 'TENDEREE' } });
  const ttl = new Date(payload.expiresAt).getTime() - Date.now();
  expect(ttl).toBeGreaterThan(25 * 60_000);
  expect(ttl).toBeLessThanOrEqual(30 * 60_000);
  const me = await gql(app.graphqlUrl, '{ me { username } }', {}, payload.token);
  expect(me.data!.me).toEqual({ username: 'tenderee' });
  expect(await lastAudit('tenderee')).toMatchObject({ outcome: 'SUCCESS', clientIp: expect.stringMatching(/127\.0\.0\.1/) });
});

test('the password is never in the audit trail: the digest is of redacted arguments', async () => {
  expect((await login('agent', 'demo1234')).data!.login.errors).toEqual([]);
  const first = await lastAudit('agent');
  expect((await login('agent', 'another-password-entirely')).data!.login.errors).toEqual([expect.objectContaining({ code: 'INVALID_CREDENTIALS' })]);
  const second = await lastAudit('agent');
  // two different records (a success, then a failure) …
  expect([first.outcome, second.outcome]).toEqual(['SUCCESS', 'FAILED']);
  expect(first.argumentsDigest).toMatch(/^[0-9a-f]{64}$/);
  expect(second.argumentsDigest).toMatch(/^[0-9a-f]{64}$/);
  // … with the same digest: the passwords differ, so they were not part of it
  expect(second.argumentsDigest).toBe(first.argumentsDigest);
});

test('a wrong password and an unknown user get the same answer, and both are audited', async () => {
  const wrong = await login('bidder3', 'not-the-password');
  const unknown = await login('no-such-user', 'not-the-password');
  expect(wrong.data!.login).toMatchObject({ token: null, errors: [{ code: 'INVALID_CREDENTIALS', message: 'The username or password is wrong.' }] });
  expect(unknown.data!.login.errors).toEqual(wrong.data!.login.errors);
  expect(await lastAudit('bidder3')).toMatchObject({ outcome: 'FAILED', errorCode: 'INVALID_CREDENTIALS' });
  expect(await lastAudit('no-such-user')).toMatchObject({ outcome: 'FAILED', errorCode: 'INVALID_CREDENTIALS' });
});

test('five failed logins lock the account for 15 minutes, even against the right password', async () => {
  for (let i = 0; i < 5; i++) expect((await login('expert2', 'wrong-password')).data!.login.errors[0].code).toBe('INVALID_CREDENTIALS');
  const locked = await login('expert2', 'demo1234');
  expect(locked.data!.login).toMatchObject({ token: null, errors: [{ code: 'ACCOUNT_LOCKED' }] });
  expect(locked.data!.login.errors[0].message).toMatch(/locked .* until \d{4}-/);
  await advanceClock(app, 15 * 60_000 + 1000);
  expect((await login('expert2', 'demo1234')).data!.login.token).toEqual(expect.any(String));
});

test('an expired token is refused with UNAUTHENTICATED (the platform clock decides)', async () => {
  const token = await loginAs(app.graphqlUrl, 'bidder1');
  expect((await gql(app.graphqlUrl, '{ me { username } }', {}, token)).data!.me.username).toBe('bidder1');
  await advanceClock(app, 31 * 60_000);
  const res = await gql(app.graphqlUrl, '{ me { username } }', {}, token);
  expect(res.status).toBe(401);
  expect(res.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  const forged = await gql(app.graphqlUrl, '{ me { username } }', {}, token.slice(0, -4) + 'AAAA');
  expect(forged.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
});

test('a token counts only as the platform signed it: issuer, subject, expiry to the second, a user that still exists', async () => {
  const { services } = app.platform;
  const key = (services.tokens as unknown as { key: Uint8Array }).key; // the platform's token key, to forge near-valid tokens
  const now = Math.floor((await services.clock.now(services.orm.em.fork())).getTime() / 1000);
  const bidder = (await gql(app.graphqlUrl, '{ me { id } }', {}, await loginAs(app.graphqlUrl, 'bidder1'))).data!.me.id as string;
  const token = (claims: { iss?: string; sub?: string; exp?: number }, alg = 'HS256') => {
    const jwt = new SignJWT({}).setProtectedHeader({ alg }).setIssuedAt(now);
    if (claims.iss) jwt.setIssuer(claims.iss);
    if (claims.sub) jwt.setSubject(claims.sub);
    if (claims.exp) jwt.setExpirationTime(claims.exp);
    return jwt.sign(alg === 'HS256' ? key : new TextEncoder().encode('x'.repeat(64)));
  };
  const me = async (t: string) => {
    const res = await gql(app.graphqlUrl, '{ me { username } }', {}, t);
    return res.data?.me?.username ?? res.errors![0].extensions!.code;
  };
  const valid = { iss: 'tenderhall', sub: bidder, exp: now + 60 };
  expect(await me(await token(valid))).toBe('bidder1');
  expect(await me(await token({ ...valid, iss: 'elsewhere' }))).toBe('UNAUTHENTICATED');
  expect(await me(await token({ iss: 'tenderhall', sub: bidder }))).toBe('UNAUTHENTICATED'); // no expiry
  expect(await me(await token({ ...valid, sub: 'bidder1' }))).toBe('UNAUTHENTICATED'); // not a user id
  expect(await me(await token({ ...valid, sub: '00000000-0000-4000-8000-000000000000' }))).toBe('UNAUTHENTICATED'); // no such user
  expect(await me(await token(valid, 'HS512'))).toBe('UNAUTHENTICATED');
  const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(valid)).toString('base64url')}.`;
  expect(await me(unsigned)).toBe('UNAUTHENTICATED');
  // expiry to the second, on platform time
  const expiring = await token({ ...valid, exp: now + 30 });
  await advanceClock(app, 27_000);
  expect(await me(expiring)).toBe('bidder1');
  await advanceClock(app, 3_000);
  expect(await me(expiring)).toBe('UNAUTHENTICATED');
});
