/**
 * Columns a terminal shows `text` in: CJK characters take two.
 *
 * @example
 * ```ts
 * displayWidth('滨江区 total'); // 12
 * ```
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  return width;
}

/**
 * Lay out rows as a plain-text table: the first column left-aligned, the others right-aligned, a rule under
 * the header.
 *
 * @example
 * ```ts
 * console.log(textTable([['unit', 'received'], ['滨江区', '612']]));
 * ```
 */
export function textTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
  }
  const pad = (cell: string, i: number) => {
    const fill = ' '.repeat((widths[i] ?? 0) - displayWidth(cell));
    return i === 0 ? cell + fill : fill + cell;
  };
  const lines = rows.map((row) => row.map(pad).join('  ').trimEnd());
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [lines[0], rule, ...lines.slice(1)].join('\n');
}
