import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { memoryDirectory } from '../directory/memory-directory.js';
import { isGridflowError } from '../errors.js';
import { createEngine } from '../runtime/engine.js';
import { memoryStorage } from '../storage/memory-storage.js';
import { org, resident } from '../../test/fixtures/org.js';
import { repairMachine } from '../../test/fixtures/repair-flow.js';
import { defineFlow } from './define-flow.js';
import { isValidatedBy, validateFlowInput } from './validated-input.js';

/** The repair flow with an input schema that counts how often it parses. */
function countedSetup() {
  const calls = { count: 0 };
  const input = z
    .object({ title: z.string().min(1), place: z.object({ street: z.string() }).optional() })
    .strict()
    .refine(() => ++calls.count > 0);
  const flow = defineFlow({
    id: 'counted-repair',
    version: 1,
    machine: repairMachine,
    input,
    events: {},
    permissions: { create: ['resident'], events: {} },
    effects: ['notify'],
    deadlines: ['slaDeadline'],
  });
  const engine = createEngine({ storage: memoryStorage(), flows: [flow], directory: memoryDirectory(org) });
  const create = (value: unknown) =>
    engine.createCase({
      flow: 'counted-repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: value as Record<string, unknown>,
    });
  return { calls, input, engine, create };
}

describe('validateFlowInput', () => {
  it('lets createCase skip parsing an input it validated with the flow’s own schema', async () => {
    const { calls, input, create } = countedSetup();
    const parsed = validateFlowInput(input, { title: '路灯不亮', place: { street: '东街' } });
    expect(parsed.success).toBe(true);
    expect(calls.count).toBe(1);
    const view = await create(parsed.data);
    expect(view.context).toMatchObject({ title: '路灯不亮' });
    expect(calls.count).toBe(1);
  });

  it('parses again a copy, a plain object and an input validated with another schema', async () => {
    const { calls, input, create } = countedSetup();
    const parsed = validateFlowInput(input, { title: '井盖缺失' });
    await create({ ...parsed.data });
    expect(calls.count).toBe(2);
    await create({ title: '井盖缺失' });
    expect(calls.count).toBe(3);
    const other = validateFlowInput(z.object({ title: z.string() }).loose(), { title: 'x', extra: 1 });
    expect(isValidatedBy(other.data, input)).toBe(false);
    const refused = await create(other.data).catch((error: unknown) => error);
    expect(isGridflowError(refused, 'VALIDATION_FAILED')).toBe(true);
    expect(calls.count).toBe(4);
  });

  it('freezes what it validated, so nothing can be slipped in after the check', () => {
    const { input } = countedSetup();
    const parsed = validateFlowInput(input, { title: '噪音', place: { street: '东街' } });
    const data = parsed.data as { title: string; place: { street: string } };
    expect(() => {
      (data as Record<string, unknown>).extra = 'not in the schema';
    }).toThrow(TypeError);
    expect(() => {
      data.place.street = 'a\u0000b';
    }).toThrow(TypeError);
    expect(data).toEqual({ title: '噪音', place: { street: '东街' } });
  });

  it('does not remember a failed parse or an input holding a date', () => {
    const { input } = countedSetup();
    expect(validateFlowInput(input, { title: '' }).success).toBe(false);
    const dated = z.object({ at: z.date() });
    const parsed = validateFlowInput(dated, { at: new Date(0) });
    expect(parsed.success).toBe(true);
    expect(isValidatedBy(parsed.data, dated)).toBe(false);
    expect(Object.isFrozen(parsed.data)).toBe(false);
  });
});
