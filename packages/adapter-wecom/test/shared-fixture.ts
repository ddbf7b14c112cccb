import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Read a file from the shared fixtures that CI checks out beside the clone (`../shared/fixtures/` from the
 * repo root). A git worktree sits one level deeper, so the folders above are tried too; a missing fixture
 * fails the test rather than skipping it.
 */
export function readSharedFixture(name: string): string {
  for (let dir = repoRoot; ; dir = dirname(dir)) {
    const candidate = join(dir, '..', 'shared', 'fixtures', name);
    if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
    if (dirname(dir) === dir) throw new Error(`shared fixture ${name} not found beside ${repoRoot}`);
  }
}
