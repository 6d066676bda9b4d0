/** MikroORM on PostgreSQL: entities, migrations, and the advisory-locked migrate step. */
import { DataloaderType } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { ReflectMetadataProvider } from '@mikro-orm/core';
import { migrationsList } from '../../../migrations';
import { Certificate } from '../modules/identity/certificate.entity';
import { LoginChallenge } from '../modules/identity/login-challenge.entity';
import { Organisation } from '../modules/identity/organisation.entity';
import { PlatformSecret } from '../modules/identity/platform-secret.entity';
import { TrustAnchor } from '../modules/identity/trust-anchor.entity';
import { User } from '../modules/identity/user.entity';
import { CalendarDay } from '../modules/projects/calendar-day.entity';
import { Clarification } from '../modules/projects/clarification.entity';
import { DocumentDownload, ProjectDocument } from '../modules/projects/document.entity';
import { Lot } from '../modules/projects/lot.entity';
import { OpeningKeyShare } from '../modules/projects/opening-key-share.entity';
import { ProcedureConfigRecord } from '../modules/projects/procedure-config.entity';
import { Project } from '../modules/projects/project.entity';
import { Announcement, Notification, ProjectTransition, Registration } from '../modules/projects/project-records.entity';
import { Bid, BidUpload } from '../modules/bids/bid.entity';
import { DrawCommitment, DrawRound, DrawSeat, ExpertDraw } from '../modules/experts/draw.entity';
import { Expert } from '../modules/experts/expert.entity';
import { CommitteeShare, OpenedBid, OpeningObjection, OpeningParticipant, OpeningSession, RecordSeal } from '../modules/opening/opening.entity';
import { LedgerCheckpointRecord, LedgerEntry, LedgerHead } from '../modules/ledger/ledger.entity';
import { AuditRecord } from '../modules/supervision/audit-record.entity';
import { DeadlineTimer } from '../modules/supervision/deadline-timer.entity';
import { CommitteeMember, Evaluation, EvaluationChange, PublicityObjection, ScoresheetRow } from '../modules/evaluation/evaluation.entity';
import { Listing, ListingBidder, ListingConfirmationSeal, ListingQuote } from '../modules/listing/listing.entity';

export const entities = [
  Organisation, User, Certificate, TrustAnchor, LoginChallenge, PlatformSecret, AuditRecord,
  Project, Lot, ProcedureConfigRecord, CalendarDay, ProjectTransition, Announcement, Registration, Notification,
  ProjectDocument, DocumentDownload, Clarification, OpeningKeyShare, DeadlineTimer,
  LedgerEntry, LedgerHead, LedgerCheckpointRecord, BidUpload, Bid,
  Expert, ExpertDraw, DrawCommitment, DrawSeat, DrawRound,
  OpeningSession, OpeningParticipant, OpenedBid, OpeningObjection, CommitteeShare, RecordSeal,
  Evaluation, CommitteeMember, ScoresheetRow, EvaluationChange, PublicityObjection,
  Listing, ListingBidder, ListingQuote, ListingConfirmationSeal,
];

/** Every SQL statement passes through `onQuery` (tests count queries with it). */
export function ormOptions(databaseUrl: string, opts: { debug?: boolean; poolMax?: number; onQuery?: (sql: string) => void } = {}): Options {
  return {
    clientUrl: databaseUrl,
    entities,
    metadataProvider: ReflectMetadataProvider,
    discovery: { warnWhenNoEntities: true, requireEntitiesArray: true },
    allowGlobalContext: false,
    dataloader: DataloaderType.ALL,
    forceUtcTimezone: true,
    pool: { min: 0, max: opts.poolMax ?? 10 },
    debug: opts.debug ?? false,
    onQuery: (sql: string) => {
      opts.onQuery?.(sql);
      return sql;
    },
    extensions: [Migrator],
    migrations: { migrationsList, transactional: true, allOrNothing: true, tableName: 'mikro_orm_migrations', silent: true, snapshot: false },
  };
}

/** Apply pending migrations; an advisory lock makes concurrent starts (several API processes) safe. */
export async function migrate(orm: MikroORM): Promise<void> {
  const conn = orm.em.getConnection();
  const knex = conn.getKnex();
  await knex.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(7170001)');
    await orm.getMigrator().up();
  });
}
