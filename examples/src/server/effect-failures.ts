import { isWecomApiError } from '@gridflow/adapter-wecom';
import { type Engine, isGridflowError } from '@gridflow/engine';

/**
 * One row of the operations view's failure table: an adapter, an error code and how often it happened.
 *
 * @example
 * ```ts
 * const row: EffectFailureRow = { adapter: 'wecom', code: '81013', failed: 3, deadLettered: 1 };
 * ```
 */
export interface EffectFailureRow {
  adapter: string;
  code: string;
  /** Attempts that failed and will be retried. */
  failed: number;
  /** Effects given up on after their last attempt. */
  deadLettered: number;
}

/**
 * Counts of effect failures since the server started, by adapter and error code (WeCom errcodes, hotline
 * write-back statuses, engine codes).
 *
 * @example
 * ```ts
 * const failures = effectFailures();
 * failures.watch(engine);
 * failures.rows(); // [{ adapter: 'wecom', code: '81013', failed: 2, deadLettered: 0 }]
 * ```
 */
export interface EffectFailures {
  watch(engine: Pick<Engine, 'events'>): void;
  rows(): EffectFailureRow[];
}

/**
 * The adapter behind an effect type: `notify` and `wecom.*` go through WeCom, `hotline*` to the 12345 platform.
 *
 * @example
 * ```ts
 * adapterOf('wecom.updateCard'); // 'wecom'
 * ```
 */
export function adapterOf(effectType: string): string {
  if (effectType === 'notify' || effectType.startsWith('wecom')) return 'wecom';
  if (effectType.toLowerCase().includes('hotline') || effectType.startsWith('writeBack')) return 'hotline';
  return effectType;
}

/**
 * The error code an operator looks up: a WeCom errcode, a hotline status or code, an engine code, a name.
 *
 * @example
 * ```ts
 * errorCodeOf(new GridflowError('ADAPTER_FAILED', 'down')); // 'ADAPTER_FAILED'
 * ```
 */
export function errorCodeOf(error: unknown): string {
  if (isWecomApiError(error))
    return error.errcode === null ? `HTTP ${error.status ?? '?'}` : String(error.errcode);
  if (error instanceof Error && error.name === 'HotlineApiError') {
    const e = error as Error & { code: string | null; status: number | null };
    return e.code ?? (e.status === null ? 'network' : `HTTP ${e.status}`);
  }
  if (isGridflowError(error)) return error.code;
  return error instanceof Error ? error.name : 'unknown';
}

/**
 * Start counting.
 *
 * @example
 * ```ts
 * const failures = effectFailures();
 * ```
 */
export function effectFailures(): EffectFailures {
  const counts = new Map<string, EffectFailureRow>();
  const row = (type: string, error: unknown) => {
    const adapter = adapterOf(type);
    const code = errorCodeOf(error);
    const key = `${adapter}|${code}`;
    const found = counts.get(key) ?? { adapter, code, failed: 0, deadLettered: 0 };
    counts.set(key, found);
    return found;
  };
  return {
    watch(engine) {
      engine.events.on('effect.failed', ({ effect, error }) => void row(effect.type, error).failed++);
      engine.events.on(
        'effect.deadLettered',
        ({ effect, error }) => void row(effect.type, error).deadLettered++,
      );
    },
    rows: () => [...counts.values()].sort((a, b) => b.failed + b.deadLettered - (a.failed + a.deadLettered)),
  };
}
