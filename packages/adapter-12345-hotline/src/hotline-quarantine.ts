import type { Engine, IngestResult, IntakeRejection, IntakeRejectionCode } from '@gridflow/engine';
import type { HotlineMappingReasonCode } from './hotline-order-record.js';
import type { HotlineMappingReason } from './hotline-record-fields.js';

const HOTLINE_CODES: readonly HotlineMappingReasonCode[] = [
  'MISSING_FIELD',
  'BAD_TYPE',
  'BAD_VALUE',
  'BAD_DATE',
  'BAD_URL',
  'UNKNOWN_UNIT',
  'UNKNOWN_CATEGORY',
];

/** A mapping refusal as the engine's quarantine keeps it: `VALIDATION_FAILED`, the field, the code in front. */
export function quarantineReasonOf(reason: HotlineMappingReason): IntakeRejection {
  return { code: 'VALIDATION_FAILED', field: reason.field, message: `${reason.code}: ${reason.message}` };
}

/**
 * A quarantined hotline record's reason, typed: the hotline code (`UNKNOWN_UNIT`, `BAD_DATE`, …) when the
 * mapping refused it, else the engine's (`CASE_NOT_FOUND` for an action whose order is not in yet,
 * `FORBIDDEN`, …), with the field at fault as the platform names it.
 *
 * @example
 * ```ts
 * const { items } = await engine.quarantine.list({ source: 'hotline', status: 'open' });
 * for (const row of items) console.log(hotlineQuarantineReason(row.reason)); // { code: 'UNKNOWN_UNIT', field: 'leadUnitCode', … }
 * ```
 */
export interface HotlineQuarantineReason {
  /** Why the record could not be applied. */
  code: HotlineMappingReasonCode | IntakeRejectionCode;
  /** The record's field at fault, or null. */
  field: string | null;
  /** The reason in words. */
  message: string;
}

/**
 * Read a quarantine row's reason back as a {@link HotlineQuarantineReason}.
 *
 * @example
 * ```ts
 * hotlineQuarantineReason({ code: 'VALIDATION_FAILED', field: 'leadUnitCode',
 *   message: 'UNKNOWN_UNIT: leadUnitCode X9 is not in the unit table' });
 * // { code: 'UNKNOWN_UNIT', field: 'leadUnitCode', message: 'leadUnitCode X9 is not in the unit table' }
 * ```
 */
export function hotlineQuarantineReason(reason: IntakeRejection): HotlineQuarantineReason {
  const match = /^([A-Z_]+): ([\s\S]*)$/.exec(reason.message);
  const code = match?.[1] as HotlineMappingReasonCode | undefined;
  if (reason.code === 'VALIDATION_FAILED' && code && HOTLINE_CODES.includes(code)) {
    return { code, field: reason.field ?? null, message: match![2]! };
  }
  return { code: reason.code, field: reason.field ?? null, message: reason.message };
}

/**
 * What {@link retryHotlineQuarantine} did: rows that became cases or events, and rows refused again.
 *
 * @example
 * ```ts
 * const { applied, refused } = await retryHotlineQuarantine(engine, { source: 'hotline' });
 * ```
 */
export interface HotlineRetryReport {
  /** Records applied on retry. */
  applied: number;
  /** Records refused again. */
  refused: number;
  /** Each retry's result, in order. */
  results: IngestResult[];
}

/**
 * Retry the open quarantine rows of a source with its intake's current mapping (after fixing the unit or
 * category table), oldest first, optionally only those whose reason `where` picks. Rows refused again stay open
 * with the new reason. Transient failures throw; what was retried before them stays retried.
 *
 * @example
 * ```ts
 * hotline.useUnits(units.with({ '310112009': 'street-north' }));
 * await retryHotlineQuarantine(engine, { source: hotline.source, where: (r) => r.code === 'UNKNOWN_UNIT' });
 * ```
 */
export async function retryHotlineQuarantine(
  engine: Pick<Engine, 'quarantine'>,
  options: { source: string; where?: (reason: HotlineQuarantineReason) => boolean },
): Promise<HotlineRetryReport> {
  const report: HotlineRetryReport = { applied: 0, refused: 0, results: [] };
  // Collect the ids first: a retried row leaves the open list, which would shift a cursor over it.
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await engine.quarantine.list({ source: options.source, status: 'open', limit: 500, cursor });
    for (const row of page.items) {
      if (!options.where || options.where(hotlineQuarantineReason(row.reason))) ids.push(row.id);
    }
    cursor = page.nextCursor;
  } while (cursor);
  for (const id of ids) {
    const result = await engine.quarantine.retry(id);
    report.results.push(result);
    if (result.status === 'quarantined') report.refused++;
    else report.applied++;
  }
  return report;
}
