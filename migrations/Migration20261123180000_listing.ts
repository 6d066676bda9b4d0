import { Migration } from '@mikro-orm/migrations';

/**
 * Land listing (挂牌, DOMAIN rules 28–34): the listing of a LAND_LISTING project (parcel, start price,
 * increment, bond, the designated floor-price officer, the sealed floor, the outcome), the qualified
 * bidders (bond confirmed, a public bidder number), the quotes (insert-only: a quote cannot be
 * withdrawn; one quote per price level and a gap-free sequence per listing), and the e-seals on the
 * deal confirmation.
 */
export class Migration20261123180000_listing extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table listing (
  project_id uuid primary key references project(id),
  location text not null check (length(location) between 1 and 500),
  area_m2 numeric(14,2) not null check (area_m2 > 0),
  land_use text not null check (length(land_use) between 1 and 200),
  plot_ratio text not null check (length(plot_ratio) between 1 and 100),
  term_years int not null check (term_years between 1 and 70),
  start_price numeric(18,2) not null check (start_price > 0),
  increment numeric(18,2) not null check (increment > 0),
  bond numeric(18,2) not null check (bond >= 0),
  floor_officer_user_id uuid not null references app_user(id),
  highest_amount numeric(18,2),
  highest_organisation_id uuid references organisation(id),
  quote_count int not null default 0,
  timed_started_at timestamptz,
  countdown_ends_at timestamptz,
  floor_sealed text,
  floor_commitment text,
  floor_entered_at timestamptz,
  floor_price numeric(18,2),
  outcome text check (outcome in ('DEAL','NO_DEAL')),
  outcome_reason text,
  closed_at timestamptz,
  winner_organisation_id uuid references organisation(id),
  final_price numeric(18,2),
  result_published_at timestamptz,
  confirmation_json text,
  confirmed_at timestamptz,
  created_at timestamptz not null default platform_now()
);

create table listing_bidder (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references listing(project_id),
  organisation_id uuid not null references organisation(id),
  number int not null,
  bond_confirmed_at timestamptz not null,
  bond_confirmed_by_user_id uuid not null references app_user(id),
  unique (project_id, organisation_id),
  unique (project_id, number)
);

create table listing_quote (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references listing(project_id),
  seq int not null check (seq >= 1),
  organisation_id uuid not null references organisation(id),
  bidder_number int not null,
  user_id uuid not null references app_user(id),
  amount numeric(18,2) not null check (amount > 0),
  previous_highest numeric(18,2),
  phase text not null check (phase in ('LISTING','TIMED_BIDDING')),
  received_at timestamptz not null,
  certificate_sha256 text not null,
  signature text not null,
  ledger_index bigint not null,
  unique (project_id, seq),
  unique (project_id, amount)
);
create trigger listing_quote_append_only before update or delete on listing_quote
  for each row execute function reject_modification();

create table listing_confirmation_seal (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references listing(project_id),
  role text not null check (role in ('TRANSFEROR','TRANSFEREE')),
  user_id uuid not null references app_user(id),
  signer_name text not null,
  envelope bytea not null,
  sealed_at timestamptz not null default platform_now(),
  unique (project_id, role)
);
`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table listing_confirmation_seal, listing_quote, listing_bidder, listing;');
  }
}
