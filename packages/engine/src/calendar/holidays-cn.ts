import type { HolidayYear } from './holiday-year.js';
import { isoDay, parseIsoDay } from './local-day.js';

/** Every date from `first` to `last` inclusive, so each break reads exactly like its line in the notice. */
function span(first: string, last: string = first): string[] {
  const days: string[] = [];
  for (let day = parseIsoDay(first)!; day <= parseIsoDay(last)!; day++) days.push(isoDay(day));
  return days;
}

/**
 * China's official holidays and make-up working days, one entry per State Council notice (国务院办公厅关于
 * 部分节假日安排的通知). Each break below is written as the notice words it: `span(first, last)` is 「first至
 * last放假(调休)」 and `makeUpWorkdays` are its 「上班」 days. The notice for a year comes out around November of
 * the year before; add it with `calendar.addYear(...)` until a release ships it.
 *
 * 2020 also applies 国办发明电〔2020〕1号, which extended the Spring Festival break to 2 February for COVID-19
 * and so cancelled the make-up Saturday of 1 February.
 *
 * @example
 * ```ts
 * const covered = chinaHolidayData.map((y) => y.year); // [2020, ..., 2026]
 * ```
 */
export const chinaHolidayData: readonly HolidayYear[] = [
  {
    year: 2020,
    source: '国办发明电〔2019〕16号; 国办发明电〔2020〕1号',
    holidays: [
      ...span('2020-01-01'),
      ...span('2020-01-24', '2020-02-02'),
      ...span('2020-04-04', '2020-04-06'),
      ...span('2020-05-01', '2020-05-05'),
      ...span('2020-06-25', '2020-06-27'),
      ...span('2020-10-01', '2020-10-08'),
    ],
    makeUpWorkdays: ['2020-01-19', '2020-04-26', '2020-05-09', '2020-06-28', '2020-09-27', '2020-10-10'],
  },
  {
    year: 2021,
    source: '国办发明电〔2020〕27号',
    holidays: [
      ...span('2021-01-01', '2021-01-03'),
      ...span('2021-02-11', '2021-02-17'),
      ...span('2021-04-03', '2021-04-05'),
      ...span('2021-05-01', '2021-05-05'),
      ...span('2021-06-12', '2021-06-14'),
      ...span('2021-09-19', '2021-09-21'),
      ...span('2021-10-01', '2021-10-07'),
    ],
    makeUpWorkdays: [
      '2021-02-07',
      '2021-02-20',
      '2021-04-25',
      '2021-05-08',
      '2021-09-18',
      '2021-09-26',
      '2021-10-09',
    ],
  },
  {
    year: 2022,
    source: '国办发明电〔2021〕11号',
    holidays: [
      ...span('2022-01-01', '2022-01-03'),
      ...span('2022-01-31', '2022-02-06'),
      ...span('2022-04-03', '2022-04-05'),
      ...span('2022-04-30', '2022-05-04'),
      ...span('2022-06-03', '2022-06-05'),
      ...span('2022-09-10', '2022-09-12'),
      ...span('2022-10-01', '2022-10-07'),
    ],
    makeUpWorkdays: [
      '2022-01-29',
      '2022-01-30',
      '2022-04-02',
      '2022-04-24',
      '2022-05-07',
      '2022-10-08',
      '2022-10-09',
    ],
  },
  {
    year: 2023,
    source: '国办发明电〔2022〕16号',
    holidays: [
      ...span('2022-12-31', '2023-01-02'),
      ...span('2023-01-21', '2023-01-27'),
      ...span('2023-04-05'),
      ...span('2023-04-29', '2023-05-03'),
      ...span('2023-06-22', '2023-06-24'),
      ...span('2023-09-29', '2023-10-06'),
    ],
    makeUpWorkdays: [
      '2023-01-28',
      '2023-01-29',
      '2023-04-23',
      '2023-05-06',
      '2023-06-25',
      '2023-10-07',
      '2023-10-08',
    ],
  },
  {
    year: 2024,
    source: '国办发明电〔2023〕7号',
    holidays: [
      ...span('2024-01-01'),
      ...span('2024-02-10', '2024-02-17'),
      ...span('2024-04-04', '2024-04-06'),
      ...span('2024-05-01', '2024-05-05'),
      ...span('2024-06-10'),
      ...span('2024-09-15', '2024-09-17'),
      ...span('2024-10-01', '2024-10-07'),
    ],
    makeUpWorkdays: [
      '2024-02-04',
      '2024-02-18',
      '2024-04-07',
      '2024-04-28',
      '2024-05-11',
      '2024-09-14',
      '2024-09-29',
      '2024-10-12',
    ],
  },
  {
    year: 2025,
    source: '国办发明电〔2024〕12号',
    holidays: [
      ...span('2025-01-01'),
      ...span('2025-01-28', '2025-02-04'),
      ...span('2025-04-04', '2025-04-06'),
      ...span('2025-05-01', '2025-05-05'),
      ...span('2025-05-31', '2025-06-02'),
      ...span('2025-10-01', '2025-10-08'),
    ],
    makeUpWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    source: '国办发明电〔2025〕7号',
    holidays: [
      ...span('2026-01-01', '2026-01-03'),
      ...span('2026-02-15', '2026-02-23'),
      ...span('2026-04-04', '2026-04-06'),
      ...span('2026-05-01', '2026-05-05'),
      ...span('2026-06-19', '2026-06-21'),
      ...span('2026-09-25', '2026-09-27'),
      ...span('2026-10-01', '2026-10-07'),
    ],
    makeUpWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
];
