/** Password and certificate login. Every attempt, failed or not, is audited in the same transaction as its effect. */
import { randomBytes } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { verifySignature, type ValidationCode } from '../../../../crypto/pki';
import type { Clock } from '../../clock';
import type { Context } from '../../graphql/context';
import type { AuditService } from '../supervision/audit.service';
import { AuditOutcome } from '../supervision/audit-record.entity';
import { Certificate, CertificateUsage } from './certificate.entity';
import { LoginChallenge as LoginChallengeType, LoginErrorCode, LoginPayload, type CertificateLoginInput, type LoginInput } from './identity.types';
import { LoginChallenge } from './login-challenge.entity';
import { afterFailure, afterSuccess, isLocked } from './lockout';
import { DUMMY_HASH_PROMISE, verifyPassword } from './password';
import type { PlatformPkiService } from './platform-pki.service';
import { FailureWindow } from './failure-window';
import type { TokensService } from './tokens.service';
import { User } from './user.entity';

const CHALLENGE_TTL_MS = 5 * 60_000;

const VALIDATION_TO_LOGIN: Record<ValidationCode, LoginErrorCode> = {
  MALFORMED: LoginErrorCode.CERTIFICATE_MALFORMED,
  UNTRUSTED: LoginErrorCode.CERTIFICATE_UNTRUSTED,
  BAD_SIGNATURE: LoginErrorCode.CERTIFICATE_UNTRUSTED,
  NOT_A_CA: LoginErrorCode.CERTIFICATE_UNTRUSTED,
  PATH_LEN_EXCEEDED: LoginErrorCode.CERTIFICATE_UNTRUSTED,
  EXPIRED: LoginErrorCode.CERTIFICATE_EXPIRED,
  NOT_YET_VALID: LoginErrorCode.CERTIFICATE_NOT_YET_VALID,
  REVOKED: LoginErrorCode.CERTIFICATE_REVOKED,
  WRONG_USAGE: LoginErrorCode.CERTIFICATE_WRONG_USAGE,
};

export function challengeMessage(nonce: string): string {
  return `tenderhall login\nnonce=${nonce}`;
}

export class LoginService {
  /** Failed attempts per client address (30 in 10 minutes), on top of the per-account lock-out. */
  private readonly failuresByAddress = new FailureWindow(30, 10 * 60_000);

  constructor(
    private readonly clock: Clock,
    private readonly tokens: TokensService,
    private readonly pki: PlatformPkiService,
    private readonly audit: AuditService,
  ) {}

  async login(ctx: Context, input: LoginInput): Promise<LoginPayload> {
    const username = input.username.trim().toLowerCase();
    // The slow hash comparison runs before the transaction, so no row lock is held while it works.
    const checked = this.failuresByAddress.full(ctx.meta.clientIp) ? null : await this.checkPassword(ctx.em.fork(), username, input.password);
    return ctx.em.transactional(async (em) => {
      const fail = (code: LoginErrorCode, message: string) => this.fail(em, ctx, code, message, { username });
      if (!checked || this.failuresByAddress.full(ctx.meta.clientIp)) return fail(LoginErrorCode.TOO_MANY_ATTEMPTS, 'Too many failed logins from your address; wait ten minutes and try again.');
      const now = await this.clock.now(em);
      const user = await em.findOne(User, { username }, { populate: ['organisation'], lockMode: LockMode.PESSIMISTIC_WRITE });
      if (user && isLocked(user, now)) {
        return fail(LoginErrorCode.ACCOUNT_LOCKED, `This account is locked after repeated failed logins until ${user.lockedUntil!.toISOString()}.`);
      }
      // the password checked must still be the account's (not changed in between)
      if (!user?.passwordHash || !checked.ok || user.passwordHash !== checked.hash) {
        this.failuresByAddress.add(ctx.meta.clientIp);
        if (user) Object.assign(user, afterFailure(user, now));
        return fail(LoginErrorCode.INVALID_CREDENTIALS, 'The username or password is wrong.');
      }
      Object.assign(user, afterSuccess());
      return this.succeed(em, ctx, user);
    });
  }

  /** Compare the password with the account's hash. An unknown user costs the same comparison: no enumeration by timing. */
  private async checkPassword(em: EntityManager, username: string, password: string): Promise<{ hash: string | null; ok: boolean }> {
    const hash = (await em.findOne(User, { username }))?.passwordHash ?? null;
    return { hash, ok: await verifyPassword(password, hash ?? (await DUMMY_HASH_PROMISE)) };
  }

  async requestChallenge(ctx: Context): Promise<LoginChallengeType> {
    return ctx.em.transactional(async (em) => {
      const now = await this.clock.now(em);
      await em.nativeDelete(LoginChallenge, { expiresAt: { $lt: new Date(now.getTime() - CHALLENGE_TTL_MS) } });
      const nonce = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_MS);
      em.create(LoginChallenge, { nonce, expiresAt });
      return { nonce, expiresAt, message: challengeMessage(nonce) };
    });
  }

  async loginWithCertificate(ctx: Context, input: CertificateLoginInput): Promise<LoginPayload> {
    return ctx.em.transactional(async (em) => {
      const fail = (code: LoginErrorCode, message: string) => this.fail(em, ctx, code, message);
      const now = await this.clock.now(em);
      const challenge = await em.findOne(LoginChallenge, { nonce: input.nonce }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!challenge || challenge.usedAt || challenge.expiresAt <= now) {
        return fail(LoginErrorCode.CHALLENGE_INVALID, 'This login challenge is unknown, used or expired; request a new one.');
      }
      challenge.usedAt = now;
      const validation = await this.pki.validate(em, input.certificatePem, 'SIGNING', now);
      if (!validation.ok) return fail(VALIDATION_TO_LOGIN[validation.code], validation.message);
      const signature = Buffer.from(input.signature, 'base64');
      if (!verifySignature(input.certificatePem, Buffer.from(challengeMessage(challenge.nonce), 'utf8'), signature)) {
        return fail(LoginErrorCode.SIGNATURE_INVALID, 'The signature does not match the challenge and the certificate.');
      }
      const registered = await em.findOne(
        Certificate,
        { fingerprintSha256: validation.leaf.fingerprintSha256, usage: CertificateUsage.SIGNING },
        { populate: ['user', 'user.organisation'] },
      );
      const user = registered?.user?.getEntity();
      if (!user) return fail(LoginErrorCode.CERTIFICATE_UNKNOWN, 'This certificate is valid but not registered to any account.');
      if (isLocked(user, now)) return fail(LoginErrorCode.ACCOUNT_LOCKED, `This account is locked until ${user.lockedUntil!.toISOString()}.`);
      return this.succeed(em, ctx, user);
    });
  }

  private async succeed(em: EntityManager, ctx: Context, user: User): Promise<LoginPayload> {
    const { token, expiresAt } = await this.tokens.issue(em, user);
    const organisation = user.organisation.getEntity();
    await this.audit.record(em, ctx, AuditOutcome.SUCCESS, null, {
      userId: user.id,
      username: user.username,
      organisationId: organisation.id,
      organisationName: organisation.name,
    });
    return Object.assign(new LoginPayload(), { token, expiresAt, user, errors: [] });
  }

  private async fail(em: EntityManager, ctx: Context, code: LoginErrorCode, message: string, subject?: { username: string }): Promise<LoginPayload> {
    await this.audit.record(em, ctx, AuditOutcome.FAILED, code, subject);
    return LoginPayload.failed(code, message);
  }
}
