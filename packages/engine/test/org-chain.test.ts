import { describe, expect, it } from 'vitest';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import { workOrderFlowV2 } from '../src/flows/work-order/work-order-v2.js';
import { createTestEngine } from '../src/testing/test-engine.js';
import { org, resident } from './fixtures/org.js';

describe('org chain at creation', () => {
  it('gives a work order created without a ladder the directory chain to climb', async () => {
    const { engine } = createTestEngine({ flows: [workOrderFlowV2], directory: memoryDirectory(org) });
    const c = await engine.createCase({
      flow: 'work-order',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: '楼道堆物' },
    });
    const escalation = c.context.escalation as { ladder: string[]; tier: number };
    expect(escalation).toMatchObject({ ladder: ['grid-a1', 'comm-a', 'street-east', 'district'], tier: 0 });
    const [created] = await engine.history(c.id);
    expect((created!.event.input as { orgChain: string[] }).orgChain).toEqual(escalation.ladder);
  });
});
