// `npm run bench -- ingest`: N clients post batches of 100 Segment events over loopback to the real server, on the
// embedded store (a data dir, as the product runs) and on PostgreSQL (its own schema). Prints durable events/s
// (counted from 200 answers, which come only after the commit) and batch latency, /api/health latency during
// the run, and a raw PostgreSQL COPY of the same rows as the baseline. Checks that the store holds every
// accepted event once and that the rollup adds up to them.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/http/app.ts';
import { createApiKey } from '../src/services/api-keys.ts';
import { systemActor, silentProgress, type ServiceContext } from '../src/services/context.ts';
import { migrate } from '../src/store/migrate.ts';
import { openStore } from '../src/store/open.ts';
import { openPostgres } from '../src/store/postgres.ts';
import type { Store } from '../src/store/types.ts';
import type { LoadInput, LoadOutput } from './ingest-clients.ts';
import { ACCOUNTS, benchEvent, CATALOG } from './ingest-events.ts';
import { oneOf, positiveInt } from './lib/args.ts';
import { formatCount, formatTable } from './lib/table.ts';

export const description = 'Segment ingestion over HTTP: durable events/s and p99, beside a raw PostgreSQL COPY';

const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const HEALTH_TARGET_MS = 50;
const TARGETS = { embedded: 5_000, postgres: 20_000 } as const;

const HELP = `npm run bench -- ingest [options]
  --clients N    concurrent clients (default 8)
  --seconds S    length of each run (default 20)
  --batch B      events per batch (default 100)
  --store S      embedded, postgres or both (default both); PostgreSQL is TEST_DATABASE_URL or
                 ${POSTGRES_URL}, in a schema of its own that is dropped afterwards`;

type Engine = 'embedded' | 'postgres';

interface EngineResult {
  engine: Engine;
  clients: LoadOutput;
  health: LoadOutput;
  stored: number;
  rolledUp: number;
}

const quantile = (samples: readonly number[], q: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;
const perSecond = (count: number, elapsedMs: number) => Math.round(count / (elapsedMs / 1000));

function runWorker(input: LoadInput): Promise<LoadOutput> {
  const worker = new Worker(new URL('./ingest-clients.ts', import.meta.url), { workerData: input });
  return new Promise<LoadOutput>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  }).finally(() => worker.terminate());
}

async function openEngine(engine: Engine): Promise<{ store: Store; dispose(): Promise<void> }> {
  if (engine === 'embedded') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tenure-bench-ingest-'));
    const store = await openStore({ dataDir: path.join(dir, 'data') });
    const dispose = async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    };
    return { store, dispose };
  }
  const schema = `bench_ingest_${randomBytes(4).toString('hex')}`;
  const admin = openPostgres(POSTGRES_URL, { max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const store = openPostgres(POSTGRES_URL, { searchPath: schema, max: 10 });
  await migrate(store);
  const dispose = async () => {
    await store.close();
    await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
    await admin.close();
  };
  return { store, dispose };
}

async function seed(store: Store): Promise<void> {
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => `acct-${i}`);
  await store.execute(
    `INSERT INTO accounts (external_id, name, source) SELECT v, v, 'bench' FROM jsonb_array_elements_text($1::jsonb) v`,
    [JSON.stringify(accounts)],
  );
  for (const f of CATALOG) {
    await store.execute(`INSERT INTO features (key, name, module, event) VALUES ($1, $1, 'bench', $2)`, [
      f.key,
      f.event,
    ]);
  }
}

async function runEngine(engine: Engine, options: { clients: number; seconds: number; batch: number }) {
  const opened = await openEngine(engine);
  const store = opened.store;
  try {
    await seed(store);
    const ctx: ServiceContext = {
      store,
      config: loadConfig(process.env),
      progress: silentProgress,
      actor: systemActor,
      now: () => new Date(),
    };
    const writeKey = (await createApiKey({ ctx, scope: 'ingest', name: 'bench' })).key;
    const app = await buildApp({ ctx, logger: false });
    const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    const run = randomBytes(3).toString('hex');
    const [clients, health] = await Promise.all([
      runWorker({ mode: 'clients', baseUrl, writeKey, run, ...options }),
      runWorker({ mode: 'health', baseUrl, seconds: options.seconds, everyMs: 20 }),
    ]);
    await app.close();
    const [row] = await store.query<{ stored: number; rolled: number }>(
      `SELECT (SELECT count(*) FROM usage_events) AS stored, (SELECT COALESCE(sum(events), 0) FROM usage_daily) AS rolled`,
    );
    const result: EngineResult = {
      engine,
      clients,
      health,
      stored: Number(row?.stored),
      rolledUp: Number(row?.rolled),
    };
    return result;
  } finally {
    await opened.dispose();
  }
}

/** The same rows as Tenure stores, as CSV for COPY into a plain table with usage_events' columns. */
function csvRows(count: number, clients: number): string {
  const at = new Date();
  const lines: string[] = [];
  const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
  for (let i = 0; i < count; i++) {
    const e = benchEvent('copy', i % clients, Math.floor(i / clients), at);
    // Unquoted empty fields are NULL (anonymous_id, account_id).
    const text = [e.timestamp, e.timestamp, e.messageId, e.type, e.event, e.userId].map(quote);
    const json = [e.properties, e.context].map((v) => quote(JSON.stringify(v)));
    lines.push([...text, '', quote(e.context.groupId), '', ...json, 'segment'].join(','));
  }
  return lines.join('\n') + '\n';
}

