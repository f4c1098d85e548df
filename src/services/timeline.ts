// The account timeline: one stream, newest first, merging CSM notes, tasks, revenue movements (from the ledger),
// survey answers, renewals (contracts) and a weekly summary of usage events. Notes are written here too.
import { TIMELINE_KINDS, type TimelineEntryView, type TimelineKind, type TimelineView } from '../contract/timeline.ts';
import { formatMinor } from '../core/money.ts';

/** Movement amounts may carry fractions after FX conversion: shown to the minor unit. */
const money = (minor: number, currency: string) => formatMinor(Math.round(minor), currency);
import { audit } from './audit.ts';
import { db, nowOf, withTransaction, type ServiceContext } from './context.ts';
import { UsageError } from './errors.ts';
import { explainCustomer } from './explain.ts';
import { NotFoundError } from './playbooks/tasks.ts';
import { todayUtc } from './revenue.ts';

/** Weeks of usage summarized in the stream. */
export const USAGE_WEEKS = 26;

export function parseKinds(text: string | undefined): TimelineKind[] {
  if (text === undefined || text.trim() === '') return [...TIMELINE_KINDS];
  const kinds = text.split(',').map((k) => k.trim());
  for (const k of kinds) {
    if (!(TIMELINE_KINDS as readonly string[]).includes(k)) {
      throw new UsageError(`kinds must be a comma-separated list of ${TIMELINE_KINDS.join(', ')}, found "${k}"`);
    }
  }
  return [...new Set(kinds)] as TimelineKind[];
}

const blank = {
  detail: null,
  markdown: null,
  author: null,
  amountMinor: null,
  currency: null,
  score: null,
  taskId: null,
} as const;
const iso = (d: Date | string) => new Date(d).toISOString();

async function findAccount(ctx: ServiceContext, id: number) {
  const [row] = await db(ctx).query<{ id: number; external_id: string }>(
    `SELECT id, external_id FROM accounts WHERE id = $1`,
    [id],
  );
  if (!row) throw new NotFoundError(`no account with id ${id}`);
  return row;
}

async function notes(ctx: ServiceContext, accountId: number): Promise<TimelineEntryView[]> {
  const rows = await db(ctx).query<{ id: number; author_label: string; body: string; created_at: Date }>(
    `SELECT id, author_label, body, created_at FROM account_notes WHERE account_id = $1`,
    [accountId],
  );
  return rows.map((r) => ({
    ...blank,
    id: `note:${r.id}`,
    kind: 'note',
    at: iso(r.created_at),
    title: `Note by ${r.author_label}`,
    markdown: r.body,
    author: r.author_label,
  }));
}

async function tasks(ctx: ServiceContext, accountId: number): Promise<TimelineEntryView[]> {
  const rows = await db(ctx).query<{
    id: number;
    title: string;
    status: string;
    playbook: string | null;
    assignee: string | null;
    due_on: string | null;
    created_at: Date;
  }>(
    `SELECT t.id, t.title, t.status, p.name AS playbook, u.email AS assignee, t.due_on, t.created_at
       FROM tasks t LEFT JOIN playbooks p ON p.id = t.playbook_id LEFT JOIN users u ON u.id = t.assignee_user_id
      WHERE t.account_id = $1`,
    [accountId],
  );
  return rows.map((r) => ({
    ...blank,
    id: `task:${r.id}`,
    kind: 'task',
    at: iso(r.created_at),
    title: `Task: ${r.title}`,
    detail: [
      r.status.replace('_', ' '),
      r.assignee ? `for ${r.assignee}` : 'unassigned',
      r.due_on ? `due ${r.due_on}` : null,
      r.playbook ? `playbook ${r.playbook}` : null,
    ]
      .filter(Boolean)
      .join(' · '),
    author: r.assignee,
    taskId: r.id,
  }));
}

async function movements(ctx: ServiceContext, externalId: string): Promise<TimelineEntryView[]> {
  const file = await explainCustomer({ ctx, asOf: todayUtc(nowOf(ctx)), customer: externalId });
  return file.movements.map((m, i) => ({
    ...blank,
    id: `movement:${m.month}:${i}`,
    kind: 'movement',
    at: `${m.month}-01`,
    title: `${m.kind[0]?.toUpperCase() ?? ''}${m.kind.slice(1)} ${money(m.amountMinor, file.currency)}`,
    detail: `MRR ${money(m.mrrBeforeMinor, file.currency)} → ${money(m.mrrAfterMinor, file.currency)}${m.plan ? ` · ${m.plan}` : ''}`,
    amountMinor: m.amountMinor,
    currency: file.currency,
  }));
}

