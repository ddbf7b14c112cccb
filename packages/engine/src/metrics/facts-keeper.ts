import { sharedCaseView, toCaseView } from '../case/case-view.js';
import type { FlowRegistry } from '../flow/flow-registry.js';
import type {
  CaseRecord,
  CommitRequest,
  JournalEntry,
  Storage,
  StoredCaseFacts,
} from '../storage/storage.js';
import { caseFactsRow } from '../storage/case-facts-store.js';
import type { CaseFactsExtractor } from './case-facts.js';
import { defaultHandlingFacts } from './handling-facts.js';
import { type HandlingFoldState, handlingFold } from './handling-fold.js';
import { journalFacts } from './journal-facts.js';

/**
 * Reads cases into projection rows with the flows' extractors (`journalFacts` for flows without one), and
 * names each extractor's version so that rows read by another one are known to be stale.
 *
 * @example
 * ```ts
 * const keeper = new FactsKeeper(flows, { 'work-order': workOrderFacts });
 * const row = keeper.read(record, await storage.readJournal(record.id));
 * ```
 */
export class FactsKeeper {
  constructor(
    private readonly flows: FlowRegistry,
    private readonly extractors: Readonly<Record<string, CaseFactsExtractor>> = {},
  ) {}

  /**
   * Set once every case's row was found fresh for this keeper's extractors (a whole-store refresh): from then
   * on the rows are kept by the commits themselves, so reports skip the stale scan.
   *
   * @example
   * ```ts
   * if (!keeper.allFresh) await refreshCaseFacts(storage, keeper);
   * ```
   */
  allFresh = false;

  /**
   * `name@version` of the extractor a flow's cases are read with, e.g. `workOrderFacts@1`.
   *
   * @example
   * ```ts
   * keeper.extractorOf('work-order'); // 'workOrderFacts@0'
   * ```
   */
  extractorOf(flowId: string): string {
    const extract: CaseFactsExtractor = this.extractors[flowId] ?? journalFacts;
    return `${extract.name || 'facts'}@${extract.version ?? 0}`;
  }

  /**
   * {@link extractorOf} for every registered flow.
   *
   * @example
   * ```ts
   * await storage.staleCaseFacts?.({ extractors: keeper.extractorsByFlow(), limit: 500 });
   * ```
   */
  extractorsByFlow(): Record<string, string> {
    const byFlow: Record<string, string> = {};
    for (const flow of this.flows.list()) byFlow[flow.id] ??= this.extractorOf(flow.id);
    return byFlow;
  }

  /**
   * The projection row of a case, given its whole journal (handling facts always included).
   *
   * @example
   * ```ts
   * await storage.saveCaseFacts?.([keeper.read(record, await storage.readJournal(record.id))]);
   * ```
   */
  read(record: CaseRecord, journal: readonly JournalEntry[]): StoredCaseFacts {
    const flow = this.flows.get(record.flowId, record.flowVersion);
    const view = toCaseView(record);
    const extracted = (this.extractors[record.flowId] ?? journalFacts)({ case: view, journal, flow });
    const facts =
      extracted && !extracted.handling
        ? { ...extracted, handling: defaultHandlingFacts(view, journal, extracted.closedAt) }
        : extracted;
    return this.row(record, facts);
  }

  /**
   * A fresh fold of a case's facts for the commit path, or null when the flow's extractor has no `fold` (its
   * commits then read the whole journal).
   *
   * @example
   * ```ts
   * const state = keeper.startFold('work-order');
   * if (state) keeper.stepFold(state, journal);
   * ```
   */
  startFold(flowId: string): FactsFoldState | null {
    const fold = this.extractor(flowId).fold;
    return fold ? { flowId, extractor: fold.start(), handling: handlingFold.start() } : null;
  }

  /**
   * Fold journal entries (in journal order, after those already folded) into a state from {@link startFold}.
   *
   * @example
   * ```ts
   * keeper.stepFold(state, request.journal);
   * ```
   */
  stepFold(state: FactsFoldState, entries: readonly JournalEntry[]): void {
    const fold = this.extractor(state.flowId).fold!;
    for (const entry of entries) {
      fold.step(state.extractor, entry);
      handlingFold.step(state.handling, entry);
    }
  }

  /**
   * The projection row of a case from its folded journal: what {@link read} gives for the same journal.
   *
   * @example
   * ```ts
   * await storage.commit({ ...request, facts: keeper.readFold(request.case, state) });
   * ```
   */
  readFold(record: CaseRecord, state: FactsFoldState): StoredCaseFacts {
    const flow = this.flows.get(record.flowId, record.flowVersion);
    // The built-in folds only read the view: it need not copy the context on every commit. A flow's own
    // extractor gets a copy, so nothing it does can reach the record being committed.
    const view = this.extractors[record.flowId] ? toCaseView(record) : sharedCaseView(record);
    const extracted = this.extractor(record.flowId).fold!.facts(state.extractor, {
      case: view,
      flow,
    });
    const facts =
      extracted && !extracted.handling
        ? { ...extracted, handling: handlingFold.facts(state.handling, view, extracted.closedAt) }
        : extracted;
    return this.row(record, facts);
  }

