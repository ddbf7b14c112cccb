import type { AdapterLifecycle, MaybePromise, Role } from '../types.js';

/**
 * The tier of an org unit: district (区) → street/big community (街道/大社区) → community (社区/村) → grid (网格).
 * Departments (职能部门) hang beside the tree, under the district.
 *
 * @example
 * ```ts
 * const tier: OrgUnitKind = 'community';
 * ```
 */
export type OrgUnitKind = 'district' | 'street' | 'community' | 'grid' | 'department';

/**
 * One node of the org tree.
 *
 * @example
 * ```ts
 * const unit: OrgUnit = { id: 'grid-01', name: '幸福里一网格', kind: 'grid', parentId: 'comm-xingfu' };
 * ```
 */
export interface OrgUnit {
  /** Unit id, referenced by cases, actors and members. */
  id: string;
  /** Display name (幸福社区). */
  name: string;
  /** Tier: district, street, community, grid or department. */
  kind: OrgUnitKind;
  /** The unit above, or null for the root. */
  parentId: string | null;
}

/**
 * A person known to the directory, with roles held at one org unit, and the ids other systems know them by.
 *
 * @example
 * ```ts
 * const m: Member = { id: 'u-wang', name: '王芳', roles: ['gridWorker'], orgUnit: 'grid-01',
 *   externalIds: { wecom: 'WangFang', phone: '13800138000' } };
 * ```
 */
export interface Member {
  /** Member id: what `Actor.id` carries. */
  id: string;
  /** Display name (王芳), shown in notices and timelines. */
  name: string;
  /** Roles the member holds at `orgUnit`. */
  roles: readonly Role[];
  /** The unit the member belongs to. */
  orgUnit: string;
  /**
   * Ids in outside systems, by system name (`^[a-z][a-z0-9-]*$`: `wecom`, `phone`, `dingtalk`): a notifier
   * addresses the member by them, a callback maps a clicking user back with `findMemberByExternalId`.
   */
  externalIds?: Readonly<Record<string, string>>;
}

/**
 * The org-tree contract. Districts plug in their own (an HR system, an LDAP tree); the engine ships
 * {@link memoryDirectory} built from a plain config object.
 *
 * @example
 * ```ts
 * if (await directory.isWithin('grid-01', 'street-east')) allow();
 * ```
 */
export interface Directory extends AdapterLifecycle {
  /** The unit with this id, or undefined. */
  getUnit(id: string): MaybePromise<OrgUnit | undefined>;
  /** True when `unitId` equals `ancestorId` or lies in its subtree. */
  isWithin(unitId: string, ancestorId: string): MaybePromise<boolean>;
  /** `unitId` and every unit below it. */
  subtree(unitId: string): MaybePromise<string[]>;
  /** The chain from `unitId`'s parent up to the root, nearest first. */
  ancestors(unitId: string): MaybePromise<OrgUnit[]>;
  /** The member with this id, or undefined. */
  getMember(id: string): MaybePromise<Member | undefined>;
  /** Members of a unit (not its subtree), optionally with a role. */
  members(unitId: string, role?: Role): MaybePromise<Member[]>;
  /** The member known to `system` as `externalId` (a WeCom userid, a phone number), if any. */
  findMemberByExternalId(system: string, externalId: string): MaybePromise<Member | undefined>;
}