async function surveys(ctx: ServiceContext, accountId: number): Promise<TimelineEntryView[]> {
  const rows = await db(ctx).query<{
    id: number;
    kind: string;
    score: number | null;
    comment: string | null;
    responded_at: Date;
    contact_email: string | null;
    dismissed: boolean;
    survey: string;
  }>(
    `SELECT r.id, r.kind, r.score, r.comment, r.responded_at, r.contact_email, r.dismissed, s.name AS survey
       FROM survey_responses r JOIN surveys s ON s.id = r.survey_id WHERE r.account_id = $1`,
    [accountId],
  );
  return rows.map((r) => ({
    ...blank,
    id: `survey:${r.id}`,
    kind: 'survey',
    at: iso(r.responded_at),
    title: r.dismissed ? `${r.kind.toUpperCase()} dismissed` : `${r.kind.toUpperCase()} ${r.score ?? ''}`,
    detail: [r.comment, `${r.survey}${r.contact_email ? ` · ${r.contact_email}` : ''}`].filter(Boolean).join('\n'),
    author: r.contact_email,
    score: r.score,
  }));
}

async function renewals(ctx: ServiceContext, accountId: number): Promise<TimelineEntryView[]> {
  const rows = await db(ctx).query<{
    id: number;
    contract_id: string;
    start_on: string;
    end_on: string;
    arr_minor: number;
    currency: string;
    auto_renew: boolean;
  }>(`SELECT id, contract_id, start_on, end_on, arr_minor, currency, auto_renew FROM contracts WHERE account_id = $1`, [
    accountId,
  ]);
  return rows.flatMap((r) => [
    {
      ...blank,
      id: `renewal:${r.id}:start`,
      kind: 'renewal' as const,
      at: r.start_on,
      title: `Contract ${r.contract_id} starts`,
      detail: `ARR ${money(r.arr_minor, r.currency)} until ${r.end_on}`,
      amountMinor: r.arr_minor,
      currency: r.currency,
    },
    {
      ...blank,
      id: `renewal:${r.id}:due`,
      kind: 'renewal' as const,
      at: r.end_on,
      title: `Contract ${r.contract_id} up for renewal`,
      detail: `ARR ${money(r.arr_minor, r.currency)}${r.auto_renew ? ' · renews automatically' : ''}`,
      amountMinor: r.arr_minor,
      currency: r.currency,
    },
  ]);
}

async function usage(ctx: ServiceContext, accountId: number, today: string): Promise<TimelineEntryView[]> {
  const rows = await db(ctx).query<{ week: string; events: number; users: number }>(
    `SELECT date_trunc('week', day)::date AS week, sum(events) AS events, count(DISTINCT user_key) AS users
       FROM usage_daily WHERE account_id = $1 AND day > $2::date - $3::int
      GROUP BY 1`,
    [accountId, today, USAGE_WEEKS * 7],
  );
  return rows.map((r) => ({
    ...blank,
    id: `usage:${r.week}`,
    kind: 'usage',
    at: r.week,
    title: `Usage in the week of ${r.week}`,
    detail: `${r.events} event(s) by ${r.users} active user(s)`,
  }));
}

/** The account's timeline, newest first, only the `kinds` asked for, between `from` and `to` (days, inclusive). */
export async function accountTimeline({
  ctx,
  accountId,
  kinds = [...TIMELINE_KINDS],
  from,
  to,
  limit = 500,
}: {
  ctx: ServiceContext;
  accountId: number;
  kinds?: readonly TimelineKind[];
  from?: string | undefined;
  to?: string | undefined;
  limit?: number;
}): Promise<TimelineView> {
  const account = await findAccount(ctx, accountId);
  const today = todayUtc(nowOf(ctx));
  const sources: Record<TimelineKind, () => Promise<TimelineEntryView[]>> = {
    note: () => notes(ctx, account.id),
    task: () => tasks(ctx, account.id),
    movement: () => movements(ctx, account.external_id),
    survey: () => surveys(ctx, account.id),
    renewal: () => renewals(ctx, account.id),
    usage: () => usage(ctx, account.id, today),
  };
  const entries: TimelineEntryView[] = [];
  for (const kind of kinds) entries.push(...(await sources[kind]()));
  const dayOf = (e: TimelineEntryView) => e.at.slice(0, 10);
  const kept = entries
    .filter((e) => (from === undefined || dayOf(e) >= from) && (to === undefined || dayOf(e) <= to))
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id.localeCompare(b.id)));
  return { accountId: account.id, externalId: account.external_id, kinds: [...kinds], entries: kept.slice(0, limit) };
}

/** A CSM's note on an account, in Markdown. */
export async function addNote({ ctx, accountId, body }: { ctx: ServiceContext; accountId: number; body: string }) {
  const text = body.trim();
  if (text === '' || text.length > 20_000) throw new UsageError('a note is 1 to 20000 characters');
  return withTransaction(ctx, async (t) => {
    const account = await findAccount(t, accountId);
    const [row] = await t.tx.query<{ id: number }>(
      `INSERT INTO account_notes (account_id, author_label, author_user_id, body, created_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [account.id, t.actor.label, t.actor.kind === 'user' ? Number(t.actor.id) : null, text, nowOf(t)],
    );
    await audit(t.tx, t, 'account.note', `account:${account.external_id}`, { noteId: row?.id });
    return { id: row?.id ?? 0 };
  });
}
