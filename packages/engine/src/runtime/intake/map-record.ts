import { z } from 'zod';
import type { Directory } from '../../directory/directory.js';
import { isGridflowError, validationError } from '../../errors.js';
import type { Intake, IntakeContext, IntakeMapping } from '../../intake/intake.js';
import type { IntakeRejection, IntakeRejectionCode } from '../../storage/intake-store.js';
import { copyStoredJson } from '../commands/stored-json.js';

const CODES = [
  'VALIDATION_FAILED',
  'FORBIDDEN',
  'FLOW_NOT_FOUND',
  'EVENT_NOT_ACCEPTED',
  'CASE_NOT_FOUND',
  'MAPPING_FAILED',
] as const satisfies readonly IntakeRejectionCode[];
/** Engine refusals that no retry of the same input fixes: the record waits in quarantine for a person. */
const REFUSALS: ReadonlySet<string> = new Set(CODES.filter((code) => code !== 'MAPPING_FAILED'));

const text = (max: number) => z.string().transform((s) => s.replaceAll('\u0000', '').slice(0, max));
const rejectionSchema = z.object({
  code: z.enum(CODES),
  field: text(200).optional(),
  message: text(2000),
});
// The id becomes part of an idempotency key and a database key: no NUL, bounded.
const externalId = z
  .string()
  .min(1)
  .max(200)
  .refine((id) => !id.includes('\u0000'), 'must not contain NUL');
const request = z.record(z.string(), z.unknown());
const mappingSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    externalId,
    command: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('create'), request }),
      z.object({ kind: z.literal('send'), request }),
    ]),
  }),
  z.object({ ok: z.literal(false), externalId: externalId.nullable(), reason: rejectionSchema }),
]);

/**
 * The record as the quarantine keeps it, and as `map` sees it on every attempt: a string stays a string,
 * anything else goes through JSON (dates become strings, `undefined` fields disappear).
 */
export function storedRaw(raw: unknown): unknown {
  if (typeof raw === 'string') return raw;
  try {
    return copyStoredJson(raw, 'raw');
  } catch (cause) {
    throw validationError('raw', 'must be JSON-serializable or a string', cause);
  }
}

/**
 * Run `map` and check what it returned. Refusals come back as `ok: false`; an adapter failure inside `map`
 * (the directory being down) propagates, so the caller retries later instead of quarantining good records.
 */
export async function mapRecord(
  intake: Intake,
  raw: unknown,
  directory: Directory,
  now: Date,
): Promise<IntakeMapping> {
  let mapped: unknown;
  try {
    // The engine's directory is guarded: what it throws is ADAPTER_FAILED, which propagates (not quarantined).
    const context: IntakeContext = { directory, now };
    mapped = await intake.map(raw, context);
  } catch (error) {
    return { ok: false, externalId: null, reason: refusalOf(error, true) };
  }
  const parsed = mappingSchema.safeParse(mapped);
  if (parsed.success) return parsed.data as IntakeMapping;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  const message = `${intake.source}.map returned no valid mapping${where}: ${issue?.message ?? 'invalid'}`;
  return { ok: false, externalId: null, reason: { code: 'MAPPING_FAILED', message } };
}

/**
 * The rejection an error stands for, or the error rethrown when it is transient (`ADAPTER_FAILED`,
 * `VERSION_CONFLICT`, a stopped engine...). In `map`, anything that is not a gridflow error is the mapping's
 * own failure (`MAPPING_FAILED`); a zod error is a validation failure naming its field.
 */
export function refusalOf(error: unknown, fromMap = false): IntakeRejection {
  if (isGridflowError(error)) {
    if (!REFUSALS.has(error.code)) throw error;
    const field = typeof error.details.field === 'string' ? error.details.field : undefined;
    return rejectionSchema.parse({ code: error.code, field, message: error.message });
  }
  if (!fromMap) throw error;
  if (isZodError(error)) {
    const issue = error.issues[0];
    const field = issue?.path.length ? issue.path.join('.') : undefined;
    return rejectionSchema.parse({ code: 'VALIDATION_FAILED', field, message: issue?.message ?? 'invalid' });
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return rejectionSchema.parse({ code: 'MAPPING_FAILED', message });
}

function isZodError(error: unknown): error is { issues: { path: PropertyKey[]; message: string }[] } {
  return error instanceof Error && error.name === 'ZodError' && Array.isArray((error as z.ZodError).issues);
}
