import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { z } from 'zod';
import { defineFlow } from '../src/flow/define-flow.js';
import { flowDiagram, flowTransitions } from '../src/flows/diagram.js';
import { flowDoc, flowDocs, GENERATED_MARKER, flowsIn, staleFlowDocs } from '../src/flows/diagram-docs.js';
import * as builtIn from '../src/flows/index.js';
import { workOrderFlowV1 } from '../src/flows/work-order/work-order-v1.js';
import { workOrderFlowV2 } from '../src/flows/work-order/work-order-v2.js';
import { repairFlow } from './fixtures/repair-flow.js';

describe('flowDiagram', () => {
  it('draws the repair flow: initial and final arrows, one arrow per transition that changes state', () => {
    expect(flowDiagram(repairFlow).split('\n')).toEqual([
      'stateDiagram-v2',
      '  open',
      '  assigned',
      '  fixed',
      '  cancelled',
      '  [*] --> open',
      '  fixed --> [*]',
      '  cancelled --> [*]',
      '  open --> assigned: assign',
      '  open --> cancelled: cancel',
      '  assigned --> fixed: fix',
      '  assigned --> open: release',
    ]);
  });

  it('lists the events a state handles in place, delays as "after <name>"', () => {
    const { inPlace } = flowTransitions(repairFlow);
    expect(Object.fromEntries(inPlace)).toEqual({
      open: ['note', 'urge', 'after slaDeadline'],
      assigned: ['note', 'after slaDeadline'],
    });
  });

  it('draws nested states as a composite with its own initial state and labels guards', () => {
    const lines = flowDiagram(workOrderFlowV2).split('\n');
    const start = lines.indexOf('  state inProgress {');
    expect(lines.slice(start, start + 6)).toEqual([
      '  state inProgress {',
      '    state "working" as inProgress_working',
      '    state "suspended" as inProgress_suspended',
      '    state "extensionRequested" as inProgress_extensionRequested',
      '    [*] --> inProgress_working',
      '  }',
    ]);
    expect(lines).toContain(
      '  inProgress_working --> inProgress_extensionRequested: requestExtension [beforeDeadline]',
    );
    expect(lines).toContain('  returnReview --> pendingDispatch: reviewReturn [returnUpheld]');
    expect(lines).toContain('  inProgress --> replied: reply');
  });

  it('shows what differs between work-order versions: v1 returns straight to dispatch', () => {
    expect(flowDiagram(workOrderFlowV1)).toContain('dispatched --> pendingDispatch: return');
    expect(flowDiagram(workOrderFlowV1)).not.toContain('--> returnReview');
    expect(flowDiagram(workOrderFlowV2)).toContain('dispatched --> returnReview: return');
  });

  it('separates the regions of a parallel state, marks nested finals and numeric delays', () => {
    const machine = setup({}).createMachine({
      id: 'p',
      initial: 'both',
      states: {
        both: {
          type: 'parallel',
          states: {
            left: { initial: 'a', states: { a: { on: { go: 'b' } }, b: { type: 'final' } } },
            right: { initial: 'c', states: { c: { after: { 5000: 'd' } }, d: {} } },
          },
          onDone: 'done',
        },
        done: { type: 'final' },
      },
    });
    const flow = defineFlow({
      id: 'p',
      version: 1,
      machine,
      events: { go: z.object({}) },
      permissions: { create: [], events: {} },
    });
    const text = flowDiagram(flow);
    expect(text).toContain('    --\n');
    expect(text).toContain('      both_left_b --> [*]');
    expect(text).toContain('  both_right_c --> both_right_d: after 5000ms');
    expect(text).toContain('  both --> done: xstate.done.state.p.both');
  });
});

describe('flow diagram pages', () => {
  const flows = flowsIn(builtIn);

  it('has a page per built-in flow version plus an index', () => {
    const names = [...flowDocs(flows).keys()];
    expect(names).toContain('README.md');
    expect(names).toContain('work-order-v1.md');
    expect(names).toContain('work-order-v2.md');
    expect(names).toHaveLength(flows.length + 1);
    expect(flowDoc(workOrderFlowV2)).toContain('```mermaid\nstateDiagram-v2\n');
  });

  it('finds pages that are missing, changed, or generated for a flow that is gone, and leaves hand-written ones', () => {
    const expected = new Map([
      ['a-v1.md', 'A'],
      ['b-v1.md', 'B'],
    ]);
    const onDisk = new Map([
      ['a-v1.md', 'A'],
      ['b-v1.md', 'old'],
      ['gone-v1.md', `${GENERATED_MARKER}\nold`],
      ['notes.md', 'hand-written'],
    ]);
    expect(staleFlowDocs(expected, onDisk)).toEqual(['b-v1.md', 'gone-v1.md']);
    expect(staleFlowDocs(expected, new Map())).toEqual(['a-v1.md', 'b-v1.md']);
  });

  it('matches the pages committed in docs/flows (run `pnpm diagrams` when this fails)', async () => {
    const dir = fileURLToPath(new URL('../../../docs/flows/', import.meta.url));
    const names = (await readdir(dir)).filter((n) => n.endsWith('.md'));
    const onDisk = new Map(
      await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n), 'utf8')] as const)),
    );
    expect(staleFlowDocs(flowDocs(flows), onDisk)).toEqual([]);
  });
});
