// CSM scorecards (the ledger cut per owner, see src/core/scorecards/scorecard.ts for the attribution rule) and the
// expansion targets they are measured against.
import { parseMajorToMinor } from '../../core/money.ts';
import { dayOf, parseDay } from '../../core/period.ts';
import { rollUp, type RollupRow } from '../../core/scorecards/rollup.ts';
import {
  scorecards,
  scorecardWindows,
  type OwnerStretch,
  type ScorecardInterval,
  type ScorecardRow,
} from '../../core/scorecards/scorecard.ts';
import { csvRows, KeyLines, mapColumns, type ColumnSpecs } from '../../importers/csv/columns.ts';
import { readCsv, type CsvInput } from '../../importers/csv/read.ts';
import { QUARTER_PATTERN } from '../../contract/scorecards.ts';
import { audit } from '../audit.ts';
import { db, withTransaction, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { currentLedger } from '../revenue.ts';
import { bookInput, teamMap } from './book.ts';

const QUARTER = new RegExp(QUARTER_PATTERN);

export interface CsmReportQuery {
  interval: ScorecardInterval;
  asOf: string;
  periods?: number;
  /** Only these owners' rows (keys: email or name); the company's rows otherwise. */
  owners?: readonly string[] | null;
}

export interface CsmReport {
  currency: string;
  asOf: string;
  interval: ScorecardInterval;
  /** One row per owner and period, with the owner's team. */
  rows: (ScorecardRow & { team: string })[];
  /** Per period: one row per team, then the company row (all owners, so its ARR is the company's). */
  teams: RollupRow[];
}

type HistoryRow = {
  account_id: number | string;
  owner_name: string | null;
  email: string | null;
  valid_from: Date | string;
  valid_to: Date | string | null;
};

/** Every account's stretches of ownership, keyed by the owner's email when linked to a user, else by name. */
export async function ownershipStretches(ctx: ServiceContext): Promise<Map<number, OwnerStretch[]>> {
  const rows = await db(ctx).query<HistoryRow>(
    `SELECT h.account_id, h.owner_name, u.email, h.valid_from, h.valid_to
       FROM account_owner_history h LEFT JOIN users u ON u.id = h.owner_user_id
      ORDER BY h.account_id, h.valid_from, h.id`,
  );
  const out = new Map<number, OwnerStretch[]>();
  for (const r of rows) {
    const id = Number(r.account_id);
    const list = out.get(id) ?? [];
    list.push({
      owner: r.email?.toLowerCase() ?? r.owner_name ?? '',
      from: dayOf(new Date(r.valid_from)),
      to: r.valid_to === null ? null : dayOf(new Date(r.valid_to)),
    });
    out.set(id, list);
  }
  return out;
}

/** Targets by owner email and quarter, in minor units. */
export async function targetMap(ctx: ServiceContext): Promise<Map<string, Map<string, number>>> {
  const rows = await db(ctx).query<{ email: string; quarter: string; target: number | string }>(
    `SELECT lower(u.email) AS email, t.quarter, t.expansion_target_minor AS target
       FROM csm_targets t JOIN users u ON u.id = t.user_id`,
  );
  const out = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const m = out.get(r.email) ?? new Map<string, number>();
    m.set(r.quarter, Number(r.target));
    out.set(r.email, m);
  }
  return out;
}

/** One row per owner and period (rows of a period add up to the company's ARR). Reads only. */
export async function csmReport(ctx: ServiceContext, query: CsmReportQuery): Promise<CsmReport> {
  const periods = query.periods ?? (query.interval === 'month' ? 12 : 4);
  if (!Number.isInteger(periods) || periods < 1 || periods > 120) {
    throw new UsageError(`--periods must be a whole number from 1 to 120, found "${periods}"`);
  }
  const ledger = await currentLedger({ ctx, asOf: query.asOf });
  const asOfDay = parseDay(query.asOf);
  const book = await bookInput(ctx, query.asOf, scorecardWindows(ledger.lastMonth, query.interval, periods, asOfDay));
  const rows = scorecards({
    ledger,
    ownership: await ownershipStretches(ctx),
    interval: query.interval,
    asOfDay,
    periods,
    targets: await targetMap(ctx),
    book,
  });
  const teams = await teamMap(ctx);
  const teamOf = (owner: string) => teams.get(owner.toLowerCase()) ?? '';
  const wanted = query.owners ? new Set(query.owners.map((o) => o.toLowerCase())) : null;
  return {
    currency: ctx.config.reportingCurrency,
    asOf: query.asOf,
    interval: query.interval,
    rows: (wanted ? rows.filter((r) => wanted.has(r.owner.toLowerCase())) : rows).map((r) => ({
      ...r,
      team: teamOf(r.owner),
    })),
    teams: wanted ? [] : rollUp(rows, teamOf, book.tiers),
  };
}

