import type { CaseView, Engine, VirtualClock } from '@gridflow/engine';
import { isGridflowError } from '@gridflow/engine';
import type { WorkOrderContext } from '@gridflow/engine/flows';
import { advanceTo, settle } from './advance-clock.js';
import { ARRIVAL_MIX, type ArrivalKind, arrive } from './arrivals.js';
import { actOnGridReport, actOnMicroWish, actOnThreeOrders } from './community-agents.js';
import type { District } from './district.js';
import { seededRandom } from './random.js';
import { type SimContext, simContext } from './sim-context.js';
import { workingDates } from './working-dates.js';
import { type Wake, wakeQueue } from './wake-queue.js';
import { workOrderAgent } from './work-order-agent.js';

/**
 * Options of {@link runSimulation}.
 *
 * @example
 * ```ts
 * const options: SimulationOptions = { seed: 42, engine, clock, district, days: 30, casesTarget: 560 };
 * ```
 */
export interface SimulationOptions {
  seed: number;
  engine: Engine;
  /** The engine's virtual clock; the simulation moves it. */
  clock: VirtualClock;
  district: District;
  /** Working days to simulate (new cases arrive on all but the last three). */
  days: number;
  /** Cases that come in from outside; work orders raised by other flows come on top. */
  casesTarget: number;
  /** First day, a local date; default 2026-09-14, so the run crosses Mid-Autumn and National Day 2026. */
  startDate?: string;
  onProgress?: (progress: DayProgress) => void;
}

/**
 * Where the district stands at the end of one simulated working day.
 *
 * @example
 * ```ts
 * onProgress: (p) => console.log(p.date, p.open, p.closed),
 * ```
 */
export interface DayProgress {
  day: number;
  days: number;
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  arrived: number;
  open: number;
  closed: number;
}

/**
 * What {@link runSimulation} reports besides what it left in storage.
 *
 * @example
 * ```ts
 * const { from, to, refused } = await runSimulation(options);
 * ```
 */
export interface SimulationResult {
  /** Start of the first simulated day and end of the last (the metrics period). */
  from: Date;
  to: Date;
  dates: string[];
  /** Ids of every case created from outside, in order. */
  arrivals: string[];
  /** Events the engine refused, by `type:code`; a well-behaved simulation has none. */
  refused: Map<string, number>;
}

const SLOTS = [
  '09:00',
  '09:30',
  '10:00',
  '10:30',
  '11:00',
  '11:30',
  '13:30',
  '14:00',
  '14:30',
  '15:00',
  '15:30',
  '16:00',
  '16:30',
  '17:00',
];
const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

/**
 * Run a simulated district for `days` working days: cases arrive in every flow, people act on them with seeded
 * probabilities at half-hour slots through each working day, and time moves over nights, weekends and holidays
 * firing every timer at its due time. Everything random comes from the seed and every instant from the
 * virtual clock, so a seed replays to the same journal.
 *
 * @example
 * ```ts
 * const demo = demoEngine({ storage, start: new Date('2026-09-14T08:00:00+08:00') });
 * await runSimulation({ ...demo, seed: 42, days: 30, casesTarget: 560 });
 * ```
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const { engine, clock, district, seed, days } = options;
  const rng = seededRandom(seed);
  const queue = wakeQueue();
  const sim = simContext({ engine, district, rng, queue });
  const agent = workOrderAgent();
  const dates = workingDates(engine.calendar, options.startDate ?? '2026-09-14', days);
  const arrivalDays = Math.max(1, days - 3);
  const arrivals: string[] = [];
  const status = new Map<string, string>();
  const track = ({ case: c }: { case: CaseView }) => void status.set(c.id, c.status);
  engine.events.on('case.created', track);
  engine.events.on('case.transitioned', track);

  for (const [index, date] of dates.entries()) {
    const quota =
      index < arrivalDays
        ? Math.floor((options.casesTarget * (index + 1)) / arrivalDays) -
          Math.floor((options.casesTarget * index) / arrivalDays)
        : 0;
    const slotOf = Array.from({ length: quota }, () => rng.int(0, SLOTS.length - 1)).sort((a, b) => a - b);
    for (const [slot, time] of SLOTS.entries()) {
      const start = at(date, time).getTime();
      let horizon = await advanceTo(engine, clock, new Date(start));
      // People act a minute apart through the half hour rather than all at its first instant.
      let minute = 0;
      const step = async () => {
        const t = start + Math.min(minute++, 29) * 60_000;
        if (t < horizon) clock.set(new Date(t));
        else horizon = await advanceTo(engine, clock, new Date(t));
      };
      const arrivalsNow = slotOf.filter((s) => s === slot).length;
      for (let i = 0; i < arrivalsNow; i++) {
        await step();
        const kind = rng.weighted(ARRIVAL_MIX) as ArrivalKind;
        arrivals.push(await arrive(sim, kind, { seed, serial: arrivals.length + 1 }));
      }
      const wakes = queue.due(clock.now());
      for (const wake of wakes) {
        await step();
        await visit(sim, agent, wake);
      }
      if (minute > 0) await settle(engine);
    }
    const open = [...status.values()].filter((s) => s === 'active').length;
    options.onProgress?.({
      day: index + 1,
      days,
      date,
      arrived: arrivals.length,
      open,
      closed: status.size - open,
    });
  }
  const to = at(dates[dates.length - 1]!, '18:00');
  await advanceTo(engine, clock, to);
  engine.events.off('case.created', track);
  engine.events.off('case.transitioned', track);
  return { from: at(dates[0]!, '00:00'), to, dates, arrivals, refused: sim.refused };
}

async function visit(sim: SimContext, agent: ReturnType<typeof workOrderAgent>, wake: Wake): Promise<void> {
  let view: CaseView;
  try {
    view = await sim.engine.getCase(wake.caseId);
  } catch (error) {
    // A linked work order is created by an effect; if it is not there yet, look again a little later.
    if (isGridflowError(error, 'CASE_NOT_FOUND')) return sim.later(wake.caseId, 0.5, wake.task);
    throw error;
  }
  if (view.status === 'done') return;
  const workOrder = view as unknown as CaseView<WorkOrderContext>;
  if (wake.task.kind === 'reportIn') return agent.reportIn(sim, workOrder, wake.task.unit);
  if (view.flowId === 'work-order') return agent.act(sim, workOrder);
  if (view.flowId === 'grid-report') return actOnGridReport(sim, view as CaseView<Record<string, unknown>>);
  if (view.flowId === 'three-orders') return actOnThreeOrders(sim, view as CaseView<Record<string, unknown>>);
  if (view.flowId === 'micro-wish') return actOnMicroWish(sim, view as CaseView<Record<string, unknown>>);
}
