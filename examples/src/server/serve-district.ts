import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { Clock, Storage } from '@gridflow/engine';
import { districtApp } from './app.js';
import { districtSetup, type DistrictSetup } from './engine-setup.js';
import type { ServerConfig } from './server-config.js';
import { sessionCookies } from './session.js';
import { dashboardFiles } from './static-files.js';

/** Where `vite build` puts the dashboard. */
export const DASHBOARD_DIST = fileURLToPath(new URL('../../dashboard/dist', import.meta.url));

/**
 * A running district server.
 *
 * @example
 * ```ts
 * const running = await serveDistrict({ storage, clock, config });
 * console.log(running.url);
 * await running.close();
 * ```
 */
export interface RunningDistrict {
  url: string;
  setup: DistrictSetup;
  /** Stop taking requests, stop the engine (storage stays open: its maker closes it). */
  close(): Promise<void>;
}

/**
 * Build the engine and adapters on `storage`, start the engine and listen on `config.port` (0: any free port),
 * serving the dashboard from {@link DASHBOARD_DIST} when it is built.
 *
 * @example
 * ```ts
 * const running = await serveDistrict({ storage, clock: systemClock, config: serverConfigFromEnv(process.env) });
 * ```
 */
export async function serveDistrict(options: {
  storage: Storage;
  clock: Clock;
  config: ServerConfig;
  dashboardDir?: string;
}): Promise<RunningDistrict> {
  const { config } = options;
  const setup = districtSetup(options);
  const sessions = sessionCookies({
    secret: config.sessionSecret,
    directory: setup.engine.directory,
    secure: config.secureCookies,
  });
  const dashboard = await dashboardFiles(options.dashboardDir ?? DASHBOARD_DIST);
  const app = districtApp({ setup, sessions, config }, { dashboard });
  await setup.engine.start();
  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: '127.0.0.1' }, () => {
        s.off('error', reject);
        resolve(s);
      });
      s.once('error', reject);
    });
  } catch (error) {
    await setup.engine.stop();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      // A setting to change, not a bug: callers print the sentence, not a stack (`UsageError`).
      const message = `port ${config.port} is in use: set PORT to another port, or PORT=0 for any free one`;
      throw Object.assign(new Error(message, { cause: error }), { name: 'UsageError' });
    }
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    setup,
    async close() {
      await new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      });
      await setup.engine.stop();
    },
  };
}
