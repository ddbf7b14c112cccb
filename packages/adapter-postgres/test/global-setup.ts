import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A freshly initialised PGlite data directory as a tarball (the PGlite-only tests need it with a server too). */
    pgliteDump: string;
  }
}

/**
 * PGlite runs initdb on every fresh in-memory database, which takes over ten seconds on a small machine. Do
 * it once per run, in a child process (PGlite does not start inside vitest's main process), and let each test
 * file start from the tarball in about two seconds.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const file = join(tmpdir(), `gridflow-pglite-${process.pid}.tar`);
  const script = fileURLToPath(new URL('./make-pglite-dump.mjs', import.meta.url));
  await promisify(execFile)(process.execPath, [script, file]);
  project.provide('pgliteDump', file);
  return () => rm(file, { force: true });
}
