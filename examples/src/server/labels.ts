/**
 * Chinese labels of the built-in flows' states, events, roles and flows, for the timeline and the dashboard.
 * Kept in one module so it can give way to labels carried by the flows themselves.
 *
 * @example
 * ```ts
 * stateLabel('inProgress.suspended'); // '处理中 · 挂起'
 * ```
 */
export const STATE_LABELS: Readonly<Record<string, string>> = {
  submitted: '已登记',
  pendingDispatch: '待派单',
  dispatched: '已派单',
  returnReview: '退单审核',
  inProgress: '处理中',
  working: '办理',
  suspended: '挂起',
  extensionRequested: '延期申请中',
  replied: '已回复',
  followingUp: '回访中',
  closed: '已办结',
  notAccepted: '不予受理',
  merged: '已并单',
  reported: '已上报',
  withCommunity: '社区处置',
  tracking: '转工单跟踪',
  placed: '已点单',
  issued: '已下单',
  taken: '已接单',
  scheduled: '已排期',
  awaitingConfirmation: '待确认',
  escalated: '已上报平台',
  collected: '已收集',
  published: '已发布',
  claimed: '已领办',
  fulfilled: '已实现',
};

/**
 * Labels of the events, by type (`gridflow.create` is the case's creation).
 *
 * @example
 * ```ts
 * EVENT_LABELS.signFor; // '签收'
 * ```
 */
export const EVENT_LABELS: Readonly<Record<string, string>> = {
  'gridflow.create': '登记',
  'gridflow.migrate': '版本迁移',
  accept: '受理',
  notAccepted: '不予受理',
  answerOnSpot: '当场答复',
  merge: '并单',
  dispatch: '派单',
  reassign: '改派',
  signFor: '签收',
  return: '退单',
  suspend: '挂起',
  resume: '解挂',
  requestExtension: '延期申请',
  approveExtension: '批准延期',
  rejectExtension: '驳回延期',
  whistle: '吹哨',
  reportIn: '报到',
  urge: '催办',
  supervise: '督办',
  markHard: '标记难事',
  reply: '回复',
  verify: '核查',
  followUp: '回访',
  rate: '满意度评价',
  reopen: '重办',
  close: '办结',
  withdraw: '撤回',
  reviewReturn: '退单审核',
  fixOnSpot: '就地解决',
  handOver: '移交社区',
  resolve: '解决',
  raiseWorkOrder: '转工单',
  linkedCaseClosed: '关联工单办结',
  issueOrder: '下单',
  takeOrder: '接单',
  declineOrder: '拒单',
  solveOnSpot: '当场解决',
  scheduleSolve: '排期解决',
  solve: '解决',
  escalate: '上报平台',
  explain: '解释说明',
  confirm: '确认',
  dispute: '异议',
  cancel: '取消',
  publish: '发布',
  reject: '驳回',
  claim: '领办',
  release: '放弃领办',
  fulfil: '实现',
};

/**
 * Labels of the roles.
 *
 * @example
 * ```ts
 * ROLE_LABELS.communityStaff; // '社区工作人员'
 * ```
 */
export const ROLE_LABELS: Readonly<Record<string, string>> = {
  resident: '居民',
  gridWorker: '网格员',
  partyMember: '党员',
  partyOrg: '党组织',
  volunteer: '志愿者',
  communityStaff: '社区工作人员',
  streetStaff: '街道工作人员',
  dispatcher: '指挥中心调度员',
  departmentHandler: '部门承办人',
  supervisor: '督查员',
  system: '系统',
};

/**
 * Labels of the built-in flows.
 *
 * @example
 * ```ts
 * FLOW_LABELS['work-order']; // '工单'
 * ```
 */
export const FLOW_LABELS: Readonly<Record<string, string>> = {
  'work-order': '工单',
  'grid-report': '随手拍',
  'three-orders': '三单制',
  'micro-wish': '微心愿',
};

/**
 * The label of a dotted state path: each part labelled, joined by ` · `.
 *
 * @example
 * ```ts
 * stateLabel('inProgress.working'); // '处理中 · 办理'
 * ```
 */
export function stateLabel(path: string): string {
  return path
    .split(',')
    .map((leaf) =>
      leaf
        .split('.')
        .map((p) => STATE_LABELS[p] ?? p)
        .join(' · '),
    )
    .join('，');
}

/**
 * The label of an event type; timer events (`xstate.after…`) read as 时限到期.
 *
 * @example
 * ```ts
 * eventLabel('reply'); // '回复'
 * ```
 */
export function eventLabel(type: string): string {
  if (type.startsWith('xstate.after')) return '时限到期';
  return EVENT_LABELS[type] ?? type;
}
