// The jobs table: enqueue, claim with FOR UPDATE SKIP LOCKED (each due job goes to one runner), finish, retry.
import type { Queryable } from './types.ts';

export type JobState = 'queued' | 'running' | 'done' | 'dead';

export interface JobRow {
  id: number;
  kind: string;
  payload: unknown;
  state: JobState;
  runAt: string;
  attempts: number;
  maxAttempts: number;
  schedule: string | null;
  uniqueKey: string | null;
  lockedBy: string | null;
  lockedUntil: string | null;
  progress: { done: number; total?: number; note?: string } | null;
  lastError: string | null;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  createdAt: string;
}

const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

const COLUMNS = `id, kind, payload, state, run_at, attempts, max_attempts, schedule, unique_key, locked_by,
  locked_until, progress, last_error, last_started_at, last_finished_at, created_at`;

function toJob(r: Record<string, unknown>): JobRow {
  return {
    id: Number(r.id),
    kind: String(r.kind),
    payload: r.payload ?? {},
    state: r.state as JobState,
    runAt: iso(r.run_at),
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    schedule: (r.schedule as string | null) ?? null,
    uniqueKey: (r.unique_key as string | null) ?? null,
    lockedBy: (r.locked_by as string | null) ?? null,
    lockedUntil: isoOrNull(r.locked_until),
    progress: (r.progress as JobRow['progress'] | undefined) ?? null,
    lastError: (r.last_error as string | null) ?? null,
    lastStartedAt: isoOrNull(r.last_started_at),
    lastFinishedAt: isoOrNull(r.last_finished_at),
    createdAt: iso(r.created_at),
  };
}

export interface NewJob {
  kind: string;
  payload: unknown;
  runAt: Date;
  maxAttempts: number;
  /** While a job with this key is queued, enqueueing another is a no-op (returns null). */
  uniqueKey?: string | null | undefined;
}

export async function insertJob(q: Queryable, job: NewJob): Promise<number | null> {
  const rows = await q.query<{ id: number }>(
    `INSERT INTO jobs (kind, payload, run_at, max_attempts, unique_key) VALUES ($1, $2::jsonb, $3, $4, $5)
     ON CONFLICT (unique_key) WHERE state = 'queued' DO NOTHING RETURNING id`,
    [job.kind, JSON.stringify(job.payload ?? {}), job.runAt.toISOString(), job.maxAttempts, job.uniqueKey ?? null],
  );
  return rows[0]?.id ?? null;
}

/** Creates or updates a recurring job (one row per key); a changed schedule moves its next run. */
export async function upsertSchedule(
  q: Queryable,
  s: { kind: string; uniqueKey: string; schedule: string; nextRunAt: Date; maxAttempts: number },
): Promise<void> {
  await q.execute(
    `INSERT INTO jobs (kind, payload, run_at, max_attempts, schedule, unique_key)
     VALUES ($1, '{}'::jsonb, $2, $3, $4, $5)
     ON CONFLICT (unique_key) WHERE schedule IS NOT NULL DO UPDATE
       SET schedule = EXCLUDED.schedule, max_attempts = EXCLUDED.max_attempts, updated_at = now(),
           run_at = CASE WHEN jobs.schedule IS DISTINCT FROM EXCLUDED.schedule AND jobs.state = 'queued'
                         THEN EXCLUDED.run_at ELSE jobs.run_at END`,
    [s.kind, s.nextRunAt.toISOString(), s.maxAttempts, s.schedule, s.uniqueKey],
  );
}

/**
 * Gives running jobs whose lease ran out (their runner died or stopped answering) back to the queue; the lost
 * attempt does not use up their last one. Two runners doing it at once do no harm.
 */
export async function requeueExpired(q: Queryable, now: Date): Promise<number> {
  return q.execute(
    `UPDATE jobs SET state = 'queued', attempts = least(attempts, max_attempts - 1), locked_by = NULL,
            locked_until = NULL, last_error = 'its runner stopped answering before it finished', updated_at = now()
     WHERE state = 'running' AND locked_until < $1`,
    [now.toISOString()],
  );
}

/**
 * Claims up to `limit` queued jobs of the given kinds whose time has come for `worker` until `lockedUntil`.
 * SKIP LOCKED: two runners never take one job, and neither waits for the other.
 */
export async function claimJobs(
  q: Queryable,
  o: { worker: string; kinds: readonly string[]; now: Date; lockedUntil: Date; limit: number; ids?: readonly number[] },
): Promise<JobRow[]> {
  const rows = await q.query(
    `UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_by = $1, locked_until = $2,
            last_started_at = $3, progress = NULL, updated_at = now()
     WHERE id IN (
       SELECT id FROM jobs
       WHERE kind IN (SELECT jsonb_array_elements_text($4::jsonb))
         AND state = 'queued' AND run_at <= $3
         AND ($6::jsonb IS NULL OR id IN (SELECT (jsonb_array_elements_text($6::jsonb))::bigint))
       ORDER BY run_at, id LIMIT $5
       FOR UPDATE SKIP LOCKED)
     RETURNING ${COLUMNS}`,
    [
      o.worker,
      o.lockedUntil.toISOString(),
      o.now.toISOString(),
      JSON.stringify(o.kinds),
      o.limit,
      o.ids ? JSON.stringify(o.ids.map(String)) : null,
    ],
  );
  return rows.map(toJob).sort((a, b) => a.runAt.localeCompare(b.runAt) || a.id - b.id);
}

