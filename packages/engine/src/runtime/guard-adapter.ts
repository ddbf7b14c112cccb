import { GridflowError, isGridflowError } from '../errors.js';

/**
 * The members of an adapter contract the guard knows: `required` ones must be functions at start-up; `optional`
 * ones are wrapped when present (and must be functions when given). One array per contract: a member added to a
 * contract is added here too, or it is reached unguarded.
 */
export interface AdapterContract<T> {
  readonly required: readonly (keyof T & string)[];
  readonly optional?: readonly (keyof T & string)[];
}

/** One adapter to check: its kind (`storage`, `directory`, ...), the object given, and its contract. */
export interface AdapterEntry {
  kind: string;
  adapter: unknown;
  // biome-ignore lint/suspicious/noExplicitAny: entries of different contracts sit in one list.
  contract: AdapterContract<any>;
}

const GUARDED = Symbol('gridflow.guarded');

/**
 * Every missing or non-function member of every adapter given, as `kind.member`, in one `VALIDATION_FAILED`
 * error (`details.missing`, `details.field` the first of them), so a half-written adapter is fixed in one go.
 */
export function checkAdapters(entries: readonly AdapterEntry[]): void {
  const missing = entries.flatMap(({ kind, adapter, contract }) => missingMembers(kind, adapter, contract));
  if (missing.length === 0) return;
  throw new GridflowError(
    'VALIDATION_FAILED',
    `adapters lack required members (each must be a function): ${missing.join(', ')}`,
    { details: { field: missing[0], missing } },
  );
}

function missingMembers(kind: string, adapter: unknown, contract: AdapterContract<unknown>): string[] {
  if (typeof adapter !== 'object' || adapter === null) return [kind];
  const record = adapter as Record<string, unknown>;
  const absent = contract.required.filter((member) => typeof record[member] !== 'function');
  const malformed = (contract.optional ?? []).filter(
    (member) => record[member] !== undefined && typeof record[member] !== 'function',
  );
  return [...absent, ...malformed].map((member) => `${kind}.${member}`);
}

/**
 * Check an adapter (see {@link checkAdapters}) and wrap it once, so anything its contract members throw, or
 * reject with, becomes `ADAPTER_FAILED { adapter: kind, method, name?, cause }`; gridflow errors pass through
 * unchanged. Wrapping happens here, not per call: sync-returning directory and calendar methods stay sync and
 * cheap. Other members stay reachable: data through the prototype (read live), methods and getters bound to the
 * adapter, so class-based adapters with private fields keep working. Guarding twice wraps once.
 */
export function guardAdapter<T extends object>(kind: string, adapter: T, contract: AdapterContract<T>): T {
  checkAdapters([{ kind, adapter, contract }]);
  if ((adapter as Record<symbol, unknown>)[GUARDED] === kind) return adapter;
  const name =
    typeof (adapter as { name?: unknown }).name === 'string' ? (adapter as { name: string }).name : undefined;
  const guarded: T = Object.create(adapter);
  const members = new Set<string>([...contract.required, ...(contract.optional ?? [])]);
  for (const method of members) {
    const original = (adapter as Record<string, unknown>)[method];
    if (typeof original !== 'function') continue;
    const fail = (cause: unknown) => adapterFailure(kind, name, method, cause);
    Object.defineProperty(guarded, method, {
      value: (...args: unknown[]) => {
        try {
          const result = original.apply(adapter, args);
          return isThenable(result)
            ? Promise.resolve(result).catch((cause: unknown) => Promise.reject(fail(cause)))
            : result;
        } catch (cause) {
          throw fail(cause);
        }
      },
    });
  }
  bindOtherMembers(guarded, adapter, members);
  Object.defineProperty(guarded, GUARDED, { value: kind });
  return guarded;
}

/** Methods and accessors outside the contract, bound so `this` is the adapter, not the wrapper. */
function bindOtherMembers(guarded: object, adapter: object, skip: ReadonlySet<string>): void {
  const seen = new Set<string>(skip);
  for (let proto = adapter; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (seen.has(key) || key === 'constructor') continue;
      seen.add(key);
      const descriptor = Object.getOwnPropertyDescriptor(proto, key)!;
      if (descriptor.get || descriptor.set) {
        Object.defineProperty(guarded, key, {
          get: descriptor.get && (() => descriptor.get!.call(adapter)),
          set: descriptor.set && ((value: unknown) => descriptor.set!.call(adapter, value)),
        });
      } else if (typeof descriptor.value === 'function') {
        Object.defineProperty(guarded, key, { value: descriptor.value.bind(adapter) });
      }
    }
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

function adapterFailure(kind: string, name: string | undefined, method: string, cause: unknown): unknown {
  if (isGridflowError(cause)) return cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  const which = name === undefined ? '' : ` (${name})`;
  return new GridflowError('ADAPTER_FAILED', `${kind}.${method} failed${which}: ${message}`, {
    cause,
    details: name === undefined ? { adapter: kind, method } : { adapter: kind, method, name },
  });
}
