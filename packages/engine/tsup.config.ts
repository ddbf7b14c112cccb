import { defineConfig } from 'tsup';

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
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['vitest'],
});
