/**
 * The opening record (开标记录表, DOMAIN rule 8) as data: per bid the bidder, price, duration, quality
 * commitment, bond status and decryption outcome; the project, the times, the control price; the
 * objections with their answers and the bidders' confirmations. Its RFC 8785 canonical JSON is what
 * the host and the supervisor seal and what the ledger fixes (by hash).
 */
import { OPENING_RECORD_VERSION } from '../../../../../crypto/opening-record';

export interface RecordBid {
  position: number;
  lotNumber: number;
  bidId: string;
  manifestSha256: string;
  organisationId: string;
  organisationName: string;
  uscc: string | null;
  signedIn: boolean;
  decryptedBy: 'BIDDER' | 'COMMITTEE' | null;
  outcome: string;
  claim: boolean;
  failureCode: string | null;
  totalPrice: string | null;
  durationDays: number | null;
  qualityCommitment: string | null;
  /** bonds are not handled by the platform yet: recorded as not stated */
  bondStatus: 'NOT_STATED';
  confirmation: { agree: boolean; note: string | null; at: string } | null;
}

export interface RecordInput {
  project: { id: string; code: string; title: string; method: string; controlPrice: string | null; budget: string | null; currency: string };
  openedAt: Date;
  decryptionEndsAt: Date | null;
  sealedLedger: { size: number | null; rootHash: string | null };
  bids: RecordBid[];
  objections: { organisationName: string; text: string; raisedAt: Date; answer: string | null; answeredAt: Date | null }[];
  minBids: number;
  finalisedAt: Date;
}

export function buildOpeningRecord(input: RecordInput): Record<string, unknown> {
  const bids = [...input.bids].sort((a, b) => a.position - b.position);
  return {
    v: OPENING_RECORD_VERSION,
    project: input.project,
    openedAt: input.openedAt.toISOString(),
    decryptionEndsAt: input.decryptionEndsAt?.toISOString() ?? null,
    sealedLedger: input.sealedLedger,
    bids,
    // bidders with a valid bid (DOMAIN rule 5 counts bidders; a bidder may bid on several lots)
    validBids: new Set(bids.filter((b) => b.outcome === 'VALID').map((b) => b.organisationId)).size,
    minBids: input.minBids,
    objections: input.objections.map((o) => ({ ...o, raisedAt: o.raisedAt.toISOString(), answeredAt: o.answeredAt?.toISOString() ?? null })),
    finalisedAt: input.finalisedAt.toISOString(),
  };
}
