/**
 * A heap entry: something identified by `id` becomes interesting at `at` (epoch ms). `gen` ties the entry to
 * one version of its row, so a changed or deleted row leaves its old entries stale instead of needing removal.
 *
 * @example
 * ```ts
 * heap.push({ at: timer.dueAt.getTime(), id: timer.id, gen: timer.gen });
 * ```
 */
export interface HeapEntry {
  at: number;
  id: string;
  gen: number;
}

/**
 * A binary min-heap on `at` (then `id`) with lazy deletion: entries that `isLive` rejects are dropped when
 * they reach the top. It lets the memory storage answer "what is due?" without scanning every row.
 *
 * @example
 * ```ts
 * const heap = new EntryHeap((e) => timers.get(e.id)?.gen === e.gen);
 * const next = heap.peek();
 * ```
 */
export class EntryHeap {
  #items: HeapEntry[] = [];
  readonly #isLive: (entry: HeapEntry) => boolean;

  constructor(isLive: (entry: HeapEntry) => boolean) {
    this.#isLive = isLive;
  }

  /** Entries held, stale ones included. */
  get size(): number {
    return this.#items.length;
  }

  push(entry: HeapEntry): void {
    const items = this.#items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  /** The earliest live entry, discarding stale ones on the way. */
  peek(): HeapEntry | undefined {
    while (this.#items.length > 0 && !this.#isLive(this.#items[0]!)) this.#removeTop();
    return this.#items[0];
  }

  /** Remove and return the earliest live entry. */
  pop(): HeapEntry | undefined {
    const top = this.peek();
    if (top) this.#removeTop();
    return top;
  }

  /** Replace the contents (used to shed stale entries once they outnumber live ones). */
  rebuild(entries: HeapEntry[]): void {
    this.#items = [];
    for (const entry of entries) this.push(entry);
  }

  #removeTop(): void {
    const items = this.#items;
    const last = items.pop()!;
    if (items.length === 0) return;
    items[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < items.length && before(items[left]!, items[smallest]!)) smallest = left;
      if (right < items.length && before(items[right]!, items[smallest]!)) smallest = right;
      if (smallest === i) return;
      [items[i], items[smallest]] = [items[smallest]!, items[i]!];
      i = smallest;
    }
  }
}

function before(a: HeapEntry, b: HeapEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.id < b.id);
}
