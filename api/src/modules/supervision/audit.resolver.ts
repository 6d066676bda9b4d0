import { Arg, Args, Ctx, Query, Resolver } from 'type-graphql';
import { Allow } from '../../graphql/access';
import type { Context } from '../../graphql/context';
import { ConnectionArgs } from '../../graphql/relay';
import { Role } from '../identity/roles';
import { AuditRecord } from './audit-record.entity';
import { AuditFilter, AuditRecordConnection } from './audit.types';

@Resolver(() => AuditRecord)
export class AuditResolver {
  @Allow(Role.SUPERVISOR, Role.ADMIN)
  @Query(() => AuditRecordConnection, { description: 'The audit trail, newest first (supervisors and administrators).' })
  auditRecords(
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => AuditFilter, { nullable: true }) filter: AuditFilter | undefined,
    @Ctx() ctx: Context,
  ): Promise<AuditRecordConnection> {
    return ctx.services.audit.list(ctx.em, filter, page);
  }
}
