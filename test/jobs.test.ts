// The jobs runner on each engine: retries with backoff on an injected clock, the dead state, recurring schedules
// in the company's zone, de-duplicated triggers, a graceful stop, and a dead runner's jobs taken over.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRunner } from '../src/jobs/runner.ts';
import { defineJob, type JobKind } from '../src/jobs/types.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { enqueueJob, listJobs, retryJob } from '../src/services/jobs/jobs.ts';
import { getJob } from '../src/store/jobs.ts';
import type { Store } from '../src/store/types.ts';
import { engines, testConfig, testContext } from './helpers/store.ts';

function clockAt(iso: string) {
  let t = Date.parse(iso);
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms;
    },
    set: (at: string) => {
      t = Date.parse(at);
    },
  };
}

for (const engine of engines()) {
  describe(`jobs runner (${engine.name})`, () => {
    let store: Store;
    before(async () => {
      store = await engine.open();
    });
    after(async () => {
      await store.close();
    });

    const contextWith = (clock: { now: () => Date }, timezone = 'UTC'): ServiceContext => ({
      ...testContext(store, { jobs: { ...testConfig().jobs, timezone } }),
      now: clock.now,
    });

    it('runs a job that fails twice then succeeds three times, each retry no sooner than its backoff', async () => {
      const clock = clockAt('2026-03-01T10:00:00Z');
      const ctx = contextWith(clock);
      const seen: string[] = [];
      const flaky = defineJob({
        kind: 'test.flaky',
        description: 'fails twice',
        backoff: { baseMs: 60_000, factor: 2 },
        run: async (_ctx, job) => {
          seen.push(`${job.attempt}@${clock.now().toISOString()}`);
          if (seen.length <= 2) throw new Error(`boom ${seen.length}`);
          await job.progress({ done: 1, total: 1 });
        },
      });
      const runner = createRunner({ ctx, kinds: [flaky] });
      const id = await enqueueJob(ctx, { kind: 'test.flaky', maxAttempts: 5 });
      assert.ok(id);
      assert.deepEqual(await runner.runDue(), { ran: 1, succeeded: 0, failed: 1 });
      clock.advance(59_999);
      assert.equal((await runner.runDue()).ran, 0, 'not before the first backoff (60 s)');
      clock.advance(1);
      assert.deepEqual(await runner.runDue(), { ran: 1, succeeded: 0, failed: 1 });
      const waiting = await getJob(store, id);
      assert.equal(waiting?.state, 'queued');
      assert.equal(waiting?.lastError, 'boom 2');
      assert.equal(waiting?.runAt, '2026-03-01T10:03:00.000Z', 'second backoff doubles to 120 s');
      clock.advance(119_999);
      assert.equal((await runner.runDue()).ran, 0);
      clock.advance(1);
      assert.deepEqual(await runner.runDue(), { ran: 1, succeeded: 1, failed: 0 });
      assert.deepEqual(seen, [
        '1@2026-03-01T10:00:00.000Z',
        '2@2026-03-01T10:01:00.000Z',
        '3@2026-03-01T10:03:00.000Z',
      ]);
      const done = await getJob(store, id);
      assert.equal(done?.state, 'done');
      assert.equal(done?.attempts, 3);
      assert.deepEqual(done?.progress, { done: 1, total: 1 });
      assert.equal((await runner.runDue()).ran, 0, 'a done job never runs again');
    });

    it('marks a job dead after its last attempt, and a retry runs it again from the first', async () => {
      const clock = clockAt('2026-04-01T00:00:00Z');
      const ctx = contextWith(clock);
      let runs = 0;
      const broken = defineJob({
        kind: 'test.broken',
        description: 'always fails',
        backoff: { baseMs: 1000, factor: 10 },
        run: () => {
          runs++;
          return Promise.reject(new Error(`receiver said no (${runs})`));
        },
      });
      const runner = createRunner({ ctx, kinds: [broken] });
      const id = (await enqueueJob(ctx, { kind: 'test.broken', maxAttempts: 3 }))!;
      for (const wait of [0, 1000, 10_000]) {
        clock.advance(wait);
        assert.equal((await runner.runDue()).failed, 1);
      }
      clock.advance(10 * 24 * 3600_000);
      assert.equal((await runner.runDue()).ran, 0, 'a dead job is not retried on its own');
      const dead = await getJob(store, id);
      assert.equal(dead?.state, 'dead');
      assert.equal(dead?.attempts, 3);
      assert.equal(dead?.lastError, 'receiver said no (3)');
      const listed = await listJobs({ ctx, state: 'dead', kind: 'test.broken' });
      assert.deepEqual(
        listed.items.map((j) => j.id),
        [id],
      );
      await retryJob({ ctx, id });
      assert.equal((await runner.runDue()).ran, 1);
      assert.equal(runs, 4);
      assert.equal((await getJob(store, id))?.attempts, 1);
    });

    it('runs a recurring job at its wall time in the company zone across spring-forward, one row throughout', async () => {
      const clock = clockAt('2026-03-28T12:00:00Z');
      const ctx = contextWith(clock, 'Europe/Berlin');
      const ranAt: string[] = [];
      const nightly = defineJob({
        kind: 'test.nightly',
        description: 'at 02:30 Berlin time',
        schedule: '30 2 * * *',
        run: () => {
          ranAt.push(clock.now().toISOString());
          return Promise.resolve();
        },
      });
      const runner = createRunner({ ctx, kinds: [nightly] });
      await runner.ensureSchedules();
      await runner.ensureSchedules();
      const rows = (await listJobs({ ctx, kind: 'test.nightly' })).items;
      assert.equal(rows.length, 1);
      // 02:30 does not exist in Berlin on 2026-03-29: the run moves an hour later, to 03:30 CEST (01:30Z).
      assert.equal(rows[0]?.runAt, '2026-03-29T01:30:00.000Z');
      clock.set('2026-03-29T01:30:00Z');
      assert.equal((await runner.runDue()).succeeded, 1);
      const next = await getJob(store, rows[0]?.id ?? 0);
      assert.equal(next?.state, 'queued');
      assert.equal(next?.runAt, '2026-03-30T00:30:00.000Z', '02:30 CEST the next day');
      assert.deepEqual(ranAt, ['2026-03-29T01:30:00.000Z']);
    });

    it('adds a triggered job once while one with its key is queued', async () => {
      const ctx = contextWith(clockAt('2026-05-01T00:00:00Z'));
      const first = await enqueueJob(ctx, { kind: 'test.once', uniqueKey: 'refresh' });
      assert.ok(first);
      assert.equal(await enqueueJob(ctx, { kind: 'test.once', uniqueKey: 'refresh' }), null);
      const runner = createRunner({
        ctx,
        kinds: [defineJob({ kind: 'test.once', description: '', run: () => Promise.resolve() })],
      });
      await runner.runDue();
      assert.ok(await enqueueJob(ctx, { kind: 'test.once', uniqueKey: 'refresh' }), 'after it ran, a new one is added');
      await assert.rejects(retryJob({ ctx, id: first }), /the same work is already queued/);
    });

    it('gives a running job back to the queue on a graceful stop, and another runner takes it', async () => {
      const ctx = contextWith(clockAt('2026-06-01T00:00:00Z'));
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      const slow: JobKind = defineJob({
        kind: 'test.slow',
        description: 'waits until aborted',
        run: (_ctx, job) =>
          new Promise<void>((_resolve, reject) => {
            started();
            job.signal.addEventListener('abort', () => {
              reject(new Error('aborted'));
            });
          }),
      });
      const id = (await enqueueJob(ctx, { kind: 'test.slow' }))!;
      const runner = createRunner({ ctx, kinds: [slow], pollMs: 10 });
      await runner.start();
      await running;
      assert.equal((await getJob(store, id))?.state, 'running');
      await runner.stop(50);
      const released = await getJob(store, id);
      assert.equal(released?.state, 'queued');
      assert.equal(released?.attempts, 0, 'an attempt given back does not count');
      assert.equal(released?.lockedBy, null);
      let finished = 0;
      const other = createRunner({
        ctx,
        kinds: [
          defineJob({
            kind: 'test.slow',
            description: '',
            run: () => {
              finished++;
              return Promise.resolve();
            },
          }),
        ],
      });
      assert.equal((await other.runDue()).succeeded, 1);
      assert.equal(finished, 1);
    });

    it('takes over a job whose runner died once its lease has run out', async () => {
      const clock = clockAt('2026-07-01T00:00:00Z');
      const ctx = contextWith(clock);
      const id = (await enqueueJob(ctx, { kind: 'test.orphan' }))!;
      // A runner that claims the job and is never heard from again.
      await store.execute(
        `UPDATE jobs SET state = 'running', attempts = 1, locked_by = 'gone', locked_until = $2 WHERE id = $1`,
        [id, new Date(clock.now().getTime() + 300_000).toISOString()],
      );
      let runs = 0;
      const runner = createRunner({
        ctx,
        kinds: [
          defineJob({
            kind: 'test.orphan',
            description: '',
            run: () => {
              runs++;
              return Promise.resolve();
            },
          }),
        ],
      });
      assert.equal((await runner.runDue()).ran, 0, 'not while the lease holds');
      clock.advance(300_001);
      assert.equal((await runner.runDue()).succeeded, 1);
      assert.equal(runs, 1);
      assert.equal((await getJob(store, id))?.attempts, 2);
    });
  });
}
