import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Secrets the platform generates for itself on first start (token key, development CA key).
 * A production deployment supplies JWT_SECRET and keeps CA keys in an HSM instead.
 */
@Entity({ tableName: 'platform_secret' })
export class PlatformSecret {
  @PrimaryKey({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  value!: string;
}
