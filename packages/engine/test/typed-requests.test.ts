// Checked by `pnpm --filter @gridflow/engine typecheck` (tsc includes test/): every `@ts-expect-error` below must
// stay an error, so a typo in an event name or a payload field keeps failing to compile.
import { describe, expectTypeOf, it } from 'vitest';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import { createEngine } from '../src/runtime/engine.js';
import type { CaseEvent, CaseMachineInput } from '../src/runtime/typed-requests.js';
import { memoryStorage } from '../src/storage/memory-storage.js';
import { org, resident, staffA } from './fixtures/org.js';
import { repairFlow } from './fixtures/repair-flow.js';

describe('createCase and send typed from the flows', () => {
  const engine = createEngine({
    storage: memoryStorage(),
    flows: [repairFlow],
    directory: memoryDirectory(org),
    effects: { notify: () => {} },
  });

  it('takes the flows’ ids and events, with payloads from their zod schemas', async () => {
    const c = await engine.createCase({
      flow: 'repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: '灯' },
    });
    await engine.send({ caseId: c.id, actor: staffA, event: { type: 'assign', to: 'g-wang' } });
    await engine.send({ caseId: c.id, actor: staffA, event: { type: 'note', text: '已联系' } });
    expectTypeOf<CaseEvent<typeof repairFlow>['type']>().toEqualTypeOf<
      'assign' | 'note' | 'urge' | 'fix' | 'release' | 'cancel'
    >();
    expectTypeOf<Extract<CaseEvent<typeof repairFlow>, { type: 'assign' }>>().toMatchTypeOf<{ to: string }>();
  });

  it('refuses a typo in an event name, a missing or mistyped field, and an unknown flow, at compile time', () => {
    const send = (event: Parameters<typeof engine.send>[0]['event']) => event;
    // @ts-expect-error: no event `asign` in the repair flow
    send({ type: 'asign', to: 'g-wang' });
    // @ts-expect-error: `assign` needs `to`
    send({ type: 'assign' });
    // @ts-expect-error: `to` is a string
    send({ type: 'assign', to: 42 });
    // @ts-expect-error: `fix` takes no `to`
    send({ type: 'fix', to: 'x' });
    type FlowId = Parameters<typeof engine.createCase>[0]['flow'];
    expectTypeOf<FlowId>().toEqualTypeOf<'repair'>();
    // @ts-expect-error: no flow `repiar` on this engine
    const typo: FlowId = 'repiar';
    void typo;
  });

  it('exports the machine input the engine hands a flow', () => {
    type Input = CaseMachineInput<{ title: string }>;
    expectTypeOf<Input['orgChain']>().toEqualTypeOf<string[]>();
    expectTypeOf<Input['caseId']>().toEqualTypeOf<string>();
    expectTypeOf<Input['title']>().toEqualTypeOf<string>();
  });

  it('stays open for flows given as a registry or loosely typed', () => {
    expectTypeOf<CaseEvent<{ events: Record<string, never> }>>().toMatchTypeOf<{ type: string }>();
  });
});
