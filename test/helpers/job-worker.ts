// A separate process with its own pool and runner, for the test that two servers share one PostgreSQL's jobs:
// node test/helpers/job-worker.ts URL SCHEMA. Runs every due test.count job, then prints how many it ran.
import { createRunner } from '../../src/jobs/runner.ts';
import { defineJob } from '../../src/jobs/types.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import { testContext } from './store.ts';

const [url, schema] = process.argv.slice(2);
if (!url || !schema) throw new Error('usage: job-worker.ts URL SCHEMA');
const store = openPostgres(url, { searchPath: schema, max: 2 });
const ctx = testContext(store);
const count = defineJob({
  kind: 'test.count',
  description: 'records who ran it',
  run: async (c, job) => {
    await c.store.execute(`INSERT INTO job_runs (job_id, pid) VALUES ($1, $2)`, [job.id, process.pid]);
    await new Promise((resolve) => setTimeout(resolve, 2));
  },
});
const runner = createRunner({ ctx, kinds: [count] });
// Both processes say they are ready, then wait for the go file, so they start claiming together.
const go = process.env.JOB_WORKER_GO;
if (go) {
  const { existsSync, writeFileSync } = await import('node:fs');
  await store.query('SELECT 1');
  writeFileSync(`${go}.ready.${process.pid}`, '');
  while (!existsSync(go)) await new Promise((resolve) => setTimeout(resolve, 5));
}
const summary = await runner.runDue();
await store.close();
process.stdout.write(`${JSON.stringify({ pid: process.pid, ...summary })}\n`);
