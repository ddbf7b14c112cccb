import { z } from 'zod';
import { GridflowError, zodFailure } from '../../errors.js';
import type { IngestResult } from '../../intake/intake.js';
import type { EngineCursors, EngineQuarantine } from '../../intake/intake-api.js';
import type { EngineContext } from '../engine-context.js';
import type { IntakeRunner } from './intake-runner.js';

const listQuerySchema = z
  .object({
    source: z.string().min(1).optional(),
    status: z.enum(['open', 'resolved', 'discarded']).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    cursor: z.string().nullable().optional(),
  })
  .strict();

const cursorWriteSchema = z.object({
  name: z.string().min(1).max(200),
  value: z.string().max(10_000),
  options: z.object({ expected: z.string().nullable().optional() }),
});

/** The engine's intake members: `ingest`, `quarantine` and `cursors`. */
export interface EngineIntakeMembers {
  ingest(source: string, raw: unknown): Promise<IngestResult>;
  quarantine: EngineQuarantine;
  cursors: EngineCursors;
}

/**
 * Build the engine's intake members. `ready` initialises storage; `track` also refuses work after `stop()` and
 * lets `stop()` wait for it (used for what writes cases).
 */
export function engineIntake(
  ctx: EngineContext,
  runner: IntakeRunner,
  ready: () => Promise<void>,
  track: <T>(work: () => Promise<T>) => Promise<T>,
): EngineIntakeMembers {
  const { storage } = ctx;
  return {
    ingest: (source, raw) => track(() => runner.ingest(source, raw)),
    quarantine: {
      async list(query = {}) {
        const parsed = listQuerySchema.safeParse(query);
        if (!parsed.success) throw zodFailure(parsed.error, 'query');
        await ready();
        return storage.listQuarantine(parsed.data);
      },
      async get(id) {
        await ready();
        return storage.getQuarantine(id);
      },
      retry: (id) => track(() => runner.retry(id)),
      async discard(id, note) {
        await ready();
        return runner.discard(id, note);
      },
    },
    cursors: {
      async get(name) {
        await ready();
        return storage.getCursor(name);
      },
      async set(name, value, options = {}) {
        const parsed = cursorWriteSchema.safeParse({ name, value, options });
        if (!parsed.success) throw zodFailure(parsed.error, '');
        await ready();
        const at = ctx.clock.now();
        if (await storage.setCursor({ name, value, expected: parsed.data.options.expected, at })) {
          return { name, value, updatedAt: at };
        }
        const current = (await storage.getCursor(name))?.value ?? null;
        throw new GridflowError(
          'VERSION_CONFLICT',
          `cursor ${name} moved: it is no longer the expected value`,
          {
            details: { cursor: name, expected: options.expected, current },
          },
        );
      },
    },
  };
}
