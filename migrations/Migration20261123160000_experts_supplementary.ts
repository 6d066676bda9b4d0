import { Migration } from '@mikro-orm/migrations';

/**
 * Supplementary draw rounds (when a specialty's reserves run out), the round of each seat, and an
 * index that answers "evaluated for this tenderee since …" in one range scan for the avoidance filter.
 */
export class Migration20261123160000_experts_supplementary extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table expert_draw_round (
  id uuid primary key default gen_random_uuid(),
  draw_id uuid not null references expert_draw(id),
  number int not null check (number >= 1),
  operator_user_id uuid not null references app_user(id),
  status text not null check (status in ('SNAPSHOT','DRAWN')),
  requests jsonb not null,
  snapshot jsonb not null,
  beacon_round int not null default 0,
  beacon_randomness_hex text not null default '',
  result jsonb,
  created_at timestamptz not null default platform_now(),
  drawn_at timestamptz,
  unique (draw_id, number)
);

alter table draw_seat add column round int not null default 0;
alter table draw_seat drop constraint draw_seat_draw_id_specialty_position_key;
alter table draw_seat add constraint draw_seat_round_position_key unique (draw_id, round, specialty, position);

create index expert_evaluation_tenderee_idx on expert_evaluation(tenderee_key, evaluated_at) include (expert_id);
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop index expert_evaluation_tenderee_idx;
alter table draw_seat drop constraint draw_seat_round_position_key;
alter table draw_seat drop column round;
alter table draw_seat add constraint draw_seat_draw_id_specialty_position_key unique (draw_id, specialty, position);
drop table expert_draw_round;
`);
  }
}
