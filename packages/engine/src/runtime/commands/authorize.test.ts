import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { z } from 'zod';
import { memoryDirectory } from '../../directory/memory-directory.js';
import { defineFlow } from '../../flow/define-flow.js';
import type { Actor } from '../../types.js';
import { authorize, type CaseScope } from './authorize.js';

const directory = memoryDirectory({
  units: [
    { id: 'district', name: '区', kind: 'district', parentId: null },
    { id: 'street', name: '街道', kind: 'street', parentId: 'district' },
    { id: 'dept-a', name: '甲局', kind: 'department', parentId: 'district' },
    { id: 'dept-b', name: '乙局', kind: 'department', parentId: 'district' },
  ],
  members: [],
});
const staff = (id: string, orgUnit: string): Actor => ({ id, roles: ['departmentHandler'], orgUnit });
const scope: CaseScope = {
  orgUnit: 'street',
  requesterId: null,
  assignee: 'u-signed',
  handlingUnits: ['dept-a', 'dept-b'],
  leadUnit: 'dept-a',
  coUnits: ['dept-b'],
};
const verdict = (actor: Actor, eventScope: 'case' | 'lead' | 'co') =>
  authorize(directory, actor, ['departmentHandler'], scope, 'send x', eventScope).then(
    () => 'OK',
    (e: { code: string }) => e.code,
  );

describe('event scopes', () => {
  it('lets any involved unit act in the case scope, only the lead unit or the assignee in the lead scope', async () => {
    const actors = [
      staff('u-a', 'dept-a'),
      staff('u-b', 'dept-b'),
      staff('u-up', 'district'),
      staff('u-signed', 'dept-b'),
    ];
    const rows = [];
    for (const actor of actors) {
      rows.push([
        actor.id,
        await verdict(actor, 'case'),
        await verdict(actor, 'lead'),
        await verdict(actor, 'co'),
      ]);
    }
    expect(rows).toEqual([
      ['u-a', 'OK', 'OK', 'FORBIDDEN'],
      ['u-b', 'OK', 'FORBIDDEN', 'OK'],
      ['u-up', 'OK', 'FORBIDDEN', 'FORBIDDEN'],
      ['u-signed', 'OK', 'OK', 'OK'],
    ]);
  });

  it('refuses a scope for an event the flow does not have, or an unknown scope, naming the field', () => {
    const machine = setup({}).createMachine({ id: 'm', initial: 'a', states: { a: { on: { go: 'a' } } } });
    const base = { id: 'm', version: 1, machine, events: { go: z.object({}) } };
    const attempt = (scopes: Record<string, string>) => {
      try {
        defineFlow({ ...base, permissions: { create: [], events: { go: ['dispatcher'] }, scopes } as never });
        return 'OK';
      } catch (error) {
        return (error as { details: { field: string } }).details.field;
      }
    };
    expect(attempt({ go: 'lead' })).toBe('OK');
    expect(attempt({ stop: 'lead' })).toBe('permissions.scopes.stop');
    expect(attempt({ go: 'everyone' })).toBe('permissions.scopes.go');
  });
});
