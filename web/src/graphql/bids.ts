/** Sealed bids: TypeScript shapes and the operations of the bid page (see api/schema.graphql). */
import type { DateTimeISO, PayloadError } from './types';

export type BidStatus = 'SUBMITTED' | 'REPLACED' | 'WITHDRAWN';

export type BidError = PayloadError;

export interface Bid {
  id: string;
  rev: number;
  status: BidStatus;
  manifestSha256: string;
  bidCmsSha256: string;
  bidCmsSize: number;
  ledgerIndex: number;
  submittedAt: DateTimeISO;
  withdrawnAt: DateTimeISO | null;
  receipt: string;
  lot: { id: string; number: number; title: string };
}

export interface BidProject {
  id: string;
  code: string;
  title: string;
  status: string;
  method: string;
  bidDeadline: DateTimeISO | null;
  openingCertificatePem: string | null;
  lots: { id: string; number: number; title: string }[];
  myRegistration: { id: string; lotNumbers: number[] } | null;
}

export interface BidCertificate {
  id: string;
  pem: string;
  usage: 'SIGNING' | 'ENCRYPTION';
  status: 'VALID' | 'REVOKED' | 'EXPIRED';
  subject: string;
  fingerprintSha256: string;
}

/** The platform-signed receipt (crypto/merkle/receipt.ts), as far as the page shows it. */
export interface ReceiptJson {
  v: string;
  entry: { manifestSha256: string; serverTime: string; [field: string]: unknown };
  logIndex: number;
  inclusionProof: string[];
  checkpoint: string;
  signature: string;
}

const BID_FIELDS = 'id rev status manifestSha256 bidCmsSha256 bidCmsSize ledgerIndex submittedAt withdrawnAt receipt lot { id number title }';

export const BID_PAGE = /* GraphQL */ `
  query BidPage($id: ID!) {
    project(id: $id) {
      id code title status method bidDeadline openingCertificatePem
      lots { id number title }
      myRegistration { id lotNumbers }
    }
    me { id organisation { id name } }
    myCertificates { id pem usage status subject fingerprintSha256 }
  }
`;

export const MY_BIDS = /* GraphQL */ `
  query MyBids($projectId: ID!) { myBids(projectId: $projectId) { ${BID_FIELDS} } }
`;

export const CREATE_BID_UPLOAD = /* GraphQL */ `
  mutation CreateBidUpload($input: CreateBidUploadInput!) {
    createBidUpload(input: $input) { upload { id received } chunkSize errors { code message field } }
  }
`;

export const SUBMIT_BID = /* GraphQL */ `
  mutation SubmitBid($input: SubmitBidInput!) {
    submitBid(input: $input) { bid { ${BID_FIELDS} } receipt errors { code message field } }
  }
`;

export const WITHDRAW_BID = /* GraphQL */ `
  mutation WithdrawBid($input: WithdrawBidInput!) {
    withdrawBid(input: $input) { bid { ${BID_FIELDS} } errors { code message field } }
  }
`;

export const LEDGER_CHECKPOINT = /* GraphQL */ `
  query LedgerCheckpoint { ledgerCheckpoint { note size verifierKey } }
`;

export const LEDGER_CONSISTENCY = /* GraphQL */ `
  query LedgerConsistency($oldSize: Int!, $newSize: Int!) { ledgerConsistencyProof(oldSize: $oldSize, newSize: $newSize) { path } }
`;

export interface CreateBidUploadPayload {
  upload: { id: string; received: number } | null;
  chunkSize: number;
  errors: BidError[];
}

export interface SubmitBidPayload {
  bid: Bid | null;
  receipt: string | null;
  errors: BidError[];
}
