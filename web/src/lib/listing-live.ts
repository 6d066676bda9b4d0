/** The live listing room: the public snapshot (`listing`) kept fresh by `listingEvents` (see live-snapshot.ts). */
import { LISTING, LISTING_EVENTS, type Listing, type ListingEvent } from '../graphql/listing';
import { useLiveSnapshot, type LiveState } from './live-snapshot';

export interface ListingLive {
  listing: Listing | null | undefined;
  error: string | null;
  connection: LiveState;
  apply(listing: Listing | null | undefined): void;
}

export function useListingLive(projectId: string): ListingLive {
  const live = useLiveSnapshot<Listing, ListingEvent>({
    projectId,
    snapshotQuery: LISTING,
    snapshotField: 'listing',
    eventsQuery: LISTING_EVENTS,
    eventsField: 'listingEvents',
    lastSeqOf: (listing) => listing?.lastEventSeq ?? 0,
  });
  return { listing: live.snapshot, error: live.error, connection: live.connection, apply: live.apply };
}
