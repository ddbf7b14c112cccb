/**
 * The 12345 platform's side of `pnpm bench` in a process of its own, as the platform pushes from its own
 * servers. Two steps per round, so that only the pushing is timed:
 *
 * 1. `prepare`: sign each order (HMAC-SHA256 with a fresh nonce and the current time, as the fake platform
 *    does) and lay out its HTTP/1.1 request, as `createCase`'s side gets its requests mapped beforehand;
 * 2. `push`: send them over `lanes` kept-alive connections, one request in flight per connection (the same
 *    concurrency as `createCase`'s lanes), and answer with the pushes that did not get 200.
 *
 * The client is a few lines over `node:net` instead of `node:http`'s: on a shared 2-core machine the
 * platform's CPU is taken from the webhook's, and a real platform's HTTP client runs on its own machines. The
 * webhook still gets ordinary HTTP/1.1 requests (`Content-Length` bodies, keep-alive) and verifies all of it.
 */
import { connect, type Socket } from 'node:net';
import { hotlineSigner } from '../src/index.js';
import { sampleOrderRecord } from '../src/testing/index.js';

/** What the bench sends: sign and lay out orders `numbers` for `to`, or push what was prepared. */
export type PlatformCommand =
  | { kind: 'prepare'; numbers: number[]; to: string }
  | { kind: 'push'; lanes: number };

const signer = hotlineSigner({
  appId: process.env.BENCH_APP_ID ?? 'bench-app',
  secret: process.env.BENCH_SECRET ?? 'bench-secret',
});
let target: URL | null = null;
let prepared: { n: number; bytes: Buffer }[] = [];

function requestBytes(url: URL, n: number): Buffer {
  const body = JSON.stringify(sampleOrderRecord(n));
  const pathAndQuery = url.pathname + url.search;
  const headers = signer.sign({ method: 'POST', pathAndQuery, body });
  const lines = [
    `POST ${pathAndQuery} HTTP/1.1`,
    `host: ${url.host}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

/** One kept-alive connection: sends a request, resolves with the status once the whole answer is in. */
async function lane(url: URL): Promise<{ send(bytes: Buffer): Promise<number>; close(): void }> {
  const socket: Socket = connect({ host: url.hostname, port: Number(url.port), noDelay: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let waiting: { resolve: (status: number) => void; reject: (error: Error) => void } | null = null;
  let buffered: Buffer = Buffer.alloc(0);
  const fail = (error: Error) => {
    waiting?.reject(error);
    waiting = null;
  };
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('the webhook closed the connection')));
  socket.on('data', (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    const headEnd = buffered.indexOf('\r\n\r\n');
    if (headEnd < 0 || !waiting) return;
    const head = buffered.subarray(0, headEnd).toString('latin1');
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? Number.NaN);
    if (!Number.isFinite(length)) return fail(new Error(`an answer without content-length: ${head}`));
    if (buffered.length < headEnd + 4 + length) return;
    const status = Number(head.slice(9, 12));
    buffered = buffered.subarray(headEnd + 4 + length);
    const done = waiting;
    waiting = null;
    done.resolve(status);
  });
  return {
    send: (bytes) =>
      new Promise<number>((resolve, reject) => {
        waiting = { resolve, reject };
        socket.write(bytes);
      }),
    close: () => socket.end(),
  };
}

async function push(lanes: number): Promise<string[]> {
  const failures: string[] = [];
  const url = target!;
  const connections = await Promise.all(Array.from({ length: lanes }, () => lane(url)));
  let next = 0;
  await Promise.all(
    connections.map(async (connection) => {
      while (next < prepared.length) {
        const { n, bytes } = prepared[next++]!;
        const status = await connection.send(bytes).catch((error: unknown) => String(error));
        if (status !== 200) failures.push(`push ${n}: ${status}`);
      }
    }),
  );
  for (const connection of connections) connection.close();
  prepared = [];
  return failures;
}

process.on('message', async (command: PlatformCommand) => {
  if (command.kind === 'prepare') {
    target = new URL(command.to);
    const url = target;
    prepared = command.numbers.map((n) => ({ n, bytes: requestBytes(url, n) }));
    process.send?.({ prepared: prepared.length });
    return;
  }
  process.send?.({ failures: await push(command.lanes) });
});
process.send?.({ ready: true });
