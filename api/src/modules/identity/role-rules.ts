/** Which roles a member of each kind of organisation may hold (pure, table-tested). */
import { OrganisationKind, Role } from './roles';

const ALLOWED: Record<Role, OrganisationKind[] | 'ANY'> = {
  [Role.ADMIN]: [OrganisationKind.TRADING_CENTRE],
  [Role.SUPERVISOR]: [OrganisationKind.SUPERVISORY_AUTHORITY, OrganisationKind.TRADING_CENTRE],
  [Role.TENDEREE]: [OrganisationKind.TENDEREE],
  [Role.AGENT]: [OrganisationKind.AGENT],
  [Role.BIDDER]: [OrganisationKind.BIDDER],
  [Role.EXPERT]: 'ANY',
};

/** null when every role fits the organisation; otherwise a sentence naming the first misfit. */
export function rolesProblem(roles: Role[], kind: OrganisationKind): string | null {
  if (roles.length === 0) return 'A user needs at least one role.';
  if (new Set(roles).size !== roles.length) return 'A role is listed twice.';
  for (const role of roles) {
    const allowed = ALLOWED[role];
    if (allowed !== 'ANY' && !allowed.includes(kind)) return `A member of a ${kind} organisation cannot hold the role ${role}.`;
  }
  return null;
}

/** Organisations that must be identified by a 统一社会信用代码. */
export function requiresUscc(kind: OrganisationKind): boolean {
  return kind === OrganisationKind.BIDDER || kind === OrganisationKind.TENDEREE || kind === OrganisationKind.AGENT;
}
