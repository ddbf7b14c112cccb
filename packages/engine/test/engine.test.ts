import { describe, expect, it } from 'vitest';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import { isGridflowError } from '../src/errors.js';
import { defineFlow } from '../src/flow/define-flow.js';
import { FlowRegistry } from '../src/flow/flow-registry.js';
import { createEngine } from '../src/runtime/engine.js';
import { memoryStorage } from '../src/storage/memory-storage.js';
import { createTestEngine } from '../src/testing/test-engine.js';
import { gridWorker, org, otherResident, resident, staffA, staffB } from './fixtures/org.js';
import { repairFlow, repairMachine } from './fixtures/repair-flow.js';

const MONDAY_9AM = '2026-09-21T09:00:00+08:00';

function setup(options: Parameters<typeof createTestEngine>[0] = {}) {
  return createTestEngine({
    flows: [repairFlow],
    directory: memoryDirectory(org),
    start: MONDAY_9AM,
    ...options,
  });
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isGridflowError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('createCase and send', () => {
  it('creates a case, moves it, and journals every step with actor and states', async () => {
    const { engine } = setup();
    const created = await engine.createCase({
      flow: 'repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: '路灯不亮' },
    });
    expect(created).toMatchObject({
      state: 'open',
      version: 1,
      requesterId: 'r-li',
      orgUnit: 'grid-a1',
      status: 'active',
    });
    const assigned = await engine.send({
      caseId: created.id,
      actor: staffA,
      event: { type: 'assign', to: 'g-wang' },
    });
    expect(assigned).toMatchObject({ state: 'assigned', version: 2, assignee: 'g-wang' });
    const fixed = await engine.send({ caseId: created.id, actor: gridWorker, event: { type: 'fix' } });
    expect(fixed.status).toBe('done');
    const journal = await engine.history(created.id);
    expect(journal.map((e) => [e.seq, e.type, e.fromState, e.toState, e.actor.id])).toEqual([
      [1, 'gridflow.create', null, 'open', 'r-li'],
      [2, 'assign', 'open', 'assigned', 's-chen'],
      [3, 'fix', 'assigned', 'fixed', 'g-wang'],
    ]);
  });

  it('returns a typed error naming the field and leaves storage untouched on bad input', async () => {
    const { engine } = setup();
    const c = await engine.createCase({
      flow: 'repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: 'x' },
    });
    const cases = [
      [
        engine.createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input: { title: '' } }),
        'input.title',
      ],
      [
        engine.createCase({
          flow: 'repair',
          actor: resident,
          orgUnit: 'grid-a1',
          input: { title: 'x', extra: 1 },
        }),
        'input',
      ],
      [
        engine.createCase({ flow: 'repair', actor: resident, orgUnit: 'nowhere', input: { title: 'x' } }),
        'orgUnit',
      ],
      [engine.send({ caseId: c.id, actor: staffA, event: { type: 'assign' } }), 'event.to'],
      [engine.send({ caseId: c.id, actor: staffA, event: { type: 'teleport' } }), 'event.type'],
      [
        engine.send({ caseId: c.id, actor: { ...staffA, roles: [] }, event: { type: 'urge' } }),
        'actor.roles',
      ],
      [
        engine.send({ caseId: c.id, actor: { ...staffA, roles: ['system'] }, event: { type: 'urge' } }),
        'actor.roles',
      ],
      [engine.send({ caseId: c.id, actor: staffA, event: { type: 'note', text: 'x', meta: {} } }), 'event'],
    ] as const;
    for (const [promise, field] of cases) {
      const error = await rejection(promise);
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(String(error.details.field)).toContain(field);
    }
    expect((await engine.getCase(c.id)).version).toBe(1);
    expect(await engine.history(c.id)).toHaveLength(1);
    expect((await engine.query()).items).toHaveLength(1);
  });

  it('rejects an event the current state does not take with EVENT_NOT_ACCEPTED and the state', async () => {
    const { engine } = setup();
    const c = await engine.createCase({
      flow: 'repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: 'x' },
    });
    const error = await rejection(engine.send({ caseId: c.id, actor: gridWorker, event: { type: 'fix' } }));
    expect(error.code).toBe('EVENT_NOT_ACCEPTED');
    expect(error.details).toMatchObject({ state: 'open', eventType: 'fix' });
    expect((await engine.getCase(c.id)).version).toBe(1);
  });

  it('answers CASE_NOT_FOUND and FLOW_NOT_FOUND', async () => {
    const { engine } = setup();
    expect((await rejection(engine.getCase('nope'))).code).toBe('CASE_NOT_FOUND');
    expect(
      (await rejection(engine.createCase({ flow: 'nope', actor: resident, orgUnit: 'grid-a1' }))).code,
    ).toBe('FLOW_NOT_FOUND');
  });
});

