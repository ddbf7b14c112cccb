/**
 * A durable timer: a delayed event that the timer loop will send to its case at `dueAt`.
 *
 * @example
 * ```ts
 * const timer: TimerRecord = { id: 't-1', caseId: 'c-1', key: 'xstate.after.sla.wo.inProgress',
 *   event: { type: 'xstate.after.sla.wo.inProgress' }, dueAt: new Date(), provisional: false, plan: null };
 * ```
 */
export interface TimerRecord {
  /** Unique id of this scheduling; a re-scheduled timer gets a new id. */
  id: string;
  /** The case the timer belongs to. */
  caseId: string;
  /** The XState delayed-event id; scheduling the same key on a case replaces the old timer. */
  key: string;
  /** The event to send (without `meta`). */
  event: Record<string, unknown> & { type: string };
  /** When it fires. */
  dueAt: Date;
  /** True when `dueAt` was computed Monday-to-Friday for a year the calendar has no data for. */
  provisional: boolean;
  /** How to recompute `dueAt` once calendar data arrives; null for plain millisecond delays. */
  plan: TimerPlan | null;
}

/**
 * The working-time rule a timer's due time came from, kept so it can be re-planned.
 *
 * @example
 * ```ts
 * const plan: TimerPlan = { from: new Date('2026-09-30T02:00:00Z'), amount: 3, unit: 'workingDays' };
 * ```
 */
export interface TimerPlan {
  /** The instant the working time is counted from. */
  from: Date;
  /** How many working days or hours. */
  amount: number;
  /** Working days or working hours. */
  unit: 'workingDays' | 'workingHours';
}

/**
 * A timer handed to one claimer under a lease. Another claimer gets it only after `leaseUntil`.
 *
 * @example
 * ```ts
 * const [t] = await storage.claimDueTimers({ now, limit: 10, leaseMs: 30_000, owner: 'engine-a' });
 * ```
 */
export interface ClaimedTimer extends TimerRecord {
  /** Opaque token proving the claim; required to consume the timer. */
  leaseToken: string;
  /** When the claim lapses and another process may fire the timer. */
  leaseUntil: Date;
}

/**
 * Arguments for leasing due timers or outbox rows.
 *
 * @example
 * ```ts
 * await storage.claimDueTimers({ now: clock.now(), limit: 100, leaseMs: 30_000, owner: 'engine-a' });
 * ```
 */
export interface ClaimRequest {
  /** Claim timers due at or before this time. */
  now: Date;
  /** At most this many. */
  limit: number;
  /** How long the claim holds. */
  leaseMs: number;
  /** Who claims; recorded for diagnosis. */
  owner: string;
}

/**
 * The timer part of the storage contract: durable delayed events, leased to one claimer at a time.
 *
 * @example
 * ```ts
 * const due = await storage.claimDueTimers({ now, limit: 100, leaseMs: 30_000, owner: 'engine-a' });
 * ```
 */
export interface TimerStore {
  /** Lease due timers (`dueAt <= now`, unleased or lease expired). Two claimers never hold the same timer. */
  claimDueTimers(request: ClaimRequest): Promise<ClaimedTimer[]>;
  /** Delete a claimed timer without a transition (its case is gone or done). False if the lease was lost. */
  dropTimer(timerId: string, leaseToken: string): Promise<boolean>;
  /** Timers of one case, soonest first (`dueAt` asc, then `id`). */
  listTimers(caseId: string): Promise<TimerRecord[]>;
  /** All provisional timers (for re-planning when calendar data arrives). */
  listProvisionalTimers(limit: number): Promise<TimerRecord[]>;
  /** Move a timer (re-planning); also moves the case's `dueAt` when it equalled the old due time. */
  rescheduleTimer(timerId: string, dueAt: Date, provisional: boolean): Promise<void>;
  /** Earliest `dueAt` among timers, or null; lets the timer loop sleep exactly long enough. */
  nextTimerDue(): Promise<Date | null>;
}
