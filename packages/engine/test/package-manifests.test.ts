import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * An app brings its own xstate and zod: gridflow must use the app's copies, or `tsc` sees two zods and two
 * xstates (TS2741/TS2740) and flows built with one are checked against the other.
 */
const PACKAGES_DIR = fileURLToPath(new URL('../../', import.meta.url));
const manifests = readdirSync(PACKAGES_DIR).map((dir) => ({
  dir,
  json: JSON.parse(readFileSync(`${PACKAGES_DIR}${dir}/package.json`, 'utf8')) as Record<
    string,
    Record<string, string> | undefined
  >,
}));

describe('package manifests', () => {
  for (const { dir, json } of manifests) {
    it(`${dir} takes xstate and zod as peers, never as its own dependencies`, () => {
      expect(json.peerDependencies).toMatchObject({ xstate: '^5.22.0', zod: '^4.1.0' });
      expect(Object.keys(json.dependencies ?? {})).not.toContain('xstate');
      expect(Object.keys(json.dependencies ?? {})).not.toContain('zod');
      // The workspace still installs them for its own builds and tests.
      expect(Object.keys(json.devDependencies ?? {})).toEqual(expect.arrayContaining(['xstate', 'zod']));
    });
  }
});
