// Evaluating playbooks (the `playbooks.evaluate` job, every 5 minutes): each active playbook's trigger is matched,
// accounts that newly match enter and get its steps, accounts that stopped matching leave (their open task closes
// when the playbook says so), and every run is logged. A run that would create more tasks than the playbook's
// cap creates none: the playbook pauses and says why.
import { audit } from '../audit.ts';
import { nowOf, withTransaction, type ServiceContext, type TxContext } from '../context.ts';
import { todayUtc } from '../revenue.ts';
import type { PlaybookDefinition } from './definition.ts';
import { RunLog } from './run-log.ts';
import { accountFacts, runSteps, type RunScope } from './steps.ts';
import { triggerOf } from './triggers/index.ts';
import type { Matches } from './triggers/types.ts';

export interface StoredPlaybook {
  id: number;
  name: string;
  definition: PlaybookDefinition;
  state: 'active' | 'paused';
  pausedReason: string | null;
}

export interface RunResult {
  playbook: string;
  outcome: 'ok' | 'paused' | 'failed';
  matched: number;
  entered: number;
  created: number;
  closed: number;
  skipped: number;
}

export async function loadPlaybooks(ctx: ServiceContext, onlyActive: boolean): Promise<StoredPlaybook[]> {
  const rows = await (ctx.tx ?? ctx.store).query<{
    id: number;
    name: string;
    definition: PlaybookDefinition;
    state: 'active' | 'paused';
    paused_reason: string | null;
  }>(
    `SELECT id, name, definition, state, paused_reason FROM playbooks ${onlyActive ? "WHERE state = 'active'" : ''} ORDER BY id`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    definition: r.definition,
    state: r.state,
    pausedReason: r.paused_reason,
  }));
}

/** Snoozed tasks whose day has come are open again. */
async function wakeSnoozed(ctx: ServiceContext, today: string): Promise<number> {
  return (ctx.tx ?? ctx.store).execute(
    `UPDATE tasks SET status = 'open', snoozed_until = NULL, updated_at = $2
      WHERE status = 'snoozed' AND snoozed_until <= $1::date`,
    [today, nowOf(ctx)],
  );
}

/** Evaluates every active playbook (or only `ids`) once. Runs of different playbooks do not depend on each other. */
export async function evaluatePlaybooks({
  ctx,
  ids,
}: {
  ctx: ServiceContext;
  ids?: readonly number[];
}): Promise<RunResult[]> {
  const today = todayUtc(nowOf(ctx));
  await wakeSnoozed(ctx, today);
  const playbooks = (await loadPlaybooks(ctx, true)).filter((p) => !ids || ids.includes(p.id));
  // Playbooks on the same signal and options share one match (the adoption report is computed once).
  const memo = new Map<string, Promise<Matches>>();
  const results: RunResult[] = [];
  for (const playbook of playbooks) results.push(await evaluateOne(ctx, playbook, today, memo));
  return results;
}

