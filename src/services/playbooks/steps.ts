// Carrying out a playbook's steps for one account: tasks, waits, webhooks, emails and field changes.
import { audit } from '../audit.ts';
import { enqueueJob } from '../jobs/jobs.ts';
import { PLAYBOOK_EMAIL_ATTEMPTS, PLAYBOOK_EMAIL_JOB } from './email.ts';
import type { TxContext } from '../context.ts';
import { emitEvent } from '../webhooks/events.ts';
import type { Assignee, PlaybookDefinition, Step } from './definition.ts';
import type { RunLog } from './run-log.ts';
import { addDays } from './triggers/types.ts';

export interface AccountFacts {
  id: number;
  externalId: string;
  name: string;
  ownerName: string | null;
  ownerUserId: number | null;
  ownerEmail: string | null;
  managerUserId: number | null;
  managerEmail: string | null;
}

export interface Enrollment {
  id: number;
  accountId: number;
  nextStep: number;
}

export interface RunScope {
  ctx: TxContext;
  playbook: { id: number; name: string; definition: PlaybookDefinition };
  today: string;
  log: RunLog;
}

/** Accounts with their owner and the owner's manager, by id. */
export async function accountFacts(ctx: TxContext, ids: readonly number[]): Promise<Map<number, AccountFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.tx.query<{
    id: number;
    external_id: string;
    name: string;
    owner_csm: string | null;
    owner_id: number | null;
    owner_email: string | null;
    manager_id: number | null;
    manager_email: string | null;
  }>(
    `SELECT a.id, a.external_id, a.name, a.owner_csm, o.id AS owner_id, o.email AS owner_email,
            m.id AS manager_id, m.email AS manager_email
       FROM accounts a
       LEFT JOIN users o ON o.id = a.owner_user_id AND NOT o.disabled
       LEFT JOIN users m ON m.id = o.manager_user_id AND NOT m.disabled
      WHERE a.id IN (SELECT (jsonb_array_elements_text($1::jsonb))::bigint)`,
    [JSON.stringify(ids)],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        externalId: r.external_id,
        name: r.name,
        ownerName: r.owner_csm,
        ownerUserId: r.owner_id,
        ownerEmail: r.owner_email,
        managerUserId: r.manager_id,
        managerEmail: r.manager_email,
      },
    ]),
  );
}

/** The user a step names: the owner, the owner's manager, or a user by email; a reason when there is none. */
async function resolveUser(
  ctx: TxContext,
  who: Assignee,
  account: AccountFacts,
): Promise<{ id: number; email: string } | string> {
  if (who === 'owner') {
    if (account.ownerUserId !== null && account.ownerEmail !== null) {
      return { id: account.ownerUserId, email: account.ownerEmail };
    }
    return account.ownerName ? `owner "${account.ownerName}" is not an active Tenure user` : 'the account has no owner';
  }
  if (who === 'owner_manager') {
    if (account.managerUserId !== null && account.managerEmail !== null) {
      return { id: account.managerUserId, email: account.managerEmail };
    }
    return account.ownerUserId === null ? 'the account has no owner who is a Tenure user' : 'the owner has no manager';
  }
  const [user] = await ctx.tx.query<{ id: number; email: string }>(
    `SELECT id, email FROM users WHERE lower(email) = lower($1) AND NOT disabled`,
    [who],
  );
  return user ?? `no active user ${who}`;
}

async function createTask(
  scope: RunScope,
  step: Extract<Step, { type: 'task' }>,
  enrollment: Enrollment,
  account: AccountFacts,
  why: string,
): Promise<void> {
  const { ctx, playbook, log, today } = scope;
  const user = await resolveUser(ctx, step.assignee, account);
  if (typeof user === 'string') {
    log.skip(`task "${step.title}" not created: ${user}`, account.externalId);
    return;
  }
  const now = ctx.now();
  const description = [step.description, `Why: ${why}.`].filter(Boolean).join('\n\n');
  const [row] = await ctx.tx.query<{ id: number }>(
    `INSERT INTO tasks (account_id, playbook_id, enrollment_id, title, description, checklist, assignee_user_id,
                        status, due_on, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, 'open', $8, $9, $9)
     ON CONFLICT (playbook_id, account_id) WHERE status IN ('open', 'snoozed') AND playbook_id IS NOT NULL
     DO NOTHING RETURNING id`,
    [
      account.id,
      playbook.id,
      enrollment.id,
      step.title,
      description,
      JSON.stringify(step.checklist.map((item) => ({ item, done: false }))),
      user.id,
      addDays(today, step.due_in_days),
      now,
    ],
  );
  if (!row) {
    log.skip(`task "${step.title}" not created: an open task from this playbook exists`, account.externalId);
    return;
  }
  log.created++;
  await emitEvent(
    ctx,
    'task.created',
    {
      taskId: row.id,
      accountId: account.externalId,
      accountName: account.name,
      playbook: playbook.name,
      title: step.title,
      assignee: user.email,
      dueDate: addDays(today, step.due_in_days),
    },
    { tx: ctx.tx },
  );
}

