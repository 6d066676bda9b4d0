import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { authChecker } from './access';
import { auditMutations, maskErrors } from './middleware';
import { CertificateFieldsResolver, IdentityResolver } from '../modules/identity/identity.resolver';
import { ProjectsResolver } from '../modules/projects/projects.resolver';
import { AuditResolver } from '../modules/supervision/audit.resolver';
import { SystemResolver } from '../modules/system/system.resolver';

export const resolvers = [IdentityResolver, CertificateFieldsResolver, AuditResolver, ProjectsResolver, SystemResolver] as const;

export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    globalMiddlewares: [maskErrors, auditMutations],
    validate: { forbidUnknownValues: false },
    // In-process topics; durable cross-process events (LISTEN/NOTIFY) arrive with the events module.
    pubSub: createPubSub(),
  });
}
