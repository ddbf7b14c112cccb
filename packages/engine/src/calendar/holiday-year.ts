import { z } from 'zod';
import { parseOptions } from '../errors.js';
import { parseIsoDay } from './local-day.js';

/**
 * One year of official rest days and make-up working days (调休上班日), as published in the State Council
 * General Office's yearly notice on holiday arrangements (国务院办公厅关于某年部分节假日安排的通知).
 *
 * @example
 * ```ts
 * const y2027: HolidayYear = {
 *   year: 2027,
 *   holidays: ['2027-01-01'],
 *   makeUpWorkdays: [],
 *   source: '国办发明电〔2026〕N号',
 * };
 * calendar.addYear(y2027);
 * ```
 */
export interface HolidayYear {
  /** The year the notice is for. */
  year: number;
  /**
   * Every day of every holiday break, `YYYY-MM-DD`, weekend days included (they change nothing but keep the
   * list readable against the notice). A break may start in the previous December (元旦 2023 began 2022-12-31).
   */
  holidays: string[];
  /** Weekend days that are working days (调休上班), `YYYY-MM-DD`. */
  makeUpWorkdays: string[];
  /** Where the data comes from: the notice's document number, e.g. `国办发明电〔2025〕7号`. */
  source: string;
}

const isoDate = z
  .string()
  .refine((text) => parseIsoDay(text) !== undefined, 'must be a real date as YYYY-MM-DD');

const holidayYearSchema = z
  .object({
    year: z.number().int().min(1949).max(2200),
    holidays: z.array(isoDate),
    makeUpWorkdays: z.array(isoDate),
    source: z.string().trim().min(1, 'must name the notice the data comes from'),
  })
  .superRefine((data, ctx) => {
    const near = (text: string) => Math.abs(Number(text.slice(0, 4)) - data.year) <= 1;
    for (const key of ['holidays', 'makeUpWorkdays'] as const) {
      data[key].forEach((text, index) => {
        if (!near(text))
          ctx.addIssue({ code: 'custom', path: [key, index], message: `is not near ${data.year}` });
      });
    }
    const rest = new Set(data.holidays);
    data.makeUpWorkdays.forEach((text, index) => {
      if (rest.has(text)) {
        ctx.addIssue({
          code: 'custom',
          path: ['makeUpWorkdays', index],
          message: 'is also listed as a holiday',
        });
      }
    });
  });

/**
 * Check one year of holiday data; throws `VALIDATION_FAILED` whose `details.field` names the bad field
 * (e.g. `data.holidays.3`).
 *
 * @example
 * ```ts
 * const year = parseHolidayYear(JSON.parse(text), 'data');
 * ```
 */
export function parseHolidayYear(value: unknown, root = 'data'): HolidayYear {
  return parseOptions(holidayYearSchema, value, root);
}

/** The zod schema of {@link HolidayYear}, for composing into other option schemas. @internal */
export const holidayYearInput = holidayYearSchema;
