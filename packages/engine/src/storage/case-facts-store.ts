import type { CaseFacts } from '../metrics/case-facts.js';
import type { MetricsCounts, MetricsPeriod } from '../metrics/metric-definitions.js';
import type { CaseRecord, CaseStatus, JournalEntry } from './case-store.js';

/**
 * One row of the case-facts projection: the facts a flow's extractor read from a case at its last commit,
 * with the case columns a report scopes by. Written in the same transaction as the commit that produced it
 * (`CommitRequest.facts`), or by `engine.refreshCaseFacts` for cases committed before facts were kept.
 *
 * @example
 * ```ts
 * const row: StoredCaseFacts = { caseId: 'c-1', flowId: 'work-order', orgUnit: 'grid-01', state: 'dispatched',
 *   status: 'active', caseVersion: 3, createdAt, updatedAt, extractor: 'workOrderFacts@1', facts };
 * ```
 */
export interface StoredCaseFacts {
  /** The case the row describes (one row per case). */
  caseId: string;
  /** The case's flow id. */
  flowId: string;
  /** The case's org unit at the commit, which reports scope and roll up by. */
  orgUnit: string;
  /** The case's state and status at the commit, for the dashboard counts. */
  state: string;
  /** The case's status at the commit (`active`, `done`, ...). */
  status: CaseStatus;
  /** The case version the facts were read at; a row never goes back to an older version. */
  caseVersion: number;
  /** When the case was created (reports bound their period by it). */
  createdAt: Date;
  /** When the commit that produced the row happened. */
  updatedAt: Date;
  /** The extractor's name and version (`workOrderFacts@1`); a row whose extractor changed is stale. */
  extractor: string;
  /** What the extractor returned; `null` leaves the case out of every metric. */
  facts: CaseFacts | null;
}

/**
 * The projection row of `record` at its version: the case columns a report scopes by, the extractor that read
 * the facts (`name@version`) and what it read.
 *
 * @example
 * ```ts
 * const row = caseFactsRow(record, 'workOrderFacts@1', facts);
 * ```
 */
export function caseFactsRow(
  record: CaseRecord,
  extractor: string,
  facts: StoredCaseFacts['facts'],
): StoredCaseFacts {
  return {
    caseId: record.id,
    flowId: record.flowId,
    orgUnit: record.orgUnit,
    state: record.state,
    status: record.status,
    caseVersion: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    extractor,
    facts,
  };
}

/**
 * The area report's question to a storage that keeps the projection: count the cases of `orgUnits` over
 * `period`, by the unit each belongs to, and give the median handling time of each row of `rollUp` (a row
 * unit and the units whose cases it covers, itself included).
 *
 * @example
 * ```ts
 * const tally = await storage.tallyCaseFacts?.({ orgUnits: ['grid-a', 'comm-a'], period,
 *   rollUp: [{ row: 'comm-a', unit: 'comm-a' }, { row: 'comm-a', unit: 'grid-a' }, { row: 'grid-a', unit: 'grid-a' }] });
 * ```
 */
export interface FactsTallyQuery {
  /** Every unit whose own cases are counted (the report's subtree). */
  orgUnits: readonly string[];
  /** Pairs of a report row and a unit whose cases that row covers; medians are taken per row. */
  rollUp: ReadonlyArray<{ row: string; unit: string }>;
  /** Only cases of this flow; all flows when left out. */
  flowId?: string;
  /** The report's period and `asOf`, with the rules of `docs/metrics.md`. */
  period: MetricsPeriod;
}

/**
 * What {@link CaseFactsStore.tallyCaseFacts} answers: the counts of each unit's own cases (units with none may be
 * left out) and the median handling hours of each rolled-up row (`null` when it closed nothing).
 *
 * @example
 * ```ts
 * const own = new Map(tally.units.map((u) => [u.orgUnit, u]));
 * ```
 */
export interface FactsTally {
  /** Counts of each unit's own cases (not rolled up). */
  units: Array<MetricsCounts & { orgUnit: string }>;
  /** Median handling hours of each `rollUp` row over the cases it covers. */
  medians: Array<{ row: string; medianHandlingHours: number | null }>;
}

/**
 * The dashboard's question: the open cases of `orgUnits` now, by state and SLA light.
 *
 * @example
 * ```ts
 * const rows = await storage.countOpenCases?.({ orgUnits: ['comm-a', 'grid-a'], now: new Date() });
 * ```
 */
export interface OpenCasesQuery {
  /** The units whose open cases are counted. */
  orgUnits: readonly string[];
  /** Only cases of this flow; all flows when left out. */
  flowId?: string;
  /** The instant deadlines and reminder points are judged at. */
  now: Date;
}

/**
 * Open cases in one state, split by SLA light: `overdue` (past the handling deadline, or breached and still
 * open), `pastReminder` (a reminder went out, not overdue yet), `inTime` (the rest).
 *
 * @example
 * ```ts
 * const { state, overdue, pastReminder, inTime } = rows[0];
 * ```
 */
export interface OpenCasesRow {
  /** The state the open cases are in. */
  state: string;
  /** Open cases past their handling deadline (or breached and still open). */
  overdue: number;
  /** Open cases a reminder went out for, not overdue yet. */
  pastReminder: number;
  /** The remaining open cases in this state. */
  inTime: number;
}

/**
 * The optional case-facts part of the storage contract. A storage that has it says so with
 * `capabilities.caseFacts`; without it the engine computes metrics from the journals (the reference way).
 *
 * @example
 * ```ts
 * if (storage.capabilities.caseFacts) await storage.saveCaseFacts?.([row]);
 * ```
 */
export interface CaseFactsStore {
  /** Upsert rows, each only over an older or equal case version. */
  saveCaseFacts?(rows: readonly StoredCaseFacts[]): Promise<void>;
  /**
   * Ids of cases (in id order, after `afterId`) whose facts are missing or were read by another extractor than
   * `extractors[flowId]`; only cases of `orgUnits` created before `createdTo` when those are given.
   */
  staleCaseFacts?(query: {
    extractors: Readonly<Record<string, string>>;
    orgUnits?: readonly string[];
    createdTo?: Date;
    afterId?: string | null;
    limit: number;
  }): Promise<string[]>;
  /** The area report's counts and medians; see `FactsTallyQuery`. */
  tallyCaseFacts?(query: FactsTallyQuery): Promise<FactsTally>;
  /**
   * The projection rows that can matter to `period` (created before `to`, and not done before `from` when
   * created before it), of `orgUnits` when given, for reports computed in the engine (the handling view).
   */
  readCaseFacts?(query: {
    period: MetricsPeriod;
    orgUnits?: readonly string[];
    flowId?: string;
  }): Promise<StoredCaseFacts[]>;
  /** The journals of several cases in one round trip, each in `seq` order (for refreshing facts in batches). */
  readJournals?(caseIds: readonly string[]): Promise<Map<string, JournalEntry[]>>;
  /** Open cases by state and SLA light; see `OpenCasesRow`. */
  countOpenCases?(query: OpenCasesQuery): Promise<OpenCasesRow[]>;
}
