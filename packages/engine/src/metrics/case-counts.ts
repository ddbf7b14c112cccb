import { z } from 'zod';
import type { Directory } from '../directory/directory.js';
import { validationError, zodFailure } from '../errors.js';
import type { CaseQuery, OpenCasesRow, Storage } from '../storage/storage.js';
import type { Actor } from '../types.js';
import { countStoredOpenCases } from './facts-tally.js';
import type { FactsKeeper } from './facts-keeper.js';
import { ensureFreshFacts } from './facts-refresh.js';

/**
 * Arguments of `engine.counts`: the open cases of a unit's subtree now, optionally of one flow.
 *
 * @example
 * ```ts
 * await engine.counts({ orgUnit: 'street-east', flow: 'work-order' });
 * ```
 */
export interface CaseCountsQuery {
  /** The unit whose subtree is counted (the unit itself and every unit below it). */
  orgUnit: string;
  /** Count only cases of this flow id; all flows when left out. */
  flow?: string;
  /** When given, the unit must lie in this actor's subtree (`FORBIDDEN` otherwise); residents get no counts. */
  actor?: Actor;
}

/**
 * What `engine.counts` returns: the open cases of the subtree at `asOf`, in total, by SLA light (超期 overdue,
 * past the reminder point, in time) and by state with each state's lights. `overdue` is the same set the
 * `overdue` query filter lists and the metrics count as open and overdue.
 *
 * @example
 * ```ts
 * const { open, lights, byState } = await engine.counts({ orgUnit: 'district' });
 * console.log(open, lights.overdue, byState.find((s) => s.state === 'dispatched')?.open);
 * ```
 */
export interface CaseCounts {
  /** The subtree's root unit, as asked. */
  orgUnit: string;
  /** The flow counted, or `null` for all flows. */
  flow: string | null;
  /** The engine clock's time the lights were judged at. */
  asOf: Date;
  /** Open cases of the subtree in total (the sum of `lights`). */
  open: number;
  /** Open cases by SLA light: overdue (超期), past the reminder point (临期), in time. */
  lights: { overdue: number; pastReminder: number; inTime: number };
  /** One row per state holding open cases, states in code-point order. */
  byState: Array<OpenCasesRow & { open: number }>;
}

const countsQuerySchema = z
  .object({ orgUnit: z.string().min(1), flow: z.string().min(1).optional() })
  .strict();

/**
 * Count a subtree's open cases by state and SLA light in one storage round trip (`countOpenCases`); on a
 * storage without case facts, the facts are read from the journals of the subtree's open cases.
 *
 * @example
 * ```ts
 * const counts = await countCases({ storage, directory, keeper, now: new Date() }, { orgUnit: 'comm-a' });
 * ```
 */
export async function countCases(
  source: { storage: Storage; directory: Directory; keeper: FactsKeeper; now: Date },
  query: CaseCountsQuery,
): Promise<CaseCounts> {
  const { actor: _actor, ...rest } = query;
  const parsed = countsQuerySchema.safeParse(rest);
  if (!parsed.success) throw zodFailure(parsed.error, 'query');
  const { orgUnit, flow } = parsed.data;
  if (!(await source.directory.getUnit(orgUnit)))
    throw validationError('query.orgUnit', 'is not in the directory');
  const orgUnits = await source.directory.subtree(orgUnit);
  const { storage, now } = source;
  const projected = storage.capabilities.caseFacts && storage.countOpenCases;
  if (projected) await ensureFreshFacts(storage, source.keeper);
  const rows = projected
    ? await storage.countOpenCases!({ orgUnits, flowId: flow, now })
    : countStoredOpenCases(await openFactsFromJournals(source, orgUnits, flow), {
        orgUnits,
        flowId: flow,
        now,
      });
  const byState = rows.map((row) => ({ ...row, open: row.overdue + row.pastReminder + row.inTime }));
  const lights = { overdue: 0, pastReminder: 0, inTime: 0 };
  for (const row of byState) {
    lights.overdue += row.overdue;
    lights.pastReminder += row.pastReminder;
    lights.inTime += row.inTime;
  }
  const open = lights.overdue + lights.pastReminder + lights.inTime;
  return { orgUnit, flow: flow ?? null, asOf: now, open, lights, byState };
}

async function openFactsFromJournals(
  source: { storage: Storage; keeper: FactsKeeper },
  orgUnits: readonly string[],
  flowId: string | undefined,
) {
  const rows = [];
  let cursor: string | null = null;
  do {
    const page = await source.storage.queryCases({ orgUnits, flowId, status: 'active', limit: 500, cursor });
    for (const record of page.items) {
      rows.push(source.keeper.read(record, await source.storage.readJournal(record.id)));
    }
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

/**
 * How many cases match a query's filters, counting at most `upTo` when given: the storage's `countCases`
 * when it has one, else by reading pages.
 *
 * @example
 * ```ts
 * const total = await countMatching(storage, { orgUnits, overdue: true, now });
 * const atLeast = await countMatching(storage, { orgUnits }, 1001); // 1001 means "more than 1000"
 * ```
 */
export async function countMatching(storage: Storage, query: CaseQuery, upTo?: number): Promise<number> {
  if (storage.countCases) return storage.countCases(query, upTo === undefined ? undefined : { upTo });
  let total = 0;
  let cursor: string | null = null;
  do {
    const page = await storage.queryCases({ ...query, limit: 1000, cursor });
    total += page.items.length;
    cursor = page.nextCursor;
  } while (cursor && (upTo === undefined || total < upTo));
  return upTo === undefined ? total : Math.min(total, upTo);
}
