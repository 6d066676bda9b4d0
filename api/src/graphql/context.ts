import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../modules/identity/roles';
import type { Services } from '../services';

/** Who is acting: resolved from the bearer token on every request and every WebSocket operation. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  roles: Role[];
  organisationId: string;
  organisationName: string;
}

export interface RequestMeta {
  clientIp: string | null;
  userAgent: string | null;
  correlationId: string;
}

/** What the mutation being run has already written to the audit trail (services write inside their transaction). */
export interface AuditScope {
  operation: string;
  argumentsDigest: string;
  written: boolean;
}

export interface Context {
  em: EntityManager;
  actor: Actor | null;
  meta: RequestMeta;
  services: Services;
  audit: AuditScope | null;
  /** Platform time, read once per request. */
  now: () => Promise<Date>;
}

export function hasRole(actor: Actor | null, ...roles: Role[]): boolean {
  return !!actor && roles.some((r) => actor.roles.includes(r));
}
