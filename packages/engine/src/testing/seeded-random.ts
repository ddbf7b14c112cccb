/**
 * mulberry32: a small seeded generator, so a failing run can be replayed with its seed.
 *
 * @example
 * ```ts
 * const random = seededRandom(42);
 * random(); // the same first number for seed 42 on every run
 * ```
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A number in [0, 1) fixed by a seed, a text and a number (FNV-1a, then one mulberry32 step): the same for
 * the same effect and attempt however deliveries interleave.
 *
 * @example
 * ```ts
 * const fails = seededUnit(7, delivery.idempotencyKey, delivery.attempt) < 0.2;
 * ```
 */
export function seededUnit(seed: number, text: string, n: number): number {
  let hash = 0x811c9dc5 ^ seed;
  for (const char of `${text}#${n}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return seededRandom(hash)();
}
