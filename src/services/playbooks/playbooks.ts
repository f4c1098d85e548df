// Playbook verbs: import (JSON, all or nothing), list, pause and resume, and the run log.
import { InputError } from '../../core/errors.ts';
import { audit } from '../audit.ts';
import { db, nowOf, withTransaction, type ServiceContext } from '../context.ts';
import { enqueueJob } from '../jobs/jobs.ts';
import { parsePlaybookFile, type PlaybookDefinition } from './definition.ts';
import { loadPlaybooks, type StoredPlaybook } from './evaluate.ts';
import type { LogLine } from './run-log.ts';
import { NotFoundError } from './tasks.ts';

export const EVALUATE_JOB = 'playbooks.evaluate';

export interface PlaybookSummary extends StoredPlaybook {
  openTasks: number;
  lastRun: PlaybookRun | null;
}

export interface PlaybookRun {
  id: number;
  startedAt: string;
  outcome: 'ok' | 'paused' | 'failed';
  matched: number;
  entered: number;
  created: number;
  closed: number;
  skipped: number;
  log: LogLine[];
}

/** Asks the runner to evaluate playbooks now rather than at the next 5-minute mark. */
export async function evaluateSoon(ctx: ServiceContext): Promise<void> {
  await enqueueJob(ctx, { kind: EVALUATE_JOB, uniqueKey: `${EVALUATE_JOB}:now` }, { tx: db(ctx) });
}

/**
 * Imports the playbooks in a JSON file (one object, or a list): a playbook whose name exists is replaced (its
 * state, tasks and run log stay). Nothing is written unless every playbook in the file is valid.
 */
export async function importPlaybooks({
  ctx,
  text,
  file,
}: {
  ctx: ServiceContext;
  text: string;
  file: string;
}): Promise<{ created: string[]; updated: string[] }> {
  const defs = parsePlaybookFile(text, file);
  return withTransaction(ctx, async (t) => {
    await checkNamedUsers(t, defs, file);
    const created: string[] = [];
    const updated: string[] = [];
    for (const def of defs) {
      const n = await t.tx.execute(
        `UPDATE playbooks SET definition = $2::jsonb, name = $1, updated_at = $3 WHERE lower(name) = lower($1)`,
        [def.name, JSON.stringify(def), nowOf(t)],
      );
      if (n === 0) {
        await t.tx.execute(
          `INSERT INTO playbooks (name, definition, created_at, updated_at) VALUES ($1, $2::jsonb, $3, $3)`,
          [def.name, JSON.stringify(def), nowOf(t)],
        );
      }
      (n === 0 ? created : updated).push(def.name);
    }
    await audit(t.tx, t, 'playbook.import', null, { file, created, updated });
    await evaluateSoon(t);
    return { created, updated };
  });
}

/** A named assignee must be a user now (a user disabled later is a skip in the run log). */
async function checkNamedUsers(ctx: ServiceContext, defs: readonly PlaybookDefinition[], file: string) {
  const multiple = defs.length > 1;
  for (const [p, def] of defs.entries()) {
    for (const [i, step] of def.steps.entries()) {
      const who = step.type === 'task' ? step.assignee : step.type === 'email' ? step.to : null;
      if (who === null || who === 'owner' || who === 'owner_manager') continue;
      const [user] = await db(ctx).query(`SELECT 1 FROM users WHERE lower(email) = lower($1) AND NOT disabled`, [who]);
      if (!user) {
        const field = `${multiple ? `[${p}].` : ''}steps[${i}].${step.type === 'task' ? 'assignee' : 'to'}`;
        throw new InputError({ file }, field, "owner, owner_manager or an active user's email", who);
      }
    }
  }
}

const runOf = (r: {
  id: number;
  started_at: Date;
  outcome: PlaybookRun['outcome'];
  matched: number;
  entered: number;
  created: number;
  closed: number;
  skipped: number;
  log: LogLine[];
}): PlaybookRun => ({
  id: r.id,
  startedAt: new Date(r.started_at).toISOString(),
  outcome: r.outcome,
  matched: r.matched,
  entered: r.entered,
  created: r.created,
  closed: r.closed,
  skipped: r.skipped,
  log: r.log,
});

const RUN_COLUMNS = 'id, started_at, outcome, matched, entered, created, closed, skipped, log';

