/**
 * Every page of the shell, who may open it, and whether it appears in the navigation bar.
 * Later pages (pages/bidder, pages/expert, pages/tenderee …) are added to this table.
 */
import type { ReactNode } from 'react';
import { LoginPage } from '../auth/LoginPage';
import type { Role, User } from '../graphql/types';
import type { MessageKey } from '../i18n';
import { AccountPage } from '../pages/account/AccountPage';
import { OrganisationsPage } from '../pages/admin/OrganisationsPage';
import { ProjectsPage } from '../pages/public/ProjectsPage';
import { AuditTrailPage } from '../pages/supervisor/AuditTrailPage';

/** public: everyone; guest: only when logged out; authenticated: any logged-in user; roles: any one of them */
export type Access = 'public' | 'guest' | 'authenticated' | readonly Role[];

export interface AppRoute {
  /** pattern; `:name` matches one segment */
  path: string;
  title: MessageKey;
  access: Access;
  /** shown in the navigation bar (to those who may open it) */
  nav?: boolean;
  render(params: Record<string, string>): ReactNode;
}

export const ROUTES: readonly AppRoute[] = [
  { path: '/', title: 'nav.projects', access: 'public', nav: true, render: () => <ProjectsPage /> },
  { path: '/login', title: 'login.title', access: 'guest', render: () => <LoginPage /> },
  { path: '/supervision/audit', title: 'nav.audit', access: ['SUPERVISOR', 'ADMIN'], nav: true, render: () => <AuditTrailPage /> },
  { path: '/admin/organisations', title: 'nav.organisations', access: ['ADMIN', 'SUPERVISOR'], nav: true, render: () => <OrganisationsPage /> },
  { path: '/account', title: 'nav.account', access: 'authenticated', nav: true, render: () => <AccountPage /> },
];

export function mayOpen(access: Access, user: User | null): boolean {
  if (access === 'public') return true;
  if (access === 'guest') return !user;
  if (access === 'authenticated') return !!user;
  return !!user && user.roles.some((role) => access.includes(role));
}
