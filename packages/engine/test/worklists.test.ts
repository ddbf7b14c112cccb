import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { defineFlow } from '../src/flow/define-flow.js';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import { workOrderFlowV2 } from '../src/flows/work-order/work-order-v2.js';
import { createTestEngine } from '../src/testing/test-engine.js';
import type { Engine } from '../src/runtime/engine-types.js';
import type { Actor } from '../src/types.js';
import { org, resident, staffB } from './fixtures/org.js';

const dispatcher: Actor = { id: 'd-zhou', roles: ['dispatcher'], orgUnit: 'district' };
const waterHandler: Actor = { id: 'h-sun', roles: ['departmentHandler'], orgUnit: 'dept-water' };

/** A work order a resident of `orgUnit` files there. */
function fileWorkOrder(engine: Engine, orgUnit: string, input: Record<string, unknown>) {
  return engine.createCase({ flow: 'work-order', actor: { ...resident, orgUnit }, orgUnit, input });
}

describe('worklists', () => {
  it('lists for a department the cases it handles, wherever they belong, and nothing it may not see', async () => {
    const { engine } = createTestEngine({ flows: [workOrderFlowV2], directory: memoryDirectory(org) });
    const open = (title: string, orgUnit: string) => fileWorkOrder(engine, orgUnit, { title });
    const leak = await open('水管爆裂', 'grid-a1');
    const other = await open('路灯不亮', 'grid-b1');
    await engine.send({ caseId: leak.id, actor: dispatcher, event: { type: 'accept' } });
    await engine.send({
      caseId: leak.id,
      actor: dispatcher,
      event: { type: 'dispatch', leadUnit: 'dept-water' },
    });

    const worklist = await engine.query({ actor: waterHandler, handlingUnit: 'dept-water' });
    expect(worklist.items.map((c) => c.id)).toEqual([leak.id]);
    expect((await engine.query({ actor: waterHandler })).items).toEqual([]);
    expect((await engine.query({ actor: dispatcher })).items.map((c) => c.id).sort()).toEqual(
      [leak.id, other.id].sort(),
    );
    await expect(engine.query({ actor: staffB, handlingUnit: 'dept-water' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(engine.query({ actor: staffB, orgUnit: 'comm-a' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it("asks the directory about the reader's jurisdiction once per unit of a page, not once per case", async () => {
    const directory = memoryDirectory(org);
    const asked: string[] = [];
    const counting = Object.assign(Object.create(directory), {
      isWithin: (unitId: string, ancestorId: string) => {
        asked.push(`${unitId}<${ancestorId}`);
        return directory.isWithin(unitId, ancestorId);
      },
    });
    const { engine } = createTestEngine({ flows: [workOrderFlowV2], directory: counting });
    for (let i = 0; i < 12; i++) {
      await fileWorkOrder(engine, i % 2 ? 'grid-a1' : 'grid-b1', { title: `诉求 ${i}` });
    }
    asked.length = 0;
    const page = await engine.query({ actor: dispatcher, limit: 50 });
    expect(page.items).toHaveLength(12);
    const perCase = asked.filter((q) => q.endsWith(`<${dispatcher.orgUnit}`) && q.startsWith('grid-'));
    expect(perCase.sort()).toEqual([`grid-a1<district`, `grid-b1<district`]);
  });

  it('counts a worklist up to countUpTo and says when more cases match', async () => {
    const { engine } = createTestEngine({ flows: [workOrderFlowV2], directory: memoryDirectory(org) });
    for (let i = 0; i < 7; i++) await fileWorkOrder(engine, 'grid-a1', { title: `诉求 ${i}` });
    const list = (countUpTo?: number) => engine.worklist({ actor: dispatcher, limit: 2, countUpTo });
    expect(await list()).toMatchObject({ total: 7, totalCapped: false });
    expect(await list(7)).toMatchObject({ total: 7, totalCapped: false });
    const capped = await list(5);
    expect(capped).toMatchObject({ total: 5, totalCapped: true });
    expect(capped.items).toHaveLength(2);
    expect(capped.nextCursor).not.toBeNull();
    for (const bad of [0, -1, 2.5, Number.NaN]) {
      await expect(list(bad)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { field: 'countUpTo' },
      });
    }
  });

  it('filters a worklist by category over every page, and counts only that category', async () => {
    const { engine } = createTestEngine({ flows: [workOrderFlowV2], directory: memoryDirectory(org) });
    for (let i = 0; i < 9; i++) {
      await fileWorkOrder(engine, 'grid-a1', {
        title: `诉求 ${i}`,
        category: i % 3 === 0 ? 'road' : 'noise',
      });
    }
    const first = await engine.worklist({ actor: dispatcher, category: 'road', limit: 2 });
    expect(first).toMatchObject({ total: 3, totalCapped: false });
    const rest = await engine.worklist({
      actor: dispatcher,
      category: 'road',
      limit: 2,
      cursor: first.nextCursor,
    });
    const titles = [...first.items, ...rest.items].map((c) => (c.context.request as { title: string }).title);
    expect(titles.sort()).toEqual(['诉求 0', '诉求 3', '诉求 6']);
    expect(rest.nextCursor).toBeNull();
    expect(await engine.query({ actor: dispatcher, category: 'water' })).toEqual({
      items: [],
      nextCursor: null,
    });
    for (const bad of ['', 'x'.repeat(101), 3]) {
      await expect(engine.worklist({ actor: dispatcher, category: bad as string })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { field: 'category' },
      });
    }
  });

  it("fills a reader's pages and counts the total with only the flows their roles may read", async () => {
    const notice = setup({}).createMachine({ id: 'notice', initial: 'posted', states: { posted: {} } });
    const noticeFlow = defineFlow({
      id: 'party-notice',
      version: 1,
      machine: notice,
      events: {},
      permissions: { create: ['partyOrg'], events: {} },
    });
    const { engine } = createTestEngine({
      flows: [workOrderFlowV2, noticeFlow],
      directory: memoryDirectory(org),
    });
    const partyOrg: Actor = { id: 'p-he', roles: ['partyOrg'], orgUnit: 'comm-a' };
    const notices: string[] = [];
    for (let i = 0; i < 3; i++) {
      notices.push(
        (await engine.createCase({ flow: 'party-notice', actor: partyOrg, orgUnit: 'comm-a' })).id,
      );
      // Newer than each notice, in the party organisation's community: work orders it may not read.
      for (let j = 0; j < 4; j++) {
        await engine.createCase({
          flow: 'work-order',
          actor: resident,
          orgUnit: 'grid-a1',
          input: { title: `诉求 ${i}-${j}` },
        });
      }
    }
    const first = await engine.worklist({ actor: partyOrg, limit: 2 });
    expect(first).toMatchObject({ total: 3, totalCapped: false });
    // Full pages of what it may open (created in the same instant, so in id order), not pages of refusals.
    expect(first.items).toHaveLength(2);
    const second = await engine.worklist({ actor: partyOrg, limit: 2, cursor: first.nextCursor });
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((c) => c.id).sort()).toEqual([...notices].sort());
    expect((await engine.worklist({ actor: partyOrg, flow: 'work-order' })).total).toBe(0);
    // A reader of every flow gets no flow filter: the dispatcher sees all fifteen.
    expect((await engine.worklist({ actor: dispatcher })).total).toBe(15);
  });

  it('gives metrics only to staff whose unit contains the one asked about', async () => {
    const { engine } = createTestEngine({ flows: [workOrderFlowV2], directory: memoryDirectory(org) });
    const period = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-02-01T00:00:00Z') };
    await expect(engine.metrics({ ...period, orgUnit: 'comm-a', actor: dispatcher })).resolves.toMatchObject({
      orgUnit: 'comm-a',
    });
    await expect(engine.metrics({ ...period, orgUnit: 'comm-a', actor: staffB })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(engine.metrics({ ...period, orgUnit: 'grid-a1', actor: resident })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
