import { Migration } from '@mikro-orm/migrations';

/**
 * The opening hall (开标): one session per project, a row per sealed bid (sign-in, decryption,
 * outcome, read-out, confirmation), objections, custodians' shares (held only until the key is
 * rebuilt), the e-seals on the record, and the opened contents for the evaluation.
 */
export class Migration20261123150000_opening extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table opening_session (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null unique references project(id),
  status text not null check (status in ('SIGN_IN','DECRYPTION','COMMITTEE','READ_OUT','RECORD','SEALING','PUBLISHED')),
  policy text not null,
  host_user_id uuid not null references app_user(id),
  opened_at timestamptz not null,
  decryption_ends_at timestamptz,
  integrity_flags jsonb not null default '[]',
  record_json text,
  record_sha256 text,
  record_ledger_index bigint,
  published_at timestamptz
);

create table opening_participant (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references opening_session(id),
  bid_id uuid not null unique references bid(id),
  organisation_id uuid not null references organisation(id),
  position int not null,
  signed_in_at timestamptz,
  signed_in_certificate_sha256 text,
  decryption text not null default 'NOT_YET' check (decryption in ('NOT_YET','DECRYPTED','FAILED','PENDING_COMMITTEE')),
  decrypted_by text check (decrypted_by in ('BIDDER','COMMITTEE')),
  attempts int not null default 0,
  failure_code text,
  failure_reason text,
  outcome text not null default 'PENDING' check (outcome in ('PENDING','VALID','REVOKED','WITHDRAWN')),
  claim boolean not null default false,
  form jsonb,
  read_out_at timestamptz,
  confirmed_at timestamptz,
  confirm_agree boolean,
  confirm_note text,
  unique (session_id, position)
);

create table opened_bid (
  participant_id uuid primary key references opening_participant(id),
  content bytea not null,
  content_sha256 text not null,
  opened_at timestamptz not null default platform_now()
);

create table opening_objection (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references opening_session(id),
  organisation_id uuid not null references organisation(id),
  raised_by_user_id uuid not null references app_user(id),
  text text not null check (length(text) between 1 and 2000),
  raised_at timestamptz not null default platform_now(),
  answer text,
  answered_by_user_id uuid references app_user(id),
  answered_at timestamptz
);

create table opening_committee_share (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references opening_session(id),
  custodian_user_id uuid not null references app_user(id),
  share_sha256 text not null,
  share bytea,
  submitted_at timestamptz not null default platform_now(),
  unique (session_id, custodian_user_id)
);

create table opening_record_seal (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references opening_session(id),
  role text not null check (role in ('HOST','SUPERVISOR')),
  user_id uuid not null references app_user(id),
  signer_name text not null,
  envelope bytea not null,
  sealed_at timestamptz not null default platform_now(),
  unique (session_id, role)
);
`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table opening_record_seal, opening_committee_share, opening_objection, opened_bid, opening_participant, opening_session;');
  }
}
