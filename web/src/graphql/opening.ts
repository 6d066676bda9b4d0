/** 开标大厅 (不见面开标): the session snapshot, its live events, and every step of the opening. */
import type { PayloadError } from './types';

export type SessionStatus = 'SIGN_IN' | 'DECRYPTION' | 'COMMITTEE' | 'READ_OUT' | 'RECORD' | 'SEALING' | 'PUBLISHED';
export type DecryptionStatus = 'NOT_YET' | 'DECRYPTED' | 'FAILED' | 'PENDING_COMMITTEE';
export type BidOutcome = 'PENDING' | 'VALID' | 'REVOKED' | 'WITHDRAWN';

export interface OpeningBid {
  id: string;
  bidId: string;
  position: number;
  lotNumber: number;
  organisationName: string;
  mine: boolean;
  signedInAt: string | null;
  decryption: DecryptionStatus;
  decryptedBy: string | null;
  outcome: BidOutcome;
  claim: boolean;
  failureCode: string | null;
  failureReason: string | null;
  readOutAt: string | null;
  totalPrice: string | null;
  durationDays: number | null;
  qualityCommitment: string | null;
  confirmedAt: string | null;
  confirmAgree: boolean | null;
  confirmNote: string | null;
}

export interface OpeningObjection {
  id: string;
  organisationName: string;
  text: string;
  raisedAt: string;
  answer: string | null;
  answeredAt: string | null;
}

export interface IntegrityFlag {
  kind: string;
  severity: string;
  explanation: string;
  organisationIds: string[];
}

export interface OpeningSession {
  id: string;
  projectId: string;
  projectCode: string;
  projectTitle: string;
  controlPrice: string | null;
  status: SessionStatus;
  policy: string;
  openedAt: string;
  decryptionEndsAt: string | null;
  threshold: number;
  sharesSubmitted: number;
  isHost: boolean;
  isCustodian: boolean;
  myShareSubmitted: boolean;
  signInMessage: string | null;
  bids: OpeningBid[];
  objections: OpeningObjection[];
  seals: { role: string; signerName: string; sealedAt: string }[];
  integrityFlags: IntegrityFlag[];
  recordJson: string | null;
  recordSha256: string | null;
  recordLedgerIndex: number | null;
  lastEventSeq: number;
}

export type OpeningError = PayloadError;

/** A row of the supervision list (OPENING_SESSIONS). */
export type OpeningSessionSummary = Pick<OpeningSession, 'id' | 'projectId' | 'projectCode' | 'projectTitle' | 'status' | 'openedAt' | 'lastEventSeq'> & {
  bids: Pick<OpeningBid, 'id' | 'decryption'>[];
  objections: Pick<OpeningObjection, 'id' | 'answer'>[];
  integrityFlags: Pick<IntegrityFlag, 'kind' | 'severity'>[];
};

export interface OpeningPayload {
  session: OpeningSession | null;
  errors: OpeningError[];
}

