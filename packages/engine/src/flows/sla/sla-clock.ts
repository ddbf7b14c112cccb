import { deadlineIn } from '../../flow/working-time.js';
import { workingDays, workingHours } from '../../flow/working-time.js';
import type { SlaPolicy, WorkingDuration } from './sla-policy.js';
import { toWorkingHours, workingHoursUntil } from './sla-time.js';

/**
 * The SLA clock of one case, kept in its context: the resolved policy, where the clock stands, the current
 * deadline, and what the metrics need (breach time). Suspension keeps the working time left in
 * `remainingHours`, so resuming continues where it stopped instead of starting over.
 *
 * @example
 * ```ts
 * if (context.sla.status === 'paused') console.log(context.sla.remainingHours, 'working hours left');
 * ```
 */
export interface SlaClock {
  /** The SLA policy the clock runs by. */
  policy: SlaPolicy;
  /** `idle` before it starts, then `running`, `paused` (suspended, extended) or `stopped` for good. */
  status: 'idle' | 'running' | 'paused' | 'stopped';
  /** When it started (ISO-8601), or null while idle. */
  startedAt: string | null;
  /** The reply deadline (办结时限) while running; the last one otherwise. */
  deadline: string | null;
  /** Working hours in the current period (the limit, plus granted extensions). */
  totalHours: number | null;
  /** Working hours left when paused or stopped. */
  remainingHours: number | null;
  /** Reminder fractions already sent in this period. */
  remindersSent: number[];
  /** The working-time plan of the pending deadline timer. */
  next: WorkingDuration | null;
  /** When the deadline first passed without a reply; stays set. */
  breachedAt: string | null;
}

/**
 * Id of the SLA deadline timer; list it in a flow's `deadlines` so the case's `dueAt` tracks the SLA.
 *
 * @example
 * ```ts
 * defineFlow({ ...config, deadlines: [SLA_DEADLINE] });
 * ```
 */
export const SLA_DEADLINE = 'slaDeadline';
const reminderId = (fraction: number) => `slaReminder${Math.round(fraction * 100)}`;

/**
 * A fresh, not yet started clock for a resolved policy.
 *
 * @example
 * ```ts
 * const sla = idleSla(resolveSla(defaultSlaPolicies, { requestType: 'help', urgency: 'normal' }));
 * ```
 */
export function idleSla(policy: SlaPolicy): SlaClock {
  return {
    policy,
    status: 'idle',
    startedAt: null,
    deadline: null,
    totalHours: null,
    remainingHours: null,
    remindersSent: [],
    next: null,
    breachedAt: null,
  };
}

/**
 * Start (or restart, for 重办) a full period at `at`. Only inside an engine transition.
 *
 * @example
 * ```ts
 * enqueue.assign({ sla: startSla(context.sla, event.meta.at) });
 * ```
 */
export function startSla(clock: SlaClock, at: string): SlaClock {
  const deadline = deadlineIn(clock.policy.limit.amount, clock.policy.limit.unit);
  return {
    ...clock,
    status: 'running',
    startedAt: at,
    deadline,
    totalHours: workingHoursUntil(deadline),
    remainingHours: null,
    remindersSent: [],
    next: clock.policy.limit,
  };
}

/**
 * Stop the clock and keep the working time left (`paused` for 挂起, `stopped` at reply).
 *
 * @example
 * ```ts
 * enqueue.assign({ sla: pauseSla(context.sla, 'paused') });
 * ```
 */
export function pauseSla(clock: SlaClock, status: 'paused' | 'stopped'): SlaClock {
  if (clock.status !== 'running' || !clock.deadline)
    return { ...clock, status: clock.status === 'idle' ? 'idle' : status };
  return { ...clock, status, remainingHours: workingHoursUntil(clock.deadline), next: null };
}

/**
 * Run the clock again with the working time left when it stopped.
 *
 * @example
 * ```ts
 * enqueue.assign({ sla: resumeSla(context.sla) });
 * ```
 */
