/**
 * A closed-loop load: `concurrency` workers take the next job as soon as their previous one ends,
 * until the jobs run out. Every job's latency is measured; the wall time runs from the first start
 * to the last end.
 */
export interface LoadResult<R> {
  results: { value?: R; error?: unknown; ms: number }[];
  wallMs: number;
}

export async function closedLoop<J, R>(jobs: readonly J[], concurrency: number, run: (job: J) => Promise<R>): Promise<LoadResult<R>> {
  const results: LoadResult<R>['results'] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < jobs.length; i = next++) {
      const t0 = performance.now();
      try {
        const value = await run(jobs[i]);
        results[i] = { value, ms: performance.now() - t0 };
      } catch (error) {
        results[i] = { error, ms: performance.now() - t0 };
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  return { results, wallMs: performance.now() - t0 };
}

/** Nearest-rank percentile (p in 0..100) of the values; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
