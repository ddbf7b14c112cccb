import { toCaseView } from '../case/case-view.js';
import type { FlowRegistry } from '../flow/flow-registry.js';
import type {
  CaseRecord,
  CommitRequest,
  JournalEntry,
  Storage,
  StoredCaseFacts,
} from '../storage/storage.js';
import type { CaseFactsExtractor } from './case-facts.js';
import { defaultHandlingFacts } from './handling-facts.js';
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
    return {
      caseId: record.id,
      flowId: record.flowId,
      orgUnit: record.orgUnit,
      state: record.state,
      status: record.status,
      caseVersion: record.version,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      extractor: this.extractorOf(record.flowId),
      facts,
    };
  }
}

/**
 * A storage whose commits carry the case's facts (`CommitRequest.facts`), read from the journal so far plus
 * the entries being committed (the journal of the last `cacheSize` cases committed is remembered, so a case
 * moving along costs no extra read, and a commit that changes nothing the row holds does not rewrite it); storages without `capabilities.caseFacts` are returned as they are. The
 * facts are stored by the commit itself, so they change in the same transaction as the case.
 *
 * @example
 * ```ts
 * const storage = keepCaseFacts(guardedStorage, new FactsKeeper(flows, builtInFacts));
 * ```
 */
export function keepCaseFacts(storage: Storage, keeper: FactsKeeper, cacheSize = 10_000): Storage {
  if (!storage.capabilities.caseFacts) return storage;
  // Journals are append-only and gapless: the entries up to a version never change, so a journal remembered
  // at the version a commit expects is the journal the storage holds, and saves a read per commit.
  const journals = new Map<string, { version: number; entries: JournalEntry[]; written: string }>();
  const keeping: Storage = Object.create(storage);
  Object.defineProperty(keeping, 'commit', {
    value: async (request: CommitRequest) => {
      const id = request.case.id;
      const known = journals.get(id);
      const hit = request.expectedVersion !== null && known?.version === request.expectedVersion;
      const before =
        request.expectedVersion === null ? [] : hit ? known!.entries : await storage.readJournal(id);
      const entries = [...before, ...request.journal];
      const facts = keeper.read(request.case, entries);
      // A commit that changes none of what the row holds (an urge, a note) leaves the row as it is.
      const written = rowKey(facts);
      const unchanged = hit && known!.written === written;
      const outcome = await storage.commit(unchanged ? request : { ...request, facts });
      journals.delete(id);
      if (outcome.status === 'committed' && cacheSize > 0) {
        journals.set(id, { version: request.case.version, entries, written });
        if (journals.size > cacheSize) journals.delete(journals.keys().next().value as string);
      }
      return outcome;
    },
  });
  return keeping;
}

/** What a projection row says about a case, apart from the version and time it was read at. */
function rowKey(row: StoredCaseFacts): string {
  const { caseVersion: _version, updatedAt: _updated, ...rest } = row;
  return JSON.stringify(rest);
}
