/** Sliding-window request limiter, one window per key. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number = 60_000,
  ) {}

  /**
   * Counts a request for `key`. Returns undefined when it is allowed, otherwise the
   * number of seconds (at least 1) until the window has room again.
   */
  hit(key: string, now: number = Date.now()): number | undefined {
    const recent = (this.hits.get(key) ?? []).filter((time) => now - time < this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      const oldest = recent[0] ?? now;
      return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
    }
    recent.push(now);
    this.hits.set(key, recent);
    return undefined;
  }
}
