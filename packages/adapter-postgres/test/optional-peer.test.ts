import { isGridflowError } from '@gridflow/engine';
import { describe, expect, it } from 'vitest';
import { importOptionalPeer } from '../src/client/optional-peer.js';

describe('optional peers', () => {
  it('names the package to install when an optional peer is missing', async () => {
    // A real dynamic import of a package that is not installed: the same failure a missing pglite gives.
    const missing = '@electric-sql/pglite-not-installed';
    const error = await importOptionalPeer(missing, 'pgliteStorage', () => import(missing)).catch((e) => e);
    expect(isGridflowError(error, 'ADAPTER_FAILED')).toBe(true);
    expect(error.message).toContain(`npm install ${missing}`);
    expect(error.message).toContain('pgliteStorage');
    expect(error.details).toMatchObject({ adapter: 'postgres', missingPackage: missing });
  });

  it('loads an installed optional peer unchanged', async () => {
    const pglite = await importOptionalPeer(
      '@electric-sql/pglite',
      'pgliteStorage',
      () => import('@electric-sql/pglite'),
    );
    expect(typeof pglite.PGlite).toBe('function');
  });

  it('passes on other failures of an installed peer as they are', async () => {
    const broken = new Error("Cannot find module './missing-chunk.js' imported from pglite");
    const error = await importOptionalPeer('@electric-sql/pglite', 'pgliteStorage', () =>
      Promise.reject(broken),
    ).catch((e) => e);
    expect(error).toBe(broken);
  });
});
