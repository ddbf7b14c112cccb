import { type Engine, isGridflowError, type Logger } from '@gridflow/engine';
import { z } from 'zod';
import type { HotlineClient } from './hotline-client.js';
import { parseOptions } from './hotline-options.js';
import { DEFAULT_HOTLINE_PROFILE, type HotlineProfile } from './hotline-profile.js';
import { isRecord, readField } from './hotline-record-fields.js';

/**
 * Options of {@link hotlinePoller}. `source` must be the `source` of the engine's `hotlineIntake`.
 *
 * @example
 * ```ts
 * const options: HotlinePollerOptions = { engine, client, profile, pageSize: 50, idleMs: 30_000 };
 * ```
 */
export interface HotlinePollerOptions {
  /** The engine records are ingested into, and its durable cursors. */
  engine: Pick<Engine, 'ingest' | 'cursors'>;
  /** The platform client that lists and acknowledges to-dos. */
  client: Pick<HotlineClient, 'listTodo' | 'ack'>;
  /** Default: the default profile (to read order numbers for acknowledgements). */
  profile?: HotlineProfile;
  /** Default `hotline`. */
  source?: string;
  /** The engine cursor this poller keeps its place in. Default `<source>:todo`. */
  cursorName?: string;
  /** Default 50. */
  pageSize?: number;
  /** Acknowledge (接收确认) each order once stored, case or quarantine, so the platform stops listing it. Default true. */
  acknowledge?: boolean;
  /** The wait after reaching the end of the list. Default 30 s. */
  idleMs?: number;
  /** Backoff after a failure: doubling from `minMs` to `maxMs`, with full jitter. Default 1 s to 5 min. */
  backoff?: { minMs?: number; maxMs?: number };
  /** Where poll failures are reported. */
  logger?: Pick<Logger, 'warn'>;
  /** Called with every failure of a poll (the poller backs off and goes on). */
  onError?: (error: unknown) => void;
}

/**
 * What one poll did: the records read, what became of them, where the cursor stands and whether more pages
 * follow.
 *
 * @example
 * ```ts
 * const { records, applied, more } = await poller.pollOnce();
 * ```
 */
export interface HotlinePollResult {
  /** Records on the page. */
  records: number;
  /** Records applied. */
  applied: number;
  /** Records applied before (skipped). */
  duplicates: number;
  /** Records quarantined. */
  quarantined: number;
  /** The cursor after the page. */
  cursor: string | null;
  /** True when another page is waiting. */
  more: boolean;
}

/**
 * A to-do list poller. `pollOnce()` reads one page after the durable cursor, ingests it, acknowledges it and
 * then moves the cursor (compare-and-set); `start()` polls until `stop()`, backing off on failures.
 *
 * @example
 * ```ts
 * const poller = hotlinePoller({ engine, client, profile });
 * poller.start();
 * process.on('SIGTERM', () => poller.stop());
 * ```
 */
export interface HotlinePoller {
  /** Poll one page now and apply its records. */
  pollOnce(): Promise<HotlinePollResult>;
  /** Poll in the background until `stop()`. */
  start(): void;
  /** Stop polling; resolves once the poll in progress (if any) has ended. */
  stop(): Promise<void>;
  /** True between `start()` and `stop()`. */
  readonly running: boolean;
}

const ACK_CONCURRENCY = 8;

const optionsSchema = z.object({
  engine: z.custom<HotlinePollerOptions['engine']>(
    (v) => typeof (v as Engine)?.ingest === 'function' && isRecord((v as Engine).cursors),
    'must be an engine',
  ),
  client: z.custom<HotlinePollerOptions['client']>(
    (v) => typeof (v as HotlineClient)?.listTodo === 'function',
    'must be a hotlineClient()',
  ),
  profile: z.custom<HotlineProfile>((v) => isRecord(v) && isRecord(v.fields), 'must be a hotlineProfile()'),
  source: z.string().min(1),
  cursorName: z.string().min(1).max(200).optional(),
  pageSize: z.number().int().min(1).max(500),
  acknowledge: z.boolean(),
  idleMs: z.number().int().min(0),
  backoff: z.object({ minMs: z.number().int().min(0), maxMs: z.number().int().min(0) }),
  logger: z.custom<Pick<Logger, 'warn'>>((v) => typeof (v as Logger)?.warn === 'function').optional(),
  onError: z.custom<(error: unknown) => void>((v) => typeof v === 'function').optional(),
});