/** Times `\copy … FROM STDIN` through psql over loopback: PostgreSQL's own bulk load, no checks, no rollups. */
async function copyBaseline(rows: number, clients: number): Promise<number> {
  const table = `bench_copy_${randomBytes(4).toString('hex')}`;
  const admin = openPostgres(POSTGRES_URL, { max: 1 });
  await admin.exec(`CREATE TABLE public.${table} (occurred_at timestamptz NOT NULL, received_at timestamptz NOT NULL,
    message_id text NOT NULL, type text NOT NULL, event text, user_id text, anonymous_id text, group_id text,
    account_id bigint, properties jsonb NOT NULL, context jsonb NOT NULL, source text NOT NULL)`);
  try {
    const csv = csvRows(rows, clients);
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const psql = spawn('psql', [POSTGRES_URL, '-qc', `\\copy public.${table} FROM STDIN WITH (FORMAT csv)`], {
        stdio: ['pipe', 'inherit', 'inherit'],
      });
      psql.once('error', reject);
      psql.once('exit', (code) => {
        if (code === 0) resolve();
        else reject(new Error(`psql exited with ${code}`));
      });
      psql.stdin.end(csv);
    });
    const elapsed = performance.now() - started;
    const [row] = await admin.query<{ n: number }>(`SELECT count(*) AS n FROM public.${table}`);
    if (Number(row?.n) !== rows) throw new Error(`COPY loaded ${row?.n} rows, expected ${rows}`);
    return elapsed;
  } finally {
    await admin.exec(`DROP TABLE public.${table}`);
    await admin.close();
  }
}

function report(results: EngineResult[], copyMs: number | null, copyRows: number, clients: number): number {
  let failed = 0;
  const rows = results.map((r) => {
    const rate = perSecond(r.clients.accepted, r.clients.elapsedMs);
    const healthP99 = quantile(r.health.latencies, 0.99);
    const exact = r.stored === r.clients.accepted && r.rolledUp === r.clients.accepted;
    if (!exact || Object.keys(r.clients.errors).length > 0) failed++;
    const copyRate = copyMs === null ? null : perSecond(copyRows, copyMs);
    return [
      r.engine,
      formatCount(r.clients.accepted),
      formatCount(rate),
      copyRate === null ? 'n/a' : `${(rate / copyRate).toFixed(2)}×`,
      ms(quantile(r.clients.latencies, 0.5)),
      ms(quantile(r.clients.latencies, 0.99)),
      formatCount(r.clients.overloaded),
      ms(quantile(r.health.latencies, 0.5)),
      ms(healthP99),
      ms(Math.max(...r.health.latencies)),
      `${rate >= TARGETS[r.engine] ? 'yes' : 'NO'} (≥ ${formatCount(TARGETS[r.engine])})`,
      healthP99 <= HEALTH_TARGET_MS ? 'yes' : 'NO',
      exact ? 'yes' : `NO (${r.stored} stored, ${r.rolledUp} rolled up)`,
    ];
  });
  const headers = ['store', 'events', 'events/s', '÷ COPY', 'batch p50', 'batch p99', '429s', 'health p50'];
  headers.push('health p99', 'health max', 'rate target', 'health ≤ 50 ms', 'each once');
  console.log(`\n${clients} clients over loopback; events/s counts events acknowledged with 200 (durable)`);
  console.log(formatTable(headers, rows));
  if (copyMs !== null) {
    console.log(
      `\nbaseline: psql \\copy of ${formatCount(copyRows)} of the same rows into a plain table (no indexes, ` +
        `no dedup, no rollups): ${formatCount(perSecond(copyRows, copyMs))} rows/s`,
    );
  }
  for (const r of results)
    if (Object.keys(r.clients.errors).length > 0) console.log(r.engine, 'errors', r.clients.errors);
  return failed > 0 ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      clients: { type: 'string' },
      seconds: { type: 'string' },
      batch: { type: 'string' },
      store: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return (console.log(HELP), 0);
  const options = {
    clients: positiveInt('clients', values.clients, 8),
    seconds: positiveInt('seconds', values.seconds, 20),
    batch: positiveInt('batch', values.batch, 100),
  };
  const which = oneOf('store', values.store, ['embedded', 'postgres', 'both'] as const, 'both');
  const engines: Engine[] = which === 'both' ? ['embedded', 'postgres'] : [which];
  const results: EngineResult[] = [];
  for (const engine of engines) {
    console.log(`${engine}: ${options.clients} clients × batches of ${options.batch} for ${options.seconds} s…`);
    results.push(await runEngine(engine, options));
  }
  const copyRows = Math.max(...results.map((r) => r.clients.accepted));
  const copyMs = await copyBaseline(copyRows, options.clients).catch((error: unknown) => {
    console.log(`COPY baseline skipped: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  });
  return report(results, copyMs, copyRows, options.clients);
}
