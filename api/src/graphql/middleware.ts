/**
 * Middlewares of every resolver class (see schema.ts), applied alike to HTTP and WebSocket operations:
 * - maskErrors: unexpected errors reach the client as INTERNAL with a correlation id (no SQL, no stack);
 * - auditMutations: every mutation leaves an audit record (services may write it inside their own transaction).
 */
import { GraphQLError } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import { CLIENT_ERROR_CODES } from './errors';
import type { Context } from './context';
import { AuditOutcome } from '../modules/supervision/audit-record.entity';

export const maskErrors: MiddlewareFn<Context> = async ({ context, info }, next) => {
  try {
    return await next();
  } catch (error) {
    if (error instanceof GraphQLError) {
      if (CLIENT_ERROR_CODES.has(String(error.extensions?.code ?? ''))) throw error;
    }
    const { correlationId } = context.meta;
    context.services.log.error(`[${correlationId}] ${info.parentType.name}.${info.fieldName} failed`, error);
    throw new GraphQLError(`Internal error; reference ${correlationId}.`, { extensions: { code: 'INTERNAL', correlationId } });
  }
};

export const auditMutations: MiddlewareFn<Context> = async ({ context, info, args }, next) => {
  if (info.parentType.name !== 'Mutation' || info.path.prev) return next();
  const audit = context.services.audit;
  context.audit = audit.begin(info.fieldName, args);
  try {
    const result = await next();
    if (!context.audit.written) await audit.recordOutcome(context, payloadOutcome(result));
    return result;
  } catch (error) {
    if (!context.audit.written) {
      const code = error instanceof GraphQLError ? String(error.extensions?.code ?? 'INTERNAL') : 'INTERNAL';
      const outcome = code === 'FORBIDDEN' || code === 'UNAUTHENTICATED' ? AuditOutcome.DENIED : AuditOutcome.ERROR;
      await audit.recordOutcome(context, { outcome, errorCode: code }).catch((e) => context.services.log.error('audit write failed', e));
    }
    throw error;
  }
};

/** A payload with `errors: [{ code }]` is an expected failure. */
function payloadOutcome(result: unknown): { outcome: AuditOutcome; errorCode?: string } {
  const errors = (result as { errors?: { code?: string }[] } | null)?.errors;
  if (Array.isArray(errors) && errors.length > 0) return { outcome: AuditOutcome.FAILED, errorCode: errors[0].code };
  return { outcome: AuditOutcome.SUCCESS };
}
