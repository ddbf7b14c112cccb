import { describe, expect, it } from 'vitest';
import { actors, outcome, workOrderHarness } from './work-order-fixture.test-util.js';

/** The field a refusal names, or the code when it is not a validation failure. */
async function refusedField(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    const e = error as { code?: string; details?: { field?: string } };
    return e.code === 'VALIDATION_FAILED' ? `field ${e.details?.field}` : String(e.code);
  }
}

describe('work-order references', () => {
  it('refuses a dispatch to a unit that is not in the directory, naming the field, and changes nothing', async () => {
    const h = workOrderHarness();
    const c = await h.open();
    await h.send(c.id, actors.dispatcher, 'accept');
    const before = await h.view(c.id);
    expect(
      await refusedField(h.send(c.id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-nowhere' })),
    ).toBe('field event.leadUnit');
    expect(
      await refusedField(
        h.send(c.id, actors.dispatcher, 'dispatch', {
          leadUnit: 'dept-housing',
          coUnits: ['dept-city', 'nope'],
        }),
      ),
    ).toBe('field event.coUnits.1');
    expect(await refusedField(h.send(c.id, actors.dispatcher, 'dispatch', { leadUnit: '   ' }))).toBe(
      'field event.leadUnit',
    );
    expect((await h.view(c.id)).version).toBe(before.version);
    expect(await outcome(h.send(c.id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-housing' }))).toBe(
      'OK',
    );
  });

  it('refuses a whistle to a department that does not exist or to a unit that is not a department', async () => {
    const h = workOrderHarness({ start: '2026-09-30T10:00:00+08:00' });
    const id = await h.signedFor();
    expect(
      await refusedField(
        h.send(id, actors.street, 'whistle', { departments: ['dept-ghost'], reason: '违建' }),
      ),
    ).toBe('field event.departments.0');
    expect(
      await refusedField(
        h.send(id, actors.street, 'whistle', { departments: ['dept-city', 'comm-1'], reason: '违建' }),
      ),
    ).toBe('field event.departments.1');
  });

  it('refuses a merge into a missing case or into the case itself', async () => {
    const h = workOrderHarness();
    const c = await h.open();
    expect(
      await refusedField(h.send(c.id, actors.dispatcher, 'merge', { masterCaseId: 'no-such-case' })),
    ).toBe('field event.masterCaseId');
    expect(await refusedField(h.send(c.id, actors.dispatcher, 'merge', { masterCaseId: c.id }))).toBe(
      'field event.masterCaseId',
    );
    expect((await h.view(c.id)).state).not.toBe('merged');
  });

  it('answers an actor who may not send the event FORBIDDEN before it looks at references', async () => {
    const h = workOrderHarness();
    const c = await h.open();
    expect(await refusedField(h.send(c.id, actors.resident, 'merge', { masterCaseId: 'no-such-case' }))).toBe(
      'FORBIDDEN',
    );
  });

  it('lets a resident open a case only at their own unit or one above it', async () => {
    const h = workOrderHarness();
    const elsewhere = h.engine.createCase({
      flow: 'work-order',
      actor: actors.resident,
      orgUnit: 'dept-housing',
      input: { title: '路灯', requestType: 'help' },
    });
    expect(await outcome(elsewhere)).toBe('FORBIDDEN');
    expect(await outcome(h.open())).toBe('OK');
  });
});
