import { BadInputError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Resolvers parse ids before anything reaches the database: a malformed id is bad input, not an internal error. */
export function requireUuid(value: string, field: string): string {
  if (!UUID.test(value)) throw new BadInputError(`${field} is not a valid id.`, field);
  return value.toLowerCase();
}

export function optionalUuid(value: string | null | undefined, field: string): string | undefined {
  return value == null ? undefined : requireUuid(value, field);
}
