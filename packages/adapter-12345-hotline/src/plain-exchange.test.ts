import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IngestResult } from '@gridflow/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { hotlineSigner } from './hotline-signature.js';
import { hotlineWebhook } from './hotline-webhook.js';
import { toNodeHandler } from './node-handler.js';
import { PLAIN_HANDLER, type PlainCapableHandler, webHandlerOf } from './plain-exchange.js';
import { sampleOrderRecord } from './testing/hotline-records.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(handler: (request: Request) => Promise<Response>, bodyLimitBytes?: number) {
  server = createServer(toNodeHandler(handler, bodyLimitBytes ? { bodyLimitBytes } : {}));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const signer = hotlineSigner({ appId: 'district-7', secret: 's3cret' });
/** Two signed pushes of one order: identical bodies, each with its own nonce. */
function twoPushes(path: string) {
  const body = JSON.stringify(sampleOrderRecord(3));
  return [1, 2].map(() => ({ body, headers: signer.sign({ method: 'POST', pathAndQuery: path, body }) }));
}

function webhookOver(ingested: string[]) {
  const engine = {
    ingest: async (source: string, raw: unknown): Promise<IngestResult> => {
      ingested.push(`${source}:${(raw as { orderNo: string }).orderNo}`);
      return { status: 'applied', source, externalId: 'x', caseId: 'hotline-x', quarantineId: null };
    },
  };
  return hotlineWebhook({ engine, appId: 'district-7', secret: 's3cret', bodyLimitBytes: 4096 });
}

describe('the plain form of a web handler', () => {
  it('answers a Node server exactly as the web handler answers a Request, replay included', async () => {
    const overWeb: string[] = [];
    const web = webhookOver(overWeb);
    const webAnswers = [];
    for (const push of twoPushes('/hotline/push?d=7')) {
      const request = new Request('http://127.0.0.1/hotline/push?d=7', { method: 'POST', ...push });
      const response = await web(request);
      webAnswers.push({
        status: response.status,
        type: response.headers.get('content-type'),
        body: await response.json(),
      });
    }
    // The second push reuses the first one's nonce: a replay, refused by both forms alike.
    const replayed = twoPushes('/hotline/push?d=7');
    replayed[1]!.headers = replayed[0]!.headers;

    const overNode: string[] = [];
    const url = await serve(webhookOver(overNode));
    const nodeAnswers = [];
    for (const push of twoPushes('/hotline/push?d=7')) {
      const response = await fetch(`${url}/hotline/push?d=7`, { method: 'POST', ...push });
      nodeAnswers.push({
        status: response.status,
        type: response.headers.get('content-type'),
        body: await response.json(),
      });
    }
    const nodeReplay = [];
    for (const push of replayed) {
      const response = await fetch(`${url}/hotline/push?d=7`, { method: 'POST', ...push });
      nodeReplay.push(response.status);
    }

    expect(webAnswers.map((a) => a.status)).toEqual([200, 200]);
    expect(nodeAnswers).toEqual(webAnswers);
    expect(nodeReplay).toEqual([200, 401]);
    expect(overNode).toEqual([
      'hotline:GD2026030200003',
      'hotline:GD2026030200003',
      'hotline:GD2026030200003',
    ]);
    expect(overWeb).toEqual(['hotline:GD2026030200003', 'hotline:GD2026030200003']);
  });

  it('is what toNodeHandler calls: the web form is never built a Request', async () => {
    let webCalls = 0;
    const plain = webHandlerOf(
      async (request) => ({
        status: 202,
        headers: { 'x-path': request.pathAndQuery },
        body: `${request.body?.length}`,
      }),
      64,
      () => ({ status: 500, headers: {}, body: '' }),
    );
    const counting: PlainCapableHandler = (request) => {
      webCalls += 1;
      return plain(request);
    };
    counting[PLAIN_HANDLER] = plain[PLAIN_HANDLER];
    const url = await serve(counting, 32);

    const answer = await fetch(`${url}/a%20b?q=1`, { method: 'POST', body: '工单' });
    expect([answer.status, answer.headers.get('x-path'), await answer.text()]).toEqual([
      202,
      '/a%20b?q=1',
      '6',
    ]);
    // Sized, not chunked: headers and body leave in one write.
    expect([answer.headers.get('content-length'), answer.headers.get('transfer-encoding')]).toEqual([
      '1',
      null,
    ]);
    expect((await fetch(`${url}/x`, { method: 'POST', body: 'x'.repeat(33) })).status).toBe(413);
    expect(webCalls).toBe(0);
  });

  it('answers 413 through either form when the body passes the webhook limit', async () => {
    const ingested: string[] = [];
    const web = webhookOver(ingested);
    const body = JSON.stringify({ ...sampleOrderRecord(4), content: '长'.repeat(2000) });
    const headers = signer.sign({ method: 'POST', pathAndQuery: '/hotline/push', body });
    const viaWeb = await web(new Request('http://127.0.0.1/hotline/push', { method: 'POST', headers, body }));
    const url = await serve(webhookOver(ingested));
    const viaNode = await fetch(`${url}/hotline/push`, { method: 'POST', headers, body });
    expect([viaWeb.status, viaNode.status]).toEqual([413, 413]);
    expect(ingested).toEqual([]);
  });
});
