import type { Page } from '../storage/case-store.js';
import type { CursorRecord, QuarantineQuery, QuarantineRecord } from '../storage/intake-store.js';
import type { IngestResult } from './intake.js';

/**
 * `engine.quarantine`: the outside records that could not be applied, for people to look at, retry after the
 * mapping is fixed, or discard with a note. Nothing leaves the quarantine without one of those.
 *
 * @example
 * ```ts
 * const { items } = await engine.quarantine.list({ source: 'hotline', status: 'open' });
 * for (const row of items) await engine.quarantine.retry(row.id);
 * ```
 */
export interface EngineQuarantine {
  /** Rows oldest first, filtered by source and status; `limit` 1 to 1000, default 50. */
  list(query?: QuarantineQuery): Promise<Page<QuarantineRecord>>;
  /** One row, or null. */
  get(id: string): Promise<QuarantineRecord | null>;
  /**
   * Run the intake's current mapping on the stored raw record and apply it. Applied (or found applied
   * already): the row is resolved with the case id. Refused again: the row stays open with the new reason and
   * one more attempt. A transient failure propagates and leaves the row as it was. Only open rows.
   */
  retry(id: string): Promise<IngestResult>;
  /** Set an open row aside for good, saying why. */
  discard(id: string, note: string): Promise<QuarantineRecord>;
}

/**
 * `engine.cursors`: where each poller stands in its outside source, kept in storage so a restart neither
 * re-imports nor skips.
 *
 * @example
 * ```ts
 * const at = (await engine.cursors.get('hotline:todo'))?.value ?? null;
 * // ... import the page after `at` ...
 * await engine.cursors.set('hotline:todo', next, { expected: at });
 * ```
 */
export interface EngineCursors {
  /** The cursor named `name`, or null before its first write. */
  get(name: string): Promise<CursorRecord | null>;
  /**
   * Write a cursor. With `expected` it is a compare-and-set (`null`: only if there is none yet): when another
   * poller moved it first, it throws `VERSION_CONFLICT` with the current value in `details.current`.
   */
  set(name: string, value: string, options?: { expected?: string | null }): Promise<CursorRecord>;
}
