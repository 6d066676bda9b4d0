/** Who may see and manage a project (pure). */
import { hasRole, type Actor } from '../../graphql/context';
import { Role } from '../identity/roles';
import type { Project } from './project.entity';

/** The tenderee's own staff and the appointed agent's staff run a project. */
export function managesProject(actor: Actor | null, project: Project): boolean {
  if (!actor) return false;
  if (actor.roles.includes(Role.TENDEREE) && project.tenderee.id === actor.organisationId) return true;
  return actor.roles.includes(Role.AGENT) && project.agent?.id === actor.organisationId;
}

/** Published projects are public; drafts only to those who run them, administrators and supervisors. */
export function canSeeProject(actor: Actor | null, project: Project): boolean {
  return !!project.publishedAt || managesProject(actor, project) || hasRole(actor, Role.ADMIN, Role.SUPERVISOR);
}
