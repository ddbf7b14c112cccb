/**
 * Options of `engine.stopOnSignals`.
 *
 * @example
 * ```ts
 * engine.stopOnSignals({ signals: ['SIGTERM'], timeoutMs: 10_000 });
 * ```
 */
export interface StopOnSignalsOptions {
  /** Default `['SIGTERM', 'SIGINT']`. */
  signals?: readonly NodeJS.Signals[];
  /** Exit the process once stopped (code 0, or 1 when stopping failed). Default true. */
  exit?: boolean;
  /** Exit with code 1 if stopping takes longer than this. Default 30 000 ms. */
  timeoutMs?: number;
}

/**
 * On the first of `signals`: stop (the loops end, in-flight calls finish, owned adapters are disposed), then
 * exit. A second signal while stopping exits at once with code 1. Returns a function that removes the handlers.
 *
 * @example
 * ```ts
 * const off = stopOnSignals(() => engine.stop(), { signals: ['SIGTERM'] });
 * ```
 */
export function stopOnSignals(stop: () => Promise<void>, options: StopOnSignalsOptions = {}): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = options.exit ?? true;
  let stopping = false;
  const onSignal = () => {
    if (stopping) {
      if (exit) process.exit(1);
      return;
    }
    stopping = true;
    const deadline = setTimeout(() => process.exit(1), options.timeoutMs ?? 30_000);
    deadline.unref();
    stop().then(
      () => {
        clearTimeout(deadline);
        off();
        if (exit) process.exit(0);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        off();
        console.error('gridflow: stopping on a signal failed:', error);
        if (exit) process.exit(1);
      },
    );
  };
  const off = () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
  for (const signal of signals) process.on(signal, onSignal);
  return off;
}
