/**
 * Every root field and every sensitive field declares who may use it:
 * `@Public()`, `@Authenticated()` or `@Allow(Role.X, …)`. Ownership (e.g. a bidder sees only its own
 * organisation's data) is checked in the services. A test walks the schema and refuses undeclared fields.
 */
import { Authorized, type AuthChecker } from 'type-graphql';
import { ForbiddenError, UnauthenticatedError } from './errors';
import { hasRole, type Context } from './context';
import type { Role } from '../modules/identity/roles';

const PUBLIC = 'PUBLIC';
const AUTHENTICATED = 'AUTHENTICATED';

export const Public = () => Authorized(PUBLIC);
export const Authenticated = () => Authorized(AUTHENTICATED);
export const Allow = (...roles: Role[]) => Authorized(...roles);

export const authChecker: AuthChecker<Context, string> = async ({ context, info, args }, declared) => {
  if (declared.includes(PUBLIC)) return true;
  const isMutation = info.parentType.name === 'Mutation';
  if (!context.actor) {
    if (isMutation) await context.services.audit.recordDenied(context, info.fieldName, args, 'UNAUTHENTICATED');
    throw new UnauthenticatedError();
  }
  if (declared.includes(AUTHENTICATED) || hasRole(context.actor, ...(declared as Role[]))) return true;
  if (isMutation) await context.services.audit.recordDenied(context, info.fieldName, args, 'FORBIDDEN');
  throw new ForbiddenError(`This needs one of the roles ${declared.join(', ')}.`);
};
