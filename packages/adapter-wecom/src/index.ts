export { type NodeHandlerOptions, toNodeHandler } from './node-handler.js';
export {
  type WecomCallbackHandler,
  type WecomCallbackOptions,
  wecomCallback,
} from './wecom-callback.js';
export { WecomCallbackError, type WecomCallbackReason } from './wecom-callback-error.js';
export {
  parseWecomButtonKey,
  type WecomButtonAction,
  wecomButtonKey,
  wecomClickKey,
  wecomDeliveryRef,
  wecomTaskId,
} from './wecom-card-key.js';
export {
  WECOM_CARD_UPDATE_EFFECT,
  type WecomCardUpdate,
  type WecomCardUpdaterOptions,
  wecomCardUpdater,
  wecomCardUpdateSchema,
} from './wecom-card-updater.js';
export type { WecomCallbackEngine } from './wecom-click.js';
export {
  type WecomClient,
  type WecomMessageBody,
  type WecomSendReply,
  type WecomUserInfo,
  wecomClient,
} from './wecom-client.js';
export { verifyWecomSignature, wecomDecrypt, wecomEncrypt, wecomSignature } from './wecom-crypto.js';
export { type SealedWecomMessage, type WecomEnvelope, wecomEnvelope } from './wecom-envelope.js';
export {
  classifyWecomErrcode,
  isWecomApiError,
  WECOM_ERRCODES,
  WecomApiError,
  type WecomApiErrorInit,
  type WecomErrcodeInfo,
  type WecomErrorSource,
  type WecomFailureKind,
  wecomReplyError,
} from './wecom-errors.js';
export { checkWecomReply, type WecomReply, wecomRequest } from './wecom-http.js';
export {
  MEMBER_MESSAGE_LIMITS,
  ROBOT_MESSAGE_LIMITS,
  type SlidingWindowLimiter,
  slidingWindowLimiter,
  tokenBucket,
  type WindowLimit,
} from './wecom-limits.js';
export { type WecomLogin, wecomLogin } from './wecom-login.js';
export { renderWecomMessage, type WecomRenderOptions } from './wecom-messages.js';
export { type WecomNotifierOptions, wecomNotifier } from './wecom-notifier.js';
export {
  type FetchLike,
  parseWecomOptions,
  WECOM_API_BASE,
  type WecomCallbackSettings,
  type WecomClientOptions,
  type WecomLoginOptions,
  type WecomRobotOptions,
  wecomCallbackSettingsSchema,
  wecomClientOptionsSchema,
  wecomLoginOptionsSchema,
  wecomRobotOptionsSchema,
  wecomStateSchema,
} from './wecom-options.js';
export {
  callerLine,
  protectNotice,
  type WecomAudience,
  wecomAudienceOf,
} from './wecom-privacy.js';
export { type WecomRobotMessage, type WecomRobotNotifier, wecomRobotNotifier } from './wecom-robot.js';
export {
  defaultWecomTemplate,
  WECOM_TOPIC_STYLES,
  type WecomCardButton,
  type WecomMessageContent,
  type WecomTemplate,
  type WecomTemplateInput,
  type WecomTemplates,
} from './wecom-templates.js';
export { truncateUtf8 } from './wecom-text.js';
export { type WecomUndelivered, WecomUndeliveredError } from './wecom-undelivered.js';
export {
  buildWecomXml,
  parseWecomXml,
  type WecomXmlElement,
  type WecomXmlInput,
  type WecomXmlInputValue,
  type WecomXmlValue,
  wecomXmlText,
} from './wecom-xml.js';
