import type { Open311Format } from './open311-serialize.js';

/**
 * A GeoReport v2 resource, as read from a path: which one, its id when it has one, and the format.
 *
 * @example
 * ```ts
 * const route: Open311Route = { resource: 'request', id: '638344', format: 'xml' };
 * ```
 */
export interface Open311Route {
  /** Which GeoReport resource the path names. */
  resource: 'services' | 'service' | 'requests' | 'request' | 'token' | 'updates';
  /** The id in the path, if any. */
  id?: string;
  /** `xml` or `json`, from the path's extension. */
  format: Open311Format;
}

const ROUTES: [RegExp, Open311Route['resource']][] = [
  [/^services$/, 'services'],
  [/^services\/([^/]+)$/, 'service'],
  [/^requests$/, 'requests'],
  [/^requests\/([^/]+)$/, 'request'],
  [/^tokens\/([^/]+)$/, 'token'],
  [/^servicerequestupdates$/, 'updates'],
];

/**
 * Read a path below `basePath` as a GeoReport v2 resource. The format comes from the extension (`.xml` or
 * `.json`); without one it is XML, the format the spec requires. `null` for anything else (answer 404).
 *
 * @example
 * ```ts
 * parseOpen311Route('/open311/v2/services/033.json', '/open311/v2'); // { resource: 'service', id: '033', format: 'json' }
 * ```
 */
export function parseOpen311Route(pathname: string, basePath = ''): Open311Route | null {
  const base = basePath.replace(/\/+$/, '');
  if (!pathname.startsWith(`${base}/`)) return null;
  let rest = pathname.slice(base.length + 1);
  let format: Open311Format = 'xml';
  const extension = /\.(xml|json)$/i.exec(rest);
  if (extension) {
    format = extension[1]!.toLowerCase() as Open311Format;
    rest = rest.slice(0, -extension[0].length);
  } else if (/\.[A-Za-z0-9]+$/.test(rest) && !/^(services|requests|tokens)\/[^/]+$/.test(rest)) {
    return null;
  }
  for (const [pattern, resource] of ROUTES) {
    const match = pattern.exec(rest);
    if (!match) continue;
    if (match[1] === undefined) return { resource, format };
    try {
      return { resource, id: decodeURIComponent(match[1]), format };
    } catch {
      return null;
    }
  }
  return null;
}