describe('authorization', () => {
  it('forbids a role the flow does not allow for the event', async () => {
    const { engine } = setup();
    const c = await engine.createCase({
      flow: 'repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: 'x' },
    });
    const error = await rejection(
      engine.send({ caseId: c.id, actor: gridWorker, event: { type: 'assign', to: 'x' } }),
    );
    expect(error.code).toBe('FORBIDDEN');
  });

  it('forbids staff outside the case unit subtree and allows those inside', async () => {
    const { engine } = setup();
    const c = await engine.createCase({
      flow: 'repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: 'x' },
    });
    const error = await rejection(
      engine.send({ caseId: c.id, actor: staffB, event: { type: 'assign', to: 'x' } }),
    );
    expect(error.code).toBe('CASE_NOT_FOUND');
    await expect(
      engine.send({ caseId: c.id, actor: staffA, event: { type: 'assign', to: 'x' } }),
    ).resolves.toMatchObject({
      state: 'assigned',
    });
  });

  it('lets residents act on and see only their own cases', async () => {
    const { engine } = setup();
    const mine = await engine.createCase({
      flow: 'repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: 'x' },
    });
    await engine.createCase({
      flow: 'repair',
      actor: otherResident,
      orgUnit: 'grid-a1',
      input: { title: 'y' },
    });
    expect(
      (await rejection(engine.send({ caseId: mine.id, actor: otherResident, event: { type: 'cancel' } })))
        .code,
    ).toBe('CASE_NOT_FOUND');
    expect((await rejection(engine.getCase(mine.id, otherResident))).code).toBe('CASE_NOT_FOUND');
    const visible = await engine.query({ actor: resident });
    expect(visible.items.map((c) => c.id)).toEqual([mine.id]);
  });

  it('forbids creating a case outside the actor subtree', async () => {
    const { engine } = setup();
    const worker = { ...gridWorker, orgUnit: 'grid-b1' };
    expect(
      (
        await rejection(
          engine.createCase({ flow: 'repair', actor: worker, orgUnit: 'grid-a1', input: { title: 'x' } }),
        )
      ).code,
    ).toBe('FORBIDDEN');
  });
});

