import type { Role } from '../types.js';
import type { Directory, Member, OrgUnit } from './directory.js';
import { type MemoryDirectoryConfig, parseDirectoryConfig } from './memory-directory-config.js';

/**
 * The {@link Directory} {@link memoryDirectory} returns: the same contract, answered synchronously.
 *
 * @example
 * ```ts
 * const directory: MemoryDirectory = memoryDirectory(config);
 * const scope = directory.subtree('street-east'); // string[], no await needed
 * ```
 */
export interface MemoryDirectory extends Directory {
  /** The unit with this id, or undefined. */
  getUnit(id: string): OrgUnit | undefined;
  isWithin(unitId: string, ancestorId: string): boolean;
  subtree(unitId: string): string[];
  ancestors(unitId: string): OrgUnit[];
  /** The member with this id, or undefined. */
  getMember(id: string): Member | undefined;
  members(unitId: string, role?: Role): Member[];
  findMemberByExternalId(system: string, externalId: string): Member | undefined;
}

/**
 * A {@link Directory} held in memory (内存组织架构), built once from a plain config object; see
 * {@link MemoryDirectoryConfig}. Answers synchronously. Units are numbered in depth-first order, so a subtree
 * is one contiguous range and `isWithin` is two comparisons; external ids are indexed by system. Returned
 * units and members are frozen.
 *
 * @example
 * ```ts
 * const directory = memoryDirectory({
 *   units: [
 *     { id: 'district', name: '示范区', kind: 'district', parentId: null },
 *     { id: 'street-east', name: '东街道', kind: 'street', parentId: 'district' },
 *     { id: 'comm-xingfu', name: '幸福社区', kind: 'community', parentId: 'street-east' },
 *     { id: 'grid-01', name: '幸福里一网格', kind: 'grid', parentId: 'comm-xingfu' },
 *   ],
 *   members: [{ id: 'u-wang', name: '王芳', roles: ['gridWorker'], orgUnit: 'grid-01',
 *     externalIds: { wecom: 'WangFang' } }],
 * });
 * directory.isWithin('grid-01', 'street-east'); // true
 * directory.findMemberByExternalId('wecom', 'WangFang')?.id; // 'u-wang'
 * ```
 */
export function memoryDirectory(config: MemoryDirectoryConfig): MemoryDirectory {
  const { units, members } = parseDirectoryConfig(config);
  const byId = new Map<string, OrgUnit>();
  const children = new Map<string, OrgUnit[]>();
  const roots: OrgUnit[] = [];
  for (const unit of units) {
    const frozen = Object.freeze({ ...unit });
    byId.set(unit.id, frozen);
    if (unit.parentId === null) roots.push(frozen);
    else append(children, unit.parentId, frozen);
  }

  // Depth-first numbering: a unit's subtree is the range [enter, exit) of `order`.
  const order: string[] = [];
  const enter = new Map<string, number>();
  const exit = new Map<string, number>();
  const stack: { unit: OrgUnit; leaving: boolean }[] = roots
    .reverse()
    .map((unit) => ({ unit, leaving: false }));
  while (stack.length > 0) {
    const { unit, leaving } = stack.pop()!;
    if (leaving) {
      exit.set(unit.id, order.length);
      continue;
    }
    enter.set(unit.id, order.length);
    order.push(unit.id);
    stack.push({ unit, leaving: true });
    const below = children.get(unit.id) ?? [];
    for (let i = below.length - 1; i >= 0; i--) stack.push({ unit: below[i]!, leaving: false });
  }

  const memberById = new Map<string, Member>();
  const membersByUnit = new Map<string, Member[]>();
  // system → external id → member; the config check guarantees each pair names one member.
  const byExternalId = new Map<string, Map<string, Member>>();
  for (const member of members) {
    const frozen = freezeMember(member);
    memberById.set(member.id, frozen);
    append(membersByUnit, member.orgUnit, frozen);
    for (const [system, externalId] of Object.entries(member.externalIds ?? {})) {
      const index = byExternalId.get(system) ?? new Map<string, Member>();
      index.set(externalId, frozen);
      byExternalId.set(system, index);
    }
  }

  return {
    getUnit: (id: string) => byId.get(id),
    isWithin(unitId: string, ancestorId: string) {
      const at = enter.get(unitId);
      const from = enter.get(ancestorId);
      if (at === undefined || from === undefined) return false;
      return from <= at && at < exit.get(ancestorId)!;
    },
    subtree(unitId: string) {
      const from = enter.get(unitId);
      return from === undefined ? [] : order.slice(from, exit.get(unitId));
    },
    ancestors(unitId: string) {
      const chain: OrgUnit[] = [];
      let parentId = byId.get(unitId)?.parentId ?? null;
      while (parentId !== null) {
        const parent = byId.get(parentId)!;
        chain.push(parent);
        parentId = parent.parentId;
      }
      return chain;
    },
    getMember: (id: string) => memberById.get(id),
    members(unitId: string, role?: Role) {
      const here = membersByUnit.get(unitId) ?? [];
      return role === undefined ? [...here] : here.filter((m) => m.roles.includes(role));
    },
    findMemberByExternalId: (system: string, externalId: string) => byExternalId.get(system)?.get(externalId),
  };
}

function freezeMember(member: Member): Member {
  const { externalIds, ...rest } = member;
  return Object.freeze({
    ...rest,
    roles: Object.freeze([...member.roles]) as readonly Role[],
    ...(externalIds ? { externalIds: Object.freeze({ ...externalIds }) } : {}),
  });
}

function append<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
