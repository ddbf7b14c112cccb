import type { IdempotencyRecord, Page } from './case-store.js';

/**
 * Why a record was refused: the engine's error codes that no retry of the same input can fix, plus
 * `MAPPING_FAILED` for an intake's `map` that threw or returned something that is not a mapping.
 *
 * @example
 * ```ts
 * const code: IntakeRejectionCode = 'VALIDATION_FAILED';
 * ```
 */
export type IntakeRejectionCode =
  | 'VALIDATION_FAILED'
  | 'FORBIDDEN'
  | 'FLOW_NOT_FOUND'
  | 'EVENT_NOT_ACCEPTED'
  | 'CASE_NOT_FOUND'
  | 'MAPPING_FAILED';

/**
 * The typed reason a record sits in quarantine. `field` names what was wrong, in the outside record's terms
 * when the intake refused it (`unit`), in the engine's when the engine did (`input.title`).
 *
 * @example
 * ```ts
 * const reason: IntakeRejection = { code: 'VALIDATION_FAILED', field: 'unit', message: 'unknown unit code 3301' };
 * ```
 */
export interface IntakeRejection {
  /** Why the record was refused. */
  code: IntakeRejectionCode;
  /** The record's field at fault, if one. */
  field?: string;
  /** The reason in words. */
  message: string;
}

/**
 * Where a quarantined record stands: waiting (`open`), turned into a case (`resolved`), or set aside by
 * someone with a note (`discarded`).
 *
 * @example
 * ```ts
 * const waiting = await storage.listQuarantine({ status: 'open', limit: 50 });
 * ```
 */
export type QuarantineStatus = 'open' | 'resolved' | 'discarded';

/**
 * An outside record that could not be applied (隔离区), kept with its raw body until it is retried or discarded.
 * One row per `(source, externalId)`; records without a readable id get a row each.
 *
 * @example
 * ```ts
 * const row = await storage.getQuarantine('q-1');
 * console.log(row?.reason.code, row?.reason.field, row?.attempts);
 * ```
 */
export interface QuarantineRecord {
  /** Quarantine row id. */
  id: string;
  /** The intake's source name (`hotline`, `open311`). */
  source: string;
  /** The outside id, or null when the record's id could not be read. */
  externalId: string | null;
  /** The record as received: JSON, or a string for a body that was not JSON. */
  raw: unknown;
  /** Why the record could not be applied (the latest reason). */
  reason: IntakeRejection;
  /** `open` until retried successfully (`resolved`) or given up (`discarded`). */
  status: QuarantineStatus;
  /** How many times the record was refused: each push and each retry that failed again. */
  attempts: number;
  /** The case the record became; set when resolved, kept if the same id is refused again later. */
  caseId: string | null;
  /** Why it was discarded; null otherwise. */
  note: string | null;
  /** When the record was first quarantined. */
  createdAt: Date;
  /** When it last changed. */
  updatedAt: Date;
}

/**
 * A refusal to record with {@link IntakeStore.recordQuarantine}.
 *
 * @example
 * ```ts
 * await storage.recordQuarantine({ id: randomUUID(), source: 'hotline', externalId: 'GD-1', raw,
 *   reason: { code: 'VALIDATION_FAILED', field: 'unit', message: 'unknown unit' }, at: now });
 * ```
 */
export interface QuarantineEntry {
  /** Used only when a new row is inserted. */
  id: string;
  /** The intake source (`hotline`). */
  source: string;
  /** The record's outside id, when it could be read. */
  externalId: string | null;
  /** The record as received. */
  raw: unknown;
  /** Why it could not be applied. */
  reason: IntakeRejection;
  /** When it was received. */
  at: Date;
}

/**
 * What happens to an open row: refused again (new reason, `attempts` +1), resolved into a case, or discarded.
 *
 * @example
 * ```ts
 * await storage.settleQuarantine('q-1', { status: 'resolved', caseId: 'hotline-GD-1', at: now });
 * ```
 */
export type QuarantineSettlement =
  | { status: 'open'; reason: IntakeRejection; at: Date }
  | { status: 'resolved'; caseId: string; at: Date }
  | { status: 'discarded'; note: string; at: Date };

/**
 * Filters of {@link IntakeStore.listQuarantine}; rows come oldest first (`createdAt`, then `id`).
 *
 * @example
 * ```ts
 * const page = await storage.listQuarantine({ source: 'hotline', status: 'open', limit: 50 });
 * ```
 */
