/**
 * A case's category (问题类别), the one every worklist filters by: its context's `request.category` (the work
 * order keeps the request as filed there) or else its context's `category` (grid reports, 三单, 微心愿), when
 * that is a string; otherwise `null`. A custom flow whose context keeps the category at one of these places
 * gets the filter for free. Storage filters `CaseQuery.category` by the same rule (Postgres with an expression
 * index on the snapshot).
 *
 * @example
 * ```ts
 * caseCategory({ value: 'open', context: { request: { category: 'road' } } }); // 'road'
 * caseCategory({ value: 'open', context: { category: 'safety' } }); // 'safety'
 * caseCategory({ value: 'open', context: {} }); // null
 * ```
 */
export function caseCategory(snapshot: unknown): string | null {
  const context = fieldOf(snapshot, 'context');
  const filed = fieldOf(fieldOf(context, 'request'), 'category');
  if (typeof filed === 'string') return filed;
  const own = fieldOf(context, 'category');
  return typeof own === 'string' ? own : null;
}

function fieldOf(value: unknown, field: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[field]
    : undefined;
}
