import { registerEnumType } from 'type-graphql';

/** What a user may do. A user may hold several roles. */
export enum Role {
  ADMIN = 'ADMIN',
  TENDEREE = 'TENDEREE',
  AGENT = 'AGENT',
  BIDDER = 'BIDDER',
  EXPERT = 'EXPERT',
  SUPERVISOR = 'SUPERVISOR',
}
registerEnumType(Role, { name: 'Role', description: 'Platform roles: 管理员, 招标人, 代理机构, 投标人, 评标专家, 监督人员' });

/** Kinds of organisation on the platform. */
export enum OrganisationKind {
  BIDDER = 'BIDDER',
  TENDEREE = 'TENDEREE',
  AGENT = 'AGENT',
  TRADING_CENTRE = 'TRADING_CENTRE',
  SUPERVISORY_AUTHORITY = 'SUPERVISORY_AUTHORITY',
}
registerEnumType(OrganisationKind, { name: 'OrganisationKind' });
