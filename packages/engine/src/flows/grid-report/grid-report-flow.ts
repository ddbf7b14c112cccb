import { defineFlow } from '../../flow/define-flow.js';
import { gridReportEvents, gridReportInputSchema } from './grid-report-events.js';
import { gridReportMachine } from './grid-report-machine.js';
import { GRID_REPORT_LABELS } from '../built-in-labels.js';

/**
 * Who may do what in `grid-report`. The grid worker owns the report until it is handed over; community staff
 * then solve it or raise the linked work order. `linkedCaseClosed` lists no role: only the engine sends it.
 *
 * @example
 * ```ts
 * gridReportPermissions.events.resolve; // ['communityStaff']
 * ```
 */
export const gridReportPermissions = {
  create: ['gridWorker'],
  events: {
    fixOnSpot: ['gridWorker'],
    handOver: ['gridWorker'],
    withdraw: ['gridWorker'],
    resolve: ['communityStaff'],
    raiseWorkOrder: ['communityStaff'],
  },
} as const;

/**
 * `grid-report` version 1 (随手拍, the closed loop 受理—转办—落实—追踪): a grid worker reports a problem with
 * photos and a location; fixes it on the spot, or hands it to the community, which solves it or raises a linked
 * `work-order` (case id `<report id>/work-order`) and the report tracks it until it closes.
 *
 * @example
 * ```ts
 * const engine = createEngine({ storage, directory, flows: [gridReportFlow, workOrderFlow] });
 * const report = await engine.createCase({ flow: 'grid-report', actor: gridWorker, orgUnit: 'grid-01',
 *   input: { description: '井盖缺失', photos: ['https://img.example/1.jpg'],
 *     location: { lat: 18.25, lng: 109.51, address: '幸福里 3 号楼' } } });
 * await engine.send({ caseId: report.id, actor: gridWorker, event: { type: 'handOver' } });
 * ```
 */
export const gridReportFlow = defineFlow({
  id: 'grid-report',
  version: 1,
  machine: gridReportMachine,
  input: gridReportInputSchema,
  events: gridReportEvents,
  permissions: gridReportPermissions,
  effects: ['notify', 'gridflow.createCase'],
  deadlines: ['communityLimit'],
  labels: GRID_REPORT_LABELS,
  description:
    '随手拍: a grid worker reports; fixed on the spot, solved by the community, or tracked as a work order',
});
