// The load generators of `bench ingest`, each in a worker thread so they do not share the server's event loop:
// 'clients' runs N loops posting batches to /v1/batch (a 429 waits Retry-After and re-sends the same batch, as
// Segment clients do); 'health' polls /api/health and records how long each answer takes.
import { parentPort, workerData } from 'node:worker_threads';
import { benchEvent } from './ingest-events.ts';

export type LoadInput =
  | { mode: 'clients'; baseUrl: string; writeKey: string; run: string; clients: number; batch: number; seconds: number }
  | { mode: 'health'; baseUrl: string; seconds: number; everyMs: number };

export interface LoadOutput {
  /** Per request that got its 200: milliseconds from sending to the answer. */
  latencies: number[];
  accepted: number;
  overloaded: number;
  errors: Record<string, number>;
  elapsedMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function clients(input: Extract<LoadInput, { mode: 'clients' }>): Promise<LoadOutput> {
  const out: LoadOutput = { latencies: [], accepted: 0, overloaded: 0, errors: {}, elapsedMs: 0 };
  const headers = {
    'content-type': 'application/json',
    authorization: `Basic ${Buffer.from(`${input.writeKey}:`).toString('base64')}`,
  };
  const started = performance.now();
  const deadline = started + input.seconds * 1000;
  const client = async (c: number) => {
    for (let sent = 0; performance.now() < deadline; sent += input.batch) {
      const now = new Date();
      const batch = Array.from({ length: input.batch }, (_, i) => benchEvent(input.run, c, sent + i, now));
      const body = JSON.stringify({ batch, sentAt: now.toISOString() });
      for (;;) {
        const t0 = performance.now();
        const response = await fetch(`${input.baseUrl}/v1/batch`, { method: 'POST', headers, body });
        const text = await response.text();
        if (response.status === 200) {
          out.latencies.push(performance.now() - t0);
          out.accepted += (JSON.parse(text) as { accepted: number }).accepted;
          break;
        }
        if (response.status !== 429) {
          out.errors[response.status] = (out.errors[response.status] ?? 0) + 1;
          break;
        }
        out.overloaded++;
        await sleep(Number(response.headers.get('retry-after') ?? '1') * 1000);
      }
    }
  };
  await Promise.all(Array.from({ length: input.clients }, (_, c) => client(c)));
  out.elapsedMs = performance.now() - started;
  return out;
}

async function health(input: Extract<LoadInput, { mode: 'health' }>): Promise<LoadOutput> {
  const out: LoadOutput = { latencies: [], accepted: 0, overloaded: 0, errors: {}, elapsedMs: 0 };
  const started = performance.now();
  while (performance.now() < started + input.seconds * 1000) {
    const t0 = performance.now();
    const response = await fetch(`${input.baseUrl}/api/health`);
    await response.arrayBuffer();
    if (response.status === 200) out.latencies.push(performance.now() - t0);
    else out.errors[response.status] = (out.errors[response.status] ?? 0) + 1;
    await sleep(input.everyMs);
  }
  out.elapsedMs = performance.now() - started;
  return out;
}

const input = workerData as LoadInput;
if (parentPort) parentPort.postMessage(input.mode === 'clients' ? await clients(input) : await health(input));
