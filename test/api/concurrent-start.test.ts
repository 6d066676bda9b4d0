/** Two API instances starting together on one fresh database: migrations, keys, calendar and demo data are made once. */
import { Client } from 'pg';
import { migrationsList } from '../../migrations';
import { createTestDatabase } from '../support/database';
import { gql } from '../support/graphql';
import { startTestApp } from '../support/app';

test('two instances start together on an empty database and agree on everything', async () => {
  const db = await createTestDatabase();
  const [a, b] = await Promise.all([startTestApp({ databaseUrl: db.url }), startTestApp({ databaseUrl: db.url })]);
  try {
    const ca = async (url: string) => (await gql(url, '{ platformTrust { caCertificatePem } }')).data!.platformTrust.caCertificatePem;
    expect(await ca(a.graphqlUrl)).toBe(await ca(b.graphqlUrl));
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const count = async (sql: string) => Number((await client.query(sql)).rows[0].count);
      expect(await count('select count(*) from trust_anchor where platform')).toBe(1);
      expect(await count("select count(*) from app_user where username = 'admin'")).toBe(1);
      expect(await count('select count(*) from mikro_orm_migrations')).toBe(migrationsList.length);
      expect(await count("select count(*) from calendar_day where day = '2026-10-01'")).toBe(1);
    } finally {
      await client.end();
    }
  } finally {
    await a.stop();
    await b.stop();
    await db.drop();
  }
});
