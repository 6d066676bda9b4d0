/** TypeScript shapes of the GraphQL API the shell uses (see api/schema.graphql). */

export type Role = 'ADMIN' | 'TENDEREE' | 'AGENT' | 'BIDDER' | 'EXPERT' | 'SUPERVISOR';

export type OrganisationKind = 'BIDDER' | 'TENDEREE' | 'AGENT' | 'TRADING_CENTRE' | 'SUPERVISORY_AUTHORITY';
export const ORGANISATION_KINDS: readonly OrganisationKind[] = ['BIDDER', 'TENDEREE', 'AGENT', 'TRADING_CENTRE', 'SUPERVISORY_AUTHORITY'];

export type AuditOutcome = 'SUCCESS' | 'DENIED' | 'FAILED' | 'ERROR';
export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['SUCCESS', 'DENIED', 'FAILED', 'ERROR'];

/** ISO 8601 date-time as the server sends it (scalar DateTimeISO). */
export type DateTimeISO = string;

export interface Organisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  /** 统一社会信用代码 */
  uscc: string | null;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  organisation: Organisation;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<T> {
  totalCount: number;
  pageInfo: PageInfo;
  edges: { cursor: string; node: T }[];
}

export interface Project {
  id: string;
  code: string;
  title: string;
}

export interface Certificate {
  id: string;
  serialHex: string;
  usage: 'SIGNING' | 'ENCRYPTION';
  subject: string;
  notBefore: DateTimeISO;
  notAfter: DateTimeISO;
  revokedAt: DateTimeISO | null;
  status: 'VALID' | 'REVOKED' | 'EXPIRED';
  fingerprintSha256: string;
}

export interface AuditRecord {
  id: string;
  at: DateTimeISO;
  actorUsername: string | null;
  organisationName: string | null;
  operation: string;
  argumentsDigest: string;
  outcome: AuditOutcome;
  errorCode: string | null;
  clientIp: string | null;
}

export interface LoginPayload {
  token: string | null;
  user: User | null;
  errors: { code: string; message: string }[];
}

/** A typed error in a mutation payload (Saleor style). */
export interface PayloadError {
  code: string;
  message: string;
  field?: string | null;
}

export const USER_FIELDS = /* GraphQL */ `
  id
  username
  displayName
  roles
  organisation { id name kind uscc }
`;
