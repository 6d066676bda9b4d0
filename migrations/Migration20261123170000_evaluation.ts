import { Migration } from '@mikro-orm/migrations';

/**
 * The evaluation (评标): one per project — the committee (drawn experts + tenderee representatives),
 * blind scoresheets signed by each member, result changes for the four legal reasons, the signed
 * report, publicity objections, and the award notice sealed by the tenderee.
 */
export class Migration20261123170000_evaluation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table evaluation (
  project_id uuid primary key references project(id),
  status text not null check (status in ('COMMITTEE','SCORING','REPORT','PUBLICITY','AWARDED','FAILED')),
  criteria jsonb not null,
  category text not null check (category in ('GOODS','SERVICES','WORKS')),
  started_by_user_id uuid not null references app_user(id),
  started_at timestamptz not null,
  leader_member_id uuid,
  aggregate jsonb,
  aggregated_at timestamptz,
  report_json text,
  report_sha256 text,
  report_ledger_index bigint,
  report_completed_at timestamptz,
  publicity_starts_at timestamptz,
  publicity_ends_at timestamptz,
  award_json text,
  award_envelope bytea,
  award_ledger_index bigint,
  awarded_at timestamptz
);

create table committee_member (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references evaluation(project_id),
  user_id uuid not null references app_user(id),
  expert_id uuid references expert(id),
  kind text not null check (kind in ('EXPERT','TENDEREE_REP')),
  seat integer not null,
  conflict_confirmed_at timestamptz,
  leader_vote_for uuid references committee_member(id),
  report_act text check (report_act in ('SIGN','DISSENT','REFUSE')),
  report_reason text,
  report_signature text,
  report_acted_at timestamptz,
  unique (project_id, user_id),
  unique (project_id, seat)
);
create index committee_member_user on committee_member (user_id);

create table scoresheet (
  member_id uuid primary key references committee_member(id),
  status text not null check (status in ('DRAFT','SUBMITTED','RETURNED')),
  content jsonb not null,
  content_sha256 text,
  signature text,
  certificate_sha256 text,
  returned_for jsonb not null default '[]',
  saved_at timestamptz not null default platform_now(),
  submitted_at timestamptz
);

create table evaluation_change (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references evaluation(project_id),
  reason text not null check (reason in ('CALCULATION_ERROR','ITEM_OUT_OF_RANGE','INCONSISTENT_OBJECTIVE_SCORES','ABNORMAL_SCORE')),
  member_id uuid not null references committee_member(id),
  bid_id uuid not null references bid(id),
  item_key text not null,
  from_score text not null,
  to_score text not null,
  note text not null,
  by_user_id uuid not null references app_user(id),
  changed_at timestamptz not null default platform_now(),
  ledger_index bigint not null
);

create table publicity_objection (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references evaluation(project_id),
  organisation_id uuid not null references organisation(id),
  raised_by_user_id uuid not null references app_user(id),
  text text not null,
  raised_at timestamptz not null default platform_now(),
  answer_due_at timestamptz not null,
  answer text,
  answered_by_user_id uuid references app_user(id),
  answered_at timestamptz
);
create index publicity_objection_project on publicity_objection (project_id);

alter table announcement drop constraint announcement_kind_check;
alter table announcement add constraint announcement_kind_check check (kind in ('TENDER','AMENDMENT','CANCELLATION','FAILURE','CANDIDATES','AWARD'));
`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table publicity_objection, evaluation_change, scoresheet, committee_member, evaluation;');
  }
}
