/**
 * Every page of the shell, who may open it, and whether it appears in the navigation bar.
 * Later pages (pages/bidder, pages/expert, pages/tenderee …) are added to this table.
 */
import type { ReactNode } from 'react';
import { LoginPage } from '../auth/LoginPage';
import type { Role, User } from '../graphql/types';
import type { MessageKey } from '../i18n';
import { AccountPage } from '../pages/account/AccountPage';
import { ExpertsPage } from '../pages/admin/ExpertsPage';
import { OrganisationsPage } from '../pages/admin/OrganisationsPage';
import { BidSealPage } from '../pages/bidder/BidSealPage';
import { NotificationsPage } from '../pages/bidder/NotificationsPage';
import { ListingRoomPage } from '../pages/listing/ListingRoomPage';
import { OpeningHallPage } from '../pages/opening/OpeningHallPage';
import { OpeningSessionsPage } from '../pages/opening/OpeningSessionsPage';
import { EvaluationPage } from '../pages/evaluation/EvaluationPage';
import { ExpertWorkspacePage } from '../pages/expert/ExpertWorkspacePage';
import { ProjectDetailPage } from '../pages/public/ProjectDetailPage';
import { ProjectsPage } from '../pages/public/ProjectsPage';
import { AuditTrailPage } from '../pages/supervisor/AuditTrailPage';
import { DeadlineLightsPage } from '../pages/supervisor/DeadlineLightsPage';
import { DrawSupervisionPage } from '../pages/supervisor/DrawSupervisionPage';
import { ManageProjectPage } from '../pages/tenderee/ManageProjectPage';
import { MyProjectsPage } from '../pages/tenderee/MyProjectsPage';
import { ProjectWizardPage } from '../pages/tenderee/ProjectWizardPage';

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

/** Those who run projects: tenderees (for themselves) and agents (for a tenderee). */
const MANAGERS: readonly Role[] = ['TENDEREE', 'AGENT'];

export const ROUTES: readonly AppRoute[] = [
  { path: '/', title: 'nav.projects', access: 'public', nav: true, render: () => <ProjectsPage /> },
  { path: '/projects/:id', title: 'project.pageTitle', access: 'public', render: ({ id }) => <ProjectDetailPage id={id} /> },
  // reached from the bidder panel of a project page (registered bidders, while the project is BIDDING)
  { path: '/projects/:id/bid', title: 'bid.pageTitle', access: ['BIDDER'], render: ({ id }) => <BidSealPage id={id} /> },
  // 开标大厅: reached from the project page (bidders with a bid, host, supervisors, custodians) and /supervision/openings
  { path: '/projects/:id/opening', title: 'hall.title', access: 'authenticated', render: ({ id }) => <OpeningHallPage id={id} /> },
  // 评标: reached from the project page (committee, supervisors, bidders, the public) and the expert workspace
  { path: '/projects/:id/evaluation', title: 'eval.title', access: 'public', render: ({ id }) => <EvaluationPage id={id} /> },
  // 挂牌竞价室: public watch view; qualified bidders quote, the designated officer enters the floor price
  { path: '/projects/:id/listing', title: 'listing.title', access: 'public', render: ({ id }) => <ListingRoomPage id={id} /> },
  { path: '/login', title: 'login.title', access: 'guest', render: () => <LoginPage /> },
  { path: '/manage/projects', title: 'nav.myProjects', access: MANAGERS, nav: true, render: () => <MyProjectsPage /> },
  { path: '/manage/projects/new', title: 'nav.newProject', access: MANAGERS, nav: true, render: () => <ProjectWizardPage /> },
  { path: '/manage/projects/:id/edit', title: 'wizard.title', access: MANAGERS, render: ({ id }) => <ProjectWizardPage id={id} /> },
  { path: '/manage/projects/:id', title: 'manage.title', access: MANAGERS, render: ({ id }) => <ManageProjectPage id={id} /> },
  { path: '/notifications', title: 'nav.notifications', access: ['BIDDER'], nav: true, render: () => <NotificationsPage /> },
  { path: '/supervision/audit', title: 'nav.audit', access: ['SUPERVISOR', 'ADMIN'], nav: true, render: () => <AuditTrailPage /> },
  // reached from the supervision tabs (the navigation bar keeps one item for supervision)
  { path: '/supervision/lights', title: 'nav.lights', access: ['SUPERVISOR', 'ADMIN'], render: () => <DeadlineLightsPage /> },
  { path: '/supervision/openings', title: 'hall.superviseTitle', access: ['SUPERVISOR', 'ADMIN'], render: () => <OpeningSessionsPage /> },
  // reached from a project's public page (supervisors)
  { path: '/supervision/projects/:id/draw', title: 'draw.superviseTitle', access: ['SUPERVISOR'], render: ({ id }) => <DrawSupervisionPage id={id} /> },
  { path: '/admin/experts', title: 'nav.experts', access: ['ADMIN', 'SUPERVISOR'], nav: true, render: () => <ExpertsPage /> },
  { path: '/expert', title: 'nav.expertWork', access: ['EXPERT'], nav: true, render: () => <ExpertWorkspacePage /> },
  { path: '/admin/organisations', title: 'nav.organisations', access: ['ADMIN', 'SUPERVISOR'], nav: true, render: () => <OrganisationsPage /> },
  { path: '/account', title: 'nav.account', access: 'authenticated', nav: true, render: () => <AccountPage /> },
];

export function mayOpen(access: Access, user: User | null): boolean {
  if (access === 'public') return true;
  if (access === 'guest') return !user;
  if (access === 'authenticated') return !!user;
  return !!user && user.roles.some((role) => access.includes(role));
}
