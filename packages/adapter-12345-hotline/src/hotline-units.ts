import { validationError } from '@gridflow/engine';
import { z } from 'zod';
import { parseOptions } from './hotline-options.js';

/**
 * A unit-code lookup: the unit id in the directory, or a typed miss naming the code.
 *
 * @example
 * ```ts
 * const hit: HotlineUnitLookup = units.lookup('3101120001');
 * if (!hit.ok) console.warn(`no unit for ${hit.code}`);
 * ```
 */
export type HotlineUnitLookup =
  | { ok: true; unitId: string }
  | { ok: false; reason: 'UNKNOWN_UNIT'; code: string };

/**
 * The unit-code table: the platform's unit and area codes (承办单位, 街道, 社区) → directory unit ids, both ways
 * (write-backs name the platform's code for the unit that acted).
 *
 * @example
 * ```ts
 * const units = hotlineUnitTable({ '3101120001': 'street-east', ZJ01: 'dept-housing' });
 * units.lookup('ZJ01'); // { ok: true, unitId: 'dept-housing' }
 * units.codeOf('street-east'); // '3101120001'
 * ```
 */
export interface HotlineUnitTable {
  /** The directory unit of a platform code, or why there is none. */
  lookup(code: string): HotlineUnitLookup;
  /** The platform code of a directory unit, or `null`; the first code listed wins when several share a unit. */
  codeOf(unitId: string): string | null;
  /** How many codes the table holds. */
  readonly size: number;
  /** A new table with `entries` added or replaced: after fixing the table, quarantined orders retry against it. */
  with(entries: Readonly<Record<string, string>>): HotlineUnitTable;
  /** Every code and its unit. */
  entries(): Readonly<Record<string, string>>;
}

const entriesSchema = z.record(
  z.string().regex(/^\S{1,64}$/, 'must be 1-64 characters without spaces'),
  z.string().min(1, 'must not be empty'),
);

/**
 * Build the unit-code table from `{ platformCode: unitId }`. Throws `VALIDATION_FAILED` naming a bad entry.
 *
 * @example
 * ```ts
 * const units = hotlineUnitTable({ '310112001': 'street-east', '310112001001': 'comm-1' });
 * ```
 */
export function hotlineUnitTable(entries: Readonly<Record<string, string>>): HotlineUnitTable {
  if (typeof entries !== 'object' || entries === null) throw validationError('units', 'must be an object');
  const valid = parseOptions(entriesSchema, entries, 'units');
  const byCode = new Map(Object.entries(valid));
  const byUnit = new Map<string, string>();
  for (const [code, unitId] of byCode) if (!byUnit.has(unitId)) byUnit.set(unitId, code);
  const snapshot = Object.freeze({ ...valid });

  return {
    lookup(code) {
      const unitId = byCode.get(code);
      return unitId === undefined ? { ok: false, reason: 'UNKNOWN_UNIT', code } : { ok: true, unitId };
    },
    codeOf: (unitId) => byUnit.get(unitId) ?? null,
    size: byCode.size,
    with: (more) => hotlineUnitTable({ ...snapshot, ...more }),
    entries: () => snapshot,
  };
}
