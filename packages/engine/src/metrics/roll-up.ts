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
  const tree = await treeOf(directory, rootId);
  const rows: RolledUnit[] = tree.map(({ unit, depth }) => ({
    unit,
    depth,
    tally: own.get(unit.id) ?? emptyTally(),
  }));
  // Tree order puts every unit's descendants after it: adding each row into its parent, last first, rolls up.
  const index = new Map(rows.map((row, i) => [row.unit.id, i]));
  for (let i = rows.length - 1; i > 0; i--) {
    const row = rows[i] as RolledUnit;
    const parent = rows[index.get(row.unit.parentId as string) as number] as RolledUnit;
    parent.tally = addTallies(parent.tally, row.tally);
  }
  return rows;
}

/**
 * A unit's subtree in tree order (a unit, then its children's subtrees, children in the directory's order),
 * with each unit's depth below the root and its ancestors within the subtree (itself included).
 *
 * @example
 * ```ts
 * for (const { unit, depth } of await treeOf(directory, 'district')) console.log('  '.repeat(depth), unit.name);
 * ```
 */
export async function treeOf(
  directory: Directory,
  rootId: string,
): Promise<Array<{ unit: OrgUnit; depth: number; lineage: ReadonlySet<string> }>> {
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
  const rows: Array<{ unit: OrgUnit; depth: number; lineage: ReadonlySet<string> }> = [];
  const visit = (id: string, depth: number, above: ReadonlySet<string>) => {
    const lineage = new Set([...above, id]);
    rows.push({ unit: units.get(id) as OrgUnit, depth, lineage });
    for (const child of children.get(id) ?? []) visit(child, depth + 1, lineage);
  };
  if (units.has(rootId)) visit(rootId, 0, new Set());
  return rows;
}
