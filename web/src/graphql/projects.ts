/** Projects and their lifecycle: TypeScript shapes and the selections the pages share (see api/schema.graphql). */
import type { DateTimeISO, Organisation, User } from './types';

export type ProjectKind = 'GOVERNMENT_PROCUREMENT' | 'CONSTRUCTION' | 'LAND_TRANSFER';
export const PROJECT_KINDS: readonly ProjectKind[] = ['GOVERNMENT_PROCUREMENT', 'CONSTRUCTION', 'LAND_TRANSFER'];

export type ProjectStatus =
  | 'DRAFT'
  | 'PUBLISHED'
  | 'BIDDING'
  | 'SEALED'
  | 'OPENING'
  | 'EVALUATING'
  | 'PUBLICITY'
  | 'SUSPENDED'
  | 'AWARDED'
  | 'CLOSED'
  | 'CANCELLED'
  | 'FAILED'
  | 'LISTING'
  | 'TIMED_BIDDING';
export const PROJECT_STATUSES: readonly ProjectStatus[] = [
  'PUBLISHED',
  'BIDDING',
  'SEALED',
  'OPENING',
  'EVALUATING',
  'PUBLICITY',
  'SUSPENDED',
  'AWARDED',
  'CLOSED',
  'CANCELLED',
  'FAILED',
  'LISTING',
  'TIMED_BIDDING',
];

/** The schedule fields of a project, in the order they happen. */
export const SCHEDULE_FIELDS = ['documentsFrom', 'documentsUntil', 'bidDeadline', 'openingAt', 'listingStart', 'listingEnd'] as const;
export type ScheduleField = (typeof SCHEDULE_FIELDS)[number];
export type Schedule = Record<ScheduleField, DateTimeISO | null>;

export interface Lot {
  number: number;
  title: string;
  budget: string | null;
}

export interface ProjectDocument {
  id: string;
  name: string;
  size: number;
  sha256: string;
  mediaType: string;
  uploadedAt: DateTimeISO;
}

export interface Announcement {
  id: string;
  kind: 'TENDER' | 'AMENDMENT' | 'CANCELLATION' | 'FAILURE';
  title: string;
  body: string;
  publishedAt: DateTimeISO;
}

export interface Clarification {
  id: string;
  question: string;
  askedAt: DateTimeISO;
  answer: string | null;
  answeredAt: DateTimeISO | null;
}

export interface Registration {
  id: string;
  lotNumbers: number[];
  registeredAt: DateTimeISO;
}

export interface ProjectTransition {
  id: string;
  fromStatus: string;
  toStatus: string;
  event: string;
  reason: string | null;
  reasonCode: string | null;
  reasonParams: Record<string, unknown> | null;
  effectiveAt: DateTimeISO;
  recordedAt: DateTimeISO;
}

export interface ProjectSummary extends Schedule {
  id: string;
  code: string;
  title: string;
  kind: ProjectKind;
  method: string;
  status: ProjectStatus;
  publishedAt: DateTimeISO | null;
}

export interface ProjectDetail extends ProjectSummary {
  description: string;
  category: string;
  region: string;
  currency: string;
  budget: string | null;
  estimatedPrice: string | null;
  startPrice: string | null;
  statusReason: string | null;
  statusReasonCode: string | null;
  statusReasonParams: Record<string, unknown> | null;
  tenderee: Organisation;
  agent: Organisation | null;
  lots: Lot[];
  documents: ProjectDocument[];
  announcements: Announcement[];
  clarifications: Clarification[];
  registrationCount: number;
  myRegistration: Registration | null;
  transitions: ProjectTransition[];
  openingCertificatePem: string | null;
  openingKeyShares: { id: string; custodianCertificateSha256: string; shareSha256: string }[];
}

export interface Procedure {
  method: string;
  kind: ProjectKind;
  label: string;
  openingPolicy: 'BIDDER_ONLY' | 'BIDDER_OR_COMMITTEE' | 'COMMITTEE_ONLY' | string;
  minBids: number;
  config: ProcedureConfig;
}