export function resumeSla(clock: SlaClock): SlaClock {
  if (clock.status === 'running' || clock.status === 'idle' || clock.remainingHours === null) return clock;
  if (clock.remainingHours <= 0 && clock.breachedAt) return { ...clock, status: 'running', next: null };
  // A clock that ran out unseen keeps a token minute so the breach is still recorded by its timer.
  const left = Math.max(clock.remainingHours, 1 / 60);
  return {
    ...clock,
    status: 'running',
    deadline: deadlineIn(left, 'workingHours'),
    next: { amount: left, unit: 'workingHours' },
  };
}

/**
 * Move a running clock's deadline by `extra` working time (an approved 延期).
 *
 * @example
 * ```ts
 * enqueue.assign({ sla: extendSla(context.sla, { amount: 5, unit: 'workingDays' }) });
 * ```
 */
export function extendSla(clock: SlaClock, extra: WorkingDuration): SlaClock {
  const extraHours = toWorkingHours(extra);
  if (clock.status !== 'running' || !clock.deadline) {
    return clock.remainingHours === null
      ? clock
      : {
          ...clock,
          remainingHours: clock.remainingHours + extraHours,
          totalHours: (clock.totalHours ?? 0) + extraHours,
        };
  }
  const left = workingHoursUntil(clock.deadline) + extraHours;
  return {
    ...clock,
    deadline: deadlineIn(left, 'workingHours'),
    totalHours: (clock.totalHours ?? 0) + extraHours,
    next: { amount: left, unit: 'workingHours' },
  };
}

/**
 * The slice of XState's `enqueue` the clock needs; structural so any machine's `enqueue` fits. Timer events
 * carry no `meta` until the engine fires them, hence the loose event type.
 *
 * @example
 * ```ts
 * enqueueActions(({ context, enqueue }) => scheduleSla(enqueue as unknown as TimerEnqueue, context.sla))
 * ```
 */
export interface TimerEnqueue {
  /** Schedule a delayed event under `id`, as XState's `raise` with a delay. */
  raise(
    event: { type: string; [key: string]: unknown },
    options: { id: string; delay: (args: never) => number },
  ): void;
  /** Cancel the delayed event scheduled under `id`. */
  cancel(id: string): void;
}

/**
 * Plan the deadline and reminder timers of a running clock (after {@link startSla}, {@link resumeSla} or
 * {@link extendSla}); replaces timers with the same ids. Reminders already sent or already past are skipped.
 *
 * @example
 * ```ts
 * enqueueActions(({ context, enqueue }) => scheduleSla(enqueue, context.sla))
 * ```
 */
export function scheduleSla(enqueue: TimerEnqueue, clock: SlaClock): void {
  if (clock.status !== 'running' || !clock.next) return;
  const next = clock.next;
  enqueue.raise(
    { type: 'sla.breach' },
    {
      id: SLA_DEADLINE,
      delay: next.unit === 'workingDays' ? workingDays(next.amount) : workingHours(next.amount),
    },
  );
  const total = clock.totalHours ?? 0;
  const left = next.unit === 'workingHours' ? next.amount : total;
  for (const fraction of clock.policy.reminders) {
    if (clock.remindersSent.includes(fraction)) continue;
    const inHours = left - (1 - fraction) * total;
    if (inHours <= 0) continue;
    enqueue.raise(
      { type: 'sla.reminder', fraction },
      { id: reminderId(fraction), delay: workingHours(inHours) },
    );
  }
}

/**
 * Cancel the deadline and reminder timers (before pausing, stopping or rescheduling).
 *
 * @example
 * ```ts
 * enqueueActions(({ context, enqueue }) => cancelSla(enqueue, context.sla))
 * ```
 */
export function cancelSla(enqueue: Pick<TimerEnqueue, 'cancel'>, clock: SlaClock): void {
  enqueue.cancel(SLA_DEADLINE);
  for (const fraction of clock.policy.reminders) enqueue.cancel(reminderId(fraction));
}
