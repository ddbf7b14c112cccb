import { describe, expect, it } from 'vitest';
import { isGridflowError } from '../../errors.js';
import { actors, workOrderHarness } from './work-order-fixture.test-util.js';

/** The error a refused call throws, with the time it took to refuse. */
async function refusal(promise: Promise<unknown>) {
  const started = performance.now();
  try {
    await promise;
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  throw new Error('expected a refusal');
}

describe('work-order input bounds', () => {
  it('refuses a whistle whose report-in limit is longer than a working year, at once and naming the field', async () => {
    const h = workOrderHarness({ start: '2026-09-30T10:00:00+08:00' });
    const id = await h.signedFor();
    const before = await h.view(id);
    for (const amount of [1e300, 251 * 8 * 10, Number.MAX_VALUE]) {
      const { error, ms } = await refusal(
        h.send(id, actors.street, 'whistle', {
          departments: ['dept-city'],
          reason: '违建',
          reportInWithin: { amount, unit: 'workingHours' },
        }),
      );
      expect(isGridflowError(error, 'VALIDATION_FAILED')).toBe(true);
      expect((error as { details: { field: string } }).details.field).toBe('event.reportInWithin.amount');
      expect(ms).toBeLessThan(1_000);
    }
    expect((await h.view(id)).version).toBe(before.version);
  });

  it('refuses an extension longer than a working year before it is ever approved', async () => {
    const h = workOrderHarness({ start: '2026-09-30T10:00:00+08:00' });
    const id = await h.signedFor();
    const { error } = await refusal(
      h.send(id, actors.housing, 'requestExtension', {
        extra: { amount: 1e300, unit: 'workingDays' },
        reason: '需协调',
      }),
    );
    expect((error as { details: { field: string } }).details.field).toBe('event.extra.amount');
    // A year is still accepted: the bound is what a district could mean, not a tight limit.
    await h.send(id, actors.housing, 'requestExtension', {
      extra: { amount: 250, unit: 'workingDays' },
      reason: '需协调',
    });
    expect((await h.view(id)).state).toContain('extension');
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'])(
    'answers an event named %s as an unknown event, not a TypeError',
    async (type) => {
      const h = workOrderHarness();
      const c = await h.open();
      const { error } = await refusal(h.send(c.id, actors.dispatcher, type));
      expect(isGridflowError(error, 'VALIDATION_FAILED')).toBe(true);
      expect((error as { details: { field: string } }).details.field).toBe('event.type');
      expect((await h.view(c.id)).version).toBe(c.version);
    },
  );

  it.each([
    ['a title of spaces', { title: '   ' }, 'input.title'],
    ['a 1 MiB title', { title: '灯'.repeat(1 << 20) }, 'input.title'],
    ['an empty description', { description: '' }, 'input.description'],
    ['a javascript: photo', { photos: ['javascript:alert(1)'] }, 'input.photos.0'],
    ['a data: photo', { photos: ['data:image/png;base64,AAAA'] }, 'input.photos.0'],
    ['a ladder of 13 units', { ladder: Array.from({ length: 13 }, (_, i) => `u-${i}`) }, 'input.ladder'],
  ])('refuses a work order with %s', async (_, input, field) => {
    const h = workOrderHarness();
    const { error } = await refusal(h.open(input));
    expect(isGridflowError(error, 'VALIDATION_FAILED')).toBe(true);
    expect((error as { details: { field: string } }).details.field).toBe(field);
    expect((await h.engine.query({})).items).toEqual([]);
  });

  it('trims the text it keeps', async () => {
    const h = workOrderHarness();
    const c = await h.open({ title: '  楼道灯不亮  ', photos: ['https://img.example/1.jpg'] });
    expect((await h.view(c.id)).context.request.title).toBe('楼道灯不亮');
  });
});
