import { expect } from 'vitest';
import type { CommitRequest, Storage } from '../storage/storage.js';

/**
 * Commit and assert that it was committed.
 *
 * @example
 * ```ts
 * await commitOk(storage, makeCreateCommit(record));
 * ```
 */
export async function commitOk(storage: Storage, request: CommitRequest): Promise<void> {
  expect(await storage.commit(request)).toEqual({ status: 'committed' });
}

/**
 * Sort copies by `id` in code-unit order, for comparing rows read in any order.
 *
 * @example
 * ```ts
 * expect(byId(await inspect.timers(caseId))).toEqual(byId(expected));
 * ```
 */
export function byId<T extends { id: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Just the ids, in the given order.
 *
 * @example
 * ```ts
 * expect(ids(page.items)).toEqual(['c-2', 'c-1']);
 * ```
 */
export function ids(rows: readonly { id: string }[]): string[] {
  return rows.map((row) => row.id);
}
