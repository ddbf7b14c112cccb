import type { RequestType, Urgency } from '@gridflow/engine/flows';

/**
 * Where a category of problem is handled: a department, or the community or street the case lies in.
 *
 * @example
 * ```ts
 * const owner: Owner = { department: 'dept-water' };
 * ```
 */
export type Owner = { department: string } | { tier: 'community' | 'street' };

/**
 * A kind of problem residents raise, with typical titles and who owns it.
 *
 * @example
 * ```ts
 * const water = CATEGORIES.find((c) => c.id === 'utilities');
 * ```
 */
export interface Category {
  id: string;
  owner: Owner;
  /** Relative frequency among hotline calls. */
  weight: number;
  titles: readonly string[];
}

/** Categories of the simulated district; `utilities` gets the SLA table's 1-working-day row. */
export const CATEGORIES: readonly Category[] = [
  {
    id: 'housing',
    owner: { department: 'dept-housing' },
    weight: 18,
    titles: ['楼顶漏水无人维修', '电梯频繁故障', '物业不履行维修义务', '外墙瓷砖脱落', '小区消防通道被占'],
  },
  {
    id: 'market',
    owner: { department: 'dept-market' },
    weight: 12,
    titles: ['超市销售过期食品', '预付卡商家跑路', '早餐店卫生状况差', '缺斤少两', '电动车充电桩收费不明'],
  },
  {
    id: 'cityAppearance',
    owner: { department: 'dept-urban' },
    weight: 18,
    titles: ['占道经营影响通行', '建筑垃圾乱堆放', '违章搭建', '共享单车乱停放', '广告牌松动'],
  },
  {
    id: 'utilities',
    owner: { department: 'dept-water' },
    weight: 10,
    titles: ['小区停水未通知', '水压过低', '自来水发黄', '雨水井堵塞', '供水管道爆裂'],
  },
  {
    id: 'noise',
    owner: { department: 'dept-env' },
    weight: 10,
    titles: ['夜间施工噪音扰民', '广场舞音响过大', '餐馆油烟扰民', '工地扬尘'],
  },
  {
    id: 'neighbourhood',
    owner: { tier: 'community' },
    weight: 20,
    titles: ['楼道堆放杂物', '邻里漏水纠纷', '高空抛物', '流浪犬伤人隐患', '独居老人无人照看'],
  },
  {
    id: 'roads',
    owner: { tier: 'street' },
    weight: 12,
    titles: ['路灯不亮', '人行道破损', '井盖缺失', '道路积水', '交通标线模糊'],
  },
];

/** How often each request type (诉求类型) comes in. */
export const REQUEST_TYPES: Readonly<Record<RequestType, number>> = {
  help: 40,
  complaint: 25,
  consultation: 15,
  suggestion: 12,
  tipOff: 8,
};

/** How often each urgency comes in: most requests are ordinary. */
export const URGENCIES: Readonly<Record<Urgency, number>> = { normal: 86, urgent: 10, critical: 4 };

/** Things grid workers photograph on patrol (随手拍), by category. */
export const PATROL_FINDINGS: Readonly<Record<string, readonly string[]>> = {
  cityAppearance: ['垃圾桶满溢', '乱贴小广告', '绿化带被踩踏'],
  roads: ['井盖松动', '路面坑洼', '护栏损坏'],
  neighbourhood: ['楼道杂物堆积', '电动车楼道充电', '消防栓被遮挡'],
  utilities: ['消防栓漏水', '排水沟堵塞'],
};

/** What residents order from the party organisation (三单制). */
export const ORDERS: readonly string[] = [
  '帮忙联系维修楼道灯',
  '老人就医需要陪同',
  '协调解决停车难',
  '小区健身器材损坏',
  '帮忙办理社保卡',
  '反映物业费用不透明',
];

/** Residents' small wishes (微心愿). */
export const WISHES: readonly string[] = [
  '想要一台收音机',
  '希望有人教用智能手机',
  '想要一辆儿童自行车',
  '希望有人帮忙理发',
  '想要几本课外书',
  '希望有人陪伴聊天',
  '想要一副老花镜',
];
