// Screenshots of the built site (run `pnpm docs:build` first): the home page and one guide in each locale, and a
// rendered flow diagram, into docs/screenshots/. Serves docs/.vitepress/dist on 127.0.0.1 and drives Debian's
// Chromium through playwright-core (CHROMIUM_PATH to use another build).
//
//   node docs/scripts/screenshots.mjs
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const DOCS = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(DOCS, '.vitepress', 'dist');
const OUT = join(DOCS, 'screenshots');
const BROWSER = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const SHOTS = [
  { name: 'zh-home', path: '/' },
  { name: 'zh-getting-started', path: '/guide/getting-started.html' },
  { name: 'en-home', path: '/en/' },
  { name: 'en-getting-started', path: '/en/guide/getting-started.html' },
  { name: 'zh-diagram-work-order-v2', path: '/guide/diagrams/work-order-v2.html', waitFor: '.mermaid svg' },
];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};

/** A static server for the built site, as a host would serve it (`/en/` → `/en/index.html`). */
function serve(root) {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    let file = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(root)) return void response.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file) && existsSync(`${file}.html`)) file = `${file}.html`;
    if (!existsSync(file)) return void response.writeHead(404).end('not found');
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

if (!existsSync(join(DIST, 'index.html')))
  throw new Error(`no built site in ${DIST}: run pnpm docs:build first`);
mkdirSync(OUT, { recursive: true });
const server = await serve(DIST);
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: BROWSER, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
  const failures = [];
  page.on('pageerror', (error) => failures.push(error.message));
  for (const shot of SHOTS) {
    const response = await page.goto(base + shot.path, { waitUntil: 'networkidle' });
    if (!response?.ok()) throw new Error(`${shot.path}: HTTP ${response?.status()}`);
    await page.waitForSelector(shot.waitFor ?? '.VPContent', { timeout: 60_000 });
    await page.screenshot({ path: join(OUT, `${shot.name}.png`) });
    console.log(`docs/screenshots/${shot.name}.png  ${shot.path}`);
  }
  if (failures.length > 0) throw new Error(`page errors:\n${failures.join('\n')}`);
} finally {
  await browser.close();
  server.close();
}
