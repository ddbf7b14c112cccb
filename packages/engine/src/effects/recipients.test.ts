import { describe, expect, it } from 'vitest';
import { memoryDirectory } from '../directory/memory-directory.js';
import { resolveRecipients } from './recipients.js';

const directory = memoryDirectory({
  units: [
    { id: 'district', name: '示范区', kind: 'district', parentId: null },
    { id: 'street-east', name: '东街道', kind: 'street', parentId: 'district' },
    { id: 'comm-1', name: '幸福社区', kind: 'community', parentId: 'street-east' },
    { id: 'comm-2', name: '和平社区', kind: 'community', parentId: 'street-east' },
    { id: 'grid-01', name: '幸福一网格', kind: 'grid', parentId: 'comm-1' },
    { id: 'dept-housing', name: '住建局', kind: 'department', parentId: 'district' },
  ],
  members: [
    { id: 's-zhao', name: '赵敏', roles: ['communityStaff'], orgUnit: 'comm-1' },
    { id: 's-an', name: '安然', roles: ['communityStaff', 'partyOrg'], orgUnit: 'comm-1' },
    { id: 's-qian', name: '钱进', roles: ['communityStaff'], orgUnit: 'comm-2' },
    { id: 'st-liu', name: '刘洋', roles: ['streetStaff'], orgUnit: 'street-east' },
    { id: 'd-ma', name: '马力', roles: ['dispatcher'], orgUnit: 'district' },
    { id: 'h-wu', name: '吴桐', roles: ['departmentHandler'], orgUnit: 'dept-housing' },
    { id: 'g-wang', name: '王芳', roles: ['gridWorker'], orgUnit: 'grid-01' },
  ],
});

const ids = async (to: Parameters<typeof resolveRecipients>[1]) => {
  const r = await resolveRecipients(directory, to);
  return r.ok ? { unit: r.unit, members: r.members.map((m) => m.id) } : r.reason;
};

describe('resolveRecipients', () => {
  it('resolves a member to that member at their own unit', async () => {
    expect(await ids({ member: 'h-wu' })).toEqual({ unit: 'dept-housing', members: ['h-wu'] });
  });

  it('finds a role at the unit itself, ordered by member id', async () => {
    expect(await ids({ unit: 'comm-1', role: 'communityStaff' })).toEqual({
      unit: 'comm-1',
      members: ['s-an', 's-zhao'],
    });
  });

  it('climbs to the nearest ancestor holding the role, never sideways', async () => {
    expect(await ids({ unit: 'grid-01', role: 'communityStaff' })).toEqual({
      unit: 'comm-1',
      members: ['s-an', 's-zhao'],
    });
    expect(await ids({ unit: 'grid-01', role: 'dispatcher' })).toEqual({
      unit: 'district',
      members: ['d-ma'],
    });
    // comm-2's staff and the housing department sit beside the chain, not on it.
    expect(await ids({ unit: 'grid-01', role: 'departmentHandler' })).toBe('NO_ROLE_HOLDER');
  });

  it('stops at the nearest unit holding any of several roles, listing each holder once', async () => {
    const handlers = ['departmentHandler', 'communityStaff', 'streetStaff'];
    expect(await ids({ unit: 'dept-housing', anyRole: handlers })).toEqual({
      unit: 'dept-housing',
      members: ['h-wu'],
    });
    expect(await ids({ unit: 'comm-1', anyRole: handlers })).toEqual({
      unit: 'comm-1',
      members: ['s-an', 's-zhao'],
    });
    expect(await ids({ unit: 'comm-1', anyRole: ['partyOrg', 'communityStaff'] })).toEqual({
      unit: 'comm-1',
      members: ['s-an', 's-zhao'],
    });
  });

  it('names why nobody could be found', async () => {
    const missing = await resolveRecipients(directory, { member: 'nobody' });
    expect(missing).toEqual({
      ok: false,
      reason: 'UNKNOWN_MEMBER',
      message: expect.stringContaining('nobody'),
    });
    const unit = await resolveRecipients(directory, { unit: 'nowhere', role: 'dispatcher' });
    expect(unit).toEqual({ ok: false, reason: 'UNKNOWN_UNIT', message: expect.stringContaining('nowhere') });
    const role = await resolveRecipients(directory, { unit: 'comm-2', role: 'partyOrg' });
    expect(role).toEqual({
      ok: false,
      reason: 'NO_ROLE_HOLDER',
      message: expect.stringContaining('partyOrg'),
    });
  });
});
