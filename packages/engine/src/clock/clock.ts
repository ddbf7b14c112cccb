/**
 * The engine's source of time. Use {@link systemClock} in production and a virtual clock in tests.
 *
 * @example
 * ```ts
 * const engine = createEngine({ storage, flows, directory, clock: systemClock });
 * ```
 */
export interface Clock {
  /** The current time. */
  now(): Date;
  /** Resolve after `ms` of this clock's time (a virtual clock resolves when advanced past it). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Wall-clock time.
 *
 * @example
 * ```ts
 * systemClock.now();
 * ```
 */
export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};
