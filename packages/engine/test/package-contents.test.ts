import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * What `pnpm pack` would publish for each package (after `pnpm build`): a README and the LICENSE, and source maps
 * whose every source is in the tarball too, so a stack trace or a debugger opens real files.
 */
const run = promisify(execFile);
const PACKAGES_DIR = fileURLToPath(new URL('../../', import.meta.url));
const ROOT_LICENSE = readFileSync(join(PACKAGES_DIR, '../LICENSE'), 'utf8');

async function packedFiles(dir: string): Promise<string[]> {
  const { stdout } = await run('pnpm', ['pack', '--dry-run', '--json'], { cwd: dir });
  return (JSON.parse(stdout) as { files: { path: string }[] }).files.map((file) => file.path);
}

describe('package tarballs', () => {
  for (const name of readdirSync(PACKAGES_DIR)) {
    const dir = join(PACKAGES_DIR, name);
    it(`${name} ships README.md, the MIT LICENSE and the sources its maps point at`, async () => {
      const files = await packedFiles(dir);
      expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
      expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toBe(ROOT_LICENSE);
      const maps = files.filter((file) => file.endsWith('.map'));
      expect(maps.length).toBeGreaterThan(0);
      const shipped = new Set(files);
      const missing = maps.flatMap((map) => {
        const { sources } = JSON.parse(readFileSync(join(dir, map), 'utf8')) as { sources: string[] };
        return sources.map((source) => normalize(join(dirname(map), source))).filter((s) => !shipped.has(s));
      });
      expect([...new Set(missing)]).toEqual([]);
      expect(files.filter((file) => /\.test(-util)?\.ts$/.test(file))).toEqual([]);
    }, 60_000);
  }
});
