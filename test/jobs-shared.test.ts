// Several servers on one PostgreSQL share the jobs: two processes (each its own pool and runner) run 300 jobs,
// each exactly once, both taking part. Needs TEST_DATABASE_URL; on the embedded store one process runs them all.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createRunner } from '../src/jobs/runner.ts';
import { defineJob } from '../src/jobs/types.ts';
import { enqueueJob } from '../src/services/jobs/jobs.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPostgres } from '../src/store/postgres.ts';
import { tempDir } from './helpers/cli.ts';
import { testContext } from './helpers/store.ts';

const url = process.env.TEST_DATABASE_URL;
const worker = path.resolve(import.meta.dirname, 'helpers/job-worker.ts');
const JOBS = 300;

function runWorker(schema: string, go: string): Promise<{ pid: number; ran: number; failed: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, url ?? '', schema], { env: { ...process.env, JOB_WORKER_GO: go } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out) as { pid: number; ran: number; failed: number });
      else reject(new Error(`worker exited ${code}: ${err}`));
    });
  });
}

describe('jobs shared by several processes on one PostgreSQL', { skip: !url && 'TEST_DATABASE_URL not set' }, () => {
  it('runs each of 300 jobs exactly once across two processes, both taking part', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = openPostgres(url!, { max: 1 });
    await admin.exec(`CREATE SCHEMA ${schema}`);
    const store = openPostgres(url!, { searchPath: schema, max: 2 });
    try {
      await migrate(store);
      await store.exec(`CREATE TABLE job_runs (job_id bigint NOT NULL, pid integer NOT NULL)`);
      const ctx = testContext(store);
      for (let i = 0; i < JOBS; i++) await enqueueJob(ctx, { kind: 'test.count', payload: { i } });
      const dir = tempDir();
      const go = path.join(dir, 'go');
      const workers = [runWorker(schema, go), runWorker(schema, go)];
      while (readdirSync(dir).filter((f) => f.startsWith('go.ready.')).length < 2) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      writeFileSync(go, '');
      const results = await Promise.all(workers);
      const runs = await store.query<{ job_id: number; pid: number }>(`SELECT job_id, pid FROM job_runs`);
      assert.equal(runs.length, JOBS, 'every job ran, none twice');
      assert.equal(new Set(runs.map((r) => r.job_id)).size, JOBS);
      for (const r of results) {
        assert.ok(r.ran > 0, `process ${r.pid} ran none of the jobs: ${JSON.stringify(results)}`);
        assert.equal(r.ran, runs.filter((x) => x.pid === r.pid).length);
      }
      const [left] = await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE state <> 'done'`);
      assert.equal(left?.n, 0);
    } finally {
      await store.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    }
  });

  it('never hands one job to two runners in one process with two pools', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = openPostgres(url!, { max: 1 });
    await admin.exec(`CREATE SCHEMA ${schema}`);
    const stores = [
      openPostgres(url!, { searchPath: schema, max: 2 }),
      openPostgres(url!, { searchPath: schema, max: 2 }),
    ];
    try {
      await migrate(stores[0]!);
      const ctx = testContext(stores[0]!);
      for (let i = 0; i < 100; i++) await enqueueJob(ctx, { kind: 'test.tally' });
      const ran = new Map<number, number>();
      const tally = defineJob({
        kind: 'test.tally',
        description: '',
        run: async (_c, job) => {
          ran.set(job.id, (ran.get(job.id) ?? 0) + 1);
          await new Promise((resolve) => setImmediate(resolve));
        },
      });
      const results = await Promise.all(
        stores.map((s) => createRunner({ ctx: testContext(s), kinds: [tally] }).runDue()),
      );
      assert.equal(ran.size, 100);
      assert.ok([...ran.values()].every((n) => n === 1));
      assert.equal(results[0]!.ran + results[1]!.ran, 100);
    } finally {
      for (const s of stores) await s.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    }
  });
});
