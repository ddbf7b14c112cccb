const names = new Map<string, string>();

/**
 * A stable prepared-statement name for a statement text (FNV-1a hash), so identical texts share one
 * server-side statement per connection and different texts never collide on a name.
 *
 * @example
 * ```ts
 * await pool.query({ name: statementName(text), text, values });
 * ```
 */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    name = `gf_${hash.toString(36)}_${text.length.toString(36)}`;
    names.set(text, name);
  }
  return name;
}
