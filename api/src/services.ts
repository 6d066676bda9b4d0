/** The service graph, built once per process and handed to resolvers through the context. */
import { createPubSub } from '@graphql-yoga/subscription';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Clock } from './clock';
import type { Config } from './config';
import { EventLog } from './events/event-log';
import { EventListener } from './events/listener';
import { EventStreams } from './events/streams';
import { CertificatesService } from './modules/identity/certificates.service';
import { DirectoryService } from './modules/identity/directory.service';
import { LoginService } from './modules/identity/login.service';
import { PlatformPkiService } from './modules/identity/platform-pki.service';
import { TokensService } from './modules/identity/tokens.service';
import { AuditService } from './modules/supervision/audit.service';
import { DeadlineLightsService } from './modules/supervision/deadline-lights.service';
import { LedgerService } from './modules/ledger/ledger.service';
import { BidsService } from './modules/bids/bids.service';
import { PostgresChunkStore } from './modules/bids/blob-store';
import { UploadsService } from './modules/bids/uploads.service';
import { DrawsService } from './modules/experts/draws.service';
import { ExpertsService } from './modules/experts/experts.service';
import { CalendarService } from './modules/projects/calendar.service';
import { DocumentsService } from './modules/projects/documents.service';
import { OpeningKeyService } from './modules/projects/opening-key.service';
import { ParticipationService } from './modules/projects/participation.service';
import { ProjectClock } from './modules/projects/project-clock';
import { ProjectsService } from './modules/projects/projects.service';
import { PlatformSecret } from './modules/identity/platform-secret.entity';
import { SealsService } from './modules/seals/seals.service';
import { BidOpener } from './modules/opening/bid-opener';
import { DecryptionService } from './modules/opening/decryption.service';
import { OpeningQueries } from './modules/opening/opening-queries';
import { OpeningService } from './modules/opening/opening.service';
import { OpeningViews } from './modules/opening/opening-views';
import { CommitteeService } from './modules/evaluation/committee.service';
import { EvaluationActs } from './modules/evaluation/evaluation-scope';
import { EvaluationQueries } from './modules/evaluation/evaluation-queries';
import { evaluationView } from './modules/evaluation/evaluation-views';
import { PublicityService } from './modules/evaluation/publicity.service';
import { ReportService } from './modules/evaluation/report.service';
import { CommitteeChangesService } from './modules/evaluation/committee-changes.service';
import { ScoringService } from './modules/evaluation/scoring.service';
import { OpendataService } from './modules/opendata/opendata.service';
import { evaluationOpenData } from './modules/evaluation/open-data-facts';
import { randomBytes } from 'node:crypto';
import { FloorSeal } from './modules/listing/floor-seal';
import { ListingService } from './modules/listing/listing.service';
import { ListingViews } from './modules/listing/listing-views';

export interface Log {
  info: (message: string) => void;
  error: (message: string, error?: unknown) => void;
}

export interface Services {
  config: Config;
  orm: MikroORM;
  log: Log;
  clock: Clock;
  audit: AuditService;
  pki: PlatformPkiService;
  tokens: TokensService;
  login: LoginService;
  directory: DirectoryService;
  certificates: CertificatesService;
  /** In-process topics for type-graphql; domain events go through `eventLog` / `events` (durable, cross-process). */
  pubSub: ReturnType<typeof createPubSub>;
  /** append (in the caller's transaction) and replay durable events */
  eventLog: EventLog;
  /** subscribe to a stream (replay, then live from every process); started and stopped with the platform */
  events: EventStreams;
  calendars: CalendarService;
  ledger: LedgerService;
  lights: DeadlineLightsService;
  projects: ProjectsService;
  participation: ParticipationService;
  documents: DocumentsService;
  projectClock: ProjectClock;
  uploads: UploadsService;
  bids: BidsService;
  experts: ExpertsService;
  draws: DrawsService;
  seals: SealsService;
  opening: OpeningService;
  decryption: DecryptionService;
  openingQueries: OpeningQueries;
  committee: CommitteeService;
  scoring: ScoringService;
  report: ReportService;
  committeeChanges: CommitteeChangesService;
  publicity: PublicityService;
  evaluationQueries: EvaluationQueries;
  opendata: OpendataService;
  listing: ListingService;
}

