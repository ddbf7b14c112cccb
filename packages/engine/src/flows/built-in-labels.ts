import type { FlowLabels } from '../flow/flow-labels.js';

/**
 * Chinese words for the `work-order` flow's events, states and timers (every version; a version ignores what
 * it does not have).
 *
 * @example
 * ```ts
 * WORK_ORDER_LABELS.events?.signFor; // '签收'
 * ```
 */
export const WORK_ORDER_LABELS: FlowLabels = {
  events: {
    'gridflow.create': '登记',
    accept: '受理',
    notAccepted: '不予受理',
    answerOnSpot: '直办',
    merge: '并单',
    withdraw: '撤回',
    dispatch: '派单',
    reassign: '改派',
    signFor: '签收',
    return: '退单',
    reviewReturn: '退单审核',
    suspend: '挂起',
    approveSuspension: '同意挂起',
    rejectSuspension: '驳回挂起',
    resume: '解挂',
    requestExtension: '延期申请',
    approveExtension: '同意延期',
    rejectExtension: '驳回延期',
    whistle: '吹哨',
    reportIn: '报到',
    reportPart: '协办回复',
    urge: '催办',
    supervise: '督办',
    markHard: '难事联办',
    reply: '回复',
    verify: '核查',
    followUp: '回访',
    rate: '满意度评价',
    reopen: '重办',
    close: '办结',
    appealRating: '评价申诉',
    decideAppeal: '申诉裁定',
    'sla.reminder': '超时提醒',
    'sla.breach': '办理超时',
    'signFor.overdue': '签收超时',
    'whistle.late': '报到超时',
    'suspension.limit': '挂起到期',
  },
  states: {
    submitted: '待受理',
    pendingDispatch: '待派单',
    dispatched: '待签收',
    returnReview: '退单审核中',
    inProgress: '办理中',
    'inProgress.working': '办理中',
    'inProgress.suspensionRequested': '挂起待审',
    'inProgress.suspended': '挂起中',
    'inProgress.extensionRequested': '延期待审',
    replied: '待核查',
    followingUp: '待回访',
    appealReview: '申诉审核中',
    closed: '已办结',
    notAccepted: '不予受理',
    merged: '已并单',
  },
};

/**
 * Chinese words for the `grid-report` (随手拍) flow.
 *
 * @example
 * ```ts
 * GRID_REPORT_LABELS.timers?.communityLimit; // '社区处置超时'
 * ```
 */
export const GRID_REPORT_LABELS: FlowLabels = {
  events: {
    'gridflow.create': '随手拍上报',
    fixOnSpot: '当场处置',
    handOver: '转办社区',
    withdraw: '撤回',
    resolve: '落实',
    raiseWorkOrder: '转为工单',
    linkedCaseClosed: '关联工单办结',
  },
  states: { reported: '已上报', withCommunity: '社区处置中', tracking: '追踪工单', closed: '已办结' },
  timers: { communityLimit: '社区处置超时' },
};

/**
 * Chinese words for the `three-orders` (三单制) flow.
 *
 * @example
 * ```ts
 * THREE_ORDERS_LABELS.events?.takeOrder; // '接单'
 * ```
 */
export const THREE_ORDERS_LABELS: FlowLabels = {
  events: {
    'gridflow.create': '点单',
    issueOrder: '下单',
    takeOrder: '接单',
    declineOrder: '拒单',
    solveOnSpot: '当场解决',
    scheduleSolve: '约定办理',
    solve: '办理完成',
    escalate: '上报平台',
    explain: '耐心解释',
    confirm: '确认',
    dispute: '不认可',
    cancel: '撤单',
    linkedCaseClosed: '关联工单办结',
  },
  states: {
    placed: '待下单',
    issued: '待接单',
    taken: '办理中',
    scheduled: '约定办理中',
    awaitingConfirmation: '待确认',
    escalated: '已上报',
    closed: '已办结',
  },
  timers: {
    takeLimit: '接单超时',
    solveLimit: '办理超时',
    scheduledLimit: '约定办理超时',
    confirmLimit: '确认超时',
  },
};

/**
 * Chinese words for the `micro-wish` (微心愿) flow.
 *
 * @example
 * ```ts
 * MICRO_WISH_LABELS.events?.claim; // '领办'
 * ```
 */
export const MICRO_WISH_LABELS: FlowLabels = {
  events: {
    'gridflow.create': '许愿',
    publish: '发布',
    reject: '不予发布',
    cancel: '撤回',
    claim: '领办',
    release: '放弃领办',
    fulfil: '实现',
    confirm: '确认',
    dispute: '不认可',
  },
  states: {
    collected: '待审核',
    published: '待领办',
    claimed: '已领办',
    fulfilled: '待确认',
    closed: '已完成',
  },
  timers: { confirmLimit: '确认超时' },
};
