import { type CaseView, type Engine, type FlowLabels, stateLabel } from '@gridflow/engine';

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
 * The labels of the flow version a case runs (the flow's own `labels`, as `engine.timeline` reads them).
 *
 * @example
 * ```ts
 * const labels = labelsOf(engine, view);
 * ```
 */
export function labelsOf(
  engine: Pick<Engine, 'flows'>,
  view: Pick<CaseView, 'flowId' | 'flowVersion'>,
): FlowLabels | undefined {
  return engine.flows.get(view.flowId, view.flowVersion).labels;
}

/**
 * A case's state as its flow labels it.
 *
 * @example
 * ```ts
 * caseStateLabel(engine, view); // '待签收'
 * ```
 */
export function caseStateLabel(engine: Pick<Engine, 'flows'>, view: CaseView): string {
  return stateLabel(labelsOf(engine, view), view.state);
}

/**
 * The label of a state path in any of the engine's flows (newest versions first, `flow` alone when given), for
 * counts that span flows; the path itself when no flow labels it.
 *
 * @example
 * ```ts
 * anyFlowStateLabel(engine, 'dispatched'); // '待签收'
 * ```
 */
export function anyFlowStateLabel(engine: Pick<Engine, 'flows'>, path: string, flow?: string): string {
  const flows = flow ? [engine.flows.get(flow)] : engine.flows.list().reverse();
  for (const f of flows) if (f.labels?.states?.[path]) return stateLabel(f.labels, path);
  return path;
}