export interface QuarantineQuery {
  /** Only records of this source. */
  source?: string;
  /** Only records with this status. */
  status?: QuarantineStatus;
  /** 1 to 1000; default 50. */
  limit?: number;
  /** `nextCursor` of the previous page; omit for the first. */
  cursor?: string | null;
}

/**
 * A poller's durable position in an outside source (an opaque string the poller chose).
 *
 * @example
 * ```ts
 * const cursor = await storage.getCursor('hotline:todo');
 * ```
 */
export interface CursorRecord {
  /** Cursor name (one per poller). */
  name: string;
  /** The poller's position in its source. */
  value: string;
  /** When it was last written. */
  updatedAt: Date;
}

/**
 * A cursor write. `expected` makes it a compare-and-set: `null` writes only if the cursor does not exist yet,
 * a string only if the stored value equals it; leave it out to write unconditionally.
 *
 * @example
 * ```ts
 * const moved = await storage.setCursor({ name: 'hotline:todo', value: 'page-8', expected: 'page-7', at: now });
 * ```
 */
export interface CursorWrite {
  /** Cursor name. */
  name: string;
  /** The new position. */
  value: string;
  /** Time of the write. */
  at: Date;
  /** Compare-and-set: write only if the stored value is this (null: no cursor yet); omit to write anyway. */
  expected?: string | null;
}

/**
 * What {@link IntakeStore.findIntakeState} looks up: an outside record's idempotency key and its quarantine row.
 *
 * @example
 * ```ts
 * const lookup: IntakeStateLookup = { key: 'intake:hotline:GD-1', source: 'hotline', externalId: 'GD-1' };
 * ```
 */
export interface IntakeStateLookup {
  /** The record's idempotency key (`intake:<source>:<externalId>`). */
  key: string;
  /** The intake source. */
  source: string;
  /** The record's outside id. */
  externalId: string;
}

/**
 * What is stored about an outside record: the answer to its idempotency key (it was applied) and its
 * quarantine row, each null when there is none.
 *
 * @example
 * ```ts
 * const { idempotency, quarantine } = await storage.findIntakeState!(lookup);
 * ```
 */
export interface IntakeState {
  /** The stored answer to the key (the record was applied), or null. */
  idempotency: IdempotencyRecord | null;
  /** The record's quarantine row, or null. */
  quarantine: QuarantineRecord | null;
}

/**
 * The intake part of the storage contract: the quarantine of outside records that could not be applied, and
 * the durable cursors of pollers.
 *
 * @example
 * ```ts
 * const row = await storage.recordQuarantine(entry);
 * await storage.setCursor({ name: 'hotline:todo', value: '2026-01-05T08:00:00Z', at: new Date() });
 * ```
 */
export interface IntakeStore {
  /**
   * Insert a quarantine row, or, when one exists for the same `source` and non-null `externalId`, update it:
   * status `open`, the new raw body and reason, `attempts` +1, `note` cleared, `updatedAt` = `at`. Returns the
   * row as stored. A new row starts with `attempts` 1 and `createdAt` = `updatedAt` = `at`.
   */
  recordQuarantine(entry: QuarantineEntry): Promise<QuarantineRecord>;
  /** The quarantined record with this id, or null. */
  getQuarantine(id: string): Promise<QuarantineRecord | null>;
  /** The quarantined record of this source and outside id, or null. */
  findQuarantine(source: string, externalId: string): Promise<QuarantineRecord | null>;
  /**
   * Optional: `findIdempotencyKey(key)` and `findQuarantine(source, externalId)` in one read (one round trip),
   * what `engine.ingest` asks about every record before applying it. Without it the engine makes both calls.
   */
  findIntakeState?(lookup: IntakeStateLookup): Promise<IntakeState>;
  /** Quarantined records, oldest first, a page at a time. */
  listQuarantine(query: QuarantineQuery): Promise<Page<QuarantineRecord>>;
  /**
   * Settle an `open` row (see {@link QuarantineSettlement}); `updatedAt` = `at`. Returns the row afterwards,
   * or null (and nothing written) when the row is missing or not open.
   */
  settleQuarantine(id: string, settlement: QuarantineSettlement): Promise<QuarantineRecord | null>;
  /** The cursor named `name`, or null. */
  getCursor(name: string): Promise<CursorRecord | null>;
  /** Write a cursor (see {@link CursorWrite}); false, and nothing written, when `expected` does not hold. */
  setCursor(write: CursorWrite): Promise<boolean>;
}
