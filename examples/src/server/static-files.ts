import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/**
 * Serve the built dashboard from `root`: files by path, `index.html` for every other path (the SPA's routes).
 * Null when `root` has no `index.html` (the dashboard was not built).
 *
 * @example
 * ```ts
 * const serve = await dashboardFiles('examples/dashboard/dist');
 * app.get('*', (c) => serve!(new URL(c.req.url).pathname));
 * ```
 */
export async function dashboardFiles(root: string): Promise<((path: string) => Promise<Response>) | null> {
  const index = join(root, 'index.html');
  if (!(await stat(index).catch(() => null))) return null;
  return async (path) => {
    const file = normalize(join(root, decodeURIComponent(path)));
    const inside = file.startsWith(normalize(root)) && (await stat(file).catch(() => null))?.isFile();
    const target = inside ? file : index;
    const immutable = inside && path.startsWith('/assets/');
    return new Response(await readFile(target), {
      headers: {
        'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
    });
  };
}