export interface Period {
  n: number;
  unit: 'CALENDAR' | 'WORKING';
}

/** The parts of a procedure config record the pages read (the record holds more). */
export interface ProcedureConfig {
  documentsPeriod?: Period | null;
  deadlinePeriod?: Period | null;
  amendmentNotice?: Period | null;
  announcementBeforeListing?: Period | null;
  listingPeriod?: Period | null;
  openingThreshold?: { k: number; n: number } | null;
}

/** A typed error of a project mutation; schedule errors name the rule and the earliest legal date. */
export interface ProjectError {
  code: string;
  message: string;
  field: string | null;
  rule: string | null;
  earliestLegal: DateTimeISO | null;
}

export interface ProjectPayload {
  project: ProjectDetail | null;
  errors: ProjectError[];
}

export type DeadlineLight = 'GREEN' | 'YELLOW' | 'RED';
export const DEADLINE_LIGHTS: readonly DeadlineLight[] = ['GREEN', 'YELLOW', 'RED'];

export interface DeadlineTimer {
  id: string;
  rule: string;
  label: string;
  light: DeadlineLight;
  startsAt: DateTimeISO;
  dueAt: DateTimeISO;
  completedAt: DateTimeISO | null;
  responsible: Pick<Organisation, 'id' | 'name'> | null;
  project: Pick<ProjectSummary, 'id' | 'code' | 'title'>;
}

export interface Notification {
  id: string;
  kind: string;
  message: string;
  createdAt: DateTimeISO;
}

export const PROJECT_SUMMARY_FIELDS = /* GraphQL */ `
  id code title kind method status publishedAt
  documentsFrom documentsUntil bidDeadline openingAt listingStart listingEnd
`;

export const PROJECT_DETAIL_FIELDS = /* GraphQL */ `
  ${PROJECT_SUMMARY_FIELDS}
  description category region currency budget estimatedPrice startPrice statusReason statusReasonCode statusReasonParams
  tenderee { id name kind uscc }
  agent { id name kind uscc }
  lots { number title budget }
  documents { id name size sha256 mediaType uploadedAt }
  announcements { id kind title body publishedAt }
  clarifications { id question askedAt answer answeredAt }
  registrationCount
  myRegistration { id lotNumbers registeredAt }
  transitions { id fromStatus toStatus event reason reasonCode reasonParams effectiveAt recordedAt }
  openingCertificatePem
  openingKeyShares { id custodianCertificateSha256 shareSha256 }
`;

/** One project with every detail field (the public page, the wizard and the management page). */
export const PROJECT_DETAIL = /* GraphQL */ `
  query Project($id: ID!) { project(id: $id) { ${PROJECT_DETAIL_FIELDS} } }
`;

export const PROJECT_ERROR_FIELDS = 'code message field rule earliestLegal';

export const PROCEDURES = /* GraphQL */ `
  query Procedures { procedures { method kind label openingPolicy minBids config } }
`;

/** Those who run a project: the tenderee's own staff, and the appointed agent's staff. */
export function managesProject(user: User | null, project: Pick<ProjectDetail, 'tenderee' | 'agent'>): boolean {
  if (!user) return false;
  if (user.roles.includes('TENDEREE') && project.tenderee.id === user.organisation.id) return true;
  return user.roles.includes('AGENT') && project.agent?.id === user.organisation.id;
}

/** Fields of the schedule a method needs (as the server checks them at publication). */
export function scheduleFieldsFor(config: ProcedureConfig | undefined): ScheduleField[] {
  if (!config) return ['documentsFrom', 'documentsUntil', 'bidDeadline', 'openingAt'];
  if (config.listingPeriod) return ['listingStart', 'listingEnd'];
  if (config.announcementBeforeListing) return ['listingStart'];
  return config.documentsPeriod ? ['documentsFrom', 'documentsUntil', 'bidDeadline', 'openingAt'] : ['documentsFrom', 'bidDeadline', 'openingAt'];
}
