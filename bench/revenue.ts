// Revenue engine benchmark: the Tenure ledger against DuckDB and the dbt mrr-playbook SQL on the same
// generated subscription histories. Loads are timed apart; contenders run one after another so each
// phase's peak RSS is its own (PGlite and DuckDB both live in this process).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { oneOf, positiveInt } from './lib/args.ts';
import type { GenerateOptions } from './lib/generate.ts';
import { measure } from './lib/measure.ts';
import { openServerDatabase, type ServerDatabase } from './lib/server-db.ts';
import { monthIndex, monthKey, type MonthlyTotals } from './lib/totals.ts';
import { loadDuckDb, openDuckDb, runDuckDbLedger } from './revenue-duckdb.ts';
import { assertEmpty, loadStore } from './revenue-load.ts';
import { runPlaybook } from './revenue-playbook.ts';
import { printReport, type ContenderResult, type LoadResult } from './revenue-report.ts';
import {
  measureAsOf,
  measureChange,
  runTenure,
  serverContext,
  TENURE_NOT_WIRED,
  type Timing,
} from './revenue-tenure.ts';
import { printSummary, type SizeResult } from './revenue-summary.ts';
import { openStore } from '../src/store/open.ts';
import type { Store } from '../src/store/types.ts';

export const description = 'Tenure revenue ledger vs DuckDB and the dbt mrr-playbook SQL (--help for options)';

const FIRST_MONTH = monthIndex('2020-01');
const ENGINES = ['pglite', 'postgres'] as const;

const HELP = `npm run bench -- revenue [options]
  --customers N,M    customer counts to run one after another, side by side in the summary
                     (default 200000,1000000; about 2.9 periods each)
  --months M         horizon length in months from 2020-01 (default 60)
  --seed S           generator seed (default 1)
  --engine E         store the Tenure engine reads: pglite (in memory) or postgres (default pglite);
                     the server is DATABASE_URL (must be empty) or a fresh local tenure_bench database
  --pglite-memory    keep PGlite in memory instead of a temporary data dir (the product default is a
                     data dir; in memory, 1M customers alone take ~3.5 GiB of RSS)
  --skip-duckdb      leave out the DuckDB baseline
  --skip-playbook    leave out the dbt mrr-playbook baseline (and the server, unless --engine postgres)`;

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      customers: { type: 'string' },
      months: { type: 'string' },
      seed: { type: 'string' },
      engine: { type: 'string' },
      'pglite-memory': { type: 'boolean', default: false },
      'skip-duckdb': { type: 'boolean', default: false },
      'skip-playbook': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    help: values.help,
    sizes: (values.customers ?? '200000,1000000').split(',').map((n) => positiveInt('customers', n, 1)),
    generate: {
      customers: 0,
      months: positiveInt('months', values.months, 60),
      seed: positiveInt('seed', values.seed, 1),
      firstMonth: FIRST_MONTH,
    } satisfies GenerateOptions,
    engine: oneOf('engine', values.engine, ENGINES, 'pglite'),
    pgliteMemory: values['pglite-memory'],
    skipDuckdb: values['skip-duckdb'],
    skipPlaybook: values['skip-playbook'],
  };
}

type Options = ReturnType<typeof parseOptions>;

