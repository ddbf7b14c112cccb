import { describe, expect, it } from 'vitest';
import type { CaseFacts } from './case-facts.js';
import { handlingRates, tallyHandling } from './handling-definitions.js';
import type { HandlingFacts, UnitWindow } from './handling-facts.js';
import { metricsPeriod, tallyCases } from './metric-definitions.js';

const t = (hour: number) => new Date(Date.UTC(2026, 5, 1, hour));
const PERIOD = metricsPeriod(t(0), t(100), t(200));
const only = (unit: string) => (u: string) => u === unit;

function win(
  unit: string,
  openedAt: number,
  more: Partial<Record<keyof UnitWindow, number>> = {},
): UnitWindow {
  const at = (k: keyof UnitWindow) => (more[k] === undefined ? null : t(more[k] as number));
  return {
    unit,
    openedAt: t(openedAt),
    dueAt: at('dueAt'),
    signedForAt: at('signedForAt'),
    lateAt: at('lateAt'),
    endedAt: at('endedAt'),
  };
}

function facts(handling: Partial<HandlingFacts>, more: Partial<CaseFacts> = {}): CaseFacts {
  return {
    receivedAt: t(1),
    closedAt: null,
    dueAt: null,
    overdueAt: null,
    signForWindows: [],
    rating: null,
    resolved: null,
    returns: 0,
    reopens: 0,
    handling: { leads: [], dispatches: [], returns: [], reportIns: [], appealUpheld: null, ...handling },
    ...more,
  };
}

/** Raised in a grid, handled by the housing department: signed for late, closed past its deadline. */
const lateCase = facts(
  {
    leads: [{ unit: 'dept-housing', from: t(2) }],
    dispatches: [win('dept-housing', 2, { lateAt: 10, signedForAt: 12 })],
  },
  { closedAt: t(50), overdueAt: t(40), rating: 'satisfied', resolved: true, signForWindows: [] },
);

describe('tallyHandling', () => {
  it('counts a late case under the department that handled it, which the area view leaves at 0', () => {
    const housing = tallyHandling([lateCase], PERIOD, only('dept-housing'));
    expect(housing).toMatchObject({
      received: 1,
      signForDue: 1,
      signedForOnTime: 0,
      closed: 1,
      closedOnTime: 0,
      rated: 1,
      satisfied: 1,
      withVerdict: 1,
      resolved: 1,
    });
    expect(housing.handlingHours).toEqual([48]);
    expect(handlingRates(housing)).toMatchObject({ onTimeRate: 0, responseRate: 0, satisfaction: 1 });
    expect(tallyHandling([lateCase], PERIOD, only('dept-water'))).toMatchObject({ received: 0, closed: 0 });
    // The area view: the grid's row has it, a department's unit owns no case.
    expect(tallyCases([lateCase], PERIOD).received).toBe(1);
  });

  it('charges a return to the unit that returned, the close to the unit that led at the close', () => {
    const moved = facts(
      {
        leads: [
          { unit: 'dept-housing', from: t(2) },
          { unit: null, from: t(3) },
          { unit: 'dept-water', from: t(5) },
        ],
        dispatches: [win('dept-housing', 2, { endedAt: 3 }), win('dept-water', 5, { signedForAt: 6 })],
        returns: [{ unit: 'dept-housing', at: t(3) }],
      },
      { closedAt: t(20), returns: 1 },
    );
    expect(tallyHandling([moved], PERIOD, only('dept-housing'))).toMatchObject({
      received: 1,
      signForDue: 0,
      returned: 1,
      closed: 0,
    });
    const water = tallyHandling([moved], PERIOD, only('dept-water'));
    expect(water).toMatchObject({ received: 1, signForDue: 1, signedForOnTime: 1, returned: 0, closed: 1 });
    expect(water.handlingHours).toEqual([15]);
    expect(handlingRates(water).returnRate).toBe(0);
    // Both departments read as one unit (a parent's row): the case counts once.
    const both = tallyHandling([moved], PERIOD, (u) => u.startsWith('dept-'));
    expect(both).toMatchObject({ received: 1, returned: 1, closed: 1, signForDue: 1, signedForOnTime: 1 });
    expect(both.handlingHours).toEqual([15]);
  });

  it('takes an upheld appeal out of the appealing unit’s satisfaction, from the decision on', () => {
    const appealed = (unit: string, decidedAt: number) =>
      facts(
        {
          leads: [{ unit: 'dept-housing', from: t(2) }],
          dispatches: [win('dept-housing', 2, { signedForAt: 3 })],
          appealUpheld: { unit, at: t(decidedAt) },
        },
        { closedAt: t(30), rating: 'veryUnsatisfied' },
      );
    const housing = tallyHandling([appealed('dept-housing', 20), lateCase], PERIOD, only('dept-housing'));
    expect(housing).toMatchObject({ closed: 2, rated: 1, satisfied: 1, appealsUpheld: 1 });
    expect(handlingRates(housing).satisfaction).toBe(1);
    // Decided after the period's end: the period still reads the rating.
    const later = tallyHandling([appealed('dept-housing', 120)], PERIOD, only('dept-housing'));
    expect(later).toMatchObject({ rated: 1, satisfied: 0, appealsUpheld: 0 });
    // Upheld for another unit: the rating still counts against the unit that led at the close.
    const other = tallyHandling([appealed('dept-water', 20)], PERIOD, only('dept-housing'));
    expect(other).toMatchObject({ rated: 1, appealsUpheld: 0 });
  });

  it('counts an open overdue case under the unit leading at the end of the period', () => {
    const open = facts(
      {
        leads: [{ unit: 'dept-housing', from: t(2) }],
        dispatches: [win('dept-housing', 2, { signedForAt: 3 })],
      },
      { dueAt: t(50) },
    );
    expect(tallyHandling([open], PERIOD, only('dept-housing')).openOverdue).toBe(1);
    // At a period ending before the deadline nothing is overdue yet.
    expect(tallyHandling([open], metricsPeriod(t(0), t(40), t(200)), only('dept-housing')).openOverdue).toBe(
      0,
    );
  });

  it('counts 报到 per summons: on time, late, or not yet due', () => {
    const whistled = facts({
      reportIns: [
        win('dept-water', 2, { dueAt: 10, signedForAt: 5 }),
        win('dept-water', 20, { lateAt: 30, signedForAt: 31 }),
        win('dept-water', 40, { dueAt: 300 }),
        win('dept-water', 150, { signedForAt: 151 }),
        win('dept-housing', 2, { dueAt: 10 }),
      ],
    });
    const water = tallyHandling([whistled], PERIOD, only('dept-water'));
    expect(water).toMatchObject({ reportInDue: 2, reportedInOnTime: 1, received: 0 });
    expect(handlingRates(water).reportInRate).toBe(0.5);
    expect(tallyHandling([whistled], PERIOD, only('dept-housing'))).toMatchObject({
      reportInDue: 1,
      reportedInOnTime: 0,
    });
  });

  it('leaves out a case without handling facts', () => {
    const { handling: _h, ...bare } = lateCase;
    expect(tallyHandling([bare], PERIOD, () => true)).toMatchObject({
      received: 0,
      closed: 0,
      openOverdue: 0,
    });
  });
});
