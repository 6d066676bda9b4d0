/** The expert pool and the verifiable expert draw (see api/schema.graphql). */
import type { DateTimeISO } from './types';

export type ExpertStatus = 'ACTIVE' | 'SUSPENDED' | 'BLACKLISTED';
export type DrawStatus = 'COMMITTING' | 'SNAPSHOT' | 'DRAWN';
export type SeatStatus = 'INVITED' | 'ACCEPTED' | 'DECLINED' | 'TIMED_OUT' | 'RESERVE';
export const RELATION_KINDS = ['RELATIVE', 'SHAREHOLDING', 'FORMER_EMPLOYER', 'OTHER'] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

export interface ExpertProfile {
  id: string;
  code: string;
  name: string;
  employerName: string;
  employerUscc: string | null;
  region: string;
  title: string;
  years: number;
  specialties: string[];
  status: ExpertStatus;
}

export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

export interface SpecialtyView {
  specialty: string;
  count: number;
  reserves: number;
  poolSize: number | null;
  poolHash: string | null;
  seed: string | null;
}

export interface SeatView {
  id: string;
  /** 0: the first draw; n ≥ 1: supplementary round n */
  round: number;
  supplementary: boolean;
  specialty: string;
  position: number;
  code: string;
  name: string | null;
  status: SeatStatus;
  respondBy: DateTimeISO | null;
  declineReason: string | null;
}

export interface SupplementaryRoundView {
  number: number;
  status: 'SNAPSHOT' | 'DRAWN';
  specialties: SpecialtyView[];
  beaconRound: number;
  beaconRandomnessHex: string;
  drawnAt: DateTimeISO | null;
}

export interface DrawView {
  id: string;
  status: DrawStatus;
  evaluationAt: DateTimeISO;
  specialties: SpecialtyView[];
  commitments: string[];
  revealed: number;
  beaconRound: number;
  beaconRandomnessHex: string;
  acceptedCount: number;
  rounds: SupplementaryRoundView[];
  seats: SeatView[] | null;
}

export interface DrawError {
  code: string;
  field: string | null;
  message: string;
}

export interface DrawPayload {
  draw: DrawView | null;
  errors: DrawError[];
}

export interface DrawInputs {
  round: number;
  supplementary: boolean;
  specialty: string;
  inputJson: string;
  draw: string[];
  reserves: string[];
}

const EXPERT_FIELDS = 'id code name employerName employerUscc region title years specialties status';
const DRAW_FIELDS =
  'id status evaluationAt specialties { specialty count reserves poolSize poolHash seed } commitments revealed beaconRound beaconRandomnessHex acceptedCount rounds { number status specialties { specialty count reserves poolSize poolHash seed } beaconRound beaconRandomnessHex drawnAt } seats { id round supplementary specialty position code name status respondBy declineReason }';
const PAYLOAD = `draw { ${DRAW_FIELDS} } errors { code field message }`;

export const EXPERTS = /* GraphQL */ `
  query Experts($specialty: String) { experts(specialty: $specialty) { ${EXPERT_FIELDS} } }
`;
export const IMPORT_EXPERTS = /* GraphQL */ `
  mutation ImportExperts($csv: String!) { importExperts(csv: $csv) { imported errors { row column message } } }
`;
export const MY_EXPERT_PROFILE = /* GraphQL */ `
  query MyExpertProfile { myExpertProfile { ${EXPERT_FIELDS} } }
`;
export const DECLARE_RELATIONS = /* GraphQL */ `
  mutation DeclareRelations($relations: [DeclaredRelationInput!]!) { declareRelations(relations: $relations) { ${EXPERT_FIELDS} } }
`;
export const DECLARE_UNAVAILABILITY = /* GraphQL */ `
  mutation DeclareUnavailability($periods: [UnavailabilityInput!]!) { declareUnavailability(periods: $periods) { ${EXPERT_FIELDS} } }
`;

