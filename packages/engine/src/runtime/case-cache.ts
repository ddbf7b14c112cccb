import type { CaseRecord } from '../storage/storage.js';

/**
 * The case records this engine committed last, least recently used evicted first. A cached record is only a
 * starting guess: the commit's version check still decides, and a conflict (another engine moved the case)
 * drops the entry and reloads. It saves one storage round trip per event on a case this process works on.
 * Records are stored and handed out as the engine's own objects; callers never see them (views are copies).
 */
export class CaseCache {
  readonly #records = new Map<string, CaseRecord>();

  constructor(private readonly capacity: number) {}

  get(caseId: string): CaseRecord | undefined {
    const record = this.#records.get(caseId);
    if (record) {
      // Re-insert to mark as most recently used (Map keeps insertion order).
      this.#records.delete(caseId);
      this.#records.set(caseId, record);
    }
    return record;
  }

  set(record: CaseRecord): void {
    if (this.capacity <= 0) return;
    this.#records.delete(record.id);
    this.#records.set(record.id, record);
    if (this.#records.size > this.capacity) {
      const oldest = this.#records.keys().next().value as string;
      this.#records.delete(oldest);
    }
  }

  delete(caseId: string): void {
    this.#records.delete(caseId);
  }
}
