/**
 * What an id in an event payload points at, checked at send time:
 * - `unit`: an org unit in the directory; `department`: one of kind `department`;
 * - `member`: a member in the directory;
 * - `otherCase`: another stored case, never the case itself (a merge target, say).
 *
 * @example
 * ```ts
 * const kind: ReferenceKind = 'department';
 * ```
 */
export type ReferenceKind = 'unit' | 'department' | 'member' | 'otherCase';

/**
 * Ids in a flow's event payloads that must name something that exists, by event and top-level field (a string
 * or a list of strings). A dangling reference is `VALIDATION_FAILED` naming the field, checked after the
 * actor is authorized (so the answer reveals nothing to someone who may not send the event) and before the
 * transition.
 *
 * @example
 * ```ts
 * const references: FlowReferences = {
 *   dispatch: { leadUnit: 'unit', coUnits: 'unit' },
 *   whistle: { departments: 'department' },
 *   merge: { masterCaseId: 'otherCase' },
 * };
 * ```
 */
export type FlowReferences = { readonly [eventType: string]: { readonly [field: string]: ReferenceKind } };