const TARGET_COLUMNS = {
  ownerEmail: { names: ['owner_email'], required: true },
  quarter: { names: ['quarter'], required: true },
  expansionTarget: { names: ['expansion_target'], required: true },
} as const satisfies ColumnSpecs<string>;

export interface TargetImportSummary {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * `tenure targets import FILE`: owner_email,quarter,expansion_target (YYYY-Qn; major units of the reporting
 * currency). All or nothing: a bad line names its line and field and nothing is written.
 */
export async function importTargets({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CsvInput;
}): Promise<TargetImportSummary> {
  const table = await readCsv(input);
  const columns = mapColumns(table, TARGET_COLUMNS);
  const keys = new KeyLines();
  const currency = ctx.config.reportingCurrency;
  const parsed = [...csvRows(table, columns)].map((row) => {
    const email = row.required('ownerEmail').toLowerCase();
    const quarter = row.required('quarter');
    if (!QUARTER.test(quarter))
      row.fail(row.columnName('quarter'), 'a quarter YYYY-Qn (n from 1 to 4, 1900 to 2100)', quarter);
    const text = row.required('expansionTarget');
    const minor = parseMajorToMinor(text, currency);
    if (minor === null || minor < 0) {
      row.fail(row.columnName('expansionTarget'), `an amount of ${currency} in major units, 0 or more`, text);
    }
    keys.claim(row, `${email} ${quarter}`, row.columnName('quarter'), `${email} ${quarter}`);
    return { row, email, quarter, minor };
  });
  return withTransaction(ctx, async (t) => {
    const users = await t.tx.query<{ id: number | string; email: string }>(
      `SELECT id, lower(email) AS email FROM users WHERE lower(email) = ANY($1::text[])`,
      [[...new Set(parsed.map((p) => p.email))]],
    );
    const idOf = new Map(users.map((u) => [u.email, Number(u.id)]));
    const summary: TargetImportSummary = { read: parsed.length, created: 0, updated: 0, unchanged: 0 };
    for (const p of parsed) {
      const userId =
        idOf.get(p.email) ?? p.row.fail(p.row.columnName('ownerEmail'), 'the email of a Tenure user', p.email);
      summary[await upsertTarget(t.tx, userId, p.quarter, p.minor ?? 0)]++;
    }
    await audit(t.tx, t, 'targets.import', null, { file: table.file, ...summary });
    return summary;
  });
}

type Queryable = ServiceContext['store'];

async function upsertTarget(
  q: Pick<Queryable, 'query'>,
  userId: number,
  quarter: string,
  minor: number,
): Promise<'created' | 'updated' | 'unchanged'> {
  const [before] = await q.query<{ v: number | string }>(
    `SELECT expansion_target_minor AS v FROM csm_targets WHERE user_id = $1 AND quarter = $2`,
    [userId, quarter],
  );
  if (before && Number(before.v) === minor) return 'unchanged';
  await q.query(
    `INSERT INTO csm_targets (user_id, quarter, expansion_target_minor) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, quarter) DO UPDATE SET expansion_target_minor = $3, updated_at = now()`,
    [userId, quarter, minor],
  );
  return before ? 'updated' : 'created';
}

export interface TargetRow {
  ownerEmail: string;
  quarter: string;
  expansionTargetMinor: number;
}

export async function listTargets(ctx: ServiceContext): Promise<TargetRow[]> {
  const rows = await db(ctx).query<{ email: string; quarter: string; target: number | string }>(
    `SELECT u.email, t.quarter, t.expansion_target_minor AS target FROM csm_targets t JOIN users u ON u.id = t.user_id
      ORDER BY t.quarter, u.email`,
  );
  return rows.map((r) => ({ ownerEmail: r.email, quarter: r.quarter, expansionTargetMinor: Number(r.target) }));
}

/** Sets one owner's target for a quarter (in the app); audited. */
export async function setTarget({
  ctx,
  ownerEmail,
  quarter,
  expansionTargetMinor,
}: {
  ctx: ServiceContext;
  ownerEmail: string;
  quarter: string;
  expansionTargetMinor: number;
}): Promise<TargetRow> {
  if (!QUARTER.test(quarter)) throw new UsageError(`quarter must be YYYY-Qn from 1900 to 2100, found "${quarter}"`);
  if (!Number.isSafeInteger(expansionTargetMinor) || expansionTargetMinor < 0) {
    throw new UsageError('expansionTargetMinor must be a whole number of minor units, 0 or more');
  }
  return withTransaction(ctx, async (t) => {
    const [user] = await t.tx.query<{ id: number | string; email: string }>(
      `SELECT id, email FROM users WHERE lower(email) = lower($1)`,
      [ownerEmail],
    );
    if (!user) throw new UsageError(`ownerEmail: no user with email "${ownerEmail}"`);
    await upsertTarget(t.tx, Number(user.id), quarter, expansionTargetMinor);
    await audit(t.tx, t, 'targets.set', `user:${user.id}`, { quarter, expansionTargetMinor });
    return { ownerEmail: user.email, quarter, expansionTargetMinor };
  });
}
