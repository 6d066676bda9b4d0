import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Bid, BidUpload } from './bid.entity';

export enum BidErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  NOT_REGISTERED = 'NOT_REGISTERED',
  NOT_OPEN = 'NOT_OPEN',
  DEADLINE_PASSED = 'DEADLINE_PASSED',
  TOO_LARGE = 'TOO_LARGE',
  INPUT_INVALID = 'INPUT_INVALID',
  UPLOAD_INCOMPLETE = 'UPLOAD_INCOMPLETE',
  HASH_MISMATCH = 'HASH_MISMATCH',
  IDEMPOTENCY_CONFLICT = 'IDEMPOTENCY_CONFLICT',
  PACKAGE_MALFORMED = 'PACKAGE_MALFORMED',
  ALGORITHM_NOT_ALLOWED = 'ALGORITHM_NOT_ALLOWED',
  SIZE_MISMATCH = 'SIZE_MISMATCH',
  SIGNATURE_INVALID = 'SIGNATURE_INVALID',
  SIGNER_MISMATCH = 'SIGNER_MISMATCH',
  CERTIFICATE_INVALID = 'CERTIFICATE_INVALID',
  CERTIFICATE_REVOKED = 'CERTIFICATE_REVOKED',
  CERTIFICATE_NOT_OF_BIDDER = 'CERTIFICATE_NOT_OF_BIDDER',
  OPENING_RECIPIENT_MISSING = 'OPENING_RECIPIENT_MISSING',
  RECIPIENT_NOT_ALLOWED = 'RECIPIENT_NOT_ALLOWED',
  RECIPIENTS_MISMATCH = 'RECIPIENTS_MISMATCH',
  WRONG_PROJECT = 'WRONG_PROJECT',
  WRONG_LOT = 'WRONG_LOT',
  WRONG_BIDDER = 'WRONG_BIDDER',
  WRONG_REVISION = 'WRONG_REVISION',
  NOT_ALLOWED_IN_STATE = 'NOT_ALLOWED_IN_STATE',
}
registerEnumType(BidErrorCode, { name: 'BidErrorCode' });

@ObjectType()
export class BidError {
  @Field(() => BidErrorCode)
  code!: BidErrorCode;

  @Field(() => String)
  message!: string;

  @Field(() => String, { nullable: true })
  field?: string | null;
}

@ObjectType()
export class BidUploadPayload {
  @Field(() => BidUpload, { nullable: true })
  upload?: BidUpload | null;

  @Field(() => Int, { description: 'largest chunk accepted by PUT /api/bid-uploads/<id>' })
  chunkSize!: number;

  @Field(() => [BidError])
  errors!: BidError[];
}

@ObjectType()
export class SubmitBidPayload {
  @Field(() => Bid, { nullable: true })
  bid?: Bid | null;

  @Field(() => String, { nullable: true, description: 'the platform-signed receipt (JSON): `verify receipt RECEIPT.json --checkpoint … --key …`' })
  receipt?: string | null;

  @Field(() => [BidError])
  errors!: BidError[];
}

@ObjectType()
export class BidPayload {
  @Field(() => Bid, { nullable: true })
  bid?: Bid | null;

  @Field(() => [BidError])
  errors!: BidError[];
}

@InputType()
export class CreateBidUploadInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => ID)
  lotId!: string;

  @Field(() => Int, { description: 'size of bid.cms in bytes' })
  size!: number;

  @Field(() => String, { description: 'hex SHA-256 of bid.cms' })
  sha256!: string;
}

@InputType()
export class SubmitBidInput {
  @Field(() => ID)
  uploadId!: string;

  @Field(() => String, { description: 'manifest.json exactly as signed' })
  manifestJson!: string;

  @Field(() => String, { description: 'manifest.p7s (base64 DER)' })
  manifestP7s!: string;

  @Field(() => String, { description: 'the same key on a retry returns the same bid and receipt' })
  idempotencyKey!: string;
}

@InputType()
export class WithdrawBidInput {
  @Field(() => ID)
  bidId!: string;
}
