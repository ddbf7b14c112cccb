import type { NoticeAction } from '../effects/notice.js';

/**
 * The id of a flow that ships with gridflow.
 *
 * @example
 * ```ts
 * const flow: BuiltInFlowId = 'three-orders';
 * ```
 */
export type BuiltInFlowId = 'work-order' | 'grid-report' | 'three-orders' | 'micro-wish';

/**
 * What a notifier needs to know about one notice topic: the flow that sends it, what happened (English), a
 * Chinese title for a message or card, who receives it, and the buttons its notices may carry.
 *
 * @example
 * ```ts
 * const t: BuiltInTopic = BUILT_IN_TOPICS['threeOrders.issued'];
 * t.actions; // [{ event: 'takeOrder', label: '接单' }]
 * ```
 */
export interface BuiltInTopic {
  /** The built-in flow that sends it. */
  flow: BuiltInFlowId;
  /** What happened, in words. */
  meaning: string;
  /** Its Chinese title, used as a message heading. */
  label: string;
  /**
   * Who is told, in words. The "handlers" of a unit: whoever holds `departmentHandler`, `communityStaff` or
   * `streetStaff` there (`{ unit, anyRole }`); the "dispatchers": `dispatcher` at or above the case's unit; a
   * role "of the case's unit" is resolved from that unit up the tree.
   */
  recipients: string;
  /** Events a notice of this topic may offer; a notice offers them only to recipients allowed to send them. */
  actions: readonly NoticeAction[];
}

const HANDLERS = "the lead unit's handlers";
const OR_DISPATCHERS = `${HANDLERS}; the dispatchers while no unit holds the order`;

const V3_SUPERVISOR = "; from v3 also `supervisor`, so the command centre's supervisors hear too";
const signFor = { event: 'signFor', label: '签收' } as const;
const confirm = { event: 'confirm', label: '确认' } as const;

/**
 * Every topic the built-in flows notify about, with its meaning, recipients and actions: the list a notifier's
 * templates (WeCom cards, SMS texts) are written against. Topics are `<flow>.<what happened>`. A test keeps this
 * table and the flows in step, both ways.
 *
 * @example
 * ```ts
 * const cardTitle = BUILT_IN_TOPICS[notice.topic as BuiltInTopicName]?.label ?? notice.topic;
 * ```
 */
