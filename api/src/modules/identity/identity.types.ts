import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/relay';
import { Certificate, CertificateUsage } from './certificate.entity';
import { Organisation } from './organisation.entity';
import { OrganisationKind, Role } from './roles';
import { User } from './user.entity';

export enum LoginErrorCode {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  ACCOUNT_LOCKED = 'ACCOUNT_LOCKED',
  TOO_MANY_ATTEMPTS = 'TOO_MANY_ATTEMPTS',
  CHALLENGE_INVALID = 'CHALLENGE_INVALID',
  CERTIFICATE_MALFORMED = 'CERTIFICATE_MALFORMED',
  CERTIFICATE_UNTRUSTED = 'CERTIFICATE_UNTRUSTED',
  CERTIFICATE_EXPIRED = 'CERTIFICATE_EXPIRED',
  CERTIFICATE_NOT_YET_VALID = 'CERTIFICATE_NOT_YET_VALID',
  CERTIFICATE_REVOKED = 'CERTIFICATE_REVOKED',
  CERTIFICATE_WRONG_USAGE = 'CERTIFICATE_WRONG_USAGE',
  CERTIFICATE_UNKNOWN = 'CERTIFICATE_UNKNOWN',
  SIGNATURE_INVALID = 'SIGNATURE_INVALID',
}
registerEnumType(LoginErrorCode, { name: 'LoginErrorCode' });

export enum IdentityErrorCode {
  NAME_INVALID = 'NAME_INVALID',
  USCC_INVALID = 'USCC_INVALID',
  USCC_REQUIRED = 'USCC_REQUIRED',
  USCC_TAKEN = 'USCC_TAKEN',
  USERNAME_INVALID = 'USERNAME_INVALID',
  USERNAME_TAKEN = 'USERNAME_TAKEN',
  PASSWORD_WEAK = 'PASSWORD_WEAK',
  ROLES_INVALID = 'ROLES_INVALID',
  ORGANISATION_NOT_FOUND = 'ORGANISATION_NOT_FOUND',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  CSR_INVALID = 'CSR_INVALID',
  CERTIFICATE_INVALID = 'CERTIFICATE_INVALID',
  CERTIFICATE_ALREADY_REGISTERED = 'CERTIFICATE_ALREADY_REGISTERED',
  CERTIFICATE_NOT_FOUND = 'CERTIFICATE_NOT_FOUND',
  ALREADY_REVOKED = 'ALREADY_REVOKED',
  VALIDITY_INVALID = 'VALIDITY_INVALID',
}
registerEnumType(IdentityErrorCode, { name: 'IdentityErrorCode' });

export enum RevocationReason {
  unspecified = 'unspecified',
  keyCompromise = 'keyCompromise',
  affiliationChanged = 'affiliationChanged',
  superseded = 'superseded',
  cessationOfOperation = 'cessationOfOperation',
}
registerEnumType(RevocationReason, { name: 'RevocationReason' });

@ObjectType()
export class LoginError {
  @Field(() => LoginErrorCode)
  code!: LoginErrorCode;

  @Field(() => String)
  message!: string;
}

@ObjectType()
export class LoginPayload {
  @Field(() => String, { nullable: true, description: 'bearer token: `Authorization: Bearer …` over HTTP, `connectionParams.authorization` over WebSocket' })
  token?: string | null;

  @Field(() => Date, { nullable: true })
  expiresAt?: Date | null;

  @Field(() => User, { nullable: true })
  user?: User | null;

  @Field(() => [LoginError])
  errors!: LoginError[];

  static failed(code: LoginErrorCode, message: string): LoginPayload {
    return Object.assign(new LoginPayload(), { token: null, expiresAt: null, user: null, errors: [{ code, message }] });
  }
}

@ObjectType()
export class IdentityError {
  @Field(() => IdentityErrorCode)
  code!: IdentityErrorCode;

  @Field(() => String)
  message!: string;

  @Field(() => String, { nullable: true, description: 'the input field at fault' })
  field?: string | null;
}

@ObjectType()
export class OrganisationPayload {
  @Field(() => Organisation, { nullable: true })
  organisation?: Organisation | null;

  @Field(() => [IdentityError])
  errors!: IdentityError[];
}

@ObjectType()
export class UserPayload {
  @Field(() => User, { nullable: true })
  user?: User | null;

  @Field(() => [IdentityError])
  errors!: IdentityError[];
}

@ObjectType()
export class CertificatePayload {
  @Field(() => Certificate, { nullable: true })
  certificate?: Certificate | null;

  @Field(() => [IdentityError])
  errors!: IdentityError[];
}

@ObjectType()
export class LoginChallenge {
  @Field(() => String)
  nonce!: string;

  @Field(() => String, { description: 'the exact text to sign (UTF-8) with the signing certificate key, RSASSA-PKCS1-v1_5/SHA-256 or ECDSA/SHA-256' })
  message!: string;

  @Field(() => Date)
  expiresAt!: Date;
}

@ObjectType()
export class PlatformTrust {
  @Field(() => String, { description: 'the platform CA certificate (PEM)' })
  caCertificatePem!: string;

  @Field(() => String, { description: 'the platform CA revocation list (PEM), also at /pki/crl.pem' })
  crlPem!: string;

  @Field(() => [String], { description: 'every trust anchor, platform CA first' })
  trustAnchorPems!: string[];
}

@InputType()
export class LoginInput {
  @Field(() => String)
  username!: string;

  @Field(() => String)
  password!: string;
}

@InputType()
export class CertificateLoginInput {
  @Field(() => String)
  nonce!: string;

  @Field(() => String, { description: 'the signing certificate (PEM)' })
  certificatePem!: string;

  @Field(() => String, { description: 'base64 signature over the challenge message' })
  signature!: string;
}

@InputType()
export class RegisterOrganisationInput {
  @Field(() => String)
  name!: string;

  @Field(() => OrganisationKind)
  kind!: OrganisationKind;

  @Field(() => String, { nullable: true, description: '统一社会信用代码; required for bidders, tenderees and agents' })
  uscc?: string | null;
}

@InputType()
export class CreateUserInput {
  @Field(() => String)
  username!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => ID)
  organisationId!: string;

  @Field(() => [Role])
  roles!: Role[];

  @Field(() => String)
  password!: string;
}

@InputType()
export class IssueCertificateInput {
  @Field(() => ID, { description: 'whose certificate; administrators may name anyone, others only themselves' })
  userId!: string;

  @Field(() => CertificateUsage)
  usage!: CertificateUsage;

  @Field(() => String, { description: 'PKCS#10 request (PEM); the subject is set by the CA from the account' })
  csrPem!: string;
}

@InputType()
export class RegisterCertificateInput {
  @Field(() => ID)
  userId!: string;

  @Field(() => CertificateUsage)
  usage!: CertificateUsage;

  @Field(() => String, { description: 'a certificate from a configured external CA (PEM)' })
  certificatePem!: string;
}

@InputType()
export class RevokeCertificateInput {
  @Field(() => ID)
  certificateId!: string;

  @Field(() => RevocationReason)
  reason!: RevocationReason;
}

@ObjectType()
export class OrganisationConnection extends Connection(Organisation) {}

@ObjectType()
export class UserConnection extends Connection(User) {}
