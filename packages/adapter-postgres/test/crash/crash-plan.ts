/**
 * The crash test's workload, shared by the orchestrator and its worker processes: 1,000 cases, 10 `bump`
 * events each, split across 4 workers by event index so every worker writes to every case.
 *
 * @example
 * ```ts
 * for (const step of workerSteps(0)) await send(step);
 * ```
 */
export const CRASH_PLAN = { workers: 4, cases: 1_000, eventsPerCase: 10 } as const;

/** @example `caseIdOf(7) // 'case-0007'` */
export function caseIdOf(n: number): string {
  return `case-${String(n).padStart(4, '0')}`;
}

/** A reminder between 3 and 23 s after creation, spread over cases so timers fire all through the run. */
export function reminderMsOf(n: number): number {
  return 3_000 + ((n * 7_919) % 20_000);
}

/** @example `bumpKeyOf(7, 3) // 'bump-case-0007-3'` */
export function bumpKeyOf(n: number, e: number): string {
  return `bump-${caseIdOf(n)}-${e}`;
}

/**
 * The events one worker sends, event index outermost so all workers work on all cases at once.
 *
 * @example
 * ```ts
 * const steps = [...workerSteps(2)]; // 2,500 steps
 * ```
 */
export function* workerSteps(worker: number): Generator<{ n: number; e: number }> {
  for (let e = worker; e < CRASH_PLAN.eventsPerCase; e += CRASH_PLAN.workers) {
    for (let n = 0; n < CRASH_PLAN.cases; n++) yield { n, e };
  }
}
