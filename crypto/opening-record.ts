/** Names shared by the platform that publishes an opening record and the `verify record` command that checks it. */
/** `v` of the record itself (the canonical JSON that is sealed and hashed). */
export const OPENING_RECORD_VERSION = 'tenderhall-opening-record/1';
/** `v` of the published bundle (record + seals + ledger proof). */
export const OPENING_RECORD_BUNDLE_VERSION = 'tenderhall-opening-record/1';
/** The ledger entry kind that fixes the record's hash. */
export const OPENING_RECORD_LEDGER_KIND = 'opening.record';
