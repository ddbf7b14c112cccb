import { describe, expect, it } from 'vitest';
import type { CaseFacts } from './case-facts.js';
import {
  addTallies,
  median,
  metricRates,
  metricsPeriod,
  overdueBy,
  ratio,
  responseBy,
  tallyCases,
} from './metric-definitions.js';
import type { SignForWindow } from './sign-for-windows.js';

const day = (d: number) => new Date(Date.UTC(2026, 5, d));
const base: CaseFacts = {
  receivedAt: day(2),
  closedAt: null,
  dueAt: null,
  overdueAt: null,
  signForWindows: [],
  rating: null,
  resolved: null,
  returns: 0,
  reopens: 0,
};
const facts = (patch: Partial<CaseFacts>): CaseFacts => ({ ...base, ...patch });
// June 1–11, read on June 20 (the period is over: deadlines are judged at its end).
const period = metricsPeriod(day(1), day(11), day(20));

describe('metric definitions', () => {
  it('judges pending deadlines at the end of the period, or now when it has not ended', () => {
    expect(period.asOf).toEqual(day(11));
    expect(metricsPeriod(day(1), day(11), day(5)).asOf).toEqual(day(5));
    const open = facts({ dueAt: day(8) });
    expect(overdueBy(open, metricsPeriod(day(1), day(11), day(5)))).toBe(false);
    expect(overdueBy(open, period)).toBe(true);
  });

  it('counts a case closed late once as closed and not as on time, and an open late case as open-overdue', () => {
    const t = tallyCases(
      [
        facts({ closedAt: day(4) }),
        facts({ closedAt: day(6), overdueAt: day(5) }),
        facts({ overdueAt: day(9) }),
        facts({ receivedAt: day(12), overdueAt: day(13) }),
      ],
      period,
    );
    expect(t).toMatchObject({ received: 3, closed: 2, closedOnTime: 1, openOverdue: 1 });
    expect(metricRates(t).onTimeRate).toBe(1 / 3);
  });

  it('counts an old overdue case as open-overdue but not as received, and ignores one closed before', () => {
    const t = tallyCases(
      [facts({ receivedAt: day(0), overdueAt: day(0) }), facts({ receivedAt: day(0), closedAt: day(0) })],
      metricsPeriod(day(1), day(11), day(20)),
    );
    expect(t).toMatchObject({ received: 0, closed: 0, openOverdue: 1 });
    expect(metricRates(t).onTimeRate).toBe(0);
  });

  it('judges the sign-for on the last window opened before the end, once signed for or past its deadline', () => {
    const w = (patch: Partial<SignForWindow>): SignForWindow => ({
      openedAt: day(2),
      dueAt: null,
      signedForAt: null,
      lateAt: null,
      endedAt: null,
      ...patch,
    });
    const verdicts = [
      [w({ dueAt: day(3), signedForAt: day(3) })],
      [w({ dueAt: day(3), signedForAt: day(4) })],
      [w({ lateAt: day(3), signedForAt: day(4) })],
      [w({ dueAt: day(3) })],
      [w({ dueAt: day(15) })],
      [w({ dueAt: day(3), signedForAt: day(15) })],
      [w({ dueAt: day(5), endedAt: day(4) })],
      [w({ lateAt: day(3), endedAt: day(4) })],
      [
        w({ lateAt: day(3), endedAt: day(4) }),
        w({ openedAt: day(12), dueAt: day(13), signedForAt: day(12) }),
      ],
      [w({ signedForAt: day(3) }), w({ openedAt: day(5), dueAt: day(6) })],
      [],
    ].map((windows) => responseBy(facts({ signForWindows: windows }), period));
    expect(verdicts).toEqual([
      'onTime',
      'late',
      'late',
      'late',
      null,
      'late',
      null,
      'late',
      'late',
      'late',
      null,
    ]);
    const t = tallyCases(
      [
        facts({ signForWindows: [w({ signedForAt: day(3) })] }),
        facts({ signForWindows: [w({ lateAt: day(3) })] }),
      ],
      period,
    );
    expect(t).toMatchObject({ signForDue: 2, signedForOnTime: 1 });
  });

  it('rates satisfaction, resolution, returns and reopenings over cases closed in the period', () => {
    const closed = (patch: Partial<CaseFacts>) => facts({ closedAt: day(5), ...patch });
    const rates = metricRates(
      tallyCases(
        [
          closed({ rating: 'verySatisfied', resolved: true, returns: 2 }),
          closed({ rating: 'basicallySatisfied', resolved: false, reopens: 1 }),
          closed({ rating: 'unsatisfied' }),
          closed({}),
          facts({ rating: 'unsatisfied', resolved: false, returns: 1 }),
        ],
        period,
      ),
    );
    expect(rates).toMatchObject({
      satisfaction: 2 / 3,
      resolutionRate: 1 / 2,
      returnRate: 1 / 4,
      reopenRate: 1 / 4,
    });
  });

  it('adds tallies of disjoint sets to the tally of their union', () => {
    const a = [facts({ closedAt: day(3) }), facts({ overdueAt: day(4) })];
    const b = [facts({ closedAt: day(9), rating: 'satisfied' })];
    expect(addTallies(tallyCases(a, period), tallyCases(b, period))).toEqual(
      tallyCases([...a, ...b], period),
    );
  });

  it('gives null for empty denominators and medians', () => {
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(0, 3)).toBe(0);
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(Object.values(metricRates(tallyCases([], period))).every((r) => r === null)).toBe(true);
  });
});
