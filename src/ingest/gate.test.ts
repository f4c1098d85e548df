import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWriteQueue, OverloadedError } from './gate.ts';

/** A flush the test releases by hand, recording what each call received. */
function manualFlush() {
  const calls: number[][] = [];
  const releases: (() => void)[] = [];
  const flush = async (jobs: number[]) => {
    calls.push(jobs);
    await new Promise<void>((resolve) => releases.push(resolve));
    if (jobs.includes(-1)) throw new Error('bad job');
    return jobs.map((j) => j * 10);
  };
  const releaseAll = async () => {
    while (releases.length > 0) {
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { calls, flush, releaseAll };
}

describe('createWriteQueue', () => {
  it('groups whatever waits while a write runs into the next write, up to maxWeight', async () => {
    const f = manualFlush();
    const queue = createWriteQueue<number, number>({
      maxPending: 100,
      writers: 1,
      maxWeight: 5,
      weight: (j) => j,
      flush: f.flush,
    });
    const results = [1, 2, 2, 3, 1].map((j) => queue.submit(j));
    await f.releaseAll();
    assert.deepEqual(await Promise.all(results), [10, 20, 20, 30, 10]);
    assert.deepEqual(f.calls, [[1], [2, 2], [3, 1]]);
    assert.equal(queue.pending, 0);
  });

  it('refuses work beyond maxPending at once with a retry hint, and takes it again once drained', async () => {
    const f = manualFlush();
    const queue = createWriteQueue<number, number>({
      maxPending: 2,
      writers: 1,
      maxWeight: 10,
      weight: () => 1,
      flush: f.flush,
    });
    const first = [queue.submit(1), queue.submit(2)];
    await assert.rejects(queue.submit(3), (e: unknown) => e instanceof OverloadedError && e.retryAfterSeconds >= 1);
    await f.releaseAll();
    await Promise.all(first);
    const again = queue.submit(4);
    await f.releaseAll();
    assert.equal(await again, 40);
  });

  it('writes a failing group again job by job, so only the bad job fails', async () => {
    const f = manualFlush();
    const queue = createWriteQueue<number, number>({
      maxPending: 10,
      writers: 1,
      maxWeight: 10,
      weight: () => 1,
      flush: f.flush,
    });
    const blocker = queue.submit(7);
    const grouped = Promise.allSettled([queue.submit(1), queue.submit(-1), queue.submit(2)]);
    await f.releaseAll();
    assert.equal(await blocker, 70);
    const settled = await grouped;
    assert.deepEqual(
      settled.map((s) => s.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    await queue.drain();
  });

  it('runs up to `writers` writes at once', async () => {
    const f = manualFlush();
    const queue = createWriteQueue<number, number>({
      maxPending: 10,
      writers: 2,
      maxWeight: 1,
      weight: () => 1,
      flush: f.flush,
    });
    const all = [1, 2, 3].map((j) => queue.submit(j));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(f.calls.length, 2);
    await f.releaseAll();
    await Promise.all(all);
    assert.equal(f.calls.length, 3);
  });
});