export async function listPlaybooks({ ctx }: { ctx: ServiceContext }): Promise<PlaybookSummary[]> {
  const playbooks = await loadPlaybooks(ctx, false);
  const open = await db(ctx).query<{ playbook_id: number; n: number }>(
    `SELECT playbook_id, count(*) AS n FROM tasks WHERE status IN ('open', 'snoozed') AND playbook_id IS NOT NULL
      GROUP BY playbook_id`,
  );
  const last = await db(ctx).query<Parameters<typeof runOf>[0] & { playbook_id: number }>(
    `SELECT DISTINCT ON (playbook_id) playbook_id, ${RUN_COLUMNS} FROM playbook_runs ORDER BY playbook_id, id DESC`,
  );
  return playbooks.map((p) => {
    const run = last.find((r) => r.playbook_id === p.id);
    return {
      ...p,
      openTasks: open.find((o) => o.playbook_id === p.id)?.n ?? 0,
      lastRun: run ? runOf(run) : null,
    };
  });
}

async function findPlaybook(ctx: ServiceContext, ref: number | string): Promise<StoredPlaybook> {
  const all = await loadPlaybooks(ctx, false);
  const found = all.find((p) => (typeof ref === 'number' ? p.id === ref : p.name.toLowerCase() === ref.toLowerCase()));
  if (!found) throw new NotFoundError(`no playbook ${typeof ref === 'number' ? `with id ${ref}` : `named "${ref}"`}`);
  return found;
}

export async function playbookRuns({
  ctx,
  playbook,
  limit = 50,
}: {
  ctx: ServiceContext;
  playbook: number | string;
  limit?: number;
}): Promise<{ playbook: StoredPlaybook; runs: PlaybookRun[] }> {
  const found = await findPlaybook(ctx, playbook);
  const rows = await db(ctx).query<Parameters<typeof runOf>[0]>(
    `SELECT ${RUN_COLUMNS} FROM playbook_runs WHERE playbook_id = $1 ORDER BY id DESC LIMIT $2`,
    [found.id, limit],
  );
  return { playbook: found, runs: rows.map(runOf) };
}

/** The run log of every playbook (or one), newest first, each run with its playbook's id and name. */
export async function allRuns({
  ctx,
  playbookId,
  limit = 50,
}: {
  ctx: ServiceContext;
  playbookId?: number | undefined;
  limit?: number;
}): Promise<(PlaybookRun & { playbookId: number; playbook: string })[]> {
  if (playbookId !== undefined) await findPlaybook(ctx, playbookId);
  const rows = await db(ctx).query<Parameters<typeof runOf>[0] & { playbook_id: number; name: string }>(
    `SELECT r.playbook_id, p.name, ${RUN_COLUMNS.split(', ')
      .map((c) => `r.${c}`)
      .join(', ')}
       FROM playbook_runs r JOIN playbooks p ON p.id = r.playbook_id
      WHERE $1::bigint IS NULL OR r.playbook_id = $1 ORDER BY r.id DESC LIMIT $2`,
    [playbookId ?? null, limit],
  );
  return rows.map((r) => ({ ...runOf(r), playbookId: r.playbook_id, playbook: r.name }));
}

/** Pauses or resumes a playbook; resuming evaluates it at the runner's next look. */
export async function setPlaybookState({
  ctx,
  playbook,
  state,
}: {
  ctx: ServiceContext;
  playbook: number | string;
  state: 'active' | 'paused';
}): Promise<StoredPlaybook> {
  return withTransaction(ctx, async (t) => {
    const found = await findPlaybook(t, playbook);
    const reason = state === 'paused' ? `paused by ${t.actor.label}` : null;
    await t.tx.execute(`UPDATE playbooks SET state = $2, paused_reason = $3, updated_at = $4 WHERE id = $1`, [
      found.id,
      state,
      reason,
      nowOf(t),
    ]);
    await audit(t.tx, t, state === 'paused' ? 'playbook.pause' : 'playbook.resume', `playbook:${found.id}`, {
      name: found.name,
    });
    if (state === 'active') await evaluateSoon(t);
    return { ...found, state, pausedReason: reason };
  });
}

/** Run log rows older than this are dropped by the evaluation job. */
export const KEEP_RUNS_DAYS = 90;

export async function pruneRuns(ctx: ServiceContext): Promise<number> {
  return db(ctx).execute(`DELETE FROM playbook_runs WHERE started_at < $1`, [
    new Date(nowOf(ctx).getTime() - KEEP_RUNS_DAYS * 86_400_000),
  ]);
}
