/**
 * Unit codes the sample records use, with the directory units they stand for: one street, two communities, a
 * department and the district. Hand them to `hotlineUnitTable()`.
 *
 * @example
 * ```ts
 * const units = hotlineUnitTable(SAMPLE_UNIT_CODES);
 * ```
 */
export const SAMPLE_UNIT_CODES: Readonly<Record<string, string>> = Object.freeze({
  '310112001': 'street-east',
  '310112001001': 'comm-1',
  '310112001002': 'comm-2',
  ZJ01: 'dept-housing',
  CG01: 'dept-city-management',
  QJ01: 'district',
});

const APPEALS = ['咨询', '求助', '投诉', '举报', '建议'];
const CATEGORIES = ['010201', '030101', '040202', '010101', '020102'];

/**
 * A valid order record in the default profile's field names, the `n`-th of a deterministic series (order
 * numbers `GD20260302` + n, zero-padded). `overrides` replace fields; a field set to `undefined` is removed.
 *
 * @example
 * ```ts
 * const record = sampleOrderRecord(7, { callerPhone: undefined, leadUnitCode: 'NOPE' });
 * ```
 */
export function sampleOrderRecord(
  n: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const second = String(n % 60).padStart(2, '0');
  const record: Record<string, unknown> = {
    orderNo: `GD20260302${String(n).padStart(5, '0')}`,
    channel: '热线',
    appealType: APPEALS[n % APPEALS.length],
    categoryCode: CATEGORIES[n % CATEGORIES.length],
    urgency: '一般',
    title: `第${n}号诉求: 路灯不亮`,
    content: `市民反映小区门口路灯连续三晚不亮, 编号 ${n}。`,
    callerName: '王先生',
    callerPhone: '13800138000',
    isConfidential: n % 10 === 0 ? '是' : '否',
    address: '浦东新区东方路100号',
    streetCode: '310112001',
    communityCode: n % 2 === 0 ? '310112001001' : '310112001002',
    lng: 121.5273,
    lat: 31.2292,
    coordSystem: 'GCJ-02',
    receivedTime: `2026-03-02 09:15:${second}`,
    deadline: '2026-03-16',
    attachments: [`https://files.example.gov.cn/12345/${n}/photo.jpg`],
    leadUnitCode: 'CG01',
    coUnitCodes: ['ZJ01'],
    urgeCount: 0,
    superviseCount: 0,
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete record[key];
    else record[key] = value;
  }
  return record;
}

/**
 * A valid platform action record (default profile) on an order: 催办 unless `overrides` say otherwise.
 *
 * @example
 * ```ts
 * const rating = sampleActionRecord('A1', 'GD2026030200001', { actionType: '回访', rating: '满意' });
 * ```
 */
export function sampleActionRecord(
  actionId: string,
  orderNo: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const record: Record<string, unknown> = {
    actionId,
    orderNo,
    actionType: '催办',
    content: '请尽快办理',
    actionTime: '2026-03-03 10:00:00',
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete record[key];
    else record[key] = value;
  }
  return record;
}
