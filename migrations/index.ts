/** Every migration, in order. A new migration is added here as well as in this folder. */
import { Migration20261123090000_foundation } from './Migration20261123090000_foundation';
import { Migration20261123100000_projects } from './Migration20261123100000_projects';
import { Migration20261123110000_ledger } from './Migration20261123110000_ledger';
import { Migration20261123120000_bids } from './Migration20261123120000_bids';
import { Migration20261123130000_experts } from './Migration20261123130000_experts';
import { Migration20261123140000_events } from './Migration20261123140000_events';
import { Migration20261123150000_opening } from './Migration20261123150000_opening';
import { Migration20261123160000_experts_supplementary } from './Migration20261123160000_experts_supplementary';
import { Migration20261123170000_evaluation } from './Migration20261123170000_evaluation';
import { Migration20261123180000_listing } from './Migration20261123180000_listing';
import { Migration20261123190000_evaluation_replacement } from './Migration20261123190000_evaluation_replacement';
import { Migration20261123200000_status_reason_code } from './Migration20261123200000_status_reason_code';

export const migrationsList = [
  { name: 'Migration20261123090000_foundation', class: Migration20261123090000_foundation },
  { name: 'Migration20261123100000_projects', class: Migration20261123100000_projects },
  { name: 'Migration20261123110000_ledger', class: Migration20261123110000_ledger },
  { name: 'Migration20261123120000_bids', class: Migration20261123120000_bids },
  { name: 'Migration20261123130000_experts', class: Migration20261123130000_experts },
  { name: 'Migration20261123140000_events', class: Migration20261123140000_events },
  { name: 'Migration20261123150000_opening', class: Migration20261123150000_opening },
  { name: 'Migration20261123160000_experts_supplementary', class: Migration20261123160000_experts_supplementary },
  { name: 'Migration20261123170000_evaluation', class: Migration20261123170000_evaluation },
  { name: 'Migration20261123180000_listing', class: Migration20261123180000_listing },
  { name: 'Migration20261123190000_evaluation_replacement', class: Migration20261123190000_evaluation_replacement },
  { name: 'Migration20261123200000_status_reason_code', class: Migration20261123200000_status_reason_code },
];
