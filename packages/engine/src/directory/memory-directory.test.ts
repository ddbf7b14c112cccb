import { describe, expect, it } from 'vitest';
import { isGridflowError } from '../errors.js';
import type { MemoryDirectoryConfig } from './memory-directory-config.js';
import { memoryDirectory } from './memory-directory.js';

const config: MemoryDirectoryConfig = {
  units: [
    // Deliberately children before parents: order in the config must not matter.
    { id: 'grid-a1', name: '幸福一网格', kind: 'grid', parentId: 'comm-a' },
    { id: 'grid-a2', name: '幸福二网格', kind: 'grid', parentId: 'comm-a' },
    { id: 'comm-a', name: '幸福社区', kind: 'community', parentId: 'street-east' },
    { id: 'comm-b', name: '和平社区', kind: 'community', parentId: 'street-east' },
    { id: 'grid-b1', name: '和平一网格', kind: 'grid', parentId: 'comm-b' },
    { id: 'street-east', name: '东街道', kind: 'street', parentId: 'district' },
    { id: 'street-west', name: '西街道', kind: 'street', parentId: 'district' },
    { id: 'district', name: '示范区', kind: 'district', parentId: null },
    { id: 'dept-housing', name: '住建局', kind: 'department', parentId: 'district' },
    { id: 'other-district', name: '邻区', kind: 'district' },
  ],
  members: [
    { id: 'u-wang', name: '王芳', roles: ['gridWorker', 'partyMember'], orgUnit: 'grid-a1' },
    { id: 'u-zhao', name: '赵敏', roles: ['gridWorker'], orgUnit: 'grid-a1' },
    { id: 'u-chen', name: '陈刚', roles: ['communityStaff'], orgUnit: 'comm-a' },
    {
      id: 'u-liu',
      name: '刘洋',
      roles: ['streetStaff'],
      orgUnit: 'street-east',
      externalIds: { wecom: 'LiuYang', phone: '13800138000' },
    },
    {
      id: 'u-he',
      name: '何静',
      roles: ['streetStaff'],
      orgUnit: 'street-east',
      externalIds: { wecom: 'HeJing' },
    },
  ],
};