/** Extends the lease and records progress; false when the job is no longer this worker's. */
export async function touchJob(
  q: Queryable,
  o: { id: number; worker: string; lockedUntil: Date; progress?: unknown },
): Promise<boolean> {
  const n = await q.execute(
    `UPDATE jobs SET locked_until = $3, progress = COALESCE($4::jsonb, progress), updated_at = now()
     WHERE id = $1 AND locked_by = $2 AND state = 'running'`,
    [o.id, o.worker, o.lockedUntil.toISOString(), o.progress === undefined ? null : JSON.stringify(o.progress)],
  );
  return n > 0;
}

/** Ends a run: `next` is the job's new state (queued again at `runAt`, done or dead); locked_by keeps who ran it. */
export async function finishJob(
  q: Queryable,
  o: {
    id: number;
    worker: string;
    now: Date;
    next: { state: 'queued'; runAt: Date; resetAttempts: boolean } | { state: 'done' | 'dead' };
    error: string | null;
  },
): Promise<boolean> {
  const queued = o.next.state === 'queued';
  const n = await q.execute(
    `UPDATE jobs SET state = $3, run_at = COALESCE($4, run_at),
            attempts = CASE WHEN $5::boolean THEN 0 ELSE attempts END,
            last_error = COALESCE($6, last_error),
            last_finished_at = $7, locked_until = NULL, updated_at = now()
     WHERE id = $1 AND locked_by = $2 AND state = 'running'`,
    [
      o.id,
      o.worker,
      o.next.state,
      queued && 'runAt' in o.next ? o.next.runAt.toISOString() : null,
      queued && 'resetAttempts' in o.next ? o.next.resetAttempts : false,
      o.error,
      o.now.toISOString(),
    ],
  );
  return n > 0;
}

/** Puts a running job back as it was before this worker claimed it (a graceful stop). */
export async function releaseJob(q: Queryable, o: { id: number; worker: string }): Promise<boolean> {
  const n = await q.execute(
    `UPDATE jobs SET state = 'queued', attempts = greatest(attempts - 1, 0), locked_by = NULL, locked_until = NULL,
            updated_at = now()
     WHERE id = $1 AND locked_by = $2 AND state = 'running'`,
    [o.id, o.worker],
  );
  return n > 0;
}

/** Runs a job again from its first attempt, now; a running job cannot be retried. */
export async function retryJob(q: Queryable, o: { id: number; now: Date }): Promise<JobRow | null> {
  const rows = await q.query(
    `UPDATE jobs SET state = 'queued', run_at = $2, attempts = 0, updated_at = now()
     WHERE id = $1 AND state <> 'running' RETURNING ${COLUMNS}`,
    [o.id, o.now.toISOString()],
  );
  return rows[0] ? toJob(rows[0]) : null;
}

export async function getJob(q: Queryable, id: number): Promise<JobRow | null> {
  const rows = await q.query(`SELECT ${COLUMNS} FROM jobs WHERE id = $1`, [id]);
  return rows[0] ? toJob(rows[0]) : null;
}

export async function listJobs(
  q: Queryable,
  o: { state?: JobState | undefined; kind?: string | undefined; limit: number; offset: number },
): Promise<{ items: JobRow[]; total: number }> {
  const where = `($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR kind = $2)`;
  const params = [o.state ?? null, o.kind ?? null];
  const rows = await q.query(
    `SELECT ${COLUMNS} FROM jobs WHERE ${where}
     ORDER BY CASE state WHEN 'running' THEN 0 WHEN 'dead' THEN 1 WHEN 'queued' THEN 2 ELSE 3 END,
              CASE WHEN state = 'done' THEN last_finished_at END DESC NULLS LAST, run_at, id
     LIMIT $3 OFFSET $4`,
    [...params, o.limit, o.offset],
  );
  const [count] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE ${where}`, params);
  return { items: rows.map(toJob), total: count?.n ?? 0 };
}

/** Drops finished one-off jobs older than `before` (recurring rows stay). */
export async function pruneJobs(q: Queryable, before: Date): Promise<number> {
  return q.execute(`DELETE FROM jobs WHERE schedule IS NULL AND state = 'done' AND last_finished_at < $1`, [
    before.toISOString(),
  ]);
}

/** Moves the queued job with this key to `now`, from its first attempt; returns its id, or null when none. */
export async function requeueByKey(q: Queryable, uniqueKey: string, now: Date): Promise<number | null> {
  const rows = await q.query<{ id: number }>(
    `UPDATE jobs SET run_at = $2, attempts = 0, updated_at = now() WHERE unique_key = $1 AND state = 'queued'
     RETURNING id`,
    [uniqueKey, now.toISOString()],
  );
  return rows[0]?.id ?? null;
}
