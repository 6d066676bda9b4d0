import { Migration } from '@mikro-orm/migrations';

/** The expert pool, declarations, evaluation history and verifiable draws with ordered reserves. */
export class Migration20261123130000_experts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table expert (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  name text not null,
  user_id uuid unique references app_user(id),
  employer_uscc char(18),
  employer_name text not null default '',
  region text not null,
  title text not null default '',
  years int not null default 0,
  specialties text[] not null,
  status text not null check (status in ('ACTIVE','SUSPENDED','BLACKLISTED')),
  relations jsonb not null default '[]',
  unavailable jsonb not null default '[]',
  created_at timestamptz not null default platform_now()
);
create index expert_specialties_idx on expert using gin (specialties);

create table expert_evaluation (
  id bigserial primary key,
  expert_id uuid not null references expert(id),
  project_id uuid references project(id),
  tenderee_key text not null,
  evaluated_at timestamptz not null
);
create index expert_evaluation_expert_idx on expert_evaluation(expert_id, evaluated_at);

create table expert_draw (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null unique references project(id),
  operator_user_id uuid not null references app_user(id),
  status text not null check (status in ('COMMITTING','SNAPSHOT','DRAWN')),
  evaluation_at timestamptz not null,
  requests jsonb not null,
  regions text[],
  exclusions jsonb not null default '[]',
  snapshot jsonb,
  beacon_round int not null default 0,
  beacon_randomness_hex text not null default '',
  result jsonb,
  created_at timestamptz not null default platform_now(),
  snapshot_at timestamptz,
  drawn_at timestamptz
);

create table draw_commitment (
  id uuid primary key default gen_random_uuid(),
  draw_id uuid not null references expert_draw(id),
  party_user_id uuid not null references app_user(id),
  commitment_hex text not null,
  secret_hex text,
  committed_at timestamptz not null default platform_now(),
  unique (draw_id, party_user_id)
);

create table draw_seat (
  id uuid primary key default gen_random_uuid(),
  draw_id uuid not null references expert_draw(id),
  specialty text not null,
  position int not null,
  expert_id uuid not null references expert(id),
  status text not null check (status in ('INVITED','ACCEPTED','DECLINED','TIMED_OUT','RESERVE')),
  invited_at timestamptz,
  respond_by timestamptz,
  responded_at timestamptz,
  decline_reason text,
  unique (draw_id, specialty, position)
);
`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table draw_seat; drop table draw_commitment; drop table expert_draw; drop table expert_evaluation; drop table expert;');
  }
}
