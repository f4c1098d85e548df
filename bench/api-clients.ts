// The load generator of `bench api`, run in a worker thread so it does not share the server's event loop:
// `clients` concurrent loops, each sending the dashboard's queries for `seconds`, recording latency per endpoint.
import { parentPort, workerData } from 'node:worker_threads';
import { mulberry32 } from './lib/generate.ts';

export interface ClientsInput {
  baseUrl: string;
  key: string;
  clients: number;
  seconds: number;
  /** Per endpoint name, the URLs to pick from at random (paths with queries). */
  endpoints: Record<string, string[]>;
  seed: number;
}

export interface ClientsOutput {
  latencies: Record<string, number[]>;
  errors: Record<string, number>;
  requests: number;
  elapsedMs: number;
}

async function run(input: ClientsInput): Promise<ClientsOutput> {
  const names = Object.keys(input.endpoints);
  const latencies: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const errors: Record<string, number> = {};
  const headers = { authorization: `Bearer ${input.key}` };
  const started = performance.now();
  const deadline = started + input.seconds * 1000;
  let requests = 0;
  const client = async (index: number) => {
    const random = mulberry32(input.seed + index);
    while (performance.now() < deadline) {
      const name = names[Math.floor(random() * names.length)] ?? '';
      const urls = input.endpoints[name] ?? [];
      const url = urls[Math.floor(random() * urls.length)] ?? '';
      const t0 = performance.now();
      const response = await fetch(input.baseUrl + url, { headers });
      await response.arrayBuffer();
      const ms = performance.now() - t0;
      requests++;
      if (response.status === 200) latencies[name]?.push(ms);
      else errors[`${name} ${response.status}`] = (errors[`${name} ${response.status}`] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: input.clients }, (_, i) => client(i)));
  return { latencies, errors, requests, elapsedMs: performance.now() - started };
}

if (parentPort) parentPort.postMessage(await run(workerData as ClientsInput));
