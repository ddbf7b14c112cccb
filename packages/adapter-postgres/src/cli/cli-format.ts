import { redactPersonalData } from '@gridflow/engine';

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** `2026-09-15 10:02` in China time (UTC+8, no daylight saving): how the district reads a time. */
export function chinaTime(at: Date | null | undefined): string {
  if (!at) return '-';
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** Rows as aligned columns under a header; CJK characters count two columns wide. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((row) => width(row[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - width(cell))))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function width(text: string): number {
  let columns = 0;
  for (const char of text)
    columns +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
        char,
      )
        ? 2
        : 1;
  return columns;
}

/**
 * Context as `key: value` lines, personal data masked (a terminal is no place for phone numbers), long values cut.
 */
export function contextSummary(context: Record<string, unknown>, maxLength = 80): string[] {
  const masked = redactPersonalData(context, 'masked');
  return Object.entries(masked).map(([key, value]) => {
    const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
    return `${key}: ${text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text}`;
  });
}
