import { Migration } from '@mikro-orm/migrations';

/** Foundation: platform clock and secrets, identity, certificates, login challenges, audit trail, projects (minimal). */
export class Migration20261123090000_foundation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table platform_clock (
  id smallint primary key default 1 check (id = 1),
  offset_ms bigint not null default 0
);
insert into platform_clock default values;

-- The only "now" of the platform: database time plus the (test/demo) offset.
create function platform_now() returns timestamptz language sql stable as
  $$ select clock_timestamp() + (select offset_ms from platform_clock) * interval '1 millisecond' $$;

-- Rejects UPDATE, DELETE and TRUNCATE on append-only tables.
create function reject_modification() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: % is not allowed', tg_table_name, tg_op using errcode = 'P0001';
end $$;

create table platform_secret (
  name text primary key,
  value text not null,
  created_at timestamptz not null default platform_now()
);

create table organisation (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('BIDDER','TENDEREE','AGENT','TRADING_CENTRE','SUPERVISORY_AUTHORITY')),
  uscc char(18) unique,
  created_at timestamptz not null default platform_now()
);

create table app_user (
  id uuid primary key default gen_random_uuid(),
  username text not null unique check (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
  display_name text not null check (length(display_name) between 1 and 100),
  organisation_id uuid not null references organisation(id),
  roles text[] not null check (cardinality(roles) > 0 and roles <@ array['ADMIN','TENDEREE','AGENT','BIDDER','EXPERT','SUPERVISOR']),
  password_hash text,
  failed_logins int not null default 0,
  locked_until timestamptz,
  created_at timestamptz not null default platform_now()
);
create index app_user_organisation_idx on app_user(organisation_id);

create table trust_anchor (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  pem text not null,
  fingerprint_sha256 text not null unique,
  platform boolean not null default false,
  created_at timestamptz not null default platform_now()
);
create unique index trust_anchor_one_platform_ca on trust_anchor(platform) where platform;

create table certificate (
  id uuid primary key default gen_random_uuid(),
  serial_hex text not null,
  issuer_fingerprint_sha256 text not null,
  fingerprint_sha256 text not null unique,
  usage text not null check (usage in ('SIGNING','ENCRYPTION')),
  subject text not null,
  pem text not null,
  user_id uuid references app_user(id),
  organisation_id uuid not null references organisation(id),
  not_before timestamptz not null,
  not_after timestamptz not null,
  revoked_at timestamptz,
  revocation_reason text,
  issued_at timestamptz not null default platform_now(),
  unique (issuer_fingerprint_sha256, serial_hex)
);
create index certificate_user_idx on certificate(user_id);

create table login_challenge (
  nonce text primary key,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default platform_now()
);

create table audit_record (
  id bigserial primary key,
  at timestamptz not null default platform_now(),
  actor_user_id uuid,
  actor_username text,
  organisation_id uuid,
  organisation_name text,
  operation text not null,
  arguments_digest text not null,
  outcome text not null check (outcome in ('SUCCESS','FAILED','DENIED','ERROR')),
  error_code text,
  client_ip text,
  correlation_id text
);
create index audit_record_at_idx on audit_record(at);
create index audit_record_operation_idx on audit_record(operation);
create index audit_record_actor_idx on audit_record(actor_username);
create trigger audit_record_append_only before update or delete on audit_record
  for each row execute function reject_modification();
create trigger audit_record_no_truncate before truncate on audit_record
  for each statement execute function reject_modification();

create table project (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  title text not null,
  kind text not null check (kind in ('GOVERNMENT_PROCUREMENT','CONSTRUCTION','LAND_TRANSFER')),
  status text not null default 'DRAFT',
  tenderee_id uuid not null references organisation(id),
  agent_id uuid references organisation(id),
  published_at timestamptz,
  created_at timestamptz not null default platform_now()
);
create index project_published_idx on project(published_at) where published_at is not null;
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop table project; drop table audit_record; drop table login_challenge; drop table certificate;
drop table trust_anchor; drop table app_user; drop table organisation; drop table platform_secret;
drop function reject_modification(); drop function platform_now(); drop table platform_clock;`);
  }
}
