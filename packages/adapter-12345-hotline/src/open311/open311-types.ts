/**
 * A service type (GET services): a code, a name, and whether it has a service definition (`metadata`).
 *
 * @example
 * ```ts
 * const service: Open311Service = { code: '010201', name: '路灯照明', description: '路灯不亮、损坏', metadata: false,
 *   type: 'realtime', keywords: ['路灯', '照明'], group: '市政设施' };
 * ```
 */
export interface Open311Service {
  /** Service code. */
  code: string;
  /** Service name. */
  name: string;
  /** What the service is for. */
  description: string;
  /** True when the service has attributes (a definition). */
  metadata: boolean;
  /** How requests are handled: `realtime`, `batch` or `blackbox`. */
  type: 'realtime' | 'batch' | 'blackbox';
  /** Search keywords. */
  keywords: readonly string[];
  /** The group it is listed under. */
  group: string;
}

/**
 * One attribute of a service definition (GET services/{code}).
 *
 * @example
 * ```ts
 * const attribute: Open311Attribute = { code: 'POLE', datatype: 'string', required: true, variable: true,
 *   order: 1, description: '灯杆编号', datatypeDescription: '灯杆上的编号' };
 * ```
 */
export interface Open311Attribute {
  /** Attribute code. */
  code: string;
  /** True when the client enters a value; false for information only. */
  variable: boolean;
  /** Kind of value. */
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  /** True when a request must give it. */
  required: boolean;
  /** How to enter the value, or null. */
  datatypeDescription: string | null;
  /** Position in the form. */
  order: number;
  /** The question shown. */
  description: string;
  /** The choices of a `singlevaluelist` or `multivaluelist`. */
  values?: readonly { key: string; name: string }[];
}

/**
 * A service definition: the attributes a request of this service may or must carry.
 *
 * @example
 * ```ts
 * const definition: Open311ServiceDefinition = { serviceCode: '010201', attributes: [attribute] };
 * ```
 */
export interface Open311ServiceDefinition {
  /** The service defined. */
  serviceCode: string;
  /** Its attributes, in form order. */
  attributes: readonly Open311Attribute[];
}

/**
 * The public view of a service request (GET requests). It has no field for the resident's name, phone or email,
 * and the serializers write only the fields named here, so personal data cannot reach a listing.
 *
 * @example
 * ```ts
 * const request: Open311Request = { id: 'c-1', status: 'open', serviceCode: '010201', serviceName: '路灯照明',
 *   requestedAt: new Date(), updatedAt: new Date() };
 * ```
 */
export interface Open311Request {
  /** `service_request_id`: the case id. */
  id: string;
  /** `open` or `closed`. */
  status: 'open' | 'closed';
  /** Notes on the status, or null. */
  statusNotes?: string | null;
  /** The service's code. */
  serviceCode: string;
  /** The service's name. */
  serviceName: string;
  /** The request's description, or null. */
  description?: string | null;
  /** The unit handling it, or null. */
  agencyResponsible?: string | null;
  /** Notice to the requester, or null. */
  serviceNotice?: string | null;
  /** When it was requested. */
  requestedAt: Date;
  /** When it last changed. */
  updatedAt: Date;
  /** When it is expected done (the deadline), or null. */
  expectedAt?: Date | null;
  /** Where, in words, or null. */
  address?: string | null;
  /** Address id, or null. */
  addressId?: string | null;
  /** Postal code, or null. */
  zipcode?: string | null;
  /** Latitude, or null. */
  lat?: number | null;
  /** Longitude, or null. */
  long?: number | null;
  /** A photo's URL, or null. */
  mediaUrl?: string | null;
  /** Written as `extended_attributes` when asked for (`extensions=true`). */
  extended?: { detailedStatus?: Open311UpdateStatus; channel?: string; photos?: readonly string[] };
}

/**
 * The answer to POST requests: the new request's id (or a token, for `batch` services), a notice, and the
 * account id when the server keeps accounts.
 *
 * @example
 * ```ts
 * const created: Open311CreatedRequest = { id: 'c-1', serviceNotice: '我们将在3个工作日内处理' };
 * ```
 */
export type Open311CreatedRequest = ({ id: string } | { token: string }) & {
  serviceNotice?: string | null;
  accountId?: string | null;
};

/**
 * The answer to GET tokens/{token}.
 *
 * @example
 * ```ts
 * const token: Open311Token = { token: '12345', id: 'c-1' };
 * ```
 */
export interface Open311Token {
  /** Token to look the request's id up by, once it is created. */
  token: string;
  /** `null` while the request is not created yet. */
  id: string | null;
}

/**
 * One error of an error list: a code (usually the HTTP status) and a description a person can read.
 *
 * @example
 * ```ts
 * const error: Open311Error = { code: 400, description: 'service_code was not provided' };
 * ```
 */
export interface Open311Error {
  /** Error code (the HTTP status, or a field's code). */
  code: number | string;
  /** What is wrong. */
  description: string;
}

/**
 * The richer statuses of FixMyStreet's `servicerequestupdates`, written lower-case as mySociety's Open311
 * adapter does (FixMyStreet reads them case-insensitively).
 *
 * @example
 * ```ts
 * const status: Open311UpdateStatus = 'action_scheduled';
 * ```
 */
export type Open311UpdateStatus =
  | 'open'
  | 'investigating'
  | 'action_scheduled'
  | 'in_progress'
  | 'fixed'
  | 'duplicate'
  | 'not_councils_responsibility'
  | 'no_further_action'
  | 'internal_referral'
  | 'closed'
  | 'reopen';

/**
 * One status update of a request (FixMyStreet's `servicerequestupdates` extension).
 *
 * @example
 * ```ts
 * const update: Open311RequestUpdate = { id: 'c-1_3', requestId: 'c-1', status: 'fixed',
 *   updatedAt: new Date(), description: '已修复', externalStatusCode: 'closed' };
 * ```
 */
export interface Open311RequestUpdate {
  /** Update id. */
  id: string;
  /** The request it updates. */
  requestId: string;
  /** The request's status after the update. */
  status: Open311UpdateStatus;
  /** When it happened. */
  updatedAt: Date;
  /** What happened, in words. */
  description: string;
  /** A photo's URL, or null. */
  mediaUrl?: string | null;
  /** The server's own status (here the work order's state), for clients that map it themselves. */
  externalStatusCode?: string | null;
}
