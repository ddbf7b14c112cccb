import { createHash } from 'node:crypto';
import type { FlowConfig } from './define-flow.js';

/**
 * Serialize anything deterministically: object keys sorted, functions by their source, zod schemas by their
 * JSON definition, cycles cut. Two flows with the same text hash alike; any change of logic changes the hash.
 */
function stableStringify(value: unknown, seen = new WeakSet<object>()): string {
  if (typeof value === 'function') return JSON.stringify(`fn:${value.toString()}`);
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (seen.has(value)) return '"[cycle]"';
  seen.add(value);
  const zodDef = (value as { _zod?: { def?: unknown } })._zod?.def;
  if (zodDef) return stableStringify(zodDef, seen);
  if (Array.isArray(value)) return `[${value.map((v) => stableStringify(v, seen)).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k], seen)}`).join(',')}}`;
}

/**
 * The content hash of a flow version: machine config, implementations, event schemas, permissions, effects.
 *
 * @example
 * ```ts
 * contentHash(config); // 'sha256:3f1c…'
 * ```
 */
export function contentHash(config: FlowConfig): string {
  const material = stableStringify({
    config: config.machine.config,
    implementations: config.machine.implementations,
    events: config.events,
    input: config.input ?? null,
    permissions: config.permissions,
    references: config.references ?? {},
    refusals: config.refusals ?? {},
    effects: config.effects ?? [],
    deadlines: config.deadlines ?? [],
  });
  return `sha256:${createHash('sha256').update(material).digest('hex')}`;
}
