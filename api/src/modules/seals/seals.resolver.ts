import { Ctx, Query, Resolver } from 'type-graphql';
import { Authenticated } from '../../graphql/access';
import type { Context } from '../../graphql/context';
import { MySealPayload } from './seals.types';

@Resolver()
export class SealsResolver {
  @Authenticated()
  @Query(() => MySealPayload, { description: "A fresh personal seal (valid one day) bound to the caller's valid signing certificates, to seal documents with the caller's own key; NO_SIGNING_CERTIFICATE when there is none." })
  mySeal(@Ctx() ctx: Context): Promise<MySealPayload> {
    return ctx.services.seals.mine(ctx);
  }
}