/** Runs one timed contender; a Tenure engine that is not wired yet is reported as missing, not as a crash. */
async function contend(name: string, engine: string, run: () => Promise<MonthlyTotals[]>): Promise<ContenderResult> {
  const rssBefore = process.memoryUsage.rss();
  try {
    const phase = await measure(run);
    return {
      name,
      engine,
      status: 'ok',
      ms: phase.ms,
      cpuMs: phase.cpuMs,
      peakRss: phase.peakRssBytes,
      rssBefore,
      totals: phase.value,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { name, engine, status: message === TENURE_NOT_WIRED ? 'missing' : 'failed', note: message };
  }
}

async function timedLoad(target: string, load: () => Promise<number>): Promise<LoadResult> {
  const phase = await measure(load);
  return { target, rows: phase.value, ms: phase.ms, peakRss: phase.peakRssBytes };
}

async function loadInto(store: Store, options: Options): Promise<number> {
  await assertEmpty(store);
  return (await loadStore(store, options.generate)).periods;
}

async function runAll(
  options: Options,
  server: ServerDatabase | null,
): Promise<{
  loads: LoadResult[];
  results: ContenderResult[];
  change?: Timing;
  asOf?: Timing;
}> {
  const { firstMonth, months } = options.generate;
  const lastMonth = firstMonth + months - 1;
  const loads: LoadResult[] = [];
  const results: ContenderResult[] = [];
  let change: Timing | undefined;
  let asOf: Timing | undefined;

  if (server) loads.push(await timedLoad('PostgreSQL server', () => loadInto(server.store, options)));
  const pgliteDir =
    options.engine === 'postgres' || options.pgliteMemory
      ? null
      : fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-bench-'));
  const tenureStore =
    options.engine === 'postgres'
      ? server!.store
      : await openStore(pgliteDir ? { dataDir: pgliteDir } : { memory: true });
  try {
    if (tenureStore !== server?.store) {
      const target = pgliteDir ? 'PGlite (data dir)' : 'PGlite (memory)';
      loads.push(await timedLoad(target, () => loadInto(tenureStore, options)));
    }
    const horizon = { firstMonth: monthKey(firstMonth), lastMonth: monthKey(lastMonth) };
    const ctx = serverContext(tenureStore);
    const full = await contend('Tenure', options.engine, () => runTenure(ctx, horizon));
    results.push(full);
    if (full.status === 'ok') {
      change = await measureChange(ctx, horizon);
      asOf = await measureAsOf(ctx, horizon);
      console.log(
        `one account changed, then the next answer: median ${change.ms.toFixed(1)} ms (CPU ${change.cpuMs.toFixed(1)} ms); ` +
          `an as-of day not asked before: median ${asOf.ms.toFixed(0)} ms (CPU ${asOf.cpuMs.toFixed(0)} ms)`,
      );
    }
  } finally {
    if (tenureStore !== server?.store) await tenureStore.close();
    if (pgliteDir) fs.rmSync(pgliteDir, { recursive: true, force: true });
  }

  if (!options.skipPlaybook) {
    const store = server!.store;
    results.push(
      await contend('dbt mrr-playbook SQL', 'postgres server', () => runPlaybook(store, firstMonth, lastMonth)),
    );
  }
  if (!options.skipDuckdb) {
    const duck = await openDuckDb();
    try {
      loads.push(await timedLoad('DuckDB (appender)', () => loadDuckDb(duck, options.generate)));
      results.push(await contend('DuckDB', 'in process', () => runDuckDbLedger(duck, firstMonth, lastMonth)));
    } finally {
      duck.close();
    }
  }
  return {
    loads,
    results,
    ...(change === undefined ? {} : { change }),
    ...(asOf === undefined ? {} : { asOf }),
  };
}

export async function main(argv: string[]): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return 2;
  }
  if (options.help) {
    console.log(HELP);
    return 0;
  }
  const sizes: SizeResult[] = [];
  let code = 0;
  for (const customers of options.sizes) {
    const sized = { ...options, generate: { ...options.generate, customers } };
    const g = sized.generate;
    console.log(
      `\nrevenue bench: ${customers.toLocaleString('en-US')} customers, ${g.months} months from ${monthKey(g.firstMonth)}, ` +
        `seed ${g.seed}, Tenure on ${options.engine}, node ${process.version}`,
    );
    const needServer = !options.skipPlaybook || options.engine === 'postgres';
    const server = needServer ? await openServerDatabase(process.env, 'revenue') : null;
    try {
      const run = await runAll(sized, server);
      code = Math.max(code, printReport({ customers, loads: run.loads, results: run.results }));
      sizes.push({ customers, ...run });
    } finally {
      await server?.dispose();
    }
  }
  printSummary(sizes);
  return code;
}
