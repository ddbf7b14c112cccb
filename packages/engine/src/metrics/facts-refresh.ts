import type { CaseRecord, Storage } from '../storage/storage.js';
import type { FactsKeeper } from './facts-keeper.js';

/**
 * Progress of {@link refreshCaseFacts}: rows written so far and the last case id done (the next batch starts
 * after it).
 *
 * @example
 * ```ts
 * await engine.refreshCaseFacts({ onProgress: (p) => console.log(p.refreshed, p.lastCaseId) });
 * ```
 */
export interface FactsRefreshProgress {
  /** Facts rows written so far in this run. */
  refreshed: number;
  /** The last case id done, or `null` before the first batch; a rerun resumes after it. */
  lastCaseId: string | null;
}

/**
 * Options of {@link refreshCaseFacts} and `engine.refreshCaseFacts`.
 *
 * @example
 * ```ts
 * const options: FactsRefreshOptions = { batchSize: 500, onProgress: (p) => log(p.refreshed) };
 * ```
 */
export interface FactsRefreshOptions {
  /** Cases per batch (default 500). */
  batchSize?: number;
  /** Only cases of these units. */
  orgUnits?: readonly string[];
  /** Only cases created before this instant. */
  createdTo?: Date;
  /** Called after every batch. */
  onProgress?(progress: FactsRefreshProgress): void;
}

/**
 * Read again, from their journals, the facts of every case whose projection row is missing or was read by
 * another extractor version, batch by batch in case-id order. Safe to stop and run again: a batch done is no
 * longer stale, and a row is never written over a newer case version. Returns the number of rows written.
 *
 * @example
 * ```ts
 * const refreshed = await refreshCaseFacts(storage, keeper, { batchSize: 1000 });
 * ```
 */
export async function refreshCaseFacts(
  storage: Storage,
  keeper: FactsKeeper,
  options: FactsRefreshOptions = {},
): Promise<number> {
  if (!storage.capabilities.caseFacts || !storage.staleCaseFacts || !storage.saveCaseFacts) return 0;
  const limit = options.batchSize ?? 500;
  const extractors = keeper.extractorsByFlow();
  let afterId: string | null = null;
  let refreshed = 0;
  const whole = options.orgUnits === undefined && options.createdTo === undefined;
  const finish = () => {
    if (whole) keeper.allFresh = true;
    return refreshed;
  };
  for (;;) {
    const ids = await storage.staleCaseFacts({
      extractors,
      orgUnits: options.orgUnits,
      createdTo: options.createdTo,
      afterId,
      limit,
    });
    if (ids.length === 0) return finish();
    const records = storage.loadCases
      ? await storage.loadCases(ids)
      : ((await Promise.all(ids.map((id) => storage.loadCase(id)))).filter(Boolean) as CaseRecord[]);
    const journals = storage.readJournals ? await storage.readJournals(ids) : null;
    const rows = await Promise.all(
      records.map(async (record) =>
        keeper.read(record, journals?.get(record.id) ?? (await storage.readJournal(record.id))),
      ),
    );
    await storage.saveCaseFacts(rows);
    refreshed += rows.length;
    afterId = ids.at(-1) ?? null;
    options.onProgress?.({ refreshed, lastCaseId: afterId });
    if (ids.length < limit) return finish();
  }
}

/**
 * Bring the projection up to date before a report reads it: the first time, every stale row of the store is
 * read again (a backfill if nothing was kept yet); after that, commits keep the rows, and nothing is scanned.
 *
 * @example
 * ```ts
 * await ensureFreshFacts(storage, keeper);
 * ```
 */
export async function ensureFreshFacts(storage: Storage, keeper: FactsKeeper): Promise<void> {
  if (!keeper.allFresh) await refreshCaseFacts(storage, keeper);
}
