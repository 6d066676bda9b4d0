import { Migration } from '@mikro-orm/migrations';

/** Projects: procedure configs, the working-day calendar, lots, schedules, transitions, announcements,
 *  documents and downloads, registrations, clarifications, notifications, opening keys, deadline timers. */
export class Migration20261123100000_projects extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table procedure_config (
  method text primary key,
  kind text not null check (kind in ('GOVERNMENT_PROCUREMENT','CONSTRUCTION','LAND_TRANSFER')),
  config jsonb not null,
  updated_at timestamptz not null default platform_now()
);

create table calendar_day (
  day date primary key,
  kind text not null check (kind in ('HOLIDAY','WORKDAY')),
  name text not null,
  provisional boolean not null default false,
  updated_at timestamptz not null default platform_now()
);

alter table project
  add column method text references procedure_config(method),
  add column description text not null default '',
  add column currency char(3) not null default 'CNY',
  add column budget numeric(18,2),
  add column estimated_price numeric(18,2),
  add column start_price numeric(18,2),
  add column region text not null default '',
  add column category text not null default '',
  add column documents_from timestamptz,
  add column documents_until timestamptz,
  add column bid_deadline timestamptz,
  add column opening_at timestamptz,
  add column listing_start timestamptz,
  add column listing_end timestamptz,
  add column status_reason text,
  add column status_changed_at timestamptz,
  add column opening_certificate_pem text,
  add column opening_key_record jsonb,
  add column version int not null default 1,
  add constraint project_status_check check (status in ('DRAFT','PUBLISHED','BIDDING','SEALED','OPENING','EVALUATING','PUBLICITY','SUSPENDED','AWARDED','CLOSED','CANCELLED','FAILED','LISTING','TIMED_BIDDING'));
create index project_clock_idx on project(status, bid_deadline);

create sequence project_code_seq;

create table lot (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references project(id),
  number int not null check (number > 0),
  title text not null,
  budget numeric(18,2),
  unique (project_id, number)
);

-- Every change of state, by act or by the clock; (project, event, effective_at) makes clock transitions idempotent.
create table project_transition (
  id bigserial primary key,
  project_id uuid not null references project(id),
  from_status text not null,
  to_status text not null,
  event text not null,
  effective_at timestamptz not null,
  recorded_at timestamptz not null default platform_now(),
  actor_user_id uuid,
  reason text,
  unique (project_id, event, effective_at)
);
create trigger project_transition_append_only before update or delete on project_transition
  for each row execute function reject_modification();

create table announcement (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references project(id),
  kind text not null check (kind in ('TENDER','AMENDMENT','CANCELLATION','FAILURE')),
  title text not null,
  body text not null,
  published_at timestamptz not null default platform_now()
);
create index announcement_project_idx on announcement(project_id, published_at);

create table project_document (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references project(id),
  name text not null,
  media_type text not null,
  size int not null,
  sha256 text not null,
  content bytea not null,
  uploaded_at timestamptz not null default platform_now(),
  superseded_at timestamptz
);

create table document_download (
  id bigserial primary key,
  document_id uuid not null references project_document(id),
  user_id uuid not null references app_user(id),
  organisation_id uuid not null references organisation(id),
  at timestamptz not null default platform_now(),
  client_ip text
);
create trigger document_download_append_only before update or delete on document_download
  for each row execute function reject_modification();

create table registration (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references project(id),
  organisation_id uuid not null references organisation(id),
  user_id uuid not null references app_user(id),
  lot_numbers int[] not null,
  registered_at timestamptz not null default platform_now(),
  unique (project_id, organisation_id)
);

create table clarification (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references project(id),
  asked_by_organisation_id uuid references organisation(id),
  question text not null,
  asked_at timestamptz not null default platform_now(),
  answer text,
  answered_at timestamptz,
  answered_by_user_id uuid references app_user(id)
);

create table notification (
  id bigserial primary key,
  organisation_id uuid not null references organisation(id),
  project_id uuid references project(id),
  kind text not null,
  message text not null,
  created_at timestamptz not null default platform_now()
);
create index notification_org_idx on notification(organisation_id, id);

-- The project's opening key, split k-of-n: only wrapped shares and their hashes are stored.
create table opening_key_share (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references project(id),
  custodian_user_id uuid not null references app_user(id),
  custodian_certificate_sha256 text not null,
  wrapped_share bytea not null,
  share_sha256 text not null,
  unique (project_id, custodian_user_id)
);

create table deadline_timer (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references project(id),
  rule text not null,
  label text not null,
  responsible_organisation_id uuid references organisation(id),
  starts_at timestamptz not null,
  due_at timestamptz not null,
  completed_at timestamptz,
  last_light text not null default 'GREEN' check (last_light in ('GREEN','YELLOW','RED')),
  unique (project_id, rule)
);
create index deadline_timer_open_idx on deadline_timer(due_at) where completed_at is null;
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop table deadline_timer; drop table opening_key_share; drop table notification; drop table clarification;
drop table registration; drop table document_download; drop table project_document; drop table announcement;
drop table project_transition; drop table lot; drop index project_clock_idx;
alter table project drop constraint project_status_check, drop column method, drop column description, drop column currency,
  drop column budget, drop column estimated_price, drop column start_price, drop column region, drop column category,
  drop column documents_from, drop column documents_until, drop column bid_deadline, drop column opening_at,
  drop column listing_start, drop column listing_end, drop column status_reason, drop column status_changed_at,
  drop column opening_certificate_pem, drop column opening_key_record, drop column version;
drop sequence project_code_seq; drop table calendar_day; drop table procedure_config;`);
  }
}
