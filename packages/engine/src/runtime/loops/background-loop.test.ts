import { describe, expect, it } from 'vitest';
import { virtualClock } from '../../clock/virtual-clock.js';
import { BackgroundLoop } from './background-loop.js';

const tickOnce = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('BackgroundLoop', () => {
  it('sleeps until the wake time, and wakes when the clock reaches it', async () => {
    const clock = virtualClock('2026-11-02T09:00:00+08:00');
    const wakeAt = new Date(clock.now().getTime() + 10 * 60_000);
    let ticks = 0;
    const loop = new BackgroundLoop(
      clock,
      async () => {
        ticks++;
        return { full: false, wakeAt };
      },
      3_600_000,
      () => {},
    );
    loop.start();
    await tickOnce();
    expect(ticks).toBe(1);
    clock.advanceBy(9 * 60_000);
    await tickOnce();
    expect(ticks).toBe(1);
    clock.advanceBy(60_000);
    await tickOnce();
    expect(ticks).toBe(2);
    await loop.stop();
  });

  it('runs again at once when work fell due while a tick ran', async () => {
    const clock = virtualClock('2026-11-02T09:00:00+08:00');
    const dueSoon = new Date(clock.now().getTime() + 1000);
    let ticks = 0;
    const loop = new BackgroundLoop(
      clock,
      async () => {
        ticks++;
        if (ticks === 1) clock.advanceBy(5000); // the clock jumps past `dueSoon` mid-tick
        return { full: false, wakeAt: ticks === 1 ? dueSoon : null };
      },
      3_600_000,
      () => {},
    );
    loop.start();
    await tickOnce();
    expect(ticks).toBe(2);
    await loop.stop();
  });

  it('polls instead of spinning on work that was due before the tick and is still pending', async () => {
    const clock = virtualClock('2026-11-02T09:00:00+08:00');
    const overdue = new Date(clock.now().getTime() - 1000);
    let ticks = 0;
    const loop = new BackgroundLoop(
      clock,
      async () => {
        ticks++;
        return { full: false, wakeAt: overdue };
      },
      30_000,
      () => {},
    );
    loop.start();
    await tickOnce();
    expect(ticks).toBe(1);
    clock.advanceBy(30_000);
    await tickOnce();
    expect(ticks).toBe(2);
    await loop.stop();
  });

  it('wakes on a poke, even one that arrives while a tick runs', async () => {
    const clock = virtualClock('2026-11-02T09:00:00+08:00');
    let ticks = 0;
    let loop: BackgroundLoop | undefined;
    loop = new BackgroundLoop(
      clock,
      async () => {
        ticks++;
        if (ticks === 1) loop?.poke();
        return { full: false, wakeAt: null };
      },
      3_600_000,
      () => {},
    );
    loop.start();
    await tickOnce();
    expect(ticks).toBe(2);
    loop.poke();
    await tickOnce();
    expect(ticks).toBe(3);
    await loop.stop();
  });
});
