import type { Calendar } from '../calendar/calendar.js';
import type { Directory } from '../directory/directory.js';
import type { EffectHandler } from '../effects/effects.js';
import type { FlowRegistry } from '../flow/flow-registry.js';
import type { Storage } from '../storage/storage.js';
import { CALENDAR_CONTRACT, DIRECTORY_CONTRACT, STORAGE_CONTRACT } from './adapter-contracts.js';
import { checkAdapters, guardAdapter } from './guard-adapter.js';

/** The adapters an engine calls, in the order they are initialised (and disposed in reverse). */
export interface EngineAdapters {
  storage: Storage;
  directory: Directory;
  calendar: Calendar;
}

/**
 * Check every adapter at once (one `VALIDATION_FAILED` listing all missing members, `storage.claimOutbox`,
 * `directory.members`, ...), then guard each.
 */
export function guardEngineAdapters(given: EngineAdapters): EngineAdapters {
  checkAdapters([
    { kind: 'storage', adapter: given.storage, contract: STORAGE_CONTRACT },
    { kind: 'directory', adapter: given.directory, contract: DIRECTORY_CONTRACT },
    { kind: 'calendar', adapter: given.calendar, contract: CALENDAR_CONTRACT },
  ]);
  return {
    storage: guardAdapter('storage', given.storage, STORAGE_CONTRACT),
    directory: guardAdapter('directory', given.directory, DIRECTORY_CONTRACT),
    calendar: guardAdapter('calendar', given.calendar, CALENDAR_CONTRACT),
  };
}

/** Run each adapter's `init`, storage first. */
export async function initAdapters(adapters: EngineAdapters): Promise<void> {
  for (const adapter of [adapters.storage, adapters.directory, adapters.calendar]) await adapter.init?.();
}

/**
 * Run each adapter's `dispose`, calendar first and storage last (the reverse of `init`). One failing does not
 * keep the others holding their resources: all are tried, then the first failure is thrown.
 */
export async function disposeAdapters(adapters: EngineAdapters): Promise<void> {
  const failures: unknown[] = [];
  for (const adapter of [adapters.calendar, adapters.directory, adapters.storage]) {
    try {
      await adapter.dispose?.();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw failures[0];
}

/**
 * Effect types the flows declare that no handler takes (no handler of that type and no `*`), each with the
 * flows (`id@version`) that declare it. Their rows would be dead-lettered on first delivery.
 */
export function unhandledEffects(
  flows: FlowRegistry,
  handlers: Readonly<Record<string, EffectHandler>>,
): { type: string; flows: string[] }[] {
  if (handlers['*']) return [];
  const byType = new Map<string, string[]>();
  for (const flow of flows.list()) {
    for (const type of flow.effects) {
      if (handlers[type]) continue;
      byType.set(type, [...(byType.get(type) ?? []), `${flow.id}@${flow.version}`]);
    }
  }
  return [...byType].map(([type, declaredBy]) => ({ type, flows: declaredBy }));
}
