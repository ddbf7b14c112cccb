/**
 * The median of each rolled-up row from its units' sorted values: one unit's list is read in place; several
 * are copied into one typed array and sorted numerically. The mean of the two middle values for an even count,
 * as the engine's `median` computes it, so both give the same double; `null` for a row with no values.
 *
 * @example
 * ```ts
 * rowMedians([{ row: 'comm-a', unit: 'grid-a' }, { row: 'comm-a', unit: 'comm-a' }], new Map([['grid-a', [1, 3]]]));
 * // [{ row: 'comm-a', medianHandlingHours: 2 }]
 * ```
 */
export function rowMedians(
  rollUp: ReadonlyArray<{ row: string; unit: string }>,
  sortedByUnit: ReadonlyMap<string, ArrayLike<number>>,
): Array<{ row: string; medianHandlingHours: number | null }> {
  const unitsByRow = new Map<string, Array<ArrayLike<number>>>();
  for (const { row, unit } of rollUp) {
    const lists = unitsByRow.get(row) ?? [];
    const values = sortedByUnit.get(unit);
    if (values && values.length > 0) lists.push(values);
    unitsByRow.set(row, lists);
  }
  return [...unitsByRow].map(([row, lists]) => ({ row, medianHandlingHours: medianOf(lists) }));
}

function medianOf(lists: Array<ArrayLike<number>>): number | null {
  const sorted = lists.length === 1 ? (lists[0] as ArrayLike<number>) : merged(lists);
  const n = sorted.length;
  if (n === 0) return null;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function merged(lists: Array<ArrayLike<number>>): Float64Array {
  const all = new Float64Array(lists.reduce((sum, list) => sum + list.length, 0));
  let at = 0;
  for (const list of lists) {
    all.set(list, at);
    at += list.length;
  }
  return all.sort();
}