export interface OpeningEvent {
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

const SESSION_FIELDS = /* GraphQL */ `
  id projectId projectCode projectTitle controlPrice status policy openedAt decryptionEndsAt threshold sharesSubmitted
  isHost isCustodian myShareSubmitted signInMessage lastEventSeq recordJson recordSha256 recordLedgerIndex
  bids { id bidId position lotNumber organisationName mine signedInAt decryption decryptedBy outcome claim failureCode failureReason
    readOutAt totalPrice durationDays qualityCommitment confirmedAt confirmAgree confirmNote }
  objections { id organisationName text raisedAt answer answeredAt }
  seals { role signerName sealedAt }
  integrityFlags { kind severity explanation organisationIds }
`;

const PAYLOAD = `session { ${SESSION_FIELDS} } errors { code message field }`;

export const OPENING_SESSION = /* GraphQL */ `query OpeningSession($projectId: ID!) { openingSession(projectId: $projectId) { ${SESSION_FIELDS} } }`;
/** The supervision list: only what it shows, read once, then kept live by OPENING_SESSION_CHANGED. */
const SUMMARY_FIELDS = 'id projectId projectCode projectTitle status openedAt lastEventSeq bids { id decryption } objections { id answer } integrityFlags { kind severity }';
export const OPENING_SESSIONS = /* GraphQL */ `query OpeningSessions { openingSessions { ${SUMMARY_FIELDS} } }`;
export const OPENING_SESSION_CHANGED = /* GraphQL */ `subscription OpeningSessionChanged { openingSessionChanged { ${SUMMARY_FIELDS} } }`;
export const OPENING_EVENTS = /* GraphQL */ `subscription OpeningEvents($projectId: ID!, $afterSeq: Int!) { openingEvents(projectId: $projectId, afterSeq: $afterSeq) { seq type payload createdAt } }`;
export const MY_OPENING_KEY_SHARE = /* GraphQL */ `query MyOpeningKeyShare($projectId: ID!) { myOpeningKeyShare(projectId: $projectId) }`;
export const MY_SEAL_AND_TIME = /* GraphQL */ `query MySealAndTime { serverTime mySeal { seal { sealId name sealRecordBase64 } errors { code message } } }`;

export const SIGN_IN = /* GraphQL */ `mutation SignInToOpening($projectId: ID!, $certificatePem: String!, $signature: String!) { signInToOpening(projectId: $projectId, certificatePem: $certificatePem, signature: $signature) { ${PAYLOAD} } }`;
export const DECRYPT_BID = /* GraphQL */ `mutation DecryptBid($projectId: ID!, $bidId: ID!, $cek: String!) { decryptBid(projectId: $projectId, bidId: $bidId, cek: $cek) { ${PAYLOAD} } }`;
export const RAISE_OBJECTION = /* GraphQL */ `mutation RaiseOpeningObjection($projectId: ID!, $text: String!) { raiseOpeningObjection(projectId: $projectId, text: $text) { ${PAYLOAD} } }`;
export const CONFIRM_RECORD = /* GraphQL */ `mutation ConfirmOpeningRecord($projectId: ID!, $agree: Boolean!, $note: String) { confirmOpeningRecord(projectId: $projectId, agree: $agree, note: $note) { ${PAYLOAD} } }`;
export const ANSWER_OBJECTION = /* GraphQL */ `mutation AnswerOpeningObjection($projectId: ID!, $objectionId: ID!, $answer: String!) { answerOpeningObjection(projectId: $projectId, objectionId: $objectionId, answer: $answer) { ${PAYLOAD} } }`;
export const SUBMIT_SHARE = /* GraphQL */ `mutation SubmitOpeningKeyShare($projectId: ID!, $share: String!) { submitOpeningKeyShare(projectId: $projectId, share: $share) { ${PAYLOAD} } }`;
export const SEAL_RECORD = /* GraphQL */ `mutation SealOpeningRecord($projectId: ID!, $envelope: String!) { sealOpeningRecord(projectId: $projectId, envelope: $envelope) { ${PAYLOAD} } }`;

/** The host's steps, each `mutation(projectId)`, in the order of the opening. */
export const HOST_STEPS = {
  startDecryption: /* GraphQL */ `mutation StartDecryption($projectId: ID!) { startDecryption(projectId: $projectId) { ${PAYLOAD} } }`,
  closeDecryption: /* GraphQL */ `mutation CloseDecryption($projectId: ID!) { closeDecryption(projectId: $projectId) { ${PAYLOAD} } }`,
  readOutNextBid: /* GraphQL */ `mutation ReadOutNextBid($projectId: ID!) { readOutNextBid(projectId: $projectId) { ${PAYLOAD} } }`,
  finaliseOpeningRecord: /* GraphQL */ `mutation FinaliseOpeningRecord($projectId: ID!) { finaliseOpeningRecord(projectId: $projectId) { ${PAYLOAD} } }`,
} as const;
export type HostStep = keyof typeof HOST_STEPS;
