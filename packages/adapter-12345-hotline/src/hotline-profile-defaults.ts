/**
 * The default profile's tables: platform field names and the labels platforms write, each mapped to gridflow's
 * value. A district overrides any entry through `hotlineProfile({...})`; labels are merged, not replaced.
 */

/**
 * Every field of an order record the mapping reads, by its gridflow name. A profile maps each to the platform's
 * field name (a dotted path reaches into nested objects: `caller.phone`).
 *
 * @example
 * ```ts
 * const field: HotlineOrderField = 'callerPhone';
 * ```
 */
export type HotlineOrderField = (typeof HOTLINE_ORDER_FIELDS)[number];

/**
 * The order fields in the order the mapping checks them (the first bad one is the one reported).
 *
 * @example
 * ```ts
 * HOTLINE_ORDER_FIELDS.includes('orderNo'); // true
 * ```
 */
export const HOTLINE_ORDER_FIELDS = [
  'orderNo',
  'channel',
  'appealType',
  'category',
  'urgency',
  'title',
  'content',
  'callerName',
  'callerPhone',
  'confidential',
  'address',
  'streetCode',
  'communityCode',
  'longitude',
  'latitude',
  'coordinateSystem',
  'receivedAt',
  'deadline',
  'attachments',
  'leadUnit',
  'coUnits',
  'urgeCount',
  'superviseCount',
] as const;

/** Platform field names of the default profile. */
export const DEFAULT_ORDER_FIELD_NAMES: Record<HotlineOrderField, string> = {
  orderNo: 'orderNo',
  channel: 'channel',
  appealType: 'appealType',
  category: 'categoryCode',
  urgency: 'urgency',
  title: 'title',
  content: 'content',
  callerName: 'callerName',
  callerPhone: 'callerPhone',
  confidential: 'isConfidential',
  address: 'address',
  streetCode: 'streetCode',
  communityCode: 'communityCode',
  longitude: 'lng',
  latitude: 'lat',
  coordinateSystem: 'coordSystem',
  receivedAt: 'receivedTime',
  deadline: 'deadline',
  attachments: 'attachments',
  leadUnit: 'leadUnitCode',
  coUnits: 'coUnitCodes',
  urgeCount: 'urgeCount',
  superviseCount: 'superviseCount',
};

/**
 * Every field of a platform action record (催办, 督办, 撤单, …) the mapping reads.
 *
 * @example
 * ```ts
 * const field: HotlineActionField = 'actionId';
 * ```
 */
export type HotlineActionField = 'actionId' | 'orderNo' | 'type' | 'note' | 'at' | 'rating' | 'newDeadline';

/** Platform field names of action records in the default profile. */
export const DEFAULT_ACTION_FIELD_NAMES: Record<HotlineActionField, string> = {
  actionId: 'actionId',
  orderNo: 'orderNo',
  type: 'actionType',
  note: 'content',
  at: 'actionTime',
  rating: 'rating',
  newDeadline: 'newDeadline',
};

/** 来源渠道: platform label → the work order's `channel`. */
export const DEFAULT_CHANNELS: Record<string, string> = {
  热线: 'hotline',
  网站: 'web',
  微信: 'wechat',
  App: 'app',
  APP: 'app',
  '110联动': 'police110',
};

/**
 * 诉求类型 → the engine's request type. 感谢 (thanks) has no request type of its own; the default files it as a
 * suggestion, and the platform's own label stays on the order.
 */
export const DEFAULT_APPEAL_TYPES: Record<string, string> = {
  咨询: 'consultation',
  求助: 'help',
  投诉: 'complaint',
  举报: 'tipOff',
  建议: 'suggestion',
  感谢: 'suggestion',
};

/** 紧急程度 → the engine's urgency. */
export const DEFAULT_URGENCIES: Record<string, string> = {
  一般: 'normal',
  普通: 'normal',
  紧急: 'urgent',
  特急: 'critical',
  特别紧急: 'critical',
};

/** 坐标系 labels → the coordinate system kept with the value. */
export const DEFAULT_COORDINATE_SYSTEMS: Record<string, string> = {
  'GCJ-02': 'GCJ-02',
  GCJ02: 'GCJ-02',
  gcj02: 'GCJ-02',
  WGS84: 'WGS84',
  'WGS-84': 'WGS84',
  wgs84: 'WGS84',
  local: 'local',
  地方坐标系: 'local',
};

/** Platform action labels → action types. */
export const DEFAULT_ACTION_TYPES: Record<string, string> = {
  催办: 'urge',
  督办: 'supervise',
  撤单: 'withdraw',
  延期通过: 'extensionApproved',
  延期不通过: 'extensionDenied',
  退单通过: 'returnUpheld',
  退单驳回: 'returnRejected',
  回访: 'followUpRating',
};

/** 回访满意度 labels → the engine's 5-level rating; 未接通 means the caller was not reached. */
export const DEFAULT_RATINGS: Record<string, string> = {
  非常满意: 'verySatisfied',
  满意: 'satisfied',
  基本满意: 'basicallySatisfied',
  不满意: 'unsatisfied',
  非常不满意: 'veryUnsatisfied',
  未接通: 'notReached',
};

/** 办理结果 written back with 回复: gridflow's result → the platform's label. */
export const DEFAULT_REPLY_RESULTS = { solved: '已解决', unsolved: '未解决', partly: '部分解决' };

/** 办结原因 written back with 办结: the work order's close reason → the platform's label. */
export const DEFAULT_CLOSE_REASONS = {
  resolved: '已解决',
  partiallyResolved: '部分解决',
  explained: '已解释说明',
  notResponsible: '非本单位职责',
  referred: '已转办',
  duplicate: '重复工单',
  withdrawn: '已撤单',
};

/** Paths of the platform API relative to the client's `baseUrl`. */
export const DEFAULT_API_PATHS = {
  todo: '/api/orders/todo',
  ack: '/api/orders/ack',
  signFor: '/api/orders/sign-for',
  interimReply: '/api/orders/interim-reply',
  reply: '/api/orders/reply',
  returnOrder: '/api/orders/return',
  requestExtension: '/api/orders/extension',
  close: '/api/orders/close',
};
