import type { Directory, OrgUnit } from '../directory/directory.js';
import { addTallies, emptyTally, type MetricsTally } from './metric-definitions.js';

/**
 * One org unit of a rolled-up tree: its place in the tree and the tally of its whole subtree.
 *
 * @example
 * ```ts
 * for (const node of rolled) console.log('  '.repeat(node.depth), node.unit.name, node.tally.closed);
 * ```
 */
export interface RolledUnit {
  unit: OrgUnit;
  /** 0 for the report's root unit, 1 for its children, … */
  depth: number;
  tally: MetricsTally;
}

/**
 * Roll tallies up the org tree: each unit's tally is its own cases plus every descendant's, so a street's row
 * covers its communities and grids. Rows come in tree order (a unit, then its children's subtrees, children in
 * the directory's order).
 *
 * @example
 * ```ts
 * const rows = await rollUp(directory, 'street-east', new Map([['grid-a1', tallyA1], ['comm-b', tallyB]]));
 * ```
 */
export async function rollUp(
  directory: Directory,
  rootId: string,
  own: ReadonlyMap<string, MetricsTally>,
): Promise<RolledUnit[]> {
  const ids = await directory.subtree(rootId);
  const units = new Map<string, OrgUnit>();
  for (const id of ids) {
    const unit = await directory.getUnit(id);
    if (unit) units.set(id, unit);
  }
  const children = new Map<string, string[]>();
  for (const unit of units.values()) {
    if (unit.id === rootId || unit.parentId === null || !units.has(unit.parentId)) continue;
    children.set(unit.parentId, [...(children.get(unit.parentId) ?? []), unit.id]);
  }
  const rows: RolledUnit[] = [];
  const visit = (id: string, depth: number): MetricsTally => {
    const unit = units.get(id) as OrgUnit;
    const row: RolledUnit = { unit, depth, tally: own.get(id) ?? emptyTally() };
    rows.push(row);
    for (const child of children.get(id) ?? []) row.tally = addTallies(row.tally, visit(child, depth + 1));
    return row.tally;
  };
  if (units.has(rootId)) visit(rootId, 0);
  return rows;
}
