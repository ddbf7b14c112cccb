import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyStoredJson, toStoredJson } from '../src/runtime/commands/stored-json.js';

/** Values JSON cannot hold exactly: the fast path must hand these to the round trip. */
const awkward = fc.oneof(
  fc.constant(undefined),
  fc.constant(Number.NaN),
  fc.constant(Number.POSITIVE_INFINITY),
  fc.constant(-0),
  fc.date({ noInvalidDate: true }),
  fc.constant(new Map([['a', 1]])),
  fc.constant(Symbol('s')),
  fc.constant(() => 1),
);

const values = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    awkward,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('toStoredJson', () => {
  it('gives what a JSON round trip gives, for clean and awkward values alike', () => {
    fc.assert(
      fc.property(values, (value) => {
        const text = JSON.stringify(value);
        const expected = text === undefined ? null : JSON.parse(text);
        expect(toStoredJson(value, 'context')).toStrictEqual(expected);
      }),
      { numRuns: 2_000 },
    );
  });

  it('returns a value JSON already keeps exactly as it is, without copying it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const clean = JSON.parse(JSON.stringify(value));
        expect(toStoredJson(clean, 'context')).toBe(clean);
      }),
    );
  });

  it('copies a sparse array, a symbol-keyed field and a class instance through the round trip', () => {
    const sparse = [1, 2, 3];
    delete sparse[1];
    expect(toStoredJson(sparse, 'context')).toStrictEqual([1, null, 3]);
    expect(toStoredJson({ a: 1, [Symbol('s')]: 2 }, 'context')).toStrictEqual({ a: 1 });
    class Point {
      x = 1;
    }
    expect(toStoredJson({ p: new Point() }, 'context')).toStrictEqual({ p: { x: 1 } });
    const proto = JSON.parse('{"__proto__": {"x": 1}, "at": null}');
    proto.at = new Date(0);
    expect(toStoredJson(proto, 'context')).toStrictEqual(
      JSON.parse('{"__proto__": {"x": 1}, "at": "1970-01-01T00:00:00.000Z"}'),
    );
  });
});

describe('copyStoredJson', () => {
  it('gives what a JSON round trip gives, always as a fresh copy', () => {
    fc.assert(
      fc.property(values, (value) => {
        const text = JSON.stringify(value);
        if (text === undefined) {
          expect(() => copyStoredJson(value, 'raw')).toThrow(
            expect.objectContaining({ code: 'VALIDATION_FAILED' }),
          );
          return;
        }
        const copy = copyStoredJson(value, 'raw');
        expect(copy).toStrictEqual(JSON.parse(text));
        if (typeof value === 'object' && value !== null) expect(copy).not.toBe(value);
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps a parsed __proto__ field as an own field, and names a BigInt', () => {
    const parsed = JSON.parse('{"__proto__": {"x": 1}, "n": 1}');
    expect(copyStoredJson(parsed, 'raw')).toStrictEqual(parsed);
    expect(() => copyStoredJson({ a: { n: 1n } }, 'raw')).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: expect.objectContaining({ field: 'raw.a.n' }),
      }),
    );
  });
});
