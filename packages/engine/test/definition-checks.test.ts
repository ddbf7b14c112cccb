import { describe, expect, it } from 'vitest';
import { assign, raise, setup } from 'xstate';
import { z } from 'zod';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import { defineFlow, effect, type FlowConfig } from '../src/flow/define-flow.js';
import { createEngine } from '../src/runtime/engine.js';
import { memoryStorage } from '../src/storage/memory-storage.js';
import { org } from './fixtures/org.js';

const base = {
  id: 'lamp',
  version: 1,
  events: { fix: z.object({}).strict() },
  permissions: { create: ['resident'], events: { fix: ['gridWorker'] } },
} satisfies Omit<FlowConfig, 'machine'>;

/** The field a definition is refused for, or 'OK'. */
function refusedField(config: FlowConfig): string {
  try {
    defineFlow(config);
    return 'OK';
  } catch (error) {
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    return (error as { details: { field: string } }).details.field;
  }
}

const lamp = (states: Record<string, unknown>, implementations: Record<string, unknown> = {}) =>
  // biome-ignore lint/suspicious/noExplicitAny: machines of every shape are built here on purpose
  setup(implementations as any).createMachine({ id: 'lamp', initial: 'open', states } as any);

describe('defineFlow refuses definition mistakes, naming the place', () => {
  it('accepts a well-formed flow', () => {
    const machine = lamp(
      {
        open: { after: { sla: { target: 'late' } }, on: { fix: 'done' } },
        late: { on: { fix: 'done' } },
        done: { type: 'final' },
      },
      { delays: { sla: 1000 } },
    );
    expect(refusedField({ ...base, machine, deadlines: ['sla'] })).toBe('OK');
  });

  it('refuses an after delay that setup({ delays }) does not declare', () => {
    const machine = lamp(
      { open: { after: { sla: 'late' }, on: { fix: 'late' } }, late: {} },
      { delays: { slaa: 1000 } },
    );
    expect(refusedField({ ...base, machine })).toBe('machine.states.open.after');
  });

  it('refuses a delayed raise with an undeclared delay', () => {
    const machine = lamp({
      open: { entry: raise({ type: 'fix' }, { delay: 'sla' as never, id: 'sla' }), on: { fix: 'late' } },
      late: {},
    });
    expect(refusedField({ ...base, machine })).toBe('machine.states.open.entry (raise)');
  });

  it('refuses a deadline that names no timer', () => {
    const machine = lamp(
      { open: { after: { sla: 'late' }, on: { fix: 'late' } }, late: {} },
      { delays: { sla: 1000 } },
    );
    expect(refusedField({ ...base, machine, deadlines: ['slaDeadline'] })).toBe('deadlines.slaDeadline');
  });

  it('refuses an effect() action that effects does not list', () => {
    const machine = lamp(
      { open: { on: { fix: { target: 'late', actions: { type: 'notify', params: {} } } } }, late: {} },
      { actions: { notify: effect() } },
    );
    expect(refusedField({ ...base, machine })).toBe('effects');
    expect(refusedField({ ...base, machine, effects: ['notify'] })).toBe('OK');
  });

  it('refuses a plain function in setup({ actions }), naming it', () => {
    const machine = lamp(
      { open: { on: { fix: { target: 'late', actions: 'log' } } }, late: {} },
      { actions: { log: () => console.log('fixed') } },
    );
    expect(refusedField({ ...base, machine })).toBe('machine.actions.log');
  });

  it('refuses an inline function action, but not assign', () => {
    const inline = lamp({ open: { entry: () => {}, on: { fix: 'late' } }, late: {} });
    expect(refusedField({ ...base, machine: inline })).toBe('machine.states.open.entry');
    const assigning = lamp({ open: { entry: assign({}), on: { fix: 'late' } }, late: {} });
    expect(refusedField({ ...base, machine: assigning })).toBe('OK');
  });

  it('refuses an action name the machine uses but does not declare', () => {
    const machine = lamp({ open: { on: { fix: { target: 'late', actions: 'notfiy' } } }, late: {} });
    expect(refusedField({ ...base, machine })).toBe('machine.states.open.on.fix');
  });

  it('refuses an event in events (and permissions) that no state handles', () => {
    const machine = lamp({ open: { on: { fix: 'late' } }, late: {} });
    const config = {
      ...base,
      machine,
      events: { ...base.events, fxi: z.object({}) },
      permissions: { create: ['resident'], events: { fix: ['gridWorker'], fxi: ['gridWorker'] } },
    };
    expect(refusedField(config)).toBe('events.fxi');
  });
});

describe('start() refuses effects no handler takes', () => {
  const machine = lamp(
    { open: { on: { fix: { target: 'late', actions: { type: 'notify', params: {} } } } }, late: {} },
    { actions: { notify: effect() } },
  );
  const flow = defineFlow({ ...base, machine, effects: ['notify'] });
  const engineWith = (extra: Partial<Parameters<typeof createEngine>[0]> = {}) =>
    createEngine({ storage: memoryStorage(), flows: [flow], directory: memoryDirectory(org), ...extra });

  it('fails start with VALIDATION_FAILED naming the effect and its flows', async () => {
    const engine = engineWith();
    await expect(engine.start()).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'effects.notify', missing: ['notify'] },
    });
    await engine.stop();
  });

  it('starts when a handler (or *) takes it, or when told to only warn', async () => {
    const options: Array<Partial<Parameters<typeof createEngine>[0]>> = [
      { effects: { notify: () => {} } },
      { effects: { '*': () => {} } },
      { unhandledEffects: 'warn' },
    ];
    for (const extra of options) {
      const engine = engineWith(extra);
      await engine.start();
      await engine.stop();
    }
  });
});
