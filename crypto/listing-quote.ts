/**
 * The bytes a land bidder signs to quote (挂牌报价), shared by the browser, the CLI and the server:
 * RFC 8785 canonical JSON of {v, projectId, amount, previousHighest}. Binding the quote to the level it
 * raises (previousHighest, null for the first quote) makes a signature good for exactly one step: a
 * replay, or a quote that another bidder overtook meanwhile, does not verify against the new state.
 */
import { canonicalJsonBytes } from './canonical-json';

export const QUOTE_MESSAGE_VERSION = 'tenderhall/land-quote/v1';

/** Money as the platform writes it: yuan with exactly two decimals, no sign, no grouping. */
export function normaliseAmount(text: string): string | null {
  const match = /^\s*(\d{1,16})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  const yuan = match[1].replace(/^0+(?=\d)/, '');
  return `${yuan}.${(match[2] ?? '').padEnd(2, '0')}`;
}

export function quoteMessage(quote: { projectId: string; amount: string; previousHighest: string | null }): Uint8Array {
  const amount = normaliseAmount(quote.amount);
  const previousHighest = quote.previousHighest === null ? null : normaliseAmount(quote.previousHighest);
  if (!amount || (quote.previousHighest !== null && !previousHighest)) throw new TypeError('amounts must be yuan with at most two decimals');
  return canonicalJsonBytes({ v: QUOTE_MESSAGE_VERSION, projectId: quote.projectId, amount, previousHighest });
}
