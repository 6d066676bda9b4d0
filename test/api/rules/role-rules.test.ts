import { requiresUscc, rolesProblem } from '../../../api/src/modules/identity/role-rules';
import { OrganisationKind as K, Role as R } from '../../../api/src/modules/identity/roles';

describe('which roles a member of an organisation may hold', () => {
  test.each([
    [[R.BIDDER], K.BIDDER, true],
    [[R.BIDDER], K.TENDEREE, false],
    [[R.TENDEREE], K.TENDEREE, true],
    [[R.AGENT], K.AGENT, true],
    [[R.AGENT], K.BIDDER, false],
    [[R.ADMIN], K.TRADING_CENTRE, true],
    [[R.ADMIN], K.SUPERVISORY_AUTHORITY, false],
    [[R.SUPERVISOR], K.SUPERVISORY_AUTHORITY, true],
    [[R.SUPERVISOR, R.ADMIN], K.TRADING_CENTRE, true],
    [[R.EXPERT], K.BIDDER, true],
    [[R.EXPERT, R.BIDDER], K.BIDDER, true],
    [[], K.BIDDER, false],
    [[R.BIDDER, R.BIDDER], K.BIDDER, false],
  ])('%j in %s → allowed %s', (roles, kind, allowed) => {
    expect(rolesProblem(roles, kind) === null).toBe(allowed);
  });

  test.each([
    [K.BIDDER, true],
    [K.TENDEREE, true],
    [K.AGENT, true],
    [K.TRADING_CENTRE, false],
    [K.SUPERVISORY_AUTHORITY, false],
  ])('%s needs a 统一社会信用代码: %s', (kind, needed) => {
    expect(requiresUscc(kind)).toBe(needed);
  });
});
