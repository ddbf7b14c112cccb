import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { flowDiagram } from '@gridflow/engine/flows';
import { memoryDirectory } from '@gridflow/engine';
import { createTestEngine } from '@gridflow/engine/testing';
import { describe, expect, it } from 'vitest';
import { repairRequestFlow } from '../src/repair-request.js';

const directory = memoryDirectory({
  units: [
    { id: 'street', name: '东街道', kind: 'street' },
    { id: 'comm', name: '幸福社区', kind: 'community', parentId: 'street' },
    { id: 'grid', name: '幸福一网格', kind: 'grid', parentId: 'comm' },
  ],
  members: [
    { id: 'li', name: '李明', roles: ['resident'], orgUnit: 'grid' },
    { id: 'chen', name: '陈静', roles: ['communityStaff'], orgUnit: 'comm' },
    { id: 'wang', name: '王芳', roles: ['gridWorker'], orgUnit: 'grid' },
  ],
});
const resident = { id: 'li', roles: ['resident'], orgUnit: 'grid' };
const staff = { id: 'chen', roles: ['communityStaff'], orgUnit: 'comm' };

describe('the repair-request flow of the "Writing flows" guide', () => {
  it('escalates to the community when not fixed within two working days', async () => {
    const notices: unknown[] = [];
    const t = createTestEngine({
      flows: [repairRequestFlow],
      directory,
      start: '2026-09-30T09:00:00+08:00', // a Wednesday before the National Day holiday (国庆)
      effects: { notify: ({ payload }) => void notices.push(payload) },
    });
    const c = await t.engine.createCase({
      flow: 'repair-request',
      actor: resident,
      orgUnit: 'grid',
      input: { title: '井盖松动' },
    });
    const assigned = await t.engine.send({
      caseId: c.id,
      actor: staff,
      event: { type: 'dispatch', to: 'wang' },
    });
    // Two working days from Wed 09-30 skip 10-01..10-08 (国庆, with make-up days after): Fri 10-09 09:00.
    expect(assigned.dueAt?.toISOString()).toBe('2026-10-09T01:00:00.000Z');

    await t.advance('1 working day');
    expect((await t.engine.getCase(c.id)).state).toBe('assigned');
    await t.advance('1 working day');
    const late = await t.engine.getCase(c.id);
    expect(late).toMatchObject({ state: 'escalated', context: { escalatedTo: 'comm' } });
    expect(notices).toEqual([{ unit: 'comm', text: '报修超时未处置, 已升级: 井盖松动' }]);

    const steps = await t.engine.timeline(c.id);
    expect(steps.map((s) => s.text)).toEqual([
      '报修 · 李明 (幸福一网格) · 2026-09-30 09:00',
      '派单 · 陈静 (幸福社区) · 2026-09-30 09:00',
      '超时升级 · 系统 · 2026-10-09 09:00',
    ]);
  });

  it('draws its diagram from the machine', () => {
    expect(flowDiagram(repairRequestFlow)).toContain('assigned --> escalated: after fixLimit');
  });
});

describe('the "Writing flows" guide', () => {
  it('shows the diagram flowDiagram draws today', () => {
    const page = readFileSync(
      fileURLToPath(new URL('../../docs/en/guide/writing-flows.md', import.meta.url)),
      'utf8',
    );
    const shown = /```mermaid\n([\s\S]*?)```/.exec(page)?.[1];
    expect(shown?.trimEnd()).toBe(flowDiagram(repairRequestFlow).trimEnd());
  });
});
