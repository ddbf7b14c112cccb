import { describe, expect, it } from 'vitest';
import { isGridflowError } from '../../errors.js';
import { defaultSlaPolicies, resolveSla, type SlaPolicy, slaPolicySchema } from './sla-policy.js';

describe('resolveSla', () => {
  it('gives a consultation one working day from intake', () => {
    const p = resolveSla(defaultSlaPolicies, { requestType: 'consultation', urgency: 'normal' });
    expect(p).toMatchObject({
      id: 'consultation',
      limit: { amount: 1, unit: 'workingDays' },
      clockStart: 'intake',
    });
  });

  it('gives help requests, complaints, tip-offs and suggestions 15 working days from sign-for', () => {
    for (const requestType of ['help', 'complaint', 'tipOff', 'suggestion'] as const) {
      const p = resolveSla(defaultSlaPolicies, { requestType, urgency: 'normal' });
      expect([requestType, p.id, p.limit, p.clockStart]).toEqual([
        requestType,
        'default',
        { amount: 15, unit: 'workingDays' },
        'signFor',
      ]);
    }
  });

  it('lets urgency outrank the request type and the category', () => {
    const key = { requestType: 'consultation' as const, urgency: 'critical' as const, category: 'utilities' };
    expect(resolveSla(defaultSlaPolicies, key).id).toBe('critical');
    expect(resolveSla(defaultSlaPolicies, { requestType: 'help', urgency: 'urgent' }).limit).toEqual({
      amount: 8,
      unit: 'workingHours',
    });
  });

  it('matches a category row (water, power, gas and heating)', () => {
    expect(
      resolveSla(defaultSlaPolicies, { requestType: 'help', urgency: 'normal', category: 'utilities' }).id,
    ).toBe('utilities');
  });

  it('prefers the row matching more keys, then the earlier row', () => {
    const base = defaultSlaPolicies[0] as SlaPolicy;
    const table: SlaPolicy[] = [
      { ...base, id: 'any' },
      { ...base, id: 'complaint', match: { requestType: 'complaint' } },
      { ...base, id: 'complaint-roads', match: { requestType: 'complaint', category: 'roads' } },
      { ...base, id: 'complaint-roads-2', match: { requestType: 'complaint', category: 'roads' } },
    ];
    expect(resolveSla(table, { requestType: 'complaint', urgency: 'normal', category: 'roads' }).id).toBe(
      'complaint-roads',
    );
    expect(resolveSla(table, { requestType: 'complaint', urgency: 'normal', category: 'parks' }).id).toBe(
      'complaint',
    );
    expect(resolveSla(table, { requestType: 'help', urgency: 'normal', category: 'roads' }).id).toBe('any');
  });

  it('throws VALIDATION_FAILED naming the table when no row matches', () => {
    const only = [{ ...(defaultSlaPolicies[1] as SlaPolicy) }];
    try {
      resolveSla(only, { requestType: 'help', urgency: 'normal' });
      expect.unreachable();
    } catch (error) {
      expect(isGridflowError(error, 'VALIDATION_FAILED')).toBe(true);
      expect((error as { details: { field: string } }).details.field).toBe('slaPolicies');
    }
  });

  it('validates a district table strictly', () => {
    expect(slaPolicySchema.array().safeParse(defaultSlaPolicies).success).toBe(true);
    const bad = { ...(defaultSlaPolicies[0] as SlaPolicy), reminders: [1.5] };
    expect(slaPolicySchema.safeParse(bad).success).toBe(false);
    expect(slaPolicySchema.safeParse({ ...(defaultSlaPolicies[0] as SlaPolicy), owner: 'x' }).success).toBe(
      false,
    );
  });
});
