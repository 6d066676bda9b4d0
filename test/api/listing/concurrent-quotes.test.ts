/**
 * Many bidders quoting at the same instant over real HTTP (rule 29, 34): the database orders them;
 * exactly one quote raises each price level; the quote sequence has no gap; nothing is lost or
 * counted twice (responses = rows = events = ledger entries).
 */
import { gql, loginAs } from '../../support/graphql';
import { startTestApp, type TestApp } from '../../support/app';
import { landListing, LISTING_START, listingView, newQuoter, QUOTE, relogin, signQuote, type Quoter } from '../../support/listing';
import { setClock } from '../../support/projects';

const BIDDERS = 10;
const ROUNDS = 4;
let app: TestApp;
let bidders: Quoter[];
let projectId: string;

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  await setClock(app, new Date('2026-11-24T09:00:00+08:00'));
  const admin = await loginAs(app.graphqlUrl, 'admin');
  bidders = [];
  for (let i = 1; i <= BIDDERS; i++) bidders.push(await newQuoter(app, admin, i));
  ({ projectId } = await landListing(app, bidders, new Date(LISTING_START.getTime() + 3600_000)));
}, 180_000);
afterAll(() => app.close());

const post = (b: Quoter, amount: string, previousHighest: string | null) =>
  gql(app.graphqlUrl, QUOTE, { i: { projectId, amount, previousHighest, certificatePem: b.certPem, signature: signQuote(b, projectId, amount, previousHighest) } }, b.token);

test('all bidders raise the same level at once: exactly one wins each level, the others are told the price changed', async () => {
  let highest: string | null = null;
  for (let round = 0; round < ROUNDS; round++) {
    const level: string = highest === null ? '1000000.00' : (Number(highest) + 50_000).toFixed(2);
    const results = await Promise.all(bidders.map((b) => post(b, level, highest)));
    const codes = results.map((r) => (r.data!.quote.errors[0]?.code as string | undefined) ?? 'OK');
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c !== 'OK').every((c) => c === 'PRICE_CHANGED')).toBe(true);
    highest = level;
  }
  const view = await listingView(app, projectId);
  expect(view.quotes.map((q: any) => q.amount)).toEqual(['1000000.00', '1050000.00', '1100000.00', '1150000.00']);
});

test('a free-for-all burst: every accepted quote is counted exactly once, the sequence has no gap and the price only rises', async () => {
  await relogin(app, ...bidders);
  const accepted: { seq: number; amount: string }[] = [];
  const refused = new Map<string, number>();
  const before = (await listingView(app, projectId)).quoteCount as number;
  // each client: look at the price, sign a raise of 1–3 increments against it, send; 6 times; all clients at once
  await Promise.all(bidders.map(async (b, i) => {
    for (let k = 0; k < 6; k++) {
      const seen = (await listingView(app, projectId)).currentPrice as string;
      const amount = (Number(seen) + 50_000 * (1 + ((i + k) % 3))).toFixed(2);
      const res = await post(b, amount, seen);
      const payload = res.data!.quote;
      if (payload.quote) accepted.push({ seq: payload.quote.seq, amount: payload.quote.amount });
      else refused.set(payload.errors[0].code, (refused.get(payload.errors[0].code) ?? 0) + 1);
    }
  }));
  expect([...refused.keys()].every((c) => c === 'PRICE_CHANGED' || c === 'INCREMENT_TOO_SMALL')).toBe(true);
  expect(accepted.length).toBeGreaterThan(0);
  const view = await listingView(app, projectId);
  expect(view.quoteCount).toBe(before + accepted.length);
  expect(view.quotes.map((q: any) => q.seq)).toEqual(Array.from({ length: view.quoteCount }, (_, i) => i + 1)); // no gap
  expect(accepted.map((a) => a.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: accepted.length }, (_, i) => before + i + 1)); // each response is one row
  const amounts = view.quotes.map((q: any) => Number(q.amount));
  expect(amounts.every((a: number, i: number) => i === 0 || a >= amounts[i - 1] + 50_000)).toBe(true);
  expect(new Set(amounts).size).toBe(amounts.length);
  const em = app.platform.services.orm.em.fork();
  const [events] = await em.execute<{ n: string }[]>("select count(*) as n from event where stream = ? and type = 'QUOTE'", [`listing:${projectId}`]);
  const [entries] = await em.execute<{ n: string }[]>("select count(*) as n from ledger_entry where project_id = ? and kind = 'listing.quote'", [projectId]);
  expect([Number(events.n), Number(entries.n)]).toEqual([view.quoteCount, view.quoteCount]);
});
