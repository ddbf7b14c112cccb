import { GridflowError } from '@gridflow/engine';

const NOT_FOUND_CODES = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

/**
 * Imports an optional peer (`@electric-sql/pglite`, `pg`). When it is not installed, throws an
 * `ADAPTER_FAILED` error that names the package and the command that installs it, instead of Node's
 * "Cannot find package" from deep inside the adapter. `load` is a literal `import()` so bundlers see it.
 */
export async function importOptionalPeer<T>(
  packageName: string,
  neededBy: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isMissingPackage(error, packageName)) throw error;
    throw new GridflowError(
      'ADAPTER_FAILED',
      `${neededBy} needs the package "${packageName}", which is not installed: run \`npm install ${packageName}\``,
      { cause: error, details: { adapter: 'postgres', missingPackage: packageName } },
    );
  }
}

function isMissingPackage(error: unknown, packageName: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  const notFound =
    (typeof code === 'string' && NOT_FOUND_CODES.has(code)) ||
    /cannot find (package|module)/i.test(error.message);
  // Only the package itself: a missing file inside an installed package is a different fault.
  return (
    notFound && (error.message.includes(`'${packageName}'`) || error.message.includes(`"${packageName}"`))
  );
}
