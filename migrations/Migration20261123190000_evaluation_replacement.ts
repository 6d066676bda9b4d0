import { Migration } from '@mikro-orm/migrations';

/**
 * Rules 12 and 13 of the evaluation: members who say the time is insufficient (and the period's end
 * once more than a third of them did), and replaced members — kept with their reason and ledger entry,
 * their scoresheets voided, their seat taken by a reserve (one active member per seat).
 */
export class Migration20261123190000_evaluation_replacement extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table evaluation add column period_ends_at timestamptz, add column period_extended_at timestamptz;

alter table committee_member
  add column time_insufficient_at timestamptz,
  add column time_insufficient_reason text,
  add column replaced_at timestamptz,
  add column replaced_reason text,
  add column replaced_by_user_id uuid references app_user(id),
  add column replaced_by_member_id uuid references committee_member(id),
  add column replacement_ledger_index bigint;
alter table committee_member drop constraint committee_member_project_id_seat_key;
create unique index committee_member_active_seat on committee_member (project_id, seat) where replaced_at is null;

alter table scoresheet drop constraint scoresheet_status_check;
alter table scoresheet add constraint scoresheet_status_check check (status in ('DRAFT','SUBMITTED','RETURNED','VOID'));
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
delete from scoresheet where status = 'VOID';
alter table scoresheet drop constraint scoresheet_status_check;
alter table scoresheet add constraint scoresheet_status_check check (status in ('DRAFT','SUBMITTED','RETURNED'));
drop index committee_member_active_seat;
alter table committee_member add constraint committee_member_project_id_seat_key unique (project_id, seat);
alter table committee_member drop column time_insufficient_at, drop column time_insufficient_reason, drop column replaced_at, drop column replaced_reason,
  drop column replaced_by_user_id, drop column replaced_by_member_id, drop column replacement_ledger_index;
alter table evaluation drop column period_ends_at, drop column period_extended_at;
`);
  }
}
