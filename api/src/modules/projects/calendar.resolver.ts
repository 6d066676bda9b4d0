import { Arg, Ctx, Field, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Allow, Public } from '../../graphql/access';
import type { Context } from '../../graphql/context';
import { BadInputError } from '../../graphql/errors';
import { Role } from '../identity/roles';
import { CalendarDay, CalendarDayKind } from './calendar-day.entity';

@ObjectType({ description: 'A procurement method and its rules (a configuration record)' })
export class Procedure {
  @Field(() => String)
  method!: string;

  @Field(() => String)
  kind!: string;

  @Field(() => String)
  label!: string;

  @Field(() => String)
  openingPolicy!: string;

  @Field(() => Int)
  minBids!: number;

  @Field(() => GraphQLJSONObject, { description: 'every rule of the method, as stored' })
  config!: Record<string, unknown>;
}

@Resolver()
export class CalendarResolver {
  @Public()
  @Query(() => [CalendarDay], { description: 'Public holidays and substitute working days (调休) of a year.' })
  calendarDays(@Arg('year', () => Int) year: number, @Ctx() ctx: Context): Promise<CalendarDay[]> {
    if (year < 2000 || year > 2100) throw new BadInputError('year must be between 2000 and 2100.', 'year');
    return ctx.services.calendars.year(ctx.em, year);
  }

  @Public()
  @Query(() => [Procedure], { description: 'Procurement methods and their rules.' })
  async procedures(@Ctx() ctx: Context): Promise<Procedure[]> {
    return (await ctx.services.calendars.procedures(ctx.em)).map((c) => ({ method: c.method, kind: c.kind, label: c.label, openingPolicy: c.openingPolicy, minBids: c.minBids, config: c as unknown as Record<string, unknown> }));
  }

  @Allow(Role.ADMIN)
  @Mutation(() => CalendarDay, { nullable: true, description: 'Mark a day as holiday or substitute working day, or (kind null) as an ordinary day.' })
  setCalendarDay(
    @Arg('day', () => String) day: string,
    @Arg('kind', () => CalendarDayKind, { nullable: true }) kind: CalendarDayKind | null,
    @Arg('name', () => String, { defaultValue: '' }) name: string,
    @Ctx() ctx: Context,
  ): Promise<CalendarDay | null> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw new BadInputError('day must be a date YYYY-MM-DD.', 'day');
    return ctx.services.calendars.setDay(ctx.em, day, kind, name.trim() || (kind === CalendarDayKind.HOLIDAY ? '节假日' : '调休上班'));
  }
}
