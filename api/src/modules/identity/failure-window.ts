/** Counts failures per key in a sliding time window (in memory, per process). */
export class FailureWindow {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  full(key: string | null): boolean {
    return this.recent(key ?? '').length >= this.limit;
  }

  add(key: string | null): void {
    const k = key ?? '';
    this.failures.set(k, [...this.recent(k), this.now()]);
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }
}
