import type { Clock } from '../../clock/clock.js';

const POKE = 'poke';

/**
 * A polling loop that can be poked awake: runs `tick` until it reports less than a full batch, then sleeps
 * until the next poll, the tick's `wakeAt` (e.g. the next timer's due time) or a poke, whichever comes first. `stop()`
 * resolves once the tick in flight has finished.
 */
export class BackgroundLoop {
  #running = false;
  #wake: AbortController | null = null;
  /** A poke that arrived while a tick ran: run again instead of sleeping. */
  #poked = false;
  #done: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    private readonly tick: () => Promise<{ full: boolean; wakeAt?: Date | null }>,
    private readonly pollMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#done = this.#run();
  }

  /** Cut the current sleep short. */
  poke(): void {
    this.#poked = true;
    // A reason given up front spares the DOMException abort() would build on every commit's poke.
    this.#wake?.abort(POKE);
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.poke();
    await this.#done;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      this.#poked = false;
      let wakeAt: Date | null | undefined;
      const startedAt = this.clock.now().getTime();
      try {
        const result = await this.tick();
        if (result.full) continue;
        wakeAt = result.wakeAt;
      } catch (error) {
        this.onError(error);
      }
      if (!this.#running) break;
      if (this.#poked) continue;
      // Work due before this tick began and still pending is leased by another engine: poll, don't spin.
      // Work that fell due while the tick ran (the clock moved) runs at once. Measured with no await in
      // between, so a clock that jumps is always seen.
      const wakeTime = wakeAt ? wakeAt.getTime() : Number.POSITIVE_INFINITY;
      const untilWake = wakeTime - this.clock.now().getTime();
      if (wakeTime > startedAt && untilWake <= 0) continue;
      const sleepMs = wakeTime <= startedAt ? this.pollMs : Math.min(this.pollMs, untilWake);
      this.#wake = new AbortController();
      await this.clock.sleep(sleepMs, this.#wake.signal);
      this.#wake = null;
    }
  }
}
