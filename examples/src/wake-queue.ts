/**
 * Something a simulated person will do to a case: look at it and act (`case`), or, for a department summoned
 * by a whistle (吹哨), report in (`reportIn`).
 *
 * @example
 * ```ts
 * const task: Task = { kind: 'reportIn', unit: 'dept-water' };
 * ```
 */
export type Task = { kind: 'case' } | { kind: 'reportIn'; unit: string };

/**
 * One planned wake-up: at `at`, look at `caseId` and do `task`.
 *
 * @example
 * ```ts
 * const wake: Wake = { at: Date.parse('2026-09-14T02:00:00Z'), seq: 1, caseId: 'wo-1', task: { kind: 'case' } };
 * ```
 */
export interface Wake {
  at: number;
  /** Insertion order: ties on `at` run in the order they were planned, so a run replays exactly. */
  seq: number;
  caseId: string;
  task: Task;
}

/**
 * The planned wake-ups of a simulation, handed out in time order.
 *
 * @example
 * ```ts
 * const queue = wakeQueue();
 * queue.add('wo-1', new Date('2026-09-14T10:00:00+08:00'));
 * for (const wake of queue.due(clock.now())) await act(wake);
 * ```
 */
export interface WakeQueue {
  add(caseId: string, at: Date, task?: Task): void;
  /** Remove and return every wake-up due at or before `now`, earliest first. */
  due(now: Date): Wake[];
  readonly size: number;
}

/**
 * Create an empty {@link WakeQueue}.
 *
 * @example
 * ```ts
 * const queue = wakeQueue();
 * ```
 */
export function wakeQueue(): WakeQueue {
  let pending: Wake[] = [];
  let seq = 0;
  return {
    add(caseId, at, task = { kind: 'case' }) {
      pending.push({ at: at.getTime(), seq: seq++, caseId, task });
    },
    due(now) {
      const t = now.getTime();
      const ready = pending.filter((w) => w.at <= t);
      pending = pending.filter((w) => w.at > t);
      return ready.sort((a, b) => a.at - b.at || a.seq - b.seq);
    },
    get size() {
      return pending.length;
    },
  };
}
