import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { defineConfig } from 'tsup';

/** CJS splitting leaves each map's own output file as an absolute source; make it relative, as shipped. */
function relativeMapSources(distDir: string): void {
  for (const file of readdirSync(distDir, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.map')) continue;
    const path = join(distDir, file);
    const map = JSON.parse(readFileSync(path, 'utf8')) as { sources: string[] };
    if (!map.sources.some(isAbsolute)) continue;
    map.sources = map.sources.map((s) => (isAbsolute(s) ? relative(dirname(path), s) : s));
    writeFileSync(path, JSON.stringify(map));
  }
}

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'testing/index': 'src/testing/index.ts',
    'flows/index': 'src/flows/index.ts',
    // ESM only in the package: the suites call vitest, which cannot be required (`files` leaves the CJS out).
    'conformance/index': 'src/conformance/index.ts',
  },
  format: ['esm', 'cjs'],
  // Shared chunks in CJS too: without them each CJS entry carried its own copy of the runtime, and `workingDays`
  // from the main entry failed inside an engine made by `/testing`'s `createTestEngine`.
  splitting: true,
  onSuccess: async () => relativeMapSources('dist'),
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['vitest'],
});
