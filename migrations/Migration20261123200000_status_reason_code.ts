import { Migration } from '@mikro-orm/migrations';

/**
 * A stable code and its facts beside the English reason of a failure or cancellation, so the pages
 * can say it in the reader's language; the English text stays for the ledger and open data.
 */
export class Migration20261123200000_status_reason_code extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table project add column status_reason_code text, add column status_reason_params jsonb;
alter table project_transition add column reason_code text, add column reason_params jsonb;
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
alter table project_transition drop column reason_code, drop column reason_params;
alter table project drop column status_reason_code, drop column status_reason_params;
`);
  }
}
