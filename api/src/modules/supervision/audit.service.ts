import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor, AuditScope, Context } from '../../graphql/context';
import { paginate, type ConnectionArgs, type Page } from '../../graphql/relay';
import { argumentsDigest } from './arguments-digest';
import { AuditOutcome, AuditRecord } from './audit-record.entity';
import type { AuditFilter } from './audit.types';

/** Who the record names when the act is not by the logged-in actor (a login names the account tried). */
export interface AuditSubject {
  userId?: string | null;
  username?: string | null;
  organisationId?: string | null;
  organisationName?: string | null;
}

export class AuditService {
  begin(operation: string, args: Record<string, unknown>): AuditScope {
    return { operation, argumentsDigest: argumentsDigest(args), written: false };
  }

  /** Write the record of the current mutation inside the caller's transaction. */
  async record(em: EntityManager, ctx: Context, outcome: AuditOutcome, errorCode?: string | null, subject?: AuditSubject): Promise<void> {
    if (!ctx.audit) throw new Error('audit.record called outside a mutation');
    await em.insert(AuditRecord, this.row(ctx, ctx.audit, outcome, errorCode ?? null, subject));
    ctx.audit.written = true;
  }

  /** An expected failure: record it (FAILED with the first error's code) and return the payload with its errors. */
  async refuse<E extends { code: string }, T extends object>(em: EntityManager, ctx: Context, errors: E[], payload: T): Promise<T & { errors: E[] }> {
    await this.record(em, ctx, AuditOutcome.FAILED, errors[0].code);
    return { ...payload, errors };
  }

  /** Write the outcome of a mutation that did not record itself (in its own short transaction). */
  async recordOutcome(ctx: Context, result: { outcome: AuditOutcome; errorCode?: string }): Promise<void> {
    if (!ctx.audit) return;
    await ctx.em.fork().insert(AuditRecord, this.row(ctx, ctx.audit, result.outcome, result.errorCode ?? null));
    ctx.audit.written = true;
  }

  async recordDenied(ctx: Context, operation: string, args: Record<string, unknown>, code: string): Promise<void> {
    await ctx.em.fork().insert(AuditRecord, this.row(ctx, this.begin(operation, args), AuditOutcome.DENIED, code));
  }

  async list(em: EntityManager, filter: AuditFilter | undefined, args: ConnectionArgs): Promise<Page<AuditRecord>> {
    const where: Record<string, unknown> = {};
    if (filter?.operation) where.operation = filter.operation;
    if (filter?.actor) where.actorUsername = filter.actor;
    if (filter?.outcome) where.outcome = filter.outcome;
    if (filter?.from || filter?.to) where.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    return paginate(em, AuditRecord, where, { orderBy: { id: 'desc' } }, args);
  }

  private row(ctx: Context, scope: AuditScope, outcome: AuditOutcome, errorCode: string | null, subject?: AuditSubject) {
    const actor: Actor | null = ctx.actor;
    return {
      actorUserId: subject?.userId ?? actor?.userId ?? null,
      actorUsername: subject?.username ?? actor?.username ?? null,
      organisationId: subject?.organisationId ?? actor?.organisationId ?? null,
      organisationName: subject?.organisationName ?? actor?.organisationName ?? null,
      operation: scope.operation,
      argumentsDigest: scope.argumentsDigest,
      outcome,
      errorCode,
      clientIp: ctx.meta.clientIp,
      correlationId: ctx.meta.correlationId,
    };
  }
}
