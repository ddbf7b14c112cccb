import { validationError } from '@gridflow/engine';
import { z } from 'zod';
import { parseOptions } from './hotline-options.js';

/**
 * One row of a category table: a six-digit service code, its name, and optionally the category the engine's SLA
 * table keys on (`utilities`), which becomes the work order's `category`; without it the code does.
 *
 * @example
 * ```ts
 * const row: HotlineCategory = { code: '030101', name: '停水', slaCategory: 'utilities' };
 * ```
 */
export interface HotlineCategory {
  /** The platform's category code. */
  code: string;
  /** Its name. */
  name: string;
  /** The SLA category it maps to, if the SLA table distinguishes it. */
  slaCategory?: string;
}

/**
 * A category table: look a platform's service code up; a miss is a typed `null`.
 *
 * @example
 * ```ts
 * const table: HotlineCategoryTable = hotlineCategoryTable([{ code: '010201', name: '路灯照明' }]);
 * table.get('010201')?.name; // '路灯照明'
 * ```
 */
export interface HotlineCategoryTable {
  /** The category with this code, or null. */
  get(code: string): HotlineCategory | null;
  /** How many categories the table holds. */
  readonly size: number;
  /** Every category, in table order. */
  rows(): readonly HotlineCategory[];
}

const rowsSchema = z.array(
  z
    .object({
      code: z.string().regex(/^\d{6}$/, 'must be six digits'),
      name: z.string().min(1, 'must not be empty'),
      slaCategory: z.string().min(1).optional(),
    })
    .strict(),
);

/**
 * Build a category table from rows (codes must be six digits and unique). Throws `VALIDATION_FAILED` naming the
 * bad row (`categories.3.code`).
 *
 * @example
 * ```ts
 * const table = hotlineCategoryTable([...DEFAULT_HOTLINE_CATEGORIES, { code: '019901', name: '共享单车' }]);
 * ```
 */
export function hotlineCategoryTable(rows: readonly HotlineCategory[]): HotlineCategoryTable {
  const valid = parseOptions(rowsSchema, rows, 'categories');
  const byCode = new Map<string, HotlineCategory>();
  valid.forEach((row, index) => {
    if (byCode.has(row.code)) throw validationError(`categories.${index}.code`, `repeats ${row.code}`);
    byCode.set(row.code, Object.freeze({ ...row }));
  });
  const frozen = Object.freeze([...byCode.values()]);
  return { get: (code) => byCode.get(code) ?? null, size: byCode.size, rows: () => frozen };
}

const c = (code: string, name: string, slaCategory?: string): HotlineCategory =>
  Object.freeze(slaCategory ? { code, name, slaCategory } : { code, name });

/**
 * A starter table of common municipal categories, laid out the way GB/T 39666-2020 (政府热线服务分类与代码) lays
 * out its codes: six digits, two each for the major, middle and minor class. It is NOT the standard's table:
 * the codes here are this package's own, enough to run and test against. A district loads its platform's
 * table, or the standard's, with {@link hotlineCategoryTable}.
 *
 * @example
 * ```ts
 * const table = hotlineCategoryTable(DEFAULT_HOTLINE_CATEGORIES);
 * table.get('030101'); // { code: '030101', name: '停水', slaCategory: 'utilities' }
 * ```
 */
export const DEFAULT_HOTLINE_CATEGORIES: readonly HotlineCategory[] = Object.freeze([
  c('010101', '生活垃圾清运', 'environment'),
  c('010102', '道路清扫保洁', 'environment'),
  c('010103', '公厕管理', 'environment'),
  c('010104', '乱堆乱放', 'environment'),
  c('010105', '占道经营'),
  c('010106', '违规户外广告'),
  c('010201', '路灯照明', 'utilities'),
  c('010202', '道路破损'),
  c('010203', '井盖缺失破损', 'utilities'),
  c('010204', '排水管网堵塞', 'utilities'),
  c('010205', '积水内涝', 'utilities'),
  c('010301', '树木倒伏与修剪'),
  c('010302', '绿地毁损'),
  c('010401', '违法搭建'),
  c('020101', '物业服务'),
  c('020102', '电梯故障'),
  c('020103', '小区停车'),
  c('020201', '房屋漏水'),
  c('020202', '房屋安全隐患'),
  c('030101', '停水', 'utilities'),
  c('030102', '水质问题', 'utilities'),
  c('030201', '停电', 'utilities'),
  c('030301', '燃气', 'utilities'),
  c('030302', '供暖', 'utilities'),
  c('040101', '油烟扰民', 'environment'),
  c('040102', '露天焚烧', 'environment'),
  c('040201', '施工噪声', 'environment'),
  c('040202', '社会生活噪声', 'environment'),
  c('040301', '河道污染', 'environment'),
  c('050101', '公交服务'),
  c('050102', '出租车与网约车'),
  c('050103', '共享单车乱停放'),
  c('050104', '交通设施'),
  c('060101', '商品质量'),
  c('060102', '预付卡退费'),
  c('060201', '食品安全'),
  c('060301', '价格违法'),
  c('070101', '拖欠工资'),
  c('070102', '社保医保'),
  c('080101', '消防安全隐患'),
  c('080102', '安全生产'),
  c('090101', '医疗服务'),
  c('090102', '疫苗接种'),
  c('100101', '学校管理'),
  c('100102', '校外培训'),
  c('110101', '养老服务'),
  c('110102', '社区服务'),
  c('120101', '其他'),
]);
