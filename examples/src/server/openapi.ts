import { z } from 'zod';
import {
  caseQuerySchema,
  casePageSchema,
  caseSummarySchema,
  createCaseSchema,
  metricsQuerySchema,
  sendEventSchema,
} from './api-schemas.js';
import { errorBodySchema } from './http-errors.js';

type Json = Record<string, unknown>;
const schema = (s: z.ZodType, io: 'input' | 'output' = 'output') =>
  z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;

function queryParameters(s: z.ZodObject): Json[] {
  const json = schema(s, 'input') as { properties: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties).map(([name, p]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: p,
  }));
}

const errors = {
  '400': {
    description: 'VALIDATION_FAILED',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
  '401': { description: 'UNAUTHENTICATED' },
  '403': { description: 'FORBIDDEN or CSRF_REJECTED' },
  '404': { description: 'CASE_NOT_FOUND (also for a case one may not read)' },
  '409': { description: 'EVENT_NOT_ACCEPTED, VERSION_CONFLICT' },
};
const ok = (description: string, s?: Json) => ({
  '200': { description, ...(s ? { content: { 'application/json': { schema: s } } } : {}) },
  ...errors,
});
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const csrf = { name: 'x-csrf-token', in: 'header', required: true, schema: { type: 'string' } };
const idempotency = { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } };

/**
 * The OpenAPI 3.1 document of the district server's JSON API, generated from the zod schemas the routes parse
 * with (served at `/api/openapi.json`).
 *
 * @example
 * ```ts
 * const doc = openApiDocument();
 * doc.paths['/api/cases'].get.parameters; // from caseQuerySchema
 * ```
 */
export function openApiDocument(): Json & { paths: Record<string, Record<string, Json>> } {
  return {
    openapi: '3.1.0',
    info: { title: 'gridflow district server', version: '1.0.0' },
    components: {
      schemas: { Error: schema(errorBodySchema), CaseSummary: schema(caseSummarySchema) },
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'gf_session' } },
    },
    security: [{ session: [] }],
    paths: {
      '/api/session': {
        get: { summary: 'The signed-in member and the CSRF token', responses: ok('session') },
      },
      '/api/cases': {
        get: {
          summary: 'Worklist (cursor pages)',
          parameters: queryParameters(caseQuerySchema),
          responses: ok('a page', schema(casePageSchema)),
        },
        post: {
          summary: 'Create a case',
          parameters: [csrf, idempotency],
          requestBody: { content: { 'application/json': { schema: schema(createCaseSchema, 'input') } } },
          responses: {
            '201': {
              description: 'created',
              content: { 'application/json': { schema: schema(caseSummarySchema) } },
            },
            ...errors,
          },
        },
      },
      '/api/cases/counts': { get: { summary: 'Counts per state', responses: ok('counts') } },
      '/api/cases/{id}': {
        get: {
          summary: 'One case (masked by role) with its flow diagram',
          parameters: [idParam],
          responses: ok('the case'),
        },
      },
      '/api/cases/{id}/timeline': {
        get: { summary: 'Labelled timeline', parameters: [idParam], responses: ok('entries') },
      },
      '/api/cases/{id}/events': {
        get: {
          summary: 'Events the member may send now, with JSON Schemas',
          parameters: [idParam],
          responses: ok('events'),
        },
        post: {
          summary: 'Send an event',
          parameters: [idParam, csrf, idempotency],
          requestBody: { content: { 'application/json': { schema: schema(sendEventSchema, 'input') } } },
          responses: ok('the case after the event', schema(caseSummarySchema)),
        },
      },
      '/api/metrics': {
        get: {
          summary: 'engine.metrics',
          parameters: queryParameters(metricsQuerySchema),
          responses: ok('report'),
        },
      },
      '/api/metrics/weekly': {
        get: {
          summary: 'Weekly on-time trend',
          parameters: queryParameters(metricsQuerySchema),
          responses: ok('weeks'),
        },
      },
      '/api/org': { get: { summary: "The member's unit subtree", responses: ok('units') } },
      '/api/live': {
        get: {
          summary: 'Server-Sent Events of changed cases',
          responses: { '200': { description: 'text/event-stream' } },
        },
      },
      '/api/ops/dead-letters': { get: { summary: 'Dead letters (command centre)', responses: ok('page') } },
      '/api/ops/dead-letters/{id}/retry': {
        post: { summary: 'Retry a dead letter', parameters: [idParam, csrf], responses: ok('retried') },
      },
      '/api/ops/quarantine': {
        get: { summary: 'Intake quarantine (command centre)', responses: ok('page') },
      },
      '/api/ops/quarantine/{id}/retry': {
        post: { summary: 'Retry a quarantined record', parameters: [idParam, csrf], responses: ok('result') },
      },
      '/api/ops/summary': {
        get: { summary: 'Effect failures, timer backlog, pending outbox', responses: ok('summary') },
      },
    },
  };
}