/** Whether outgoing email is set up (TENURE_SMTP_URL, read into the configuration at start-up). */
export function emailConfigured(config: object): boolean {
  const smtp = (config as { smtp?: unknown }).smtp;
  if (typeof smtp === 'string') return smtp !== '';
  return typeof smtp === 'object' && smtp !== null && Boolean((smtp as { url?: unknown }).url);
}

async function runStep(scope: RunScope, step: Step, enrollment: Enrollment, account: AccountFacts, why: string) {
  const { ctx, playbook, log } = scope;
  switch (step.type) {
    case 'task':
      return createTask(scope, step, enrollment, account, why);
    case 'webhook':
      await emitEvent(
        ctx,
        'playbook.webhook',
        { playbook: playbook.name, accountId: account.externalId, accountName: account.name, why, data: step.data },
        { tx: ctx.tx },
      );
      return;
    case 'email': {
      if (!emailConfigured(ctx.config)) {
        log.skip(`email "${step.subject}" not sent: email is not configured (set TENURE_SMTP_URL)`, account.externalId);
        return;
      }
      const to = await resolveUser(ctx, step.to, account);
      if (typeof to === 'string') {
        log.skip(`email "${step.subject}" not sent: ${to}`, account.externalId);
        return;
      }
      const [queued] = await ctx.tx.query<{ id: number }>(
        `INSERT INTO playbook_emails (playbook_id, account_id, to_address, subject, body, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [playbook.id, account.id, to.email, step.subject, step.body, ctx.now()],
      );
      if (queued) {
        await enqueueJob(
          { store: ctx.tx, now: () => ctx.now() },
          { kind: PLAYBOOK_EMAIL_JOB, payload: { emailId: queued.id }, maxAttempts: PLAYBOOK_EMAIL_ATTEMPTS },
          { tx: ctx.tx },
        );
      }
      return;
    }
    case 'set_field': {
      if (step.field === 'segment') {
        await ctx.tx.execute(`UPDATE accounts SET segment = $2, updated_at = $3 WHERE id = $1`, [
          account.id,
          step.value,
          ctx.now(),
        ]);
      } else {
        await ctx.tx.execute(
          `UPDATE accounts SET attributes = jsonb_set(attributes, ARRAY[$2::text], $3::jsonb), updated_at = $4 WHERE id = $1`,
          [account.id, step.field.slice('attributes.'.length), JSON.stringify(step.value), ctx.now()],
        );
      }
      await audit(ctx.tx, ctx, 'account.set-field', `account:${account.externalId}`, {
        field: step.field,
        value: step.value,
        playbook: playbook.name,
      });
      return;
    }
    case 'wait':
      return;
  }
}

/** Carries out the steps from the enrollment's next one, up to a wait (which sets when to resume) or the end. */
export async function runSteps(scope: RunScope, enrollment: Enrollment, account: AccountFacts, why: string) {
  const { ctx, playbook } = scope;
  const steps = playbook.definition.steps;
  for (const [i, step] of steps.entries()) {
    if (i < enrollment.nextStep) continue;
    if (step.type === 'wait') {
      const resumeAt = new Date(ctx.now().getTime() + step.days * 86_400_000);
      await ctx.tx.execute(`UPDATE playbook_enrollments SET next_step = $2, resume_at = $3 WHERE id = $1`, [
        enrollment.id,
        i + 1,
        resumeAt,
      ]);
      return;
    }
    await runStep(scope, step, enrollment, account, why);
  }
  await ctx.tx.execute(`UPDATE playbook_enrollments SET next_step = $2, resume_at = NULL WHERE id = $1`, [
    enrollment.id,
    steps.length,
  ]);
}
