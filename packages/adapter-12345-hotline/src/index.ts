export {
  type HotlineAction,
  type HotlineActionResult,
  type HotlineActionType,
  mapHotlineAction,
} from './hotline-actions.js';
export {
  DEFAULT_HOTLINE_CATEGORIES,
  type HotlineCategory,
  type HotlineCategoryTable,
  hotlineCategoryTable,
} from './hotline-categories.js';
export { type HotlineClient, type HotlineClientOptions, hotlineClient } from './hotline-client.js';
export type { HotlineTodoPage } from './hotline-envelope.js';
export {
  classifyHotlineResponse,
  DEFAULT_RETRY_AFTER_MS,
  HotlineApiError,
  type HotlineFailure,
  hotlineApiError,
  parseRetryAfter,
} from './hotline-errors.js';
export { type HotlineIntake, type HotlineIntakeOptions, hotlineIntake } from './hotline-intake.js';
export { type HotlineMappingContext, hotlineOrderKey, mapHotlineOrder } from './hotline-mapping.js';
export { memoryNonceStore, type MemoryNonceStoreOptions, type NonceStore } from './hotline-nonce-store.js';
export type {
  HotlineCaller,
  HotlineCoordinates,
  HotlineMappingResult,
  HotlineOrder,
} from './hotline-order.js';
export {
  type HotlineMappingReasonCode,
  type HotlineOrderRecord,
  orderRecordSchema,
} from './hotline-order-record.js';
export {
  DEFAULT_HOTLINE_PROFILE,
  type HotlineProfile,
  type HotlineProfileOverrides,
  hotlineProfile,
} from './hotline-profile.js';
export {
  HOTLINE_ORDER_FIELDS,
  type HotlineActionField,
  type HotlineOrderField,
} from './hotline-profile-defaults.js';
export {
  type HotlineQuarantineReason,
  type HotlineRetryReport,
  hotlineQuarantineReason,
  retryHotlineQuarantine,
} from './hotline-quarantine.js';
export type { HotlineMappingReason } from './hotline-record-fields.js';
export {
  type HeadersLike,
  type HotlineSigner,
  type HotlineSignerOptions,
  hotlineSigner,
} from './hotline-signature.js';
export {
  canonicalRequest,
  computeSignature,
  type SignatureInput,
  sm3SelfTest,
  sortedParameters,
} from './hotline-signature-schemes.js';
export {
  DEFAULT_SIGNATURE_HEADERS,
  type HotlineRequestParts,
  type HotlineSignatureFailure,
  type HotlineSignatureFailureCode,
  type HotlineSignatureHeaders,
  type HotlineSignatureScheme,
  type HotlineVerifyResult,
} from './hotline-signature-types.js';
export {
  formatBeijingDateTime,
  formatIsoBeijing,
  type HotlineDeadline,
  parseBeijingDateTime,
  parseHotlineDeadline,
} from './hotline-time.js';
export { type HotlineUnitLookup, type HotlineUnitTable, hotlineUnitTable } from './hotline-units.js';
export {
  type WriteBackInput,
  type WriteBackVerb,
  writeBackBody,
  writeBackInputs,
} from './hotline-write-back-inputs.js';
export {
  type HotlinePoller,
  type HotlinePollerOptions,
  type HotlinePollResult,
  hotlinePoller,
} from './hotline-poller.js';
export { type HotlineWebhookOptions, hotlineWebhook } from './hotline-webhook.js';
export { type HotlineWriteBackOptions, hotlineWriteBack } from './hotline-write-back.js';
export { BodyTooLargeError, type NodeHandlerOptions, readNodeBody, toNodeHandler } from './node-handler.js';
export * from './open311/index.js';
