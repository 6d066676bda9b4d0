import { Field, ObjectType, registerEnumType } from 'type-graphql';

/** Expected failures of the seals module. */
export enum SealErrorCode {
  /** The user has no currently valid, unrevoked SIGNING certificate to bind a seal to. */
  NO_SIGNING_CERTIFICATE = 'NO_SIGNING_CERTIFICATE',
}
registerEnumType(SealErrorCode, { name: 'SealErrorCode' });

/** A typed, expected failure of SealsService (thrown by issueFor; mapped to SealError in payloads). */
export class SealsError extends Error {
  constructor(readonly code: SealErrorCode, message: string) {
    super(message);
    this.name = 'SealsError';
  }
}

@ObjectType()
export class SealError {
  @Field(() => SealErrorCode)
  code!: SealErrorCode;

  @Field(() => String)
  message!: string;
}

@ObjectType({ description: 'A personal seal (个人签名章) issued by the platform seal authority, to seal documents with in the browser' })
export class SealView {
  @Field(() => String, { description: 'sealRecord.p7s (eseal/1 seal record signed by the platform seal authority), DER, base64' })
  sealRecordBase64!: string;

  @Field(() => String)
  sealId!: string;

  @Field(() => String, { description: 'e.g. 「张三 电子签名」' })
  name!: string;

  @Field(() => String)
  organisationName!: string;

  @Field(() => String, { nullable: true, description: '统一社会信用代码, when the organisation has a valid one' })
  organisationId?: string | null;

  @Field(() => Date)
  validFrom!: Date;

  @Field(() => Date)
  validTo!: Date;

  @Field(() => [String], { description: 'SHA-256 fingerprints (hex) of the signing certificates that may use the seal' })
  allowedCertificateSha256!: string[];

  @Field(() => String, { description: 'the seal picture as a data: URL; show it in an <img>, never inline' })
  imageDataUrl!: string;

  @Field(() => String, { description: 'the certificate of the platform seal authority that signed the seal record (PEM)' })
  authorityCertificatePem!: string;
}

@ObjectType()
export class MySealPayload {
  @Field(() => SealView, { nullable: true })
  seal?: SealView | null;

  @Field(() => [SealError])
  errors!: SealError[];
}
