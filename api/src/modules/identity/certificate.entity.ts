import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Organisation } from './organisation.entity';
import { User } from './user.entity';

export enum CertificateUsage {
  /** digitalSignature + nonRepudiation: login, e-seals, signing bids and records */
  SIGNING = 'SIGNING',
  /** keyEncipherment: receives content keys of sealed bids */
  ENCRYPTION = 'ENCRYPTION',
}
registerEnumType(CertificateUsage, { name: 'CertificateUsage' });

export enum CertificateStatus {
  VALID = 'VALID',
  NOT_YET_VALID = 'NOT_YET_VALID',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}
registerEnumType(CertificateStatus, { name: 'CertificateStatus' });

/** A certificate registered to a user (issued by the platform CA or by a configured external CA). */
@ObjectType()
@Entity({ tableName: 'certificate' })
export class Certificate {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => String)
  @Property({ type: 'text' })
  serialHex!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  issuerFingerprintSha256!: string;

  @Field(() => String)
  @Property({ type: 'text', unique: true })
  fingerprintSha256!: string;

  @Field(() => CertificateUsage)
  @Enum({ items: () => CertificateUsage, type: 'text' })
  usage!: CertificateUsage;

  @Field(() => String)
  @Property({ type: 'text' })
  subject!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  pem!: string;

  @ManyToOne(() => User, { ref: true, nullable: true })
  user?: Ref<User> | null;

  @ManyToOne(() => Organisation, { ref: true })
  organisation!: Ref<Organisation>;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  notBefore!: Date;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  notAfter!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  revocationReason?: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'platform_now()' })
  issuedAt?: Date;

  statusAt(now: Date): CertificateStatus {
    if (this.revokedAt && this.revokedAt <= now) return CertificateStatus.REVOKED;
    if (now < this.notBefore) return CertificateStatus.NOT_YET_VALID;
    if (now > this.notAfter) return CertificateStatus.EXPIRED;
    return CertificateStatus.VALID;
  }
}

/** Where-clause for certificates of `usage` valid at `now`: not revoked, notBefore ≤ now < notAfter. */
export function validCertificateWhere(usage: CertificateUsage, now: Date) {
  return { usage, revokedAt: null, notBefore: { $lte: now }, notAfter: { $gt: now } };
}
