import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Allow, Authenticated, Public } from '../../graphql/access';
import type { Context } from '../../graphql/context';
import { optionalUuid, requireUuid } from '../../graphql/ids';
import { ConnectionArgs } from '../../graphql/relay';
import { Certificate, CertificateStatus } from './certificate.entity';
import {
  CertificateLoginInput,
  CertificatePayload,
  CreateUserInput,
  IssueCertificateInput,
  LoginChallenge,
  LoginInput,
  LoginPayload,
  OrganisationConnection,
  OrganisationPayload,
  PlatformTrust,
  RegisterCertificateInput,
  RegisterOrganisationInput,
  RevokeCertificateInput,
  UserConnection,
  UserPayload,
} from './identity.types';
import { Organisation } from './organisation.entity';
import { OrganisationKind, Role } from './roles';
import { User } from './user.entity';

@Resolver(() => User)
export class IdentityResolver {
  @Public()
  @Query(() => User, { nullable: true, description: 'The logged-in user, or null.' })
  me(@Ctx() ctx: Context): Promise<User | null> {
    return ctx.actor ? ctx.em.findOne(User, { id: ctx.actor.userId }) : Promise.resolve(null);
  }

  @Allow(Role.ADMIN, Role.SUPERVISOR)
  @Query(() => OrganisationConnection)
  organisations(
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('kind', () => OrganisationKind, { nullable: true }) kind: OrganisationKind | undefined,
    @Ctx() ctx: Context,
  ): Promise<OrganisationConnection> {
    return ctx.services.directory.organisations(ctx.em, kind, page);
  }

  @Allow(Role.ADMIN, Role.SUPERVISOR)
  @Query(() => UserConnection)
  users(
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('organisationId', () => ID, { nullable: true }) organisationId: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<UserConnection> {
    return ctx.services.directory.users(ctx.em, optionalUuid(organisationId, 'organisationId'), page);
  }

  @Authenticated()
  @Query(() => [Certificate], { description: 'The certificates registered to the logged-in user.' })
  myCertificates(@Ctx() ctx: Context): Promise<Certificate[]> {
    return ctx.services.certificates.ofUser(ctx.em, ctx.actor!.userId);
  }

  @Allow(Role.ADMIN, Role.SUPERVISOR)
  @Query(() => [Certificate])
  certificates(@Arg('userId', () => ID) userId: string, @Ctx() ctx: Context): Promise<Certificate[]> {
    return ctx.services.certificates.ofUser(ctx.em, requireUuid(userId, 'userId'));
  }

  @Public()
  @Query(() => PlatformTrust, { description: 'The platform CA, its revocation list and every trust anchor.' })
  async platformTrust(@Ctx() ctx: Context): Promise<PlatformTrust> {
    const pki = ctx.services.pki;
    return { caCertificatePem: (await pki.authority(ctx.em)).certPem, crlPem: await pki.crl(ctx.em), trustAnchorPems: await pki.trustAnchorPems(ctx.em) };
  }

  @Public()
  @Mutation(() => LoginPayload, { description: 'Log in with username and password.' })
  login(@Arg('input', () => LoginInput) input: LoginInput, @Ctx() ctx: Context): Promise<LoginPayload> {
    return ctx.services.login.login(ctx, input);
  }

  @Public()
  @Mutation(() => LoginChallenge, { description: 'A one-time challenge to sign for certificate login (valid 5 minutes).' })
  requestLoginChallenge(@Ctx() ctx: Context): Promise<LoginChallenge> {
    return ctx.services.login.requestChallenge(ctx);
  }

  @Public()
  @Mutation(() => LoginPayload, { description: 'Log in by signing a challenge with the private key of a signing certificate.' })
  loginWithCertificate(@Arg('input', () => CertificateLoginInput) input: CertificateLoginInput, @Ctx() ctx: Context): Promise<LoginPayload> {
    return ctx.services.login.loginWithCertificate(ctx, input);
  }

  @Allow(Role.ADMIN)
  @Mutation(() => OrganisationPayload)
  registerOrganisation(@Arg('input', () => RegisterOrganisationInput) input: RegisterOrganisationInput, @Ctx() ctx: Context): Promise<OrganisationPayload> {
    return ctx.services.directory.registerOrganisation(ctx, input);
  }

  @Allow(Role.ADMIN)
  @Mutation(() => UserPayload)
  createUser(@Arg('input', () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: Context): Promise<UserPayload> {
    return ctx.services.directory.createUser(ctx, { ...input, organisationId: requireUuid(input.organisationId, 'organisationId') });
  }

  @Authenticated()
  @Mutation(() => CertificatePayload, { description: 'Issue a certificate from the platform CA (administrators for anyone, users for themselves).' })
  issueCertificate(@Arg('input', () => IssueCertificateInput) input: IssueCertificateInput, @Ctx() ctx: Context): Promise<CertificatePayload> {
    return ctx.services.certificates.issue(ctx, { ...input, userId: requireUuid(input.userId, 'userId') });
  }

  @Allow(Role.ADMIN)
  @Mutation(() => CertificatePayload, { description: 'Register a certificate issued by a configured external CA to a user.' })
  registerCertificate(@Arg('input', () => RegisterCertificateInput) input: RegisterCertificateInput, @Ctx() ctx: Context): Promise<CertificatePayload> {
    return ctx.services.certificates.register(ctx, { ...input, userId: requireUuid(input.userId, 'userId') });
  }

  @Authenticated()
  @Mutation(() => CertificatePayload, { description: 'Revoke a certificate (administrators any, holders their own).' })
  revokeCertificate(@Arg('input', () => RevokeCertificateInput) input: RevokeCertificateInput, @Ctx() ctx: Context): Promise<CertificatePayload> {
    return ctx.services.certificates.revoke(ctx, { ...input, certificateId: requireUuid(input.certificateId, 'certificateId') });
  }

  @FieldResolver(() => Organisation)
  organisation(@Root() user: User): Promise<Organisation> {
    return user.organisation.load({ dataloader: true }) as Promise<Organisation>;
  }
}

@Resolver(() => Certificate)
export class CertificateFieldsResolver {
  @FieldResolver(() => CertificateStatus, { description: 'status now (platform time)' })
  async status(@Root() certificate: Certificate, @Ctx() ctx: Context): Promise<CertificateStatus> {
    return certificate.statusAt(await ctx.now());
  }
}
