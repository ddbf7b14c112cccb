import { describe, expect, it } from 'vitest';
import {
  MEMBER_MESSAGE_LIMITS,
  ROBOT_MESSAGE_LIMITS,
  slidingWindowLimiter,
  tokenBucket,
} from './wecom-limits.js';

describe('local WeCom limits', () => {
  it('lets 30 messages a minute through to one member and says when the 31st may go', () => {
    let t = 1_000;
    const members = slidingWindowLimiter(MEMBER_MESSAGE_LIMITS, { now: () => t });
    for (let i = 0; i < 30; i++) {
      expect(members.take('wangfang')).toBe(0);
      t += 1_000;
    }
    // The first went at 1 s, so the window has room again at 61 s; it is now 31 s.
    expect(members.take('wangfang')).toBe(30_000);
    expect(members.check('lisi')).toBe(0);
    t += 30_000;
    expect(members.take('wangfang')).toBe(0);
  });

  it('keeps the hourly limit of 1,000 even when every minute stays under 30', () => {
    let t = 0;
    const members = slidingWindowLimiter(MEMBER_MESSAGE_LIMITS, { now: () => t });
    for (let i = 0; i < 1_000; i++) {
      expect(members.take('wangfang')).toBe(0);
      t += 2_100; // 28.6 a minute
    }
    const wait = members.take('wangfang');
    expect(wait).toBe(3_600_000 - 2_100_000);
    t += wait;
    expect(members.take('wangfang')).toBe(0);
  });

  it('counts nothing for any member when one of several is over the limit', () => {
    let t = 0;
    const members = slidingWindowLimiter(MEMBER_MESSAGE_LIMITS, { now: () => t });
    for (let i = 0; i < 30; i++) members.take('busy');
    expect(members.take(['idle', 'busy'])).toBe(60_000);
    for (let i = 0; i < 30; i++) expect(members.take('idle')).toBe(0);
    t += 1;
    expect(members.check('idle')).toBe(59_999);
  });

  it('counts a member named twice in one message once', () => {
    const members = slidingWindowLimiter([{ limit: 2, windowMs: 1_000 }], { now: () => 0 });
    expect(members.take(['a', 'a'])).toBe(0);
    expect(members.take('a')).toBe(0);
    expect(members.take('a')).toBe(1_000);
  });

  it('allows a robot 20 messages a minute', () => {
    let t = 0;
    const robot = slidingWindowLimiter(ROBOT_MESSAGE_LIMITS, { now: () => t });
    for (let i = 0; i < 20; i++) expect(robot.take('key')).toBe(0);
    expect(robot.take('key')).toBe(60_000);
    t = 60_000;
    expect(robot.take('key')).toBe(0);
  });

  it('refuses limits that cannot be kept', () => {
    expect(() => slidingWindowLimiter([{ limit: 0, windowMs: 1 }])).toThrow(/limits\.0\.limit/);
    expect(() => slidingWindowLimiter([{ limit: 1, windowMs: 0 }])).toThrow(/limits\.0\.windowMs/);
  });

  it('spends a token bucket in a burst and refills it at the rate per minute', () => {
    let t = 0;
    const calls = tokenBucket({ perMinute: 60, burst: 3, now: () => t });
    expect([calls.take(), calls.take(), calls.take()]).toEqual([0, 0, 0]);
    expect(calls.take()).toBe(1_000);
    t += 500;
    expect(calls.take()).toBe(500);
    t += 500;
    expect(calls.take()).toBe(0);
    t += 60_000;
    expect([calls.take(), calls.take(), calls.take(), calls.take()]).toEqual([0, 0, 0, 1_000]);
  });
});