export const EXPERT_DRAW = /* GraphQL */ `
  query ExpertDraw($projectId: ID!) { expertDraw(projectId: $projectId) { ${DRAW_FIELDS} } }
`;
export const EXPERT_DRAW_INPUTS = /* GraphQL */ `
  query ExpertDrawInputs($projectId: ID!) { expertDrawInputs(projectId: $projectId) { round supplementary specialty inputJson draw reserves } }
`;
export const REQUEST_DRAW = /* GraphQL */ `
  mutation RequestExpertDraw($input: RequestDrawInput!) { requestExpertDraw(input: $input) { ${PAYLOAD} } }
`;
export const COMMIT_DRAW = /* GraphQL */ `
  mutation CommitToDraw($projectId: ID!, $commitmentHex: String!) { commitToDraw(projectId: $projectId, commitmentHex: $commitmentHex) { ${PAYLOAD} } }
`;
export const SNAPSHOT_POOL = /* GraphQL */ `
  mutation SnapshotExpertPool($projectId: ID!) { snapshotExpertPool(projectId: $projectId) { ${PAYLOAD} } }
`;
export const REVEAL_SECRET = /* GraphQL */ `
  mutation RevealDrawSecret($projectId: ID!, $secretHex: String!) { revealDrawSecret(projectId: $projectId, secretHex: $secretHex) { ${PAYLOAD} } }
`;
export const ENTER_BEACON = /* GraphQL */ `
  mutation EnterDrawBeacon($projectId: ID!, $round: Int!, $randomnessHex: String!) { enterDrawBeacon(projectId: $projectId, round: $round, randomnessHex: $randomnessHex) { ${PAYLOAD} } }
`;
export const EXCLUDE_EXPERT = /* GraphQL */ `
  mutation ExcludeExpert($projectId: ID!, $code: String!, $reason: String!) { excludeExpert(projectId: $projectId, code: $code, reason: $reason) { ${PAYLOAD} } }
`;
export const RUN_DRAW = /* GraphQL */ `
  mutation RunExpertDraw($projectId: ID!) { runExpertDraw(projectId: $projectId) { ${PAYLOAD} } }
`;
export const REQUEST_SUPPLEMENTARY = /* GraphQL */ `
  mutation RequestSupplementaryDraw($projectId: ID!, $reserves: Int!) { requestSupplementaryDraw(projectId: $projectId, reserves: $reserves) { ${PAYLOAD} } }
`;
export const SUPPLEMENTARY_BEACON = /* GraphQL */ `
  mutation EnterSupplementaryBeacon($projectId: ID!, $number: Int!, $round: Int!, $randomnessHex: String!) { enterSupplementaryBeacon(projectId: $projectId, number: $number, round: $round, randomnessHex: $randomnessHex) { ${PAYLOAD} } }
`;
export const RUN_SUPPLEMENTARY = /* GraphQL */ `
  mutation RunSupplementaryDraw($projectId: ID!, $number: Int!) { runSupplementaryDraw(projectId: $projectId, number: $number) { ${PAYLOAD} } }
`;

/** An invitation to a committee, as the invited expert sees it. */
export interface Invitation {
  seatId: string;
  projectId: string;
  projectCode: string;
  projectTitle: string;
  specialty: string;
  /** 0: the first draw; n ≥ 1: supplementary round n */
  round: number;
  supplementary: boolean;
  evaluationAt: DateTimeISO;
  status: SeatStatus;
  respondBy: DateTimeISO | null;
}

const INVITATION_FIELDS = 'seatId projectId projectCode projectTitle specialty round supplementary evaluationAt status respondBy';

export const MY_INVITATIONS = /* GraphQL */ `
  query MyInvitations { myInvitations { ${INVITATION_FIELDS} } }
`;
export const INVITATION_RECEIVED = /* GraphQL */ `
  subscription InvitationReceived { invitationReceived(afterSeq: 0) { ${INVITATION_FIELDS} } }
`;
export const RESPOND_TO_INVITATION = /* GraphQL */ `
  mutation RespondToInvitation($seatId: ID!, $accept: Boolean!, $reason: String) { respondToInvitation(seatId: $seatId, accept: $accept, reason: $reason) { errors { code field message } } }
`;
