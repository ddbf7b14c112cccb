import { z } from 'zod';
import { validationError } from '../errors.js';
import type { Member, OrgUnit } from './directory.js';

const OrgUnitKindSchema = z.enum(['district', 'street', 'community', 'grid', 'department']);

/** Names of outside systems in `Member.externalIds`: `wecom`, `phone`, `dingtalk`. */
const SystemNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'must be a system name like "wecom" (lowercase letters, digits, hyphens)');

const MemoryDirectoryConfigSchema = z.object({
  units: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string().min(1),
        kind: OrgUnitKindSchema,
        parentId: z.string().min(1).nullable().optional(),
      }),
    )
    .min(1),
  members: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string().min(1),
        roles: z.array(z.string().min(1)),
        orgUnit: z.string().min(1),
        externalIds: z.record(SystemNameSchema, z.string().trim().min(1)).optional(),
      }),
    )
    .optional(),
});

/**
 * The plain config object {@link memoryDirectory} is built from: a flat list of org units, each naming its
 * parent (`null` or left out for a root), and the members with the roles they hold at one unit. Several roots
 * are allowed (a district and a department tree beside it, say). Units and members may come in any order.
 *
 * @example
 * ```ts
 * const config: MemoryDirectoryConfig = {
 *   units: [
 *     { id: 'district', name: '示范区', kind: 'district', parentId: null },
 *     { id: 'grid-01', name: '幸福里一网格', kind: 'grid', parentId: 'district' },
 *   ],
 *   members: [{ id: 'u-wang', name: '王芳', roles: ['gridWorker'], orgUnit: 'grid-01' }],
 * };
 * ```
 */
export interface MemoryDirectoryConfig {
  /** Every unit; parents may come after their children. At least one. */
  units: readonly MemoryDirectoryUnit[];
  /** Members, each at a unit listed in `units`. */
  members?: readonly Member[];
}

/**
 * One org unit in a {@link MemoryDirectoryConfig}; `parentId` may be left out for a root.
 *
 * @example
 * ```ts
 * const unit: MemoryDirectoryUnit = { id: 'street-east', name: '东街道', kind: 'street', parentId: 'district' };
 * ```
 */
export type MemoryDirectoryUnit = Omit<OrgUnit, 'parentId'> & { parentId?: string | null };

/**
 * A checked config: units in parent-before-child order and members, ready to index.
 *
 * @example
 * ```ts
 * const { units, members } = parseDirectoryConfig(config);
 * ```
 */
export interface ParsedDirectoryConfig {
  units: OrgUnit[];
  members: Member[];
}

/**
 * Validate a {@link MemoryDirectoryConfig}: the shape with zod, then what zod cannot see (duplicate ids,
 * parents and member units that do not exist, cycles, two members with one external id in the same system). Each failure is a `VALIDATION_FAILED` naming the field,
 * such as `config.units[3].parentId`.
 *
 * @example
 * ```ts
 * parseDirectoryConfig({ units: [{ id: 'a', name: 'A', kind: 'grid', parentId: 'missing' }] });
 * // throws: config.units[0].parentId names unknown unit "missing"
 * ```
 */
export function parseDirectoryConfig(config: MemoryDirectoryConfig): ParsedDirectoryConfig {
  const parsed = MemoryDirectoryConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // A bad record key's own message ("must be a system name") sits one level down.
    const message =
      issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    throw validationError(fieldPath(issue.path), message);
  }
  const units = parsed.data.units.map((u) => ({ ...u, parentId: u.parentId ?? null }));
  const members = parsed.data.members ?? [];

  const index = new Map<string, number>();
  units.forEach((unit, i) => {
    const first = index.get(unit.id);
    if (first !== undefined)
      throw validationError(`config.units[${i}].id`, `duplicates units[${first}].id "${unit.id}"`);
    index.set(unit.id, i);
  });
  units.forEach((unit, i) => {
    if (unit.parentId !== null && !index.has(unit.parentId)) {
      throw validationError(`config.units[${i}].parentId`, `names unknown unit "${unit.parentId}"`);
    }
  });
  const memberIds = new Map<string, number>();
  members.forEach((member, i) => {
    const first = memberIds.get(member.id);
    if (first !== undefined) {
      throw validationError(`config.members[${i}].id`, `duplicates members[${first}].id "${member.id}"`);
    }
    memberIds.set(member.id, i);
    if (!index.has(member.orgUnit)) {
      throw validationError(`config.members[${i}].orgUnit`, `names unknown unit "${member.orgUnit}"`);
    }
  });
  uniqueExternalIds(members);
  return { units: parentsFirst(units, index), members };
}

/** One external id names one member: a WeCom callback must map a click to exactly one person. */
function uniqueExternalIds(members: readonly Member[]): void {
  const owners = new Map<string, number>();
  members.forEach((member, i) => {
    for (const [system, externalId] of Object.entries(member.externalIds ?? {})) {
      const key = JSON.stringify([system, externalId]);
      const first = owners.get(key);
      if (first !== undefined) {
        throw validationError(
          `config.members[${i}].externalIds.${system}`,
          `"${externalId}" is already members[${first}].externalIds.${system}`,
        );
      }
      owners.set(key, i);
    }
  });
}

/** Order units so every parent precedes its children; a unit never reached from a root sits on a cycle. */
function parentsFirst(units: OrgUnit[], index: Map<string, number>): OrgUnit[] {
  const children = new Map<string | null, OrgUnit[]>();
  for (const unit of units) {
    const siblings = children.get(unit.parentId) ?? [];
    siblings.push(unit);
    children.set(unit.parentId, siblings);
  }
  const ordered: OrgUnit[] = [];
  const queue = [...(children.get(null) ?? [])];
  for (let i = 0; i < queue.length; i++) {
    const unit = queue[i]!;
    ordered.push(unit);
    queue.push(...(children.get(unit.id) ?? []));
  }
  if (ordered.length < units.length) {
    const reached = new Set(ordered.map((u) => u.id));
    const stuck = units.find((u) => !reached.has(u.id))!;
    throw validationError(
      `config.units[${index.get(stuck.id)}].parentId`,
      `forms a cycle: "${stuck.id}" never reaches a root unit`,
    );
  }
  return ordered;
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`),
    'config',
  );
}