/**
 * Poll a platform's to-do list (待办) into the engine. A restart neither re-imports nor skips: the cursor moves
 * only after a page is stored and acknowledged, so a poller killed mid-page reads that page again and its
 * stored records come back as duplicates. Of two pollers on one cursor only one advances; the other backs off.
 * Failures (the platform down, storage down, a lost cursor race) back off, honouring a platform's
 * `Retry-After`. Throws `VALIDATION_FAILED` naming a bad option.
 *
 * @example
 * ```ts
 * const client = hotlineClient({ baseUrl, appId: 'district-7', secret, profile });
 * const poller = hotlinePoller({ engine, client, profile, idleMs: 60_000 });
 * poller.start();
 * ```
 */
export function hotlinePoller(options: HotlinePollerOptions): HotlinePoller {
  const parsed = parseOptions(
    optionsSchema,
    {
      ...options,
      profile: options.profile ?? DEFAULT_HOTLINE_PROFILE,
      source: options.source ?? 'hotline',
      pageSize: options.pageSize ?? 50,
      acknowledge: options.acknowledge ?? true,
      idleMs: options.idleMs ?? 30_000,
      backoff: { minMs: 1_000, maxMs: 300_000, ...options.backoff },
    },
    'hotlinePoller',
  );
  const { engine, client, profile, source, pageSize, acknowledge, idleMs, backoff } = parsed;
  const cursorName = parsed.cursorName ?? `${source}:todo`;
  let loop: Promise<void> | null = null;
  let stopping = false;
  let wake: (() => void) | null = null;

  async function pollOnce(): Promise<HotlinePollResult> {
    const at = (await engine.cursors.get(cursorName))?.value ?? null;
    const page = await client.listTodo({ cursor: at, pageSize });
    const result = { records: page.records.length, applied: 0, duplicates: 0, quarantined: 0 };
    for (const record of page.records) {
      const outcome = await engine.ingest(source, record);
      if (outcome.status === 'applied') result.applied++;
      else if (outcome.status === 'duplicate') result.duplicates++;
      else result.quarantined++;
    }
    if (acknowledge) {
      const orderNos = page.records.map(orderNoOf).filter((no): no is string => no !== null);
      // A few at a time: a page's worth of simultaneous connections is more than some gateways accept.
      for (let i = 0; i < orderNos.length; i += ACK_CONCURRENCY) {
        await Promise.all(orderNos.slice(i, i + ACK_CONCURRENCY).map((orderNo) => client.ack(orderNo)));
      }
    }
    const moves = page.nextCursor !== null && page.nextCursor !== at;
    if (moves) await engine.cursors.set(cursorName, page.nextCursor!, { expected: at });
    return { ...result, cursor: moves ? page.nextCursor : at, more: page.nextCursor !== null };
  }

  function orderNoOf(record: unknown): string | null {
    const value = isRecord(record) ? readField(record, profile.fields.orderNo) : undefined;
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  }

  function sleep(ms: number): Promise<void> {
    if (stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (!stopping) {
      try {
        const result = await pollOnce();
        failures = 0;
        if (!result.more) await sleep(idleMs);
      } catch (error) {
        failures++;
        parsed.onError?.(error);
        parsed.logger?.warn('hotline poller: poll failed, backing off', { error: String(error), failures });
        await sleep(delayAfter(error, failures));
      }
    }
  }

  function delayAfter(error: unknown, failures: number): number {
    const asked = (error as { retryAfterMs?: unknown })?.retryAfterMs;
    if (typeof asked === 'number' && Number.isFinite(asked) && asked >= 0) return asked;
    // Another poller moved the cursor: it is working, so a short pause is enough.
    if (isGridflowError(error, 'VERSION_CONFLICT')) return backoff.minMs;
    const ceiling = Math.min(backoff.maxMs, backoff.minMs * 2 ** Math.min(failures - 1, 30));
    return backoff.minMs + Math.random() * Math.max(0, ceiling - backoff.minMs);
  }

  return {
    pollOnce,
    start() {
      if (loop) return;
      stopping = false;
      loop = run().finally(() => {
        loop = null;
      });
    },
    async stop() {
      stopping = true;
      wake?.();
      await loop;
    },
    get running() {
      return loop !== null;
    },
  };
}
