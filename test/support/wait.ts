/** Polling until something holds, with a descriptive error when it does not. */

/**
 * Resolve once `condition()` is true (checked every `every` ms); reject after `ms` with
 * "timed out after <ms> ms waiting for <what>".
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, ms = 10_000, every = 20): Promise<void> {
  const until = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}