export function consoleLog(level: Config['logLevel']): Log {
  return {
    info: (message) => level !== 'silent' && console.log(message),
    error: (message, error) => console.error(message, error instanceof Error ? error.stack : (error ?? '')),
  };
}

/** Create the platform's own keys and CA on first start (idempotent, safe with several processes). */
export async function bootstrapPlatform(orm: MikroORM, config: Config): Promise<Services> {
  const clock = Clock.of(config);
  const pki = new PlatformPkiService(clock, config.trustAnchorFiles, config.crlFiles);
  const calendars = new CalendarService();
  const ledger = new LedgerService(clock, config.ledgerOrigin);
  const seals = new SealsService(clock, pki);
  const em = orm.em.fork();
  const tokenKey = await em.transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(7170002)');
    await pki.bootstrap(tx);
    await seals.bootstrap(tx);
    await calendars.seed(tx);
    await ledger.bootstrap(tx);
    if (config.jwtSecret) return config.jwtSecret;
    const stored = await tx.findOne(PlatformSecret, { name: 'token.key' });
    if (stored) return stored.value;
    const value = randomBytes(32).toString('base64');
    tx.create(PlatformSecret, { name: 'token.key', value });
    return value;
  });
  const audit = new AuditService();
  const tokens = new TokensService(new TextEncoder().encode(tokenKey), config.tokenTtlSeconds, clock);
  const log = consoleLog(config.logLevel);
  const pubSub = createPubSub();
  const eventLog = new EventLog();
  const events = new EventStreams(orm, eventLog, new EventListener(orm.config.get('clientUrl')!, log));
  const lights = new DeadlineLightsService(eventLog);
  const projects = new ProjectsService(clock, calendars, lights, ledger, new OpeningKeyService(pki), audit);
  const uploads = new UploadsService(clock, new PostgresChunkStore(), audit, config.maxBidBytes);
  const bids = new BidsService(clock, calendars, pki, ledger, uploads, audit);
  const draws = new DrawsService(clock, ledger, audit, eventLog, config.recentEvaluationDays);
  const openingViews = new OpeningViews(eventLog);
  const opener = new BidOpener(uploads, ledger);
  const opening = new OpeningService(clock, calendars, ledger, eventLog, audit, pki, opener, seals, openingViews);
  const evaluationActs = new EvaluationActs(clock, eventLog, audit, evaluationView);
  const listing = new ListingService(clock, calendars, ledger, eventLog, events, audit, pki, lights, seals, new FloorSeal(clock, pki), new ListingViews(eventLog));
  return {
    config,
    orm,
    log,
    clock,
    audit,
    pki,
    tokens,
    login: new LoginService(clock, tokens, pki, audit),
    directory: new DirectoryService(audit),
    certificates: new CertificatesService(clock, pki, audit),
    pubSub,
    eventLog,
    events,
    calendars,
    ledger,
    lights,
    projects,
    participation: new ParticipationService(clock, projects, lights, audit),
    documents: new DocumentsService(clock, audit),
    projectClock: new ProjectClock(orm, clock, calendars, lights, ledger, bids, draws, opening, log, listing),
    uploads,
    bids,
    experts: new ExpertsService(audit),
    draws,
    seals,
    opening,
    decryption: new DecryptionService(opening.acts, opener, ledger),
    openingQueries: new OpeningQueries(openingViews, events, ledger, pki, seals),
    committee: new CommitteeService(clock, ledger, eventLog, calendars, evaluationActs),
    scoring: new ScoringService(ledger, pki, evaluationActs),
    report: new ReportService(ledger, pki, calendars, evaluationActs, lights),
    committeeChanges: new CommitteeChangesService(ledger, lights, evaluationActs),
    publicity: new PublicityService(ledger, calendars, lights, seals, evaluationActs),
    evaluationQueries: new EvaluationQueries(),
    opendata: new OpendataService(config.ocds, evaluationOpenData),
    listing,
  };
}
