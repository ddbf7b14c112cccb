/**
 * The p-th percentile (0..100) of a list of numbers, nearest-rank.
 *
 * @example
 * ```ts
 * percentile([1, 2, 3, 4], 95); // 4
 * ```
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Run `lanes` loops of `work` side by side for `ms` milliseconds; resolves to completed operations per second.
 *
 * @example
 * ```ts
 * const perSecond = await runFor(5_000, 8, async (lane) => send(lane));
 * ```
 */
export async function runFor(
  ms: number,
  lanes: number,
  work: (lane: number) => Promise<void>,
): Promise<number> {
  let done = 0;
  const started = performance.now();
  const until = started + ms;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      while (performance.now() < until) {
        await work(lane);
        done += 1;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

/**
 * Format a number for the results table.
 *
 * @example
 * ```ts
 * fmt(12345.6); // '12,346'
 * ```
 */
export function fmt(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
