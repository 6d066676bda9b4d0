import { gql, loginAs } from '../../support/graphql';
import { startTestApp, type TestApp } from '../../support/app';

let app: TestApp;
let admin: string;
beforeAll(async () => {
  app = await startTestApp({ demo: true });
  admin = await loginAs(app.graphqlUrl, 'admin');
});
afterAll(() => app.close());

const REGISTER = 'mutation($i: RegisterOrganisationInput!) { registerOrganisation(input: $i) { organisation { id name kind uscc } errors { code message field } } }';
const count = async () => (await gql(app.graphqlUrl, '{ organisations { totalCount } }', {}, admin)).data!.organisations.totalCount as number;

test('a bidder company with a valid 统一社会信用代码 is registered (lower case normalised)', async () => {
  const res = await gql(app.graphqlUrl, REGISTER, { i: { name: ' 福州数字城市科技有限公司 ', kind: 'BIDDER', uscc: '91350100m000100y43' } }, admin);
  expect(res.data!.registerOrganisation).toMatchObject({ organisation: { name: '福州数字城市科技有限公司', kind: 'BIDDER', uscc: '91350100M000100Y43' }, errors: [] });
});

test.each([
  [{ name: 'A', kind: 'BIDDER', uscc: '91350100M000100Y44' }, 'USCC_INVALID', /check character/],
  [{ name: 'A', kind: 'BIDDER', uscc: '9135010' }, 'USCC_INVALID', /18 characters/],
  [{ name: 'A', kind: 'BIDDER', uscc: '91350100MO00100Y43' }, 'USCC_INVALID', /capital letters/],
  [{ name: 'A', kind: 'TENDEREE' }, 'USCC_REQUIRED', /统一社会信用代码/],
  [{ name: '   ', kind: 'TRADING_CENTRE' }, 'NAME_INVALID', /1 to 200/],
  [{ name: 'Copy', kind: 'BIDDER', uscc: '91350100MA0000003X' }, 'USCC_TAKEN', /already registered/],
])('%j is refused with %s and changes nothing', async (input, code, message) => {
  const before = await count();
  const res = await gql(app.graphqlUrl, REGISTER, { i: input }, admin);
  expect(res.data!.registerOrganisation.organisation).toBeNull();
  expect(res.data!.registerOrganisation.errors).toEqual([{ code, message: expect.stringMatching(message), field: expect.any(String) }]);
  expect(await count()).toBe(before);
});

test('a wrong enum value is a validation error, not a crash', async () => {
  const res = await gql(app.graphqlUrl, REGISTER, { i: { name: 'A', kind: 'PIRATE' } }, admin);
  expect(res.status).toBe(400);
  expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
});

test('users: roles must fit the organisation, usernames are unique, passwords have 8+ characters', async () => {
  const orgs = await gql(app.graphqlUrl, '{ organisations(kind: BIDDER) { edges { node { id } } } }', {}, admin);
  const bidderOrg = orgs.data!.organisations.edges[0].node.id;
  const create = (input: Record<string, unknown>) =>
    gql(app.graphqlUrl, 'mutation($i: CreateUserInput!) { createUser(input: $i) { user { username roles } errors { code field } } }', { i: { displayName: '新用户', organisationId: bidderOrg, password: 'long-enough', ...input } }, admin);
  expect((await create({ username: 'newbidder', roles: ['BIDDER'] })).data!.createUser).toEqual({ user: { username: 'newbidder', roles: ['BIDDER'] }, errors: [] });
  expect((await create({ username: 'newbidder', roles: ['BIDDER'] })).data!.createUser.errors).toEqual([{ code: 'USERNAME_TAKEN', field: 'username' }]);
  expect((await create({ username: 'sneaky', roles: ['ADMIN'] })).data!.createUser.errors).toEqual([{ code: 'ROLES_INVALID', field: 'roles' }]);
  expect((await create({ username: 'shortpw', roles: ['BIDDER'], password: 'short' })).data!.createUser.errors).toEqual([{ code: 'PASSWORD_WEAK', field: 'password' }]);
  expect((await create({ username: 'Bad Name!', roles: ['BIDDER'] })).data!.createUser.errors).toEqual([{ code: 'USERNAME_INVALID', field: 'username' }]);
  expect((await loginAs(app.graphqlUrl, 'newbidder', 'long-enough')).length).toBeGreaterThan(20);
});
