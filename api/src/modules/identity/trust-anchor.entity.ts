import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A root certificate whose descendants the platform trusts. Exactly one is the platform's own CA. */
@Entity({ tableName: 'trust_anchor' })
export class TrustAnchor {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  pem!: string;

  @Property({ type: 'text', unique: true })
  fingerprintSha256!: string;

  @Property({ type: 'boolean' })
  platform: boolean = false;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  createdAt?: Date;
}
