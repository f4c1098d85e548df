// `npm run bench -- api`: the dashboard's API queries against N demo accounts under C concurrent clients
// (in a worker thread, over loopback). Prints p50/p95/p99 per endpoint, each also as a ratio to /api/health
// measured in the same run, and every endpoint's cold first answer (a new data version: nothing cached).
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/http/app.ts';
import { createApiKey } from '../src/services/api-keys.ts';
import { systemActor, silentProgress, type ServiceContext } from '../src/services/context.ts';
import { loadDemo } from '../src/services/demo.ts';
import { createReportCache } from '../src/services/report-cache.ts';
import { openStore } from '../src/store/open.ts';
import type { Store } from '../src/store/types.ts';
import type { ClientsInput, ClientsOutput } from './api-clients.ts';
import { oneOf, positiveInt } from './lib/args.ts';
import { formatMs } from './lib/measure.ts';
import { openServerDatabase } from './lib/server-db.ts';
import { formatCount, formatTable } from './lib/table.ts';

export const description = 'dashboard API latency (p50/p95/p99 per endpoint) under concurrent clients';

const AS_OF = '2026-10-31';
const DIMENSIONS = ['industry', 'size_band', 'segment', 'icp_fit', 'plan', 'owner_csm'] as const;

async function endpoints(store: Store): Promise<Record<string, string[]>> {
  const q = (sql: string) => store.query<{ v: string | number }>(sql);
  const a = `asOf=${AS_OF}`;
  const industries = (await q(`SELECT DISTINCT industry AS v FROM accounts WHERE industry IS NOT NULL`)).map(
    (r) => r.v,
  );
  const csms = (await q(`SELECT DISTINCT owner_csm AS v FROM accounts WHERE owner_csm IS NOT NULL`)).map((r) => r.v);
  const ids = (await q(`SELECT id AS v FROM accounts ORDER BY random() LIMIT 2000`)).map((r) => r.v);
  const names = (await q(`SELECT name AS v FROM accounts ORDER BY random() LIMIT 200`)).map((r) => String(r.v));
  const months = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
  const enc = encodeURIComponent;
  return {
    health: ['/api/health'],
    meta: [`/api/v1/meta?${a}`],
    'metrics month': [`/api/v1/revenue/metrics?interval=month&${a}`],
    'metrics t12m': [`/api/v1/revenue/metrics?interval=t12m&${a}`],
    'metrics by segment': DIMENSIONS.map((d) => `/api/v1/revenue/metrics?by=${d}&${a}`),
    'metrics filtered': [
      ...industries.map((v) => `/api/v1/revenue/metrics?industry=${enc(String(v))}&${a}`),
      ...csms.map((v) => `/api/v1/revenue/metrics?owner_csm=${enc(String(v))}&${a}`),
    ],
    movements: months.map((m) => `/api/v1/revenue/movements?from=${m}&to=${m}&limit=50&${a}`),
    cohorts: [`/api/v1/revenue/cohorts?${a}`],
    'accounts list': ['name', 'mrr', 'customer_since'].flatMap((s) =>
      [0, 50, 100, 500].map((o) => `/api/v1/accounts?sort=${s}&order=desc&offset=${o}&limit=50&${a}`),
    ),
    'accounts search': names.map((n) => `/api/v1/accounts?q=${enc(n.slice(0, 4))}&${a}`),
    'account file': ids.map((id) => `/api/v1/accounts/${id}?${a}`),
  };
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      accounts: { type: 'string' },
      clients: { type: 'string' },
      seconds: { type: 'string' },
      store: { type: 'string' },
    },
    strict: true,
  });
  const accounts = positiveInt('accounts', values.accounts, 100_000);
  const clients = positiveInt('clients', values.clients, 10);
  const seconds = positiveInt('seconds', values.seconds, 30);
  const kind = oneOf('store', values.store, ['embedded', 'postgres'] as const, 'embedded');
  const server = kind === 'postgres' ? await openServerDatabase(process.env) : null;
  const store = server ? server.store : await openStore({ memory: true });
  try {
    const ctx: ServiceContext = {
      store,
      config: loadConfig({}),
      progress: silentProgress,
      actor: systemActor,
      now: () => new Date(),
    };
    const loadStarted = performance.now();
    await loadDemo({ ctx, seed: 1, accounts, endMonth: AS_OF.slice(0, 7), asOf: AS_OF, usage: false });
    console.log(
      `loaded ${formatCount(accounts)} demo accounts on ${kind} in ${formatMs(performance.now() - loadStarted)}`,
    );
    const key = (await createApiKey({ ctx, scope: 'read' })).key;
    const cache = createReportCache();
    const app = await buildApp({ ctx: { ...ctx, cache }, logger: false });
    const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    const urls = await endpoints(store);

    const cold: string[][] = [];
    for (const [name, list] of Object.entries(urls)) {
      cache.clear();
      const t0 = performance.now();
      const response = await fetch(baseUrl + (list[0] ?? ''), { headers: { authorization: `Bearer ${key}` } });
      await response.arrayBuffer();
      cold.push([name, String(response.status), formatMs(performance.now() - t0)]);
    }
    console.log('\ncold: first answer with nothing cached (includes loading the ledger into memory)');
    console.log(formatTable(['endpoint', 'status', 'time'], cold));

    const input: ClientsInput = { baseUrl, key, clients, seconds, endpoints: urls, seed: 42 };
    const worker = new Worker(new URL('./api-clients.ts', import.meta.url), { workerData: input });
    const output = await new Promise<ClientsOutput>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    await app.close();

    const health = [...(output.latencies.health ?? [])].sort((x, y) => x - y);
    const h95 = quantile(health, 0.95);
    const rows = Object.entries(output.latencies).map(([name, samples]) => {
      const s = [...samples].sort((x, y) => x - y);
      const p95 = quantile(s, 0.95);
      return [
        name,
        formatCount(s.length),
        formatMs(quantile(s, 0.5)),
        formatMs(p95),
        formatMs(quantile(s, 0.99)),
        `${(p95 / h95).toFixed(1)}×`,
        p95 < 100 ? 'yes' : 'NO',
      ];
    });
    console.log(
      `\n${clients} clients for ${seconds} s: ${formatCount(output.requests)} requests, ` +
        `${Math.round(output.requests / (output.elapsedMs / 1000))} req/s`,
    );
    console.log(formatTable(['endpoint', 'requests', 'p50', 'p95', 'p99', 'p95 ÷ health p95', 'p95 < 100 ms'], rows));
    if (Object.keys(output.errors).length > 0) console.log('errors:', output.errors);
    return Object.keys(output.errors).length > 0 ? 1 : 0;
  } finally {
    if (server) await server.dispose();
    else await store.close();
  }
}