export const BUILT_IN_TOPICS = {
  'workOrder.dispatched': {
    flow: 'work-order',
    meaning:
      'The order was dispatched or reassigned to the unit, as lead (data.handling "lead") or co-handling ("co")',
    label: '新派工单',
    recipients: 'the handlers of each dispatched unit, one notice per unit; only the lead unit gets 签收',
    actions: [signFor],
  },
  'workOrder.returned': {
    flow: 'work-order',
    meaning: 'A handling unit returned the order as outside its remit (退单)',
    label: '工单被退单',
    recipients: 'the dispatchers',
    actions: [],
  },
  'workOrder.returnRejected': {
    flow: 'work-order',
    meaning: 'Dispute review (v2) rejected a return: the unit must sign for the order again',
    label: '退单未通过审核',
    recipients: 'the handlers of the unit that returned it',
    actions: [signFor],
  },
  'workOrder.signForOverdue': {
    flow: 'work-order',
    meaning: 'The lead unit has not signed for the order within the sign-for limit',
    label: '超时未签收',
    recipients: HANDLERS,
    actions: [signFor],
  },
  'workOrder.slaReminder': {
    flow: 'work-order',
    meaning: 'A share of the handling time has passed (data.percent)',
    label: '办理时限提醒',
    recipients: OR_DISPATCHERS,
    actions: [],
  },
  'workOrder.slaBreached': {
    flow: 'work-order',
    meaning: 'The handling time limit has passed',
    label: '办理超时',
    recipients: `${OR_DISPATCHERS}; from v3, the lead unit's handlers and the command centre (\`dispatcher\` and \`supervisor\`)`,
    actions: [],
  },
  'workOrder.escalated': {
    flow: 'work-order',
    meaning: 'The case moved up one tier of its escalation ladder (data: trigger, from, to)',
    label: '工单升级',
    recipients: `the handlers of the new tier, or its dispatchers (\`anyRole\` with \`dispatcher\`${V3_SUPERVISOR})`,
    actions: [],
  },
  'workOrder.escalationTopReached': {
    flow: 'work-order',
    meaning: 'A trigger would escalate the case, but it is already at the top tier (data: trigger, from)',
    label: '已达最高层级',
    recipients: `the handlers of the top tier, or its dispatchers (\`anyRole\` with \`dispatcher\`${V3_SUPERVISOR})`,
    actions: [],
  },
  'workOrder.extensionRequested': {
    flow: 'work-order',
    meaning: 'The handling unit asks for more time (延期申请)',
    label: '延期申请待审批',
    recipients: 'the dispatchers',
    actions: [{ event: 'approveExtension', label: '批准延期' }],
  },
  'workOrder.extensionApproved': {
    flow: 'work-order',
    meaning: 'The extension was granted and the deadline moved',
    label: '延期已批准',
    recipients: HANDLERS,
    actions: [],
  },
  'workOrder.extensionRejected': {
    flow: 'work-order',
    meaning: 'The extension was refused; the deadline stands',
    label: '延期未批准',
    recipients: HANDLERS,
    actions: [],
  },
  'workOrder.suspensionRequested': {
    flow: 'work-order',
    meaning: 'The lead unit asks to suspend the order (挂起申请, v3); the text gives the reason',
    label: '挂起申请待审批',
    recipients: 'the dispatchers',
    actions: [{ event: 'approveSuspension', label: '批准挂起' }],
  },
  'workOrder.suspensionApproved': {
    flow: 'work-order',
    meaning: 'The suspension was approved until its limit; the clock keeps the working time left',
    label: '挂起已批准',
    recipients: HANDLERS,
    actions: [],
  },
  'workOrder.suspensionRejected': {
    flow: 'work-order',
    meaning: 'The suspension was refused; the unit keeps working on the order',
    label: '挂起未批准',
    recipients: HANDLERS,
    actions: [],
  },
  'workOrder.suspensionEnded': {
    flow: 'work-order',
    meaning: 'The approved suspension ran out and the order resumed on its own (onLimit "resume")',
    label: '挂起期满恢复办理',
    recipients: "the lead unit's handlers and the dispatchers, one notice each",
    actions: [],
  },
  'workOrder.suspensionOverdue': {
    flow: 'work-order',
    meaning: 'The approved suspension ran out and the order is still suspended (onLimit "alert")',
    label: '挂起超期',
    recipients: "the lead unit's handlers and the command centre (`dispatcher` and `supervisor`)",
    actions: [],
  },
  'workOrder.partReported': {
    flow: 'work-order',
    meaning: 'A co-handling unit (协办) reported its part of the handling (v3; data.unit)',
    label: '协办单位反馈',
    recipients: HANDLERS,
    actions: [],
  },
  'workOrder.urged': {
    flow: 'work-order',
    meaning: 'Someone above urged the order on (催办)',
    label: '催办',
    recipients: OR_DISPATCHERS,
    actions: [],
  },
  'workOrder.supervised': {
    flow: 'work-order',
    meaning: 'A supervisor put the order under formal supervision (督办)',
    label: '督办',
    recipients: OR_DISPATCHERS,
    actions: [],
  },
  'workOrder.whistle': {
    flow: 'work-order',
    meaning: 'The department is summoned (吹哨) and must report in by data.dueAt',
    label: '吹哨报到',
    recipients: '`departmentHandler` of each summoned department, one notice per department',
    actions: [{ event: 'reportIn', label: '报到' }],
  },
  'workOrder.reportInLate': {
    flow: 'work-order',
    meaning: 'A summoned department did not report in by its deadline (data: whistleId, unit)',
    label: '报到超时',
    recipients:
      'the member who blew the whistle; from v3 also the command centre (`dispatcher` and `supervisor`)',
    actions: [],
  },
  'workOrder.replied': {
    flow: 'work-order',
    meaning: 'The handling unit replied; the text is the public reply (回复)',
    label: '诉求已回复',
    recipients: 'the requester, when the case has one',
    actions: [],
  },
  'workOrder.reopened': {
    flow: 'work-order',
    meaning: 'The order is to be handled again (重办): unsatisfied for reasons of the unit',
    label: '工单重办',
    recipients: OR_DISPATCHERS,
    actions: [],
  },
  'workOrder.appealed': {
    flow: 'work-order',
    meaning: 'The lead unit appealed an unsatisfied rating (申诉, v3); the text gives its reason',
    label: '申诉待审核',
    recipients: 'the dispatchers',
    actions: [],
  },
  'workOrder.appealDecided': {
    flow: 'work-order',
    meaning:
      "The command centre decided the appeal (data.upheld); an upheld one takes the rating out of the unit's satisfaction",
    label: '申诉已审核',
    recipients: 'the handlers of the unit that appealed',
    actions: [],
  },
  'workOrder.closed': {
    flow: 'work-order',
    meaning: 'The case closed (办结)',
    label: '诉求已办结',
    recipients: 'the requester, when the case has one',
    actions: [],
  },
  'gridReport.handedOver': {
    flow: 'grid-report',
    meaning: 'A grid worker handed the report (随手拍) to the community',
    label: '随手拍待处置',
    recipients: "`communityStaff` of the report's unit (its community, up the tree)",
    actions: [{ event: 'raiseWorkOrder', label: '转为工单' }],
  },
  'gridReport.communityOverdue': {
    flow: 'grid-report',
    meaning: "The community's working-day limit for the report has passed",
    label: '社区处置超时',
    recipients: "`communityStaff` (offered 转为工单) and `streetStaff` of the report's unit, one notice each",
    actions: [{ event: 'raiseWorkOrder', label: '转为工单' }],
  },
  'gridReport.closed': {
    flow: 'grid-report',
    meaning:
      'The report closed: fixed on the spot, solved by the community, its work order closed, or withdrawn (data: outcome, linkedCloseReason)',
    label: '随手拍已办结',
    recipients: 'the grid worker who reported it, unless they closed it themselves',
    actions: [],
  },
  'threeOrders.placed': {
    flow: 'three-orders',
    meaning: 'A resident placed an order (点单); the party organisation is to issue it',
    label: '群众点单',
    recipients: "`partyOrg` of the order's unit",
    actions: [],
  },
  'threeOrders.issued': {
    flow: 'three-orders',
    meaning: 'The party organisation issued the order (下单) to the member',
    label: '党组织下单',
    recipients: 'the party member it was issued to',
    actions: [{ event: 'takeOrder', label: '接单' }],
  },
  'threeOrders.notTaken': {
    flow: 'three-orders',
    meaning: 'The member did not take the order within the take limit',
    label: '逾期未接单',
    recipients: "`partyOrg` of the order's unit",
    actions: [],
  },
  'threeOrders.scheduled': {
    flow: 'three-orders',
    meaning:
      'The member took the order and will solve it later (约期办理), by data.dueAt (data: plan, professional)',
    label: '已约期办理',
    recipients: 'the requester, when the order has one',
    actions: [],
  },
  'threeOrders.solveOverdue': {
    flow: 'three-orders',
    meaning:
      'The member took the order but has not solved it within the solve limit, or by the time promised',
    label: '逾期未办结',
    recipients: "`partyOrg` of the order's unit and the member, one notice each",
    actions: [],
  },
  'threeOrders.resultReady': {
    flow: 'three-orders',
    meaning: 'The member solved or explained the order; the resident is to confirm',
    label: '办理结果待确认',
    recipients: 'the requester, when the order has one',
    actions: [confirm],
  },
  'microWish.collected': {
    flow: 'micro-wish',
    meaning: 'A wish (微心愿) was collected and awaits review',
    label: '新心愿待审核',
    recipients: "`communityStaff` of the wish's unit",
    actions: [{ event: 'publish', label: '发布' }],
  },
  'microWish.published': {
    flow: 'micro-wish',
    meaning: 'The wish is on the wall and may be claimed (领办)',
    label: '心愿可领办',
    recipients: "`partyMember` and `volunteer` of the wish's unit, one notice per role",
    actions: [{ event: 'claim', label: '领办' }],
  },
  'microWish.rejected': {
    flow: 'micro-wish',
    meaning: 'The wish did not pass review',
    label: '心愿未通过审核',
    recipients: 'the wisher, when the wish has one',
    actions: [],
  },
  'microWish.fulfilled': {
    flow: 'micro-wish',
    meaning: 'The claimer fulfilled the wish; the wisher is to confirm',
    label: '心愿已实现',
    recipients: 'the wisher, when the wish has one',
    actions: [confirm],
  },
  'microWish.disputed': {
    flow: 'micro-wish',
    meaning: 'The wisher says the wish is not fulfilled yet',
    label: '心愿人有异议',
    recipients: 'the claimer',
    actions: [],
  },
  'microWish.pointsAwarded': {
    flow: 'micro-wish',
    meaning: "The wish was confirmed and the wish's points awarded to the claimer",
    label: '积分已发放',
    recipients: 'the claimer',
    actions: [],
  },
} as const satisfies Record<string, BuiltInTopic>;

/**
 * A topic the built-in flows send.
 *
 * @example
 * ```ts
 * const topic: BuiltInTopicName = 'workOrder.dispatched';
 * ```
 */
export type BuiltInTopicName = keyof typeof BUILT_IN_TOPICS;
