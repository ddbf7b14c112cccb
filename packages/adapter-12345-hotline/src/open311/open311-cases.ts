import type { CaseView, JournalEntry, OrgUnit } from '@gridflow/engine';
import { maskPersonalText } from '@gridflow/engine';
import type { WorkOrderContext } from '@gridflow/engine/flows';
import { open311StatusOf } from './open311-status.js';
import type {
  Open311Attribute,
  Open311Request,
  Open311RequestUpdate,
  Open311Service,
} from './open311-types.js';

/**
 * A service the Open311 endpoint offers, and what a request of it becomes: a `work-order` of `category`
 * (default: the service code) and `requestType` (default `help`). `attributes` are its service definition
 * (`metadata` is true when there are any).
 *
 * @example
 * ```ts
 * const streetLights: Open311ServiceBinding = { code: '010201', name: '路灯照明', description: '路灯不亮、损坏',
 *   type: 'realtime', keywords: ['路灯'], group: '市政设施', category: 'utilities' };
 * ```
 */
export interface Open311ServiceBinding extends Omit<Open311Service, 'metadata'> {
  /** The work-order category requests of this service get. */
  category?: string;
  /** The request type they get; default a help request. */
  requestType?: 'consultation' | 'help' | 'complaint' | 'tipOff' | 'suggestion';
  /** The service's attributes, listed in its definition. */
  attributes?: readonly Open311Attribute[];
}

/** The service of a work order's category: the first binding naming it (or with it as its code). */
export function serviceOf(
  services: readonly Open311ServiceBinding[],
  category: string | undefined,
): Open311ServiceBinding | undefined {
  if (category === undefined) return undefined;
  return (
    services.find((s) => (s.category ?? s.code) === category) ?? services.find((s) => s.code === category)
  );
}

const text = (value: string | null | undefined) => (value ? maskPersonalText(value) : null);

/**
 * The public view of a work order. Only the fields `Open311Request` names: never the caller, and free text
 * (description, notes, address) with phone and ID numbers masked, as a resident may have typed them in.
 */
export function open311RequestOf(
  view: CaseView,
  services: readonly Open311ServiceBinding[],
  unitName: (id: string) => string | null,
): Open311Request {
  const context = view.context as unknown as WorkOrderContext;
  const request = context.request;
  const service = serviceOf(services, request.category);
  const status = open311StatusOf({
    state: view.state,
    closeReason: context.closeReason,
    reopened: context.reopenCount > 0,
  });
  const photos = request.photos ?? [];
  return {
    id: view.id,
    status: status.status,
    statusNotes: status.status === 'closed' ? text(context.closeNote ?? context.reply?.publicReply) : null,
    serviceCode: service?.code ?? request.category ?? '',
    serviceName: service?.name ?? request.category ?? '',
    description: text(request.description ?? request.title),
    agencyResponsible: context.leadUnit ? (unitName(context.leadUnit) ?? context.leadUnit) : null,
    requestedAt: view.createdAt,
    updatedAt: view.updatedAt,
    expectedAt: view.dueAt,
    address: text(request.location?.address),
    lat: request.location?.lat ?? null,
    long: request.location?.lng ?? null,
    mediaUrl: photos[0] ?? null,
    extended: { detailedStatus: status.detail, channel: request.channel ?? 'unknown', photos },
  };
}

/** What a step means to the resident following the request (FixMyStreet shows it as the update's text). */
const STEP_TEXT: Record<string, string> = {
  accept: '已受理',
  dispatch: '已派单至承办单位',
  reassign: '已改派',
  signFor: '承办单位已签收, 正在办理',
  return: '承办单位申请退单, 正在审核',
  reviewReturn: '退单审核完成',
  suspend: '暂缓办理',
  resume: '恢复办理',
  reply: '承办单位已答复',
  verify: '办理结果已核查',
  followUp: '已回访',
  reopen: '重新办理',
  close: '已办结',
  withdraw: '已撤销',
  notAccepted: '不予受理',
  merge: '已并入相同诉求',
  answerOnSpot: '已当场答复',
};

/**
 * The status updates of one work order (FixMyStreet's `servicerequestupdates`): one per journal entry that
 * changes the Open311 status, within `[start, end]`. The reply's public text is the resident's to read; other
 * steps say what happened. Nothing says who did it.
 */
export function open311UpdatesOf(
  view: CaseView,
  journal: readonly JournalEntry[],
  window: { start: Date; end: Date },
): Open311RequestUpdate[] {
  const context = view.context as unknown as WorkOrderContext;
  const updates: Open311RequestUpdate[] = [];
  let previous: string | null = null;
  for (const entry of journal) {
    const closed = entry.toState.split('.')[0] === 'closed';
    const status = open311StatusOf({
      state: entry.toState,
      closeReason: closed ? context.closeReason : null,
      reopened:
        entry.type === 'reopen' || (entry.type === 'followUp' && entry.toState.startsWith('inProgress')),
    });
    const detail = status.detail;
    // Closing changes the status (open → closed) even when the detail (fixed) stays.
    const key = `${status.status}/${detail}`;
    const changed = previous !== null && key !== previous;
    previous = key;
    if (!changed || entry.at < window.start || entry.at > window.end) continue;
    const reply = entry.type === 'reply' ? (entry.event as { publicReply?: unknown }).publicReply : undefined;
    updates.push({
      id: `${view.id}-${entry.seq}`,
      requestId: view.id,
      status: detail,
      updatedAt: entry.at,
      description: maskPersonalText(
        typeof reply === 'string' ? reply : (STEP_TEXT[entry.type] ?? '状态更新'),
      ),
      externalStatusCode: entry.toState,
    });
  }
  return updates;
}

/** Unit names for `agency_responsible`, read once per listing. */
export async function unitNames(
  directory: { getUnit(id: string): OrgUnit | undefined | Promise<OrgUnit | undefined> },
  views: readonly CaseView[],
): Promise<(id: string) => string | null> {
  const ids = new Set<string>();
  for (const view of views) {
    const lead = (view.context as unknown as WorkOrderContext).leadUnit;
    if (lead) ids.add(lead);
  }
  const names = new Map<string, string>();
  for (const id of ids) {
    const unit = await directory.getUnit(id);
    if (unit) names.set(id, unit.name);
  }
  return (id) => names.get(id) ?? null;
}
