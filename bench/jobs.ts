// `npm run bench -- jobs [--jobs N] [--work-ms W]`: jobs per second through the runner: one runner on the embedded
// store, then one and two runners (separate pools) on PostgreSQL (DATABASE_URL or TEST_DATABASE_URL), each job
// waiting W ms as an I/O-bound job (a webhook request) does. Prints throughput and the ratio of two runners to one.
import { randomBytes } from 'node:crypto';
import { createRunner } from '../src/jobs/runner.ts';
import { defineJob } from '../src/jobs/types.ts';
import { loadConfig } from '../src/config.ts';
import { baseContext, type ServiceContext } from '../src/services/context.ts';
import { enqueueJob } from '../src/services/jobs/jobs.ts';
import { migrate } from '../src/store/migrate.ts';
import { openStore } from '../src/store/open.ts';
import { openPostgres } from '../src/store/postgres.ts';
import type { Store } from '../src/store/types.ts';

export const description = 'jobs per second: embedded store, and one vs two runners sharing PostgreSQL';

const option = (argv: string[], name: string, fallback: number) => {
  const i = argv.indexOf(name);
  return i === -1 ? fallback : Number(argv[i + 1]);
};

async function throughput(stores: Store[], jobs: number, workMs: number): Promise<number> {
  const ctx = (store: Store): ServiceContext => baseContext({ store, config: loadConfig({}) });
  for (let i = 0; i < jobs; i++) await enqueueJob(ctx(stores[0]!), { kind: 'bench.work' });
  const work = defineJob({
    kind: 'bench.work',
    description: '',
    run: () => new Promise<void>((resolve) => setTimeout(resolve, workMs)),
  });
  const started = performance.now();
  const results = await Promise.all(stores.map((s) => createRunner({ ctx: ctx(s), kinds: [work] }).runDue()));
  const seconds = (performance.now() - started) / 1000;
  const ran = results.reduce((n, r) => n + r.ran, 0);
  if (ran !== jobs) throw new Error(`ran ${ran} of ${jobs} jobs`);
  return jobs / seconds;
}

export async function main(argv: string[]): Promise<number> {
  const jobs = option(argv, '--jobs', 500);
  const workMs = option(argv, '--work-ms', 5);
  const embedded = await openStore({ memory: true });
  const pglite = await throughput([embedded], jobs, workMs);
  await embedded.close();
  console.log(`embedded store, 1 runner: ${pglite.toFixed(0)} jobs/s (${jobs} jobs of ${workMs} ms)`);
  const url = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) {
    console.log('set DATABASE_URL or TEST_DATABASE_URL to measure runners sharing PostgreSQL');
    return 0;
  }
  const rates: number[] = [];
  for (const runners of [1, 2]) {
    const schema = `bench_${randomBytes(4).toString('hex')}`;
    const admin = openPostgres(url, { max: 1 });
    await admin.exec(`CREATE SCHEMA ${schema}`);
    const stores = Array.from({ length: runners }, () => openPostgres(url, { searchPath: schema, max: 2 }));
    try {
      await migrate(stores[0]!);
      rates.push(await throughput(stores, jobs, workMs));
      console.log(`PostgreSQL, ${runners} runner(s): ${rates.at(-1)!.toFixed(0)} jobs/s`);
    } finally {
      for (const s of stores) await s.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    }
  }
  console.log(`two runners / one runner: ${(rates[1]! / rates[0]!).toFixed(2)}×`);
  return 0;
}