describe('idempotency', () => {
  it('returns the first result for a repeated key, forever, and changes nothing', async () => {
    const { engine } = setup();
    const first = await engine.createCase({
      flow: 'repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: 'x' },
      idempotencyKey: 'hotline:GD-1',
    });
    const note = {
      caseId: first.id,
      actor: staffA,
      event: { type: 'note', text: 'called back' },
      idempotencyKey: 'n-1',
    };
    const noted = await engine.send(note);
    await engine.send({ caseId: first.id, actor: staffA, event: { type: 'assign', to: 'g-wang' } });
    const again = await engine.send(note);
    expect(again).toMatchObject({ version: noted.version, state: 'open', context: noted.context });
    const recreated = await engine.createCase({
      flow: 'repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: 'x' },
      idempotencyKey: 'hotline:GD-1',
    });
    expect(recreated).toMatchObject({ id: first.id, version: 1, state: 'open' });
    expect(await engine.history(first.id)).toHaveLength(3);
    expect((await engine.query()).items).toHaveLength(1);
  });

  it('refuses a key reused for a different request', async () => {
    const { engine } = setup();
    const c = await engine.createCase({
      flow: 'repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: 'x' },
    });
    await engine.send({
      caseId: c.id,
      actor: staffA,
      event: { type: 'note', text: 'a' },
      idempotencyKey: 'k',
    });
    const error = await rejection(
      engine.send({ caseId: c.id, actor: staffA, event: { type: 'note', text: 'b' }, idempotencyKey: 'k' }),
    );
    expect(error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await engine.history(c.id)).toHaveLength(2);
  });

  it("does not hand one actor the result of another actor's key", async () => {
    const { engine } = setup();
    const c = await engine.createCase({
      flow: 'repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: 'x' },
    });
    const note = { caseId: c.id, event: { type: 'note', text: 'a' }, idempotencyKey: 'k' };
    await engine.send({ ...note, actor: staffA });
    const error = await rejection(engine.send({ ...note, actor: { ...staffA, id: 's-other' } }));
    expect(error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('durable timers', () => {
  it('fires a 3-working-day deadline exactly once after a restart on the same store', async () => {
    const storage = memoryStorage();
    const first = setup({ storage });
    const c = await first.engine.createCase({
      flow: 'repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: 'x' },
    });
    // Monday 2026-09-21 09:00 + 3 working days = Thursday 2026-09-24 09:00 (no holiday in between).
    expect(c.dueAt?.toISOString()).toBe('2026-09-24T01:00:00.000Z');
    await first.engine.stop();

    const second = setup({ storage });
    await second.advance('2 working days');
    expect((await second.engine.getCase(c.id)).context.escalated).toBe(0);
    await second.advance('5 working days');
    const after = await second.engine.getCase(c.id);
    expect(after.context.escalated).toBe(1);
    const fired = (await second.engine.history(c.id)).filter((e) => e.type.startsWith('xstate.after'));
    expect(fired).toHaveLength(1);
    expect(fired[0]?.at.toISOString()).toBe('2026-09-24T01:00:00.000Z');
    expect(await storage.listTimers(c.id)).toEqual([]);
  });

  it('counts working days across National Day 2026 and its make-up Saturday', async () => {
    const { engine } = setup({ start: '2026-09-30T10:00:00+08:00' });
    const c = await engine.createCase({
      flow: 'repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: 'x' },
    });
    // 10-01..10-07 are holidays; Saturday 10-10 is a make-up working day: Thu 10-08, Fri 10-09, Sat 10-10.
    expect(c.dueAt?.toISOString()).toBe('2026-10-10T02:00:00.000Z');
  });

  it('cancels a timer when its state is left and re-arms it on re-entry', async () => {
    const { engine, advance } = setup();
    const c = await engine.createCase({
      flow: 'repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: 'x' },
    });
    await advance('1 working day');
    await engine.send({ caseId: c.id, actor: staffA, event: { type: 'assign', to: 'g-wang' } });
    const timers = await engine.storage.listTimers(c.id);
    expect(timers).toHaveLength(1);
    // Tue 09-22 + 3 working days: Wed, Thu, then Fri 09-25 is Mid-Autumn (中秋, 09-25..27): Mon 09-28.
    expect(timers[0]?.dueAt.toISOString()).toBe('2026-09-28T01:00:00.000Z');
    await engine.send({ caseId: c.id, actor: gridWorker, event: { type: 'fix' } });
    expect(await engine.storage.listTimers(c.id)).toEqual([]);
    await advance('10 working days');
    expect((await engine.history(c.id)).map((e) => e.type)).toEqual(['gridflow.create', 'assign', 'fix']);
  });
});

describe('outbox', () => {
  it('delivers effects with a stable idempotency key, retries with backoff, dead-letters, and retries on request', async () => {
    const seen: Array<{ key: string; attempt: number }> = [];
    let failures = 3;
    const t = setup({
      tuning: { maxAttempts: 3, backoffBaseMs: 1000 },
      effects: {
        notify: async (d) => {
          seen.push({ key: d.idempotencyKey, attempt: d.attempt });
          if (failures-- > 0) throw new Error('wecom 503');
        },
        slaBreached: async () => {},
        caseFixed: async () => {},
      },
    });
    const dead: string[] = [];
    t.engine.events.on('effect.deadLettered', ({ effect }) => dead.push(effect.id));
    const c = await t.engine.createCase({
      flow: 'repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: 'x' },
    });
    await t.engine.send({ caseId: c.id, actor: staffA, event: { type: 'assign', to: 'g-wang' } });
    await t.flush();
    await t.advance('1 hour');
    expect(seen.map((s) => s.attempt)).toEqual([1, 2, 3]);
    expect(new Set(seen.map((s) => s.key)).size).toBe(1);
    expect(dead).toHaveLength(1);
    const letters = await t.engine.deadLetters();
    expect(letters.items.map((r) => [r.type, r.attempts, r.lastError])).toEqual([['notify', 3, 'wecom 503']]);
    expect((await t.engine.getCase(c.id)).state).toBe('assigned');

    await t.engine.retryDeadLetter(letters.items[0]!.id);
    await t.flush();
    // A retried dead letter starts a fresh round of attempts under the same idempotency key.
    expect(seen.at(-1)).toMatchObject({ attempt: 1, key: seen[0]?.key });
    expect((await t.engine.deadLetters()).items).toEqual([]);
  });

  it('dead-letters an effect with no handler instead of dropping it', async () => {
    const t = setup();
    const c = await t.engine.createCase({
      flow: 'repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: 'x' },
    });
    await t.engine.send({ caseId: c.id, actor: staffA, event: { type: 'assign', to: 'g-wang' } });
    await t.flush();
    const letters = await t.engine.deadLetters();
    expect(letters.items.map((r) => r.lastError)).toEqual(['no effect handler registered for "notify"']);
  });
});

describe('concurrency', () => {
  it('two engines racing on one store lose no update and fire no timer twice', async () => {
    const storage = memoryStorage();
    const a = setup({ storage, instanceId: 'a' });
    const b = setup({ storage, instanceId: 'b' });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push(
        (
          await a.engine.createCase({
            flow: 'repair',
            actor: resident,
            orgUnit: 'grid-a1',
            input: { title: `c${i}` },
          })
        ).id,
      );
    }
    await Promise.all(
      ids.flatMap((caseId, i) =>
        Array.from({ length: 10 }, (_, n) =>
          (n % 2 ? a : b).engine.send({ caseId, actor: staffA, event: { type: 'note', text: `${i}-${n}` } }),
        ),
      ),
    );
    for (const clock of [a.clock, b.clock]) clock.set('2026-10-01T00:00:00Z');
    const [firedA, firedB] = await Promise.all([a.engine.runDueTimers(), b.engine.runDueTimers()]);
    expect(firedA + firedB).toBe(20);
    for (const caseId of ids) {
      const c = await a.engine.getCase(caseId);
      expect((c.context.notes as string[]).length).toBe(10);
      expect(c.context.escalated).toBe(1);
      const journal = await a.engine.history(caseId);
      expect(journal.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, k) => k + 1));
    }
  });
});

describe('flow registry', () => {
  it('refuses a different machine under an existing (id, version)', () => {
    const registry = new FlowRegistry([repairFlow]);
    const other = defineFlow({
      ...repairFlow,
      machine: repairMachine,
      permissions: { create: ['resident'], events: {} },
    });
    expect(() => registry.register(other)).toThrow(expect.objectContaining({ code: 'FLOW_CONFLICT' }));
    expect(() => registry.register(repairFlow)).not.toThrow();
  });

  it('refuses to start when the store holds another hash for a flow version', async () => {
    const storage = memoryStorage();
    await storage.ensureFlowVersion({ flowId: 'repair', version: 1, hash: 'sha256:other' });
    const engine = createEngine({ storage, flows: [repairFlow], directory: memoryDirectory(org) });
    expect((await rejection(engine.start())).code).toBe('FLOW_CONFLICT');
  });
});
