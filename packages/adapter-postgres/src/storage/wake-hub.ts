import type { StoreContext } from './store-context.js';

type WakeChannel = 'timers' | 'outbox';
type WakeListener = (channel: WakeChannel) => void;

/**
 * Fans NOTIFY payloads of this schema out to `onWake` listeners of this tenant. LISTEN starts with the first
 * listener and stops with the last, so a storage used only for queries holds no extra connection.
 *
 * @example
 * ```ts
 * const hub = wakeHub(ctx);
 * const off = hub.subscribe((channel) => loop.poke(channel));
 * ```
 */
export interface WakeHub {
  subscribe(listener: WakeListener): () => void;
  close(): Promise<void>;
}

/**
 * Create a {@link WakeHub}. A failure to LISTEN is reported through `onError` and leaves callers polling.
 *
 * @example
 * ```ts
 * const hub = wakeHub(ctx, (error) => logger.warn('LISTEN failed', { error }));
 * ```
 */
export function wakeHub(ctx: StoreContext, onError: (error: unknown) => void = () => {}): WakeHub {
  const listeners = new Set<WakeListener>();
  let listening: Promise<(() => Promise<void>) | null> | null = null;

  const deliver = (payload: string): void => {
    const separator = payload.indexOf(':');
    const channel = payload.slice(0, separator);
    if (payload.slice(separator + 1) !== ctx.tenantId) return;
    if (channel !== 'timers' && channel !== 'outbox') return;
    for (const listener of listeners) {
      try {
        listener(channel);
      } catch {
        // One listener's failure must not keep the others asleep.
      }
    }
  };

  const stop = async (): Promise<void> => {
    const pending = listening;
    listening = null;
    const unlisten = await pending;
    await unlisten?.();
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (listening === null) {
        listening = ctx.driver.listen(ctx.t.channel, deliver).catch((error: unknown) => {
          onError(error);
          return null;
        });
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) void stop().catch(onError);
      };
    },
    async close() {
      listeners.clear();
      await stop();
    },
  };
}
