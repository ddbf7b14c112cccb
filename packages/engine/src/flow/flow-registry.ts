import { GridflowError } from '../errors.js';
import type { FlowDefinition } from './define-flow.js';

/**
 * Holds the versions of every flow. Registering a different machine under an existing `(id, version)` throws
 * `FLOW_CONFLICT`; registering the same one again is a no-op.
 *
 * @example
 * ```ts
 * const registry = new FlowRegistry([workOrderV1, workOrderV2]);
 * registry.get('work-order').version; // 2
 * registry.get('work-order', 1).version; // 1
 * ```
 */
export class FlowRegistry {
  readonly #flows = new Map<string, Map<number, FlowDefinition>>();

  constructor(flows: readonly FlowDefinition[] = []) {
    for (const flow of flows) this.register(flow);
  }

  /** Add a flow version. */
  register(flow: FlowDefinition): this {
    let versions = this.#flows.get(flow.id);
    if (!versions) {
      versions = new Map();
      this.#flows.set(flow.id, versions);
    }
    const existing = versions.get(flow.version);
    if (existing && existing.hash !== flow.hash) {
      throw new GridflowError(
        'FLOW_CONFLICT',
        `flow ${flow.id}@${flow.version} is already registered with other content`,
        {
          details: { flowId: flow.id, version: flow.version, existing: existing.hash, given: flow.hash },
        },
      );
    }
    versions.set(flow.version, flow);
    return this;
  }

  /** The given version, or the newest. Throws `FLOW_NOT_FOUND`. */
  get(id: string, version?: number): FlowDefinition {
    const versions = this.#flows.get(id);
    const flow =
      versions &&
      (version === undefined ? versions.get(Math.max(...versions.keys())) : versions.get(version));
    if (!flow) {
      throw new GridflowError(
        'FLOW_NOT_FOUND',
        `no flow ${id}${version === undefined ? '' : `@${version}`}`,
        {
          details: { flowId: id, version },
        },
      );
    }
    return flow;
  }

  /** True when the flow (and version, if given) is registered. */
  has(id: string, version?: number): boolean {
    const versions = this.#flows.get(id);
    return !!versions && (version === undefined || versions.has(version));
  }

  /** Every registered flow version, by id then version. */
  list(): FlowDefinition[] {
    return [...this.#flows.values()].flatMap((versions) =>
      [...versions.values()].sort((a, b) => a.version - b.version),
    );
  }
}
