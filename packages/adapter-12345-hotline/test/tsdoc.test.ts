import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tsdocCheck } from '../../../scripts/tsdoc-check.js';

// Every public export carries TSDoc with an `@example`, every exported member a description (scripts/tsdoc-check.ts).
const ENTRY_POINTS = ['../src/index.ts', '../src/testing/index.ts'].map((p) =>
  fileURLToPath(new URL(p, import.meta.url)),
);

const check = tsdocCheck(ENTRY_POINTS);

describe('public API documentation', () => {
  for (const entry of ENTRY_POINTS) {
    it(`gives every export of ${entry.split('/adapter-12345-hotline/')[1]} TSDoc with an @example`, () => {
      expect(check.undocumentedExports(entry)).toEqual([]);
    });
    it(`describes every member of the interfaces and classes ${entry.split('/packages/')[1]} exports`, () => {
      expect(check.undocumentedMembers(entry)).toEqual([]);
    });
  }
});
