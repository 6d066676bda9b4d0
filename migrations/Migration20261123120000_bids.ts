import { Migration } from '@mikro-orm/migrations';

/** Sealed bids: resumable uploads of bid.cms (chunks in PostgreSQL), submissions with receipts, the sealed set. */
export class Migration20261123120000_bids extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table bid_upload (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references project(id),
  lot_id uuid not null references lot(id),
  organisation_id uuid not null references organisation(id),
  user_id uuid not null references app_user(id),
  declared_size bigint not null check (declared_size > 0),
  declared_sha256 text not null check (declared_sha256 ~ '^[0-9a-f]{64}$'),
  received bigint not null default 0,
  created_at timestamptz not null default platform_now(),
  completed_at timestamptz,
  client_ip text,
  user_agent text
);

create table bid_upload_chunk (
  upload_id uuid not null references bid_upload(id),
  "offset" bigint not null,
  data bytea not null,
  primary key (upload_id, "offset")
);

create table bid (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references project(id),
  lot_id uuid not null references lot(id),
  organisation_id uuid not null references organisation(id),
  user_id uuid not null references app_user(id),
  rev int not null check (rev > 0),
  status text not null check (status in ('SUBMITTED','REPLACED','WITHDRAWN')),
  upload_id uuid not null unique references bid_upload(id),
  manifest_json text not null,
  manifest_p7s bytea not null,
  manifest_sha256 text not null unique,
  bid_cms_sha256 text not null,
  bid_cms_size bigint not null,
  signer_fingerprint text not null,
  tool text,
  idempotency_key text not null,
  ledger_index bigint not null,
  receipt jsonb not null,
  submitted_at timestamptz not null default platform_now(),
  withdrawn_at timestamptz,
  client_ip text,
  user_agent text,
  unique (organisation_id, idempotency_key)
);
create unique index bid_one_current on bid(project_id, lot_id, organisation_id) where status = 'SUBMITTED';
create index bid_project_idx on bid(project_id, status);

alter table project add column sealed_ledger_size bigint, add column sealed_root_hash text;
`);
  }

  override async down(): Promise<void> {
    this.addSql('alter table project drop column sealed_ledger_size, drop column sealed_root_hash; drop table bid; drop table bid_upload_chunk; drop table bid_upload;');
  }
}