  private extractor(flowId: string): CaseFactsExtractor {
    return this.extractors[flowId] ?? journalFacts;
  }

  private row(record: CaseRecord, facts: StoredCaseFacts['facts']): StoredCaseFacts {
    return caseFactsRow(record, this.extractorOf(record.flowId), facts);
  }
}

/**
 * What {@link FactsKeeper.startFold} returns: a case's journal folded so far by its flow's extractor and by the
 * default handling facts.
 *
 * @example
 * ```ts
 * const state: FactsFoldState | null = keeper.startFold('work-order');
 * ```
 */
export interface FactsFoldState {
  /** The flow whose extractor folds this case. */
  flowId: string;
  /** The flow extractor's own fold state. */
  extractor: unknown;
  /** The default handling facts' fold state. */
  handling: HandlingFoldState;
}

/** What the commit path remembers of a case: its facts folded so far (or its journal) at a version. */
interface Remembered {
  version: number;
  written: StoredCaseFacts;
  fold: FactsFoldState | null;
  entries: JournalEntry[] | null;
}

/**
 * A storage whose commits carry the case's facts (`CommitRequest.facts`), read from the journal so far plus
 * the entries being committed. For the last `cacheSize` cases committed it remembers the facts folded so far
 * (extractors with a `fold`: a commit then costs its own entries, whatever the journal's length) or else the
 * journal, so a case moving along costs no extra read; a commit that changes nothing the row holds does not
 * rewrite it. Storages without `capabilities.caseFacts` are returned as they are. The facts are stored by the
 * commit itself, so they change in the same transaction as the case.
 *
 * @example
 * ```ts
 * const storage = keepCaseFacts(guardedStorage, new FactsKeeper(flows, builtInFacts));
 * ```
 */
export function keepCaseFacts(storage: Storage, keeper: FactsKeeper, cacheSize = 10_000): Storage {
  if (!storage.capabilities.caseFacts) return storage;
  // Journals are append-only and gapless: the entries up to a version never change, so what was folded (or
  // remembered) at the version a commit expects is what the storage holds, and saves a read per commit.
  const remembered = new Map<string, Remembered>();
  const keeping: Storage = Object.create(storage);
  Object.defineProperty(keeping, 'commit', {
    value: async (request: CommitRequest) => {
      const id = request.case.id;
      // Taken out while the commit runs: a concurrent commit of the same case reads the journal instead of
      // folding into the same state.
      const known = remembered.get(id);
      remembered.delete(id);
      const hit = request.expectedVersion !== null && known?.version === request.expectedVersion;
      const isNew = request.expectedVersion === null;
      let fold = hit && known!.fold?.flowId === request.case.flowId ? known!.fold : null;
      let entries: JournalEntry[] | null = null;
      if (!fold) {
        const before = isNew ? [] : hit && known!.entries ? known!.entries : await storage.readJournal(id);
        fold = keeper.startFold(request.case.flowId);
        if (fold) keeper.stepFold(fold, before);
        else entries = [...before, ...request.journal];
      }
      if (fold) keeper.stepFold(fold, request.journal);
      const facts = fold ? keeper.readFold(request.case, fold) : keeper.read(request.case, entries!);
      // A commit that changes none of what the row holds (an urge, a note) leaves the row as it is.
      const written = facts;
      const unchanged = hit && sameRow(known!.written, written);
      const outcome = await storage.commit(unchanged ? request : { ...request, facts });
      if (outcome.status === 'committed' && cacheSize > 0) {
        remembered.delete(id);
        remembered.set(id, { version: request.case.version, written, fold, entries });
        if (remembered.size > cacheSize) remembered.delete(remembered.keys().next().value as string);
      }
      return outcome;
    },
  });
  return keeping;
}

/** Whether two projection rows say the same about a case, apart from the version and time they were read at. */
function sameRow(a: StoredCaseFacts, b: StoredCaseFacts): boolean {
  for (const key of Object.keys(a) as Array<keyof StoredCaseFacts>) {
    if (key === 'caseVersion' || key === 'updatedAt') continue;
    if (!sameValue(a[key], b[key])) return false;
  }
  return Object.keys(a).length === Object.keys(b).length;
}

/** Deep equality of the plain data a row holds (dates by instant, `undefined` fields as absent), no copies. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameValue(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) if (!sameValue(left[key], right[key])) return false;
  return true;
}