function failure(build: () => unknown) {
  try {
    build();
  } catch (error) {
    if (isGridflowError(error, 'VALIDATION_FAILED'))
      return { field: error.details.field, message: error.message };
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('memoryDirectory', () => {
  const directory = memoryDirectory(config);

  it('finds units by id, with a missing parentId read as a root', () => {
    expect(directory.getUnit('comm-a')).toEqual({
      id: 'comm-a',
      name: '幸福社区',
      kind: 'community',
      parentId: 'street-east',
    });
    expect(directory.getUnit('other-district')?.parentId).toBeNull();
    expect(directory.getUnit('nowhere')).toBeUndefined();
  });

  it('says a unit is within itself, its ancestors, and nothing else', () => {
    expect(directory.isWithin('grid-a1', 'grid-a1')).toBe(true);
    expect(directory.isWithin('grid-a1', 'comm-a')).toBe(true);
    expect(directory.isWithin('grid-a1', 'street-east')).toBe(true);
    expect(directory.isWithin('grid-a1', 'district')).toBe(true);
    expect(directory.isWithin('grid-a1', 'comm-b')).toBe(false);
    expect(directory.isWithin('grid-a1', 'grid-a2')).toBe(false);
    expect(directory.isWithin('comm-a', 'grid-a1')).toBe(false);
    expect(directory.isWithin('grid-b1', 'street-west')).toBe(false);
    expect(directory.isWithin('dept-housing', 'district')).toBe(true);
    expect(directory.isWithin('grid-a1', 'other-district')).toBe(false);
  });

  it('says nothing is within an unknown unit and an unknown unit is within nothing', () => {
    expect(directory.isWithin('nowhere', 'district')).toBe(false);
    expect(directory.isWithin('grid-a1', 'nowhere')).toBe(false);
    expect(directory.isWithin('nowhere', 'nowhere')).toBe(false);
  });

  it('lists a subtree with the unit itself first', () => {
    expect(directory.subtree('street-east')[0]).toBe('street-east');
    expect(new Set(directory.subtree('street-east'))).toEqual(
      new Set(['street-east', 'comm-a', 'comm-b', 'grid-a1', 'grid-a2', 'grid-b1']),
    );
    expect(directory.subtree('grid-b1')).toEqual(['grid-b1']);
    expect(directory.subtree('district')).toHaveLength(9);
    expect(directory.subtree('nowhere')).toEqual([]);
  });

  it('lists ancestors nearest first, up to the root', () => {
    expect(directory.ancestors('grid-a2').map((u) => u.id)).toEqual(['comm-a', 'street-east', 'district']);
    expect(directory.ancestors('district')).toEqual([]);
    expect(directory.ancestors('nowhere')).toEqual([]);
  });

  it('finds members and lists those of one unit, optionally by role', () => {
    expect(directory.getMember('u-chen')).toEqual(config.members![2]);
    expect(directory.getMember('nobody')).toBeUndefined();
    const ids = (members: { id: string }[]) => members.map((m) => m.id);
    expect(ids(directory.members('grid-a1'))).toEqual(['u-wang', 'u-zhao']);
    expect(ids(directory.members('grid-a1', 'partyMember'))).toEqual(['u-wang']);
    expect(ids(directory.members('street-west'))).toEqual([]);
    expect(directory.members('nowhere')).toEqual([]);
  });

  it('hands out frozen units and members, so no caller can change the tree', () => {
    const unit = directory.getUnit('comm-a')!;
    const member = directory.getMember('u-wang')!;
    expect(Object.isFrozen(unit)).toBe(true);
    expect(Object.isFrozen(member.roles)).toBe(true);
    directory.members('grid-a1').length = 0;
    expect(directory.members('grid-a1')).toHaveLength(2);
  });

  it('finds a member by the id an outside system knows them by, in that system only', () => {
    expect(directory.findMemberByExternalId('wecom', 'LiuYang')?.id).toBe('u-liu');
    expect(directory.findMemberByExternalId('phone', '13800138000')?.id).toBe('u-liu');
    expect(directory.findMemberByExternalId('wecom', 'HeJing')?.id).toBe('u-he');
    expect(directory.findMemberByExternalId('dingtalk', 'LiuYang')).toBeUndefined();
    expect(directory.findMemberByExternalId('phone', 'LiuYang')).toBeUndefined();
    expect(directory.findMemberByExternalId('wecom', 'liuyang')).toBeUndefined();
    expect(directory.getMember('u-wang')).not.toHaveProperty('externalIds');
  });

  it('hands out frozen external ids, unchanged by later edits to the config', () => {
    const externalIds = { wecom: 'Before' };
    const built = memoryDirectory({
      units: [{ id: 'root', name: 'Root', kind: 'district', parentId: null }],
      members: [{ id: 'm', name: 'M', roles: [], orgUnit: 'root', externalIds }],
    });
    externalIds.wecom = 'After';
    expect(built.getMember('m')?.externalIds).toEqual({ wecom: 'Before' });
    expect(Object.isFrozen(built.getMember('m')?.externalIds)).toBe(true);
    expect(built.findMemberByExternalId('wecom', 'After')).toBeUndefined();
  });

  it('is not affected by later changes to the config object', () => {
    const units = [{ id: 'root', name: 'Root', kind: 'district' as const, parentId: null }];
    const built = memoryDirectory({ units });
    units[0]!.name = 'Changed';
    expect(built.getUnit('root')?.name).toBe('Root');
  });

  it('answers for a deep tree of thousands of units', () => {
    const units = Array.from({ length: 5000 }, (_, i) => ({
      id: `u${i}`,
      name: `Unit ${i}`,
      kind: 'grid' as const,
      parentId: i === 0 ? null : `u${Math.floor((i - 1) / 2)}`,
    }));
    const deep = memoryDirectory({ units });
    expect(deep.isWithin('u4999', 'u0')).toBe(true);
    expect(deep.isWithin('u4999', 'u1')).toBe(true);
    expect(deep.isWithin('u4999', 'u2')).toBe(false);
    // Every answer agrees with walking up the parent chain.
    for (let i = 0; i < 2000; i++) {
      const unitId = `u${(i * 7919) % 5000}`;
      const ancestorId = `u${(i * 104729) % 5000}`;
      const walked = [unitId, ...deep.ancestors(unitId).map((u) => u.id)];
      expect(deep.isWithin(unitId, ancestorId)).toBe(walked.includes(ancestorId));
    }
    expect(deep.subtree('u0')).toHaveLength(5000);
    expect(deep.ancestors('u4999')).toHaveLength(12);
  });
});

describe('memoryDirectory config validation', () => {
  const unit = (id: string, parentId: string | null) => ({ id, name: id, kind: 'grid' as const, parentId });

  it('names the field of a shape error', () => {
    expect(
      failure(() => memoryDirectory({ units: [{ ...unit('a', null), kind: 'village' as never }] })).field,
    ).toBe('config.units[0].kind');
    expect(failure(() => memoryDirectory({ units: [] })).field).toBe('config.units');
    expect(
      failure(() =>
        memoryDirectory({ units: [unit('a', null)], members: [{ id: 'm', name: 'M', roles: 'x' } as never] }),
      ).field,
    ).toMatch(/^config\.members\[0\]\./);
  });

  it('rejects a duplicate unit id, naming the second one', () => {
    const error = failure(() =>
      memoryDirectory({ units: [unit('a', null), unit('b', 'a'), unit('a', null)] }),
    );
    expect(error.field).toBe('config.units[2].id');
    expect(error.message).toContain('units[0]');
  });

  it('rejects a parentId naming no unit', () => {
    const error = failure(() => memoryDirectory({ units: [unit('a', null), unit('b', 'ghost')] }));
    expect(error.field).toBe('config.units[1].parentId');
    expect(error.message).toContain('ghost');
  });

  it('rejects a cycle in the tree', () => {
    const error = failure(() =>
      memoryDirectory({ units: [unit('root', null), unit('a', 'c'), unit('b', 'a'), unit('c', 'b')] }),
    );
    expect(error.field).toMatch(/^config\.units\[[123]\]\.parentId$/);
    expect(error.message).toContain('cycle');
    expect(failure(() => memoryDirectory({ units: [unit('self', 'self')] })).field).toBe(
      'config.units[0].parentId',
    );
  });

  it('rejects two members with one external id in the same system, naming the second', () => {
    const member = (id: string, externalIds: Record<string, string>) => ({
      id,
      name: id,
      roles: ['gridWorker'],
      orgUnit: 'a',
      externalIds,
    });
    const error = failure(() =>
      memoryDirectory({
        units: [unit('a', null)],
        members: [
          member('m1', { wecom: 'ZhangSan', phone: '13800138000' }),
          member('m2', { phone: '13900139000' }),
          member('m3', { phone: '13900139001', wecom: 'ZhangSan' }),
        ],
      }),
    );
    expect(error.field).toBe('config.members[2].externalIds.wecom');
    expect(error.message).toContain('members[0]');
    // The same id in two systems is two different things.
    const shared = memoryDirectory({
      units: [unit('a', null)],
      members: [member('m1', { wecom: '13800138000' }), member('m2', { phone: '13800138000' })],
    });
    expect(shared.findMemberByExternalId('phone', '13800138000')?.id).toBe('m2');
  });

  it('rejects a badly named system and an empty external id', () => {
    const member = (externalIds: Record<string, string>) => ({
      id: 'm',
      name: 'M',
      roles: [],
      orgUnit: 'a',
      externalIds,
    });
    const badSystem = failure(() =>
      memoryDirectory({ units: [unit('a', null)], members: [member({ WeCom: 'x' })] }),
    );
    expect(badSystem).toEqual({
      field: 'config.members[0].externalIds.WeCom',
      message: expect.stringContaining('system name'),
    });
    expect(
      failure(() => memoryDirectory({ units: [unit('a', null)], members: [member({ wecom: ' ' })] })).field,
    ).toBe('config.members[0].externalIds.wecom');
  });

  it('rejects a duplicate member id and a member of an unknown unit', () => {
    const member = { id: 'm', name: 'M', roles: ['gridWorker'], orgUnit: 'a' };
    expect(
      failure(() => memoryDirectory({ units: [unit('a', null)], members: [member, member] })).field,
    ).toBe('config.members[1].id');
    expect(
      failure(() => memoryDirectory({ units: [unit('a', null)], members: [{ ...member, orgUnit: 'b' }] }))
        .field,
    ).toBe('config.members[0].orgUnit');
  });
});
