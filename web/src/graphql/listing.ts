/** Land listing (挂牌): the public room snapshot, its event stream, the quote and the officer's floor price. */
export type ListingPhase = 'NOT_STARTED' | 'LISTING' | 'TIMED_BIDDING' | 'AWAITING_CLOSE' | 'CLOSED';

export interface ListingQuote {
  seq: number;
  amount: string;
  bidderNumber: number;
  phase: 'LISTING' | 'TIMED_BIDDING';
  receivedAt: string;
  ledgerIndex: number;
  mine: boolean;
}

export interface Listing {
  projectId: string;
  code: string;
  title: string;
  status: string;
  phase: ListingPhase;
  parcel: { location: string; areaM2: string; landUse: string; plotRatio: string; termYears: number };
  startPrice: string;
  increment: string;
  bond: string;
  currentPrice: string | null;
  minimumQuote: string;
  quoteCount: number;
  quotes: ListingQuote[];
  listingStart: string | null;
  listingEnd: string | null;
  freezeAt: string | null;
  timedStartedAt: string | null;
  countdownEndsAt: string | null;
  serverTime: string;
  lastEventSeq: number;
  floorEntered: boolean;
  floorPrice: string | null;
  outcome: 'DEAL' | 'NO_DEAL' | null;
  outcomeReason: string | null;
  outcomeReasonCode: string | null;
  outcomeReasonParams: Record<string, unknown> | null;
  closedAt: string | null;
  winnerName: string | null;
  winnerNumber: number | null;
  finalPrice: string | null;
  resultPublishedAt: string | null;
  myNumber: number | null;
  myRank: number | null;
  isFloorOfficer: boolean;
  isManager: boolean;
  /** 成交确认书 (canonical JSON) both parties seal, once a deal's result is published */
  confirmationJson: string | null;
  confirmationSeals: { role: 'TRANSFEROR' | 'TRANSFEREE'; signerName: string; sealedAt: string }[];
  /** project staff and supervisors only */
  registrations: { organisationId: string; organisationName: string; bidderNumber: number | null; bondConfirmedAt: string | null }[] | null;
}

export interface ListingError {
  code: string;
  message: string;
}

export interface ListingEvent {
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

const FIELDS = `projectId code title status phase parcel { location areaM2 landUse plotRatio termYears } startPrice increment bond
  currentPrice minimumQuote quoteCount quotes { seq amount bidderNumber phase receivedAt ledgerIndex mine }
  listingStart listingEnd freezeAt timedStartedAt countdownEndsAt serverTime lastEventSeq floorEntered floorPrice
  outcome outcomeReason outcomeReasonCode outcomeReasonParams closedAt winnerName winnerNumber finalPrice resultPublishedAt myNumber myRank isFloorOfficer isManager
  confirmationJson confirmationSeals { role signerName sealedAt } registrations { organisationId organisationName bidderNumber bondConfirmedAt }`;

export const LISTING = /* GraphQL */ `query Listing($projectId: ID!) { listing(projectId: $projectId) { ${FIELDS} } }`;

export const LISTING_EVENTS = /* GraphQL */ `subscription ListingEvents($projectId: ID!, $afterSeq: Int!) { listingEvents(projectId: $projectId, afterSeq: $afterSeq) { seq type payload createdAt } }`;

export const QUOTE = /* GraphQL */ `mutation Quote($input: QuoteInput!) { quote(input: $input) { quote { seq amount } listing { ${FIELDS} } errors { code message } } }`;

export const ENTER_FLOOR = /* GraphQL */ `mutation EnterFloorPrice($projectId: ID!, $amount: String!) { enterFloorPrice(projectId: $projectId, amount: $amount) { listing { ${FIELDS} } errors { code message } } }`;

export const PUBLISH_RESULT = /* GraphQL */ `mutation PublishListingResult($projectId: ID!) { publishListingResult(projectId: $projectId) { listing { ${FIELDS} } errors { code message } } }`;

export const SEAL_DEAL_CONFIRMATION = /* GraphQL */ `mutation SealDealConfirmation($projectId: ID!, $envelope: String!) { sealDealConfirmation(projectId: $projectId, envelope: $envelope) { listing { ${FIELDS} } errors { code message } } }`;

export const MY_SEAL_AND_TIME = /* GraphQL */ `query MySealAndTime { serverTime mySeal { seal { sealRecordBase64 } errors { code message } } }`;

export const CONFIRM_BOND = /* GraphQL */ `mutation ConfirmListingBond($projectId: ID!, $organisationId: ID!) { confirmListingBond(projectId: $projectId, organisationId: $organisationId) { listing { ${FIELDS} } errors { code message } } }`;
