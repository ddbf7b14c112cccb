import type { CaseView } from '@gridflow/engine';
import { streamSSE } from 'hono/streaming';
import type { RouteGroup } from './app-types.js';
import { summarizeCase } from './case-summary.js';

const HEARTBEAT_MS = 15_000;

/**
 * `GET /live`: Server-Sent Events, one `case` event (the list row) per created or changed case the member may
 * read, masked as for them; a comment every 15 s keeps proxies from closing the stream.
 *
 * @example
 * ```ts
 * liveRoutes(api, deps);
 * // browser: new EventSource('/api/live').addEventListener('case', (e) => JSON.parse(e.data));
 * ```
 */
export const liveRoutes: RouteGroup = (api, { setup }) => {
  const { engine } = setup;
  api.get('/live', (c) => {
    const { actor } = c.get('session');
    return streamSSE(c, async (stream) => {
      const queue: CaseView[] = [];
      let wake: (() => void) | null = null;
      const onCase = ({ case: changed }: { case: CaseView }) => {
        queue.push(changed);
        wake?.();
      };
      engine.events.on('case.created', onCase);
      engine.events.on('case.transitioned', onCase);
      const heartbeat = setInterval(() => void stream.write(': keep-alive\n\n'), HEARTBEAT_MS);
      stream.onAbort(() => {
        engine.events.off('case.created', onCase);
        engine.events.off('case.transitioned', onCase);
        clearInterval(heartbeat);
        wake?.();
      });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (!stream.aborted) {
        const next = queue.shift();
        if (!next) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = null;
          continue;
        }
        const visible = await engine.getCase(next.id, actor).catch(() => null);
        if (visible)
          await stream.writeSSE({
            event: 'case',
            data: JSON.stringify(await summarizeCase(engine, visible)),
          });
      }
    });
  });
};
