import type { Actor, Member, OrgUnit, Role } from '@gridflow/engine';

/**
 * The simulated district: 滨江区 with two streets (街道), four communities (社区), sixteen grids (网格), five
 * departments (职能部门) beside the tree, and the people who work and live there. Fixed, not seeded: every run
 * and every seed plays in the same district.
 *
 * @example
 * ```ts
 * const district = buildDistrict();
 * const engine = createEngine({ directory: memoryDirectory(district.config), ... });
 * district.gridWorkerOf('grid-xingfu-1'); // the Actor who patrols that grid
 * ```
 */
export interface District {
  /** The plain config `memoryDirectory` is built from. */
  config: { units: OrgUnit[]; members: Member[] };
  root: OrgUnit;
  streets: OrgUnit[];
  communities: OrgUnit[];
  grids: OrgUnit[];
  departments: OrgUnit[];
  /** Every person with one role at one unit, as the actor they act as. */
  actors(unitId: string, role: Role): Actor[];
  /** A person by id, as the actor they act as. */
  person(id: string): Actor;
  unit(id: string): OrgUnit;
  /** The community of a grid, the street of a community. */
  parentOf(unitId: string): OrgUnit;
  /** The unit of `kind` at or above `unitId` (the street a grid lies in, say). */
  above(unitId: string, kind: OrgUnit['kind']): OrgUnit;
  /** The escalation ladder from a unit up to the district command centre (网格 → 社区 → 街道 → 区). */
  ladderOf(unitId: string): string[];
}

const STREETS = [
  { id: 'street-donghu', name: '东湖街道', communities: ['xingfu:幸福', 'heping:和平'] },
  { id: 'street-xishan', name: '西山街道', communities: ['anju:安居', 'kangle:康乐'] },
];
const GRIDS_PER_COMMUNITY = 4;
const ORDINALS = ['一', '二', '三', '四', '五', '六'];

/** Departments and what they handle (住建, 市场监管, 城管, 水务, 生态环境). */
export const DEPARTMENTS = [
  { id: 'dept-housing', name: '区住房和城乡建设局' },
  { id: 'dept-market', name: '区市场监督管理局' },
  { id: 'dept-urban', name: '区城市管理局' },
  { id: 'dept-water', name: '区水务局' },
  { id: 'dept-env', name: '区生态环境分局' },
] as const;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高';
const GIVEN = [
  '芳',
  '伟',
  '敏',
  '静',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '华',
  '平',
  '刚',
  '桂兰',
  '建国',
];

/**
 * Build the {@link District}: org units, members with roles, and lookups.
 *
 * @example
 * ```ts
 * const { grids, communities } = buildDistrict();
 * console.log(grids.length, communities.length); // 16 4
 * ```
 */
export function buildDistrict(): District {
  const units: OrgUnit[] = [{ id: 'district', name: '滨江区', kind: 'district', parentId: null }];
  const members: Member[] = [];
  let serial = 0;
  const person = (prefix: string, roles: Role[], orgUnit: string, n = 1) => {
    for (let i = 1; i <= n; i++) {
      const name = `${SURNAMES[serial % SURNAMES.length]}${GIVEN[(serial * 7) % GIVEN.length]}`;
      serial++;
      members.push({ id: `${prefix}-${i}`, name, roles, orgUnit });
    }
  };

  person('dispatcher', ['dispatcher'], 'district', 3);
  person('supervisor', ['supervisor'], 'district');
  for (const dept of DEPARTMENTS) {
    units.push({ ...dept, kind: 'department', parentId: 'district' });
    person(`handler-${dept.id.slice(5)}`, ['departmentHandler'], dept.id, 2);
  }
  for (const street of STREETS) {
    units.push({ id: street.id, name: street.name, kind: 'street', parentId: 'district' });
    person(`staff-${street.id.slice(7)}`, ['streetStaff'], street.id, 2);
    for (const entry of street.communities) {
      const [key, label] = entry.split(':') as [string, string];
      const community = `comm-${key}`;
      units.push({ id: community, name: `${label}社区`, kind: 'community', parentId: street.id });
      person(`staff-${key}`, ['communityStaff'], community, 2);
      person(`partyorg-${key}`, ['partyOrg'], community);
      person(`party-${key}`, ['partyMember'], community, 3);
      person(`volunteer-${key}`, ['volunteer'], community, 3);
      for (let g = 1; g <= GRIDS_PER_COMMUNITY; g++) {
        const grid = `grid-${key}-${g}`;
        units.push({
          id: grid,
          name: `${label}社区第${ORDINALS[g - 1]}网格`,
          kind: 'grid',
          parentId: community,
        });
        person(`gridworker-${key}-${g}`, ['gridWorker'], grid);
        person(`resident-${key}-${g}`, ['resident'], grid, 8);
      }
    }
  }
  return indexDistrict({ units, members });
}

function indexDistrict(config: { units: OrgUnit[]; members: Member[] }): District {
  const byId = new Map(config.units.map((u) => [u.id, u]));
  const byUnitRole = new Map<string, Actor[]>();
  const people = new Map<string, Actor>();
  for (const m of config.members) {
    people.set(m.id, { id: m.id, roles: m.roles, orgUnit: m.orgUnit });
    for (const role of m.roles) {
      const key = `${m.orgUnit}|${role}`;
      byUnitRole.set(key, [...(byUnitRole.get(key) ?? []), { id: m.id, roles: m.roles, orgUnit: m.orgUnit }]);
    }
  }
  const unit = (id: string) => {
    const found = byId.get(id);
    if (!found) throw new Error(`no org unit ${id}`);
    return found;
  };
  const ofKind = (kind: OrgUnit['kind']) => config.units.filter((u) => u.kind === kind);
  return {
    config,
    root: unit('district'),
    streets: ofKind('street'),
    communities: ofKind('community'),
    grids: ofKind('grid'),
    departments: ofKind('department'),
    actors: (unitId, role) => byUnitRole.get(`${unitId}|${role}`) ?? [],
    person(id) {
      const found = people.get(id);
      if (!found) throw new Error(`no person ${id}`);
      return found;
    },
    unit,
    parentOf: (unitId) => unit(unit(unitId).parentId ?? 'district'),
    above(unitId, kind) {
      for (
        let at: OrgUnit | undefined = unit(unitId);
        at;
        at = at.parentId ? byId.get(at.parentId) : undefined
      ) {
        if (at.kind === kind) return at;
      }
      throw new Error(`no ${kind} above ${unitId}`);
    },
    ladderOf(unitId) {
      const chain: string[] = [];
      for (
        let at: OrgUnit | undefined = unit(unitId);
        at;
        at = at.parentId ? byId.get(at.parentId) : undefined
      ) {
        chain.push(at.id);
      }
      return chain;
    },
  };
}
