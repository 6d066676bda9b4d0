/** Short-lived access tokens (JWT, HS256), checked against the platform clock and the current user record. */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SignJWT, jwtVerify } from 'jose';
import type { Clock } from '../../clock';
import type { Actor } from '../../graphql/context';
import { UnauthenticatedError } from '../../graphql/errors';
import { User } from './user.entity';

const ISSUER = 'tenderhall';

export class TokensService {
  constructor(
    private readonly key: Uint8Array,
    private readonly ttlSeconds: number,
    private readonly clock: Clock,
  ) {}

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

  /** The actor a bearer token stands for, with roles as they are now in the database; `now` is the request's platform time. */
  async actor(em: EntityManager, token: string, now: Promise<Date> = this.clock.now(em)): Promise<Actor> {
    let subject: string | undefined;
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'], currentDate: await now });
      subject = payload.sub;
    } catch {
      throw new UnauthenticatedError('Your session token is invalid or has expired; please log in again.');
    }
    const user = subject ? await em.findOne(User, { id: subject }, { populate: ['organisation'] }) : null;
    if (!user) throw new UnauthenticatedError('The account of this session no longer exists.');
    const organisation = user.organisation.getEntity();
    return {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      organisationId: organisation.id,
      organisationName: organisation.name,
    };
  }
}

export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match ? match[1] : null;
}
