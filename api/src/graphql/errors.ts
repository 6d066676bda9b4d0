/** Errors a client may see with their code in `extensions.code`. Everything else is masked as INTERNAL. */
import { GraphQLError } from 'graphql';

export class UnauthenticatedError extends GraphQLError {
  constructor(message = 'You need to log in to do this.') {
    super(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  }
}

export class ForbiddenError extends GraphQLError {
  constructor(message = 'Your roles do not allow this.') {
    super(message, { extensions: { code: 'FORBIDDEN' } });
  }
}

export class BadInputError extends GraphQLError {
  constructor(message: string, field?: string) {
    super(message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } });
  }
}

/** A subscriber that fell too far behind is cut off; it resumes with `afterSeq` = the last position it received. */
export class SlowConsumerError extends GraphQLError {
  constructor(message = 'This subscriber fell too far behind and was cut off; subscribe again with afterSeq = the last seq received.') {
    super(message, { extensions: { code: 'SLOW_CONSUMER' } });
  }
}

/** Codes that pass through the error mask unchanged. */
export const CLIENT_ERROR_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'QUERY_TOO_COMPLEX',
  'QUERY_TOO_DEEP',
  'SLOW_CONSUMER',
]);