async function evaluateOne(
  ctx: ServiceContext,
  playbook: StoredPlaybook,
  today: string,
  memo: Map<string, Promise<Matches>>,
): Promise<RunResult> {
  const startedAt = nowOf(ctx);
  const log = new RunLog();
  let matches: Matches;
  try {
    const trigger = playbook.definition.trigger;
    const module = triggerOf(trigger.signal);
    if (!module) throw new Error(`the trigger signal "${trigger.signal}" is not known to this version of Tenure`);
    const options = module.parse(trigger, { file: playbook.name, path: 'trigger' });
    const key = JSON.stringify([trigger.signal, options]);
    const pending = memo.get(key) ?? module.match(ctx, options, today);
    memo.set(key, pending);
    matches = await pending;
  } catch (error) {
    log.warn(`the trigger could not be evaluated: ${error instanceof Error ? error.message : String(error)}`);
    return withTransaction(ctx, (t) => saveRun(t, playbook, startedAt, 'failed', log));
  }
  log.matched = matches.size;
  return withTransaction(ctx, async (t) => {
    const active = await t.tx.query<{ id: number; account_id: number; next_step: number; resume_at: Date | null }>(
      `SELECT id, account_id, next_step, resume_at FROM playbook_enrollments
        WHERE playbook_id = $1 AND exited_at IS NULL`,
      [playbook.id],
    );
    const activeIds = new Set(active.map((e) => e.account_id));
    const entering = [...matches.keys()].filter((id) => !activeIds.has(id));
    const taskSteps = playbook.definition.steps.filter((s) => s.type === 'task').length;
    const wouldCreate = entering.length * taskSteps;
    const cap = playbook.definition.max_new_tasks;
    if (wouldCreate > cap) return pause(t, playbook, startedAt, log, wouldCreate, cap);

    const leaving = active.filter((e) => !matches.has(e.account_id));
    await leave(
      t,
      playbook,
      leaving.map((e) => e.id),
      log,
    );

    const now = nowOf(t);
    const resuming = active.filter(
      (e) =>
        matches.has(e.account_id) &&
        e.next_step < playbook.definition.steps.length &&
        e.resume_at !== null &&
        new Date(e.resume_at).getTime() <= now.getTime(),
    );
    const facts = await accountFacts(t, [...entering, ...resuming.map((e) => e.account_id)]);
    const scope: RunScope = { ctx: t, playbook, today, log };
    for (const accountId of entering) {
      const [row] = await t.tx.query<{ id: number }>(
        `INSERT INTO playbook_enrollments (playbook_id, account_id, entered_at) VALUES ($1, $2, $3) RETURNING id`,
        [playbook.id, accountId, now],
      );
      log.entered++;
      const account = facts.get(accountId);
      if (row && account) {
        await runSteps(scope, { id: row.id, accountId, nextStep: 0 }, account, matches.get(accountId) ?? '');
      }
    }
    for (const e of resuming) {
      const account = facts.get(e.account_id);
      const enrollment = { id: e.id, accountId: e.account_id, nextStep: e.next_step };
      if (account) await runSteps(scope, enrollment, account, matches.get(enrollment.accountId) ?? '');
    }
    if (resuming.length) log.info(`${resuming.length} account(s) resumed after a wait`);
    return saveRun(t, playbook, startedAt, 'ok', log);
  });
}

/** Accounts that stopped matching leave; with auto_close their open or snoozed task from the playbook closes. */
async function leave(t: TxContext, playbook: StoredPlaybook, enrollmentIds: number[], log: RunLog): Promise<void> {
  if (enrollmentIds.length === 0) return;
  const list = JSON.stringify(enrollmentIds);
  const now = nowOf(t);
  await t.tx.execute(
    `UPDATE playbook_enrollments SET exited_at = $2
      WHERE id IN (SELECT (jsonb_array_elements_text($1::jsonb))::bigint)`,
    [list, now],
  );
  log.info(`${enrollmentIds.length} account(s) no longer match the trigger`);
  if (!playbook.definition.auto_close) return;
  log.closed = await t.tx.execute(
    `UPDATE tasks SET status = 'closed_auto', finished_at = $2, updated_at = $2
      WHERE enrollment_id IN (SELECT (jsonb_array_elements_text($1::jsonb))::bigint)
        AND status IN ('open', 'snoozed')`,
    [list, now],
  );
}

async function pause(
  t: TxContext,
  playbook: StoredPlaybook,
  startedAt: Date,
  log: RunLog,
  wouldCreate: number,
  cap: number,
): Promise<RunResult> {
  const reason = `would create ${wouldCreate} tasks, more than its cap of ${cap} (max_new_tasks)`;
  await t.tx.execute(`UPDATE playbooks SET state = 'paused', paused_reason = $2, updated_at = $3 WHERE id = $1`, [
    playbook.id,
    reason,
    nowOf(t),
  ]);
  log.warn(`paused: ${reason}; no task was created. Raise max_new_tasks and resume it, or narrow its trigger.`);
  await audit(t.tx, t, 'playbook.pause', `playbook:${playbook.id}`, { name: playbook.name, reason });
  return saveRun(t, playbook, startedAt, 'paused', log);
}

async function saveRun(
  t: TxContext,
  playbook: StoredPlaybook,
  startedAt: Date,
  outcome: RunResult['outcome'],
  log: RunLog,
): Promise<RunResult> {
  await t.tx.execute(
    `INSERT INTO playbook_runs (playbook_id, started_at, outcome, matched, entered, created, closed, skipped, log)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)`,
    [
      playbook.id,
      startedAt,
      outcome,
      log.matched,
      log.entered,
      log.created,
      log.closed,
      log.skipped,
      JSON.stringify(log),
    ],
  );
  const result = {
    playbook: playbook.name,
    outcome,
    matched: log.matched,
    entered: log.entered,
    created: log.created,
    closed: log.closed,
    skipped: log.skipped,
  };
  // Runs that changed nothing are in the run log only, not the audit log.
  if (outcome === 'failed' || log.entered + log.created + log.closed > 0)
    await audit(t.tx, t, 'playbook.run', `playbook:${playbook.id}`, result);
  return result;
}
