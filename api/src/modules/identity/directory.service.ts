/** Organisations and user accounts (administrators register them; supervisors may read them). */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../graphql/context';
import { paginate, type ConnectionArgs, type Page } from '../../graphql/relay';
import type { AuditService } from '../supervision/audit.service';
import { AuditOutcome } from '../supervision/audit-record.entity';
import { IdentityErrorCode, type CreateUserInput, type IdentityError, type OrganisationPayload, type RegisterOrganisationInput, type UserPayload } from './identity.types';
import { Organisation } from './organisation.entity';
import { hashPassword, passwordProblem } from './password';
import { requiresUscc, rolesProblem } from './role-rules';
import type { OrganisationKind } from './roles';
import { User } from './user.entity';
import { USCC_PROBLEM_MESSAGES, usccProblem } from './uscc';

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

export class DirectoryService {
  constructor(private readonly audit: AuditService) {}

  async registerOrganisation(ctx: Context, input: RegisterOrganisationInput): Promise<OrganisationPayload> {
    const name = input.name.trim();
    const uscc = input.uscc?.trim().toUpperCase() || null;
    return ctx.em.transactional(async (em) => {
      const problem = await this.organisationProblem(em, name, input.kind, uscc);
      if (problem) return this.refuse(em, ctx, problem, { organisation: null });
      const organisation = em.create(Organisation, { name, kind: input.kind, uscc });
      await em.flush();
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      return { organisation, errors: [] };
    });
  }

  async createUser(ctx: Context, input: CreateUserInput): Promise<UserPayload> {
    const username = input.username.trim().toLowerCase();
    return ctx.em.transactional(async (em) => {
      const organisation = await em.findOne(Organisation, { id: input.organisationId });
      const problem = await this.userProblem(em, input, username, organisation);
      if (problem) return this.refuse(em, ctx, problem, { user: null });
      const user = em.create(User, {
        username,
        displayName: input.displayName.trim(),
        organisation: organisation!,
        roles: input.roles,
        passwordHash: await hashPassword(input.password),
      });
      await em.flush();
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      return { user, errors: [] };
    });
  }

  async organisations(em: EntityManager, kind: OrganisationKind | undefined, args: ConnectionArgs): Promise<Page<Organisation>> {
    return paginate(em, Organisation, kind ? { kind } : {}, { orderBy: { name: 'asc', id: 'asc' } }, args);
  }

  async users(em: EntityManager, organisationId: string | undefined, args: ConnectionArgs): Promise<Page<User>> {
    return paginate(em, User, organisationId ? { organisation: organisationId } : {}, { orderBy: { username: 'asc' } }, args);
  }

  private async organisationProblem(em: EntityManager, name: string, kind: OrganisationKind, uscc: string | null): Promise<IdentityError | null> {
    if (name.length < 1 || name.length > 200) return { code: IdentityErrorCode.NAME_INVALID, message: 'The name must have 1 to 200 characters.', field: 'name' };
    if (!uscc) return requiresUscc(kind) ? { code: IdentityErrorCode.USCC_REQUIRED, message: `A ${kind} organisation must give its 统一社会信用代码.`, field: 'uscc' } : null;
    const problem = usccProblem(uscc);
    if (problem) return { code: IdentityErrorCode.USCC_INVALID, message: USCC_PROBLEM_MESSAGES[problem], field: 'uscc' };
    if (await em.count(Organisation, { uscc })) return { code: IdentityErrorCode.USCC_TAKEN, message: 'An organisation with this 统一社会信用代码 is already registered.', field: 'uscc' };
    return null;
  }

  private async userProblem(em: EntityManager, input: CreateUserInput, username: string, organisation: Organisation | null): Promise<IdentityError | null> {
    if (!USERNAME.test(username)) return { code: IdentityErrorCode.USERNAME_INVALID, message: 'A username has 2–63 characters: letters, digits, dot, dash, underscore.', field: 'username' };
    const displayName = input.displayName.trim();
    if (displayName.length < 1 || displayName.length > 100) return { code: IdentityErrorCode.NAME_INVALID, message: 'The display name must have 1 to 100 characters.', field: 'displayName' };
    if (!organisation) return { code: IdentityErrorCode.ORGANISATION_NOT_FOUND, message: 'There is no such organisation.', field: 'organisationId' };
    const roles = rolesProblem(input.roles, organisation.kind);
    if (roles) return { code: IdentityErrorCode.ROLES_INVALID, message: roles, field: 'roles' };
    const password = passwordProblem(input.password);
    if (password) return { code: IdentityErrorCode.PASSWORD_WEAK, message: password, field: 'password' };
    if (await em.count(User, { username })) return { code: IdentityErrorCode.USERNAME_TAKEN, message: 'This username is taken.', field: 'username' };
    return null;
  }

  private refuse<T extends object>(em: EntityManager, ctx: Context, error: IdentityError, empty: T): Promise<T & { errors: IdentityError[] }> {
    return this.audit.refuse(em, ctx, [error], empty);
  }
}
