import { GridflowError, type IngestResult } from '@gridflow/engine';
import { describe, expect, it } from 'vitest';
import { hotlineSigner } from './hotline-signature.js';
import { hotlineWebhook } from './hotline-webhook.js';
import { sampleActionRecord, sampleOrderRecord } from './testing/hotline-records.js';

const URL_ = 'http://127.0.0.1/hotline/push';
const signer = hotlineSigner({ appId: 'district-7', secret: 's3cret' });

function signed(body: string, init: RequestInit = {}): Request {
  const headers = signer.sign({ method: 'POST', pathAndQuery: '/hotline/push', body });
  return new Request(URL_, { method: 'POST', headers, body, ...init });
}

/** An engine stand-in that records what it was asked to ingest and answers as told. */
function recordingEngine(answer: (source: string, raw: unknown) => Promise<IngestResult>) {
  const calls: { source: string; raw: unknown }[] = [];
  return {
    calls,
    ingest: (source: string, raw: unknown) => {
      calls.push({ source, raw });
      return answer(source, raw);
    },
  };
}
const applied = async (source: string): Promise<IngestResult> => ({
  status: 'applied',
  source,
  externalId: 'x',
  caseId: 'hotline-x',
  quarantineId: null,
});

describe('hotlineWebhook', () => {
  it('sends orders to the orders source and actions (with an action id) to <source>-actions', async () => {
    const engine = recordingEngine(applied);
    const handler = hotlineWebhook({ engine, appId: 'district-7', secret: 's3cret' });
    await handler(signed(JSON.stringify(sampleOrderRecord(1))));
    await handler(signed(JSON.stringify(sampleActionRecord('A1', 'GD1'))));
    expect(engine.calls.map((c) => c.source)).toEqual(['hotline', 'hotline-actions']);
  });

  it('answers in the profile envelope with the case id', async () => {
    const handler = hotlineWebhook({
      engine: recordingEngine(applied),
      appId: 'district-7',
      secret: 's3cret',
    });
    const response = await handler(signed(JSON.stringify(sampleOrderRecord(1))));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      code: 0,
      message: 'ok',
      data: { status: 'applied', caseId: 'hotline-x', externalId: 'x' },
    });
  });

  it('refuses other methods with 405 and bodies over the limit with 413, before verifying', async () => {
    const engine = recordingEngine(applied);
    const handler = hotlineWebhook({ engine, appId: 'district-7', secret: 's3cret', bodyLimitBytes: 100 });
    expect((await handler(new Request(URL_))).status).toBe(405);
    expect((await handler(signed('x'.repeat(101)))).status).toBe(413);
    expect(engine.calls).toEqual([]);
  });

  it('hands the engine a body nested up to 32 levels as JSON and a deeper one as its text', async () => {
    const engine = recordingEngine(applied);
    const handler = hotlineWebhook({ engine, appId: 'district-7', secret: 's3cret' });
    const nested = (levels: number) => `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
    const arrays = (levels: number) => `{"a":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
    for (const body of [nested(32), nested(33), arrays(32), arrays(33)]) await handler(signed(body));
    expect(engine.calls.map((call) => typeof call.raw)).toEqual(['object', 'string', 'object', 'string']);
  });

  it('answers 503 with Retry-After when storage is down, and 500 (not a throw) for anything unexpected', async () => {
    const down = recordingEngine(async () => {
      throw new GridflowError('ADAPTER_FAILED', 'storage down');
    });
    const handler = hotlineWebhook({ engine: down, appId: 'district-7', secret: 's3cret' });
    const response = await handler(signed('{}'));
    expect([response.status, response.headers.get('retry-after')]).toEqual([503, '5']);
    const broken = recordingEngine(async () => {
      throw new TypeError('bug');
    });
    const errors: string[] = [];
    const logger = { warn: () => {}, error: (message: string) => errors.push(message) };
    const bug = hotlineWebhook({ engine: broken, appId: 'district-7', secret: 's3cret', logger });
    expect((await bug(signed('{}'))).status).toBe(500);
    expect(errors).toEqual(['hotline webhook failed']);
  });

  it('keeps a signed body that is not JSON as its text, answering 400', async () => {
    const engine = recordingEngine(async (source) => ({
      status: 'quarantined',
      source,
      externalId: null,
      quarantineId: 'q1',
      reason: {
        code: 'VALIDATION_FAILED',
        field: '$',
        message: 'BAD_TYPE: the record must be a JSON object',
      },
    }));
    const handler = hotlineWebhook({ engine, appId: 'district-7', secret: 's3cret' });
    const response = await handler(signed('orderNo=GD1'));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      data: { quarantineId: 'q1', reason: { code: 'BAD_TYPE', field: '$' } },
    });
    expect(engine.calls).toEqual([{ source: 'hotline', raw: 'orderNo=GD1' }]);
  });

  it('refuses options without a secret, naming the field', () => {
    expect(() => hotlineWebhook({ engine: recordingEngine(applied), appId: 'a', secret: '' })).toThrow(
      expect.objectContaining({ details: { field: 'hotlineWebhook.secret' } }),
    );
  });
});
