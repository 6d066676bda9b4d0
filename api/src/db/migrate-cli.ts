/** `npm run migrate`: apply pending migrations to DATABASE_URL (the server also does this on start). */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { migrate, ormOptions } from './orm';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL to the PostgreSQL to migrate (npm start migrates its embedded database itself).');
  const orm = await MikroORM.init(ormOptions(url));
  try {
    await migrate(orm);
    console.log('migrations applied');
  } finally {
    await orm.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
