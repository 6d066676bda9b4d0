export default async function globalTeardown(): Promise<void> {
  const db = (globalThis as { __tenderhallPg?: { stop: () => Promise<void> } }).__tenderhallPg;
  if (db) await db.stop();
}
