import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { ProcedureConfig } from './rules/procedures';

/** A procurement method's rules as data (seeded from rules/procedures.ts, editable by administrators). */
@Entity({ tableName: 'procedure_config' })
export class ProcedureConfigRecord {
  @PrimaryKey({ type: 'text' })
  method!: string;

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'json' })
  config!: ProcedureConfig;
}
