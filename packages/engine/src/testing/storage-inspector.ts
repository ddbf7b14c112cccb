import type {
  CaseRecord,
  CursorRecord,
  FlowVersionRecord,
  IdempotencyRecord,
  JournalEntry,
  OutboxRecord,
  QuarantineRecord,
  TimerRecord,
} from '../storage/storage.js';
import type { MaybePromise } from '../types.js';

/**
 * The lease columns of a timer or outbox row as stored; null when unleased.
 *
 * @example
 * ```ts
 * const free: InspectedLease = { leaseToken: null, leaseUntil: null };
 * ```
 */
export interface InspectedLease {
  /** Token of the current claim, or null. */
  leaseToken: string | null;
  /** When the current claim lapses, or null. */
  leaseUntil: Date | null;
}

/**
 * A stored timer with its lease, as an inspector reads it.
 *
 * @example
 * ```ts
 * const [timer] = await inspect.timers('c-1');
 * expect(timer.leaseToken).toBeNull();
 * ```
 */
export type InspectedTimer = TimerRecord & InspectedLease;

/**
 * A stored outbox row with its lease, as an inspector reads it.
 *
 * @example
 * ```ts
 * const rows = await inspect.outbox('c-1');
 * ```
 */
export type InspectedOutbox = OutboxRecord & InspectedLease;

/**
 * Row counts of a whole store, to prove that a refused commit wrote nothing anywhere.
 *
 * @example
 * ```ts
 * expect(await inspect.counts()).toEqual(before);
 * ```
 */
export interface StoreCounts {
  /** Cases stored. */
  cases: number;
  /** Journal entries stored. */
  journal: number;
  /** Timers pending. */
  timers: number;
  /** Outbox rows, any status. */
  outbox: number;
  /** Idempotency records. */
  idempotency: number;
}

/**
 * Raw reads of a store that the conformance suite uses to check an adapter's writes. Write it independently
 * of the adapter under test (for Postgres: plain SQL on the tables), so that an adapter is never checked only
 * against its own reads. Return plain records shaped like the contract's (dates as `Date`), in any order
 * unless said otherwise; missing rows are `null` or `[]`.
 *
 * @example
 * ```ts
 * const inspect: StorageInspector = {
 *   case: async (id) => toCase((await pool.query('select * from gridflow.cases where id = $1', [id])).rows[0]),
 *   journal: async (caseId) => (await pool.query('select * from gridflow.journal where case_id = $1 order by seq', [caseId])).rows.map(toEntry),
 *   // ...timers, outbox, idempotency, flowVersion, counts, quarantine, quarantineRows, cursor
 * };
 * ```
 */
export interface StorageInspector {
  /** The case as stored, read without the adapter. */
  case(caseId: string): MaybePromise<CaseRecord | null>;
  /** Journal rows of a case in `seq` order. */
  journal(caseId: string): MaybePromise<JournalEntry[]>;
  /** The case's timers as stored. */
  timers(caseId: string): MaybePromise<InspectedTimer[]>;
  /** The case's outbox rows as stored. */
  outbox(caseId: string): MaybePromise<InspectedOutbox[]>;
  /** The idempotency record of a key, or null. */
  idempotency(key: string): MaybePromise<IdempotencyRecord | null>;
  /** The stored flow version, or null. */
  flowVersion(flowId: string, version: number): MaybePromise<FlowVersionRecord | null>;
  /** Row counts of every store. */
  counts(): MaybePromise<StoreCounts>;
  /** The quarantined record with this id, or null. */
  quarantine(id: string): MaybePromise<QuarantineRecord | null>;
  /** Every quarantine row of the store, in any order. */
  quarantineRows(): MaybePromise<QuarantineRecord[]>;
  /** The cursor named `name`, or null. */
  cursor(name: string): MaybePromise<CursorRecord | null>;
}
