import { Migration } from '@mikro-orm/migrations';

/** Durable domain events: a global sequence and a per-stream sequence, append-only; NOTIFY carries only the seq. */
export class Migration20261123140000_events extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table event (
  seq bigserial primary key,
  stream text not null check (length(stream) between 1 and 200),
  stream_seq bigint not null check (stream_seq > 0),
  type text not null,
  payload jsonb not null default '{}',
  created_at timestamptz not null default platform_now(),
  unique (stream, stream_seq)
);
create trigger event_append_only before update or delete on event
  for each row execute function reject_modification();
create trigger event_no_truncate before truncate on event
  for each statement execute function reject_modification();
`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table event;');
  }
}
