import type { EventEmitter } from 'eventemitter3';
import { z } from 'zod';
import type { Calendar } from '../calendar/calendar.js';
import type { Clock } from '../clock/clock.js';
import type { Directory } from '../directory/directory.js';
import type { FlowRegistry } from '../flow/flow-registry.js';
import type { Storage } from '../storage/storage.js';
import type { EngineEvents, EngineTuning, Logger } from './engine-types.js';
import { parseOptions } from '../errors.js';

/** What the engine's parts share: its adapters (guarded), settings and event channel. */
export interface EngineContext {
  storage: Storage;
  flows: FlowRegistry;
  directory: Directory;
  calendar: Calendar;
  clock: Clock;
  tuning: EngineTuning;
  events: EventEmitter<EngineEvents>;
  logger: Logger;
  instanceId: string;
  /** Report a background failure on the `error` channel and the logger. */
  emitError(error: unknown, during: string): void;
}

/** Defaults of {@link EngineTuning}. */
export const DEFAULT_TUNING: EngineTuning = {
  pollIntervalMs: 1000,
  leaseMs: 30_000,
  batchSize: 100,
  maxAttempts: 8,
  backoffBaseMs: 1000,
  backoffMaxMs: 15 * 60_000,
  conflictRetries: 20,
  caseCacheSize: 10_000,
  timerConcurrency: 2,
};

const positive = z.number().int().positive();
const tuningSchema = z
  .object({
    pollIntervalMs: positive,
    leaseMs: positive,
    batchSize: positive.max(10_000),
    timerConcurrency: positive.max(64),
    maxAttempts: positive,
    backoffBaseMs: positive,
    backoffMaxMs: positive,
    conflictRetries: z.number().int().min(0),
    caseCacheSize: z.number().int().min(0),
  })
  .strict();

/** The defaults with the caller's overrides, checked: a bad value is `VALIDATION_FAILED` naming `tuning.<field>`. */
export function resolveTuning(overrides: Partial<EngineTuning> | undefined): EngineTuning {
  return parseOptions(tuningSchema, { ...DEFAULT_TUNING, ...overrides }, 'options.tuning');
}
