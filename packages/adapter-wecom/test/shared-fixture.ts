import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Read a test fixture kept in `test/fixtures/`. The WeCom callback vector there is a copy of the official sample
 * (`../shared/fixtures/` of the team's checkout), kept in the repo so a clone anywhere runs the same tests.
 */
export function readSharedFixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
}
