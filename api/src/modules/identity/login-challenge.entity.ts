import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A one-time nonce a client signs with its certificate key to log in. */
@Entity({ tableName: 'login_challenge' })
export class LoginChallenge {
  @PrimaryKey({ type: 'text' })
  nonce!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  usedAt?: Date | null;
}
