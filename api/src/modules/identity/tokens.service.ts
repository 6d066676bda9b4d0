/** Short-lived access tokens (JWT, HS256), checked against the platform clock and the current user record. */
import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SignJWT, compactVerify } from 'jose';
import type { Clock } from '../../clock';
import type { Actor } from '../../graphql/context';
import { UnauthenticatedError } from '../../graphql/errors';
import type { Role } from './roles';
import type { User } from './user.entity';

const ISSUER = 'tenderhall';
const INVALID = 'Your session token is invalid or has expired; please log in again.';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class TokensService {
  /** imported once (jose would import the raw key on every verification) */
  private readonly verifyKey: KeyObject;

  constructor(
    private readonly key: Uint8Array,
    private readonly ttlSeconds: number,
    private readonly clock: Clock,
  ) {
    this.verifyKey = createSecretKey(key);
  }

  async issue(em: EntityManager, user: User): Promise<{ token: string; expiresAt: Date }> {
    const now = Math.floor((await this.clock.now(em)).getTime() / 1000);
    const expiresAt = new Date((now + this.ttlSeconds) * 1000);
    // no role or organisation claims: actor() reads them from the database on every request
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setSubject(user.id)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + this.ttlSeconds)
      .sign(this.key);
    return { token, expiresAt };
  }

  /** The actor a bearer token stands for, with roles as they are now in the database. */
  async actor(em: EntityManager, token: string): Promise<Actor> {
    return (await this.session(em, token)).actor;
  }

  /**
   * The actor and the platform time, in one query: the signature and issuer are checked first, then
   * the expiry against platform time (never the server's or the client's clock), then the user as the
   * database has it now.
   */
  async session(em: EntityManager, token: string): Promise<{ actor: Actor; now: Date }> {
    const claims = await this.verifiedClaims(token);
    const [row] = await em.execute<SessionRow[]>(
      `select platform_now() as now, u.id, u.username, u.display_name, u.roles, o.id as organisation_id, o.name as organisation_name
         from (values (1)) as one
         left join app_user u on u.id = ?
         left join organisation o on o.id = u.organisation_id`,
      [claims.sub],
    );
    const now = new Date(row.now);
    if (Math.floor(now.getTime() / 1000) >= claims.exp) throw new UnauthenticatedError(INVALID);
    if (!row.id || !row.organisation_id) throw new UnauthenticatedError('The account of this session no longer exists.');
    const actor: Actor = {
      userId: row.id,
      username: row.username!,
      displayName: row.display_name!,
      roles: row.roles!,
      organisationId: row.organisation_id,
      organisationName: row.organisation_name!,
    };
    return { actor, now };
  }

  /** HS256 signature, issuer, a user id as subject and a numeric expiry; the expiry is checked by the caller. */
  private async verifiedClaims(token: string): Promise<{ sub: string; exp: number }> {
    try {
      const { payload } = await compactVerify(token, this.verifyKey, { algorithms: ['HS256'] });
      const claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
      if (claims.iss === ISSUER && typeof claims.sub === 'string' && UUID.test(claims.sub) && typeof claims.exp === 'number') return { sub: claims.sub, exp: claims.exp };
    } catch {
      // below
    }
    throw new UnauthenticatedError(INVALID);
  }
}

interface SessionRow {
  now: Date | string;
  id: string | null;
  username: string | null;
  display_name: string | null;
  roles: Role[] | null;
  organisation_id: string | null;
  organisation_name: string | null;
}

export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match ? match[1] : null;
}
