export type { Open311ServiceBinding } from './open311-cases.js';
export { type Open311HandlerOptions, open311Handler } from './open311-handler.js';
export { type Open311RequestForm, parseOpen311Form } from './open311-form.js';
export { type Open311RequestFilter, parseOpen311Query } from './open311-query.js';
export { type Open311Route, parseOpen311Route } from './open311-route.js';
export {
  formatOpen311Time,
  type Open311Format,
  type Open311WriteOptions,
  open311Response,
  serializeCreatedRequests,
  serializeErrors,
  serializeRequests,
  serializeRequestUpdates,
  serializeServiceDefinition,
  serializeServices,
  serializeTokens,
} from './open311-serialize.js';
export { type Open311Status, open311StatusOf } from './open311-status.js';
export type {
  Open311Attribute,
  Open311CreatedRequest,
  Open311Error,
  Open311Request,
  Open311RequestUpdate,
  Open311Service,
  Open311ServiceDefinition,
  Open311Token,
  Open311UpdateStatus,
} from './open311-types.js';
export {
  checkJurisdiction,
  isW3cDateTime,
  type Open311Catalog,
  type Open311Failure,
  type Open311NewRequest,
  validateOpen311Request,
} from './open311-validate.js';
export { escapeXmlText, type SparkValue, sparkToXml, type XmlNode, xmlDocument } from './xml-writer.js';
