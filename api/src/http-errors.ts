/** Errors of the plain HTTP routes and middleware, in the GraphQL error shape `{ errors: [{ message, extensions: { code } }] }`. */
import type { Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { Context } from './graphql/context';

export type ContextFactory = (req: Request) => Promise<Context>;

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** Run a route; a GraphQLError from parsing input, the bearer token or an access check answers 401, 403 or 400; anything else propagates. */
export async function guarded(res: Response, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const code = String(error.extensions?.code ?? 'BAD_REQUEST');
    sendError(res, code === 'UNAUTHENTICATED' ? 401 : code === 'FORBIDDEN' ? 403 : 400, code, error.message);
  }
}
