import { Entity, Enum, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum CalendarDayKind {
  HOLIDAY = 'HOLIDAY',
  WORKDAY = 'WORKDAY',
}
registerEnumType(CalendarDayKind, { name: 'CalendarDayKind', description: 'HOLIDAY: a weekday off; WORKDAY: a weekend day that is worked (调休)' });

/** An exception to the Monday–Friday week: a public holiday or a substitute working day. */
@ObjectType()
@Entity({ tableName: 'calendar_day' })
export class CalendarDay {
  @Field(() => String, { description: 'YYYY-MM-DD (China Standard Time)' })
  @PrimaryKey({ type: 'string', columnType: 'date' })
  day!: string;

  @Field(() => CalendarDayKind)
  @Enum({ items: () => CalendarDayKind, type: 'text' })
  kind!: CalendarDayKind;

  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @Field(() => Boolean, { description: 'true until the State Council notice for that year is entered' })
  @Property({ type: 'boolean' })
  provisional: boolean & Opt = false;
}
