import { Migration } from '@mikro-orm/migrations';

/** The transparency ledger (DESIGN §5): append-only entries, the incremental Merkle head, signed checkpoints. */
export class Migration20261123110000_ledger extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table ledger_entry (
  idx bigint primary key check (idx >= 0),
  kind text not null,
  project_id uuid references project(id),
  data text not null,
  leaf_hash bytea not null check (length(leaf_hash) = 32),
  appended_at timestamptz not null default platform_now()
);
create index ledger_entry_project_idx on ledger_entry(project_id, idx);
create trigger ledger_entry_append_only before update or delete on ledger_entry
  for each row execute function reject_modification();
create trigger ledger_entry_no_truncate before truncate on ledger_entry
  for each statement execute function reject_modification();

-- The right frontier of the tree (one subtree root per set bit of the size): appending is O(log n).
-- Its row lock serialises appends; it can always be recomputed from ledger_entry.
create table ledger_head (
  id smallint primary key default 1 check (id = 1),
  size bigint not null,
  frontier jsonb not null,
  root_hash bytea not null
);
insert into ledger_head values (1, 0, '{"size":0,"subtreeRootsHex":[]}', decode('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex'));

create table ledger_checkpoint (
  size bigint primary key,
  root_hash bytea not null,
  note text not null,
  signed_at timestamptz not null default platform_now()
);
create trigger ledger_checkpoint_append_only before update or delete on ledger_checkpoint
  for each row execute function reject_modification();
`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table ledger_checkpoint; drop table ledger_head; drop table ledger_entry;');
  }
}
