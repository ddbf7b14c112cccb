/** A rate as a percentage, `—` when there is nothing to divide. */
export const percent = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;

/** A date and time in Beijing time, `09-14 10:30`. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

export const LIGHT_WORDS: Record<string, string> = {
  red: '已超期',
  yellow: '临期',
  green: '正常',
  none: '无时限',
};

export const FLOW_OPTIONS = [
  ['work-order', '工单'],
  ['grid-report', '随手拍'],
  ['three-orders', '三单制'],
  ['micro-wish', '微心愿'],
] as const;
