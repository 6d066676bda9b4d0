import type { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema, UseMiddleware } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { authChecker } from './access';
import { auditMutations, maskErrors } from './middleware';
import { CertificateFieldsResolver, IdentityResolver } from '../modules/identity/identity.resolver';
import { BidsResolver } from '../modules/bids/bids.resolver';
import { ExpertsResolver } from '../modules/experts/experts.resolver';
import { LedgerResolver } from '../modules/ledger/ledger.resolver';
import { CalendarResolver } from '../modules/projects/calendar.resolver';
import { ProjectsResolver } from '../modules/projects/projects.resolver';
import { DeadlineLightsResolver } from '../modules/supervision/deadline-lights.resolver';
import { AuditResolver } from '../modules/supervision/audit.resolver';
import { SystemResolver } from '../modules/system/system.resolver';
import { EventsResolver } from '../events/events.resolver';
import { SealsResolver } from '../modules/seals/seals.resolver';
import { OpeningResolver } from '../modules/opening/opening.resolver';
import { EvaluationResolver } from '../modules/evaluation/evaluation.resolver';
import { OpendataResolver } from '../modules/opendata/opendata.resolver';
import { ListingResolver } from '../modules/listing/listing.resolver';

export const resolvers = [IdentityResolver, CertificateFieldsResolver, AuditResolver, ProjectsResolver, CalendarResolver, DeadlineLightsResolver, LedgerResolver, BidsResolver, ExpertsResolver, SystemResolver, EventsResolver, SealsResolver, OpeningResolver, EvaluationResolver, OpendataResolver, ListingResolver] as const;

// As if every resolver class were decorated with @UseMiddleware(maskErrors, auditMutations): the middlewares wrap the
// root fields and field resolvers (after the auth check, as global middlewares would) but not every plain object field.
// Applied once, when this module loads: each application adds to type-graphql's metadata.
for (const resolver of resolvers) UseMiddleware(maskErrors, auditMutations)(resolver);

export function createSchema(pubSub: ReturnType<typeof createPubSub>): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false },
    pubSub,
  });
}
