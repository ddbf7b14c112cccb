import { virtualClock } from '@gridflow/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { isWecomApiError, type WecomMessageBody, wecomClient } from '../src/index.js';
import { type FakeWecomServer, fakeWecomServer } from '../src/testing/index.js';

/** A seeded generator, so a failing run can be repeated exactly. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

const MEMBERS = Array.from({ length: 4 }, (_, i) => `member${i}`);

function notice(i: number): WecomMessageBody {
  const touser = MEMBERS[i % MEMBERS.length]!;
  if (i % 2 === 0) {
    return {
      touser,
      msgtype: 'template_card',
      template_card: {
        card_type: 'button_interaction',
        task_id: `notice_${i}`, // unique per card: a retried send reuses it, so WeCom cannot deliver it twice
        main_title: { title: `工单 ${i}` },
        button_list: [{ text: '接单', key: `take:c-${i}` }],
      },
    };
  }
  return { touser, msgtype: 'text', text: { content: `通知 ${i}` }, enable_duplicate_check: 1 };
}

let fake: FakeWecomServer | undefined;
afterAll(() => fake?.close());

describe('a thousand notices through the client and the fake WeCom', () => {
  it('delivers every one exactly once through token expiry, 45009 bursts and 3% HTTP 500s', async () => {
    const clock = virtualClock('2026-03-02T09:00:00+08:00');
    fake = await fakeWecomServer({
      clock,
      random: seeded(20260302),
      serverErrorRate: 0.02, // 500 before anything happens
      lostReplyRate: 0.01, // delivered, then 500: the retry must not deliver again
      tokenTtlSeconds: 600,
      unknownUsers: ['ghost'],
    });
    fake.rateLimitAfter(150, { repeat: true });
    const client = wecomClient({ ...fake.appOptions(), clock, busyRetry: { delayMs: 0 } });
    const seen = { retryAfterLocal: 0, retryAfterWecom: 0, http: 0 };

    // Stands in for the engine's dispatcher: retry what is retryable, wait out retryAfterMs, dead-letter the rest.
    const deliver = async (body: WecomMessageBody): Promise<string | null> => {
      for (let attempt = 1; attempt <= 100; attempt++) {
        try {
          await client.sendMessage(body);
          return null;
        } catch (error) {
          if (!isWecomApiError(error)) throw error;
          if (!error.retryable) return `${error.errcode} ${error.errmsg}`;
          if (error.kind === 'retry-after')
            seen[error.source === 'local' ? 'retryAfterLocal' : 'retryAfterWecom']++;
          if (error.source === 'http') seen.http++;
          clock.advanceBy(error.retryAfterMs ?? 1_000);
        }
      }
      throw new Error('gave up after 100 attempts');
    };

    const queue = Array.from({ length: 1_000 }, (_, i) => notice(i));
    const ghosts = Array.from({ length: 5 }, (_, i) => ({ ...notice(2 * i + 1), touser: 'ghost' }));
    queue.splice(500, 0, ...ghosts);
    const deadLetters: string[] = [];
    let sent = 0;
    const worker = async () => {
      for (let body = queue.shift(); body; body = queue.shift()) {
        if (++sent % 97 === 0) fake!.expireTokens();
        const reason = await deliver(body);
        if (reason) deadLetters.push(`${body.touser}: ${reason}`);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);

    const delivered = fake.delivered();
    const identity = delivered.map((d) => d.taskId ?? (d.content as { content: string }).content);
    expect(delivered).toHaveLength(1_000);
    expect(new Set(identity).size).toBe(1_000);
    expect(fake.dropped()).toEqual([]);
    expect(deadLetters).toEqual(
      Array(5).fill(
        'ghost: 81013 user & party & tag all invalid (no valid recipient: every user, party and tag is invalid or outside the app)',
      ),
    );
    // Each kind of trouble really happened, so the run proves something.
    const injected = fake.injected();
    expect(injected.serverErrors).toBeGreaterThan(10);
    expect(injected.lostReplies).toBeGreaterThan(2);
    expect(injected.rateLimited).toBeGreaterThan(10);
    expect(seen.http).toBe(injected.serverErrors + injected.lostReplies);
    expect(seen.retryAfterWecom).toBe(injected.rateLimited);
    expect(seen.retryAfterLocal).toBeGreaterThan(5);
    expect(fake.calls('gettoken')).toBeGreaterThan(5);
  });
});
