// Loads what the churn model reads for every account (attributes, daily usage, NPS and CSAT answers, contracts,
// subscription periods, support tickets when imported) and the revenue ledger cut at each month end, then builds the point-in-time rows
// (src/core/health/dataset.ts). Reads only.
import { buildRows, sampleOf, type DatasetInput } from '../../core/health/dataset.ts';
import {
  featureNames,
  vocabularyOf,
  type AccountHistory,
  type FeatureSettings,
  type SeatPeriod,
  type SurveyAnswer,
  type UsageRow,
} from '../../core/health/features.ts';
import { horizonMonths } from '../../core/health/labels.ts';
import type { DataRow } from '../../core/health/backtest.ts';
import {
  formatDay,
  isLastDayOfMonth,
  lastDayOfMonth,
  monthOfDay,
  parseDay,
  type MonthIndex,
} from '../../core/period.ts';
import type { CustomerLedger } from '../../core/revenue/index.ts';
import { listFeatures } from '../../store/features.ts';
import {
  loadChurnAccounts,
  loadContractTerms,
  loadSeatPeriods,
  loadSurveyAnswers,
  loadTicketEvents,
  loadUsageSince,
} from '../../store/churn.ts';
import type { TicketEvent } from '../../core/health/ticket-features.ts';
import type { ServiceContext } from '../context.ts';
import { currentLedger } from '../revenue.ts';

/** Usage windows reach this many days before a month end (the 90-day window and the 30 days before the last 30). */
const USAGE_LOOKBACK_DAYS = 120;
/** Month ends of history the model learns from, at most. */
export const MAX_TRAINING_MONTHS = 36;

export interface ChurnData {
  asOf: string;
  horizonDays: number;
  horizonMonths: number;
  /** The last month whose end is on or before asOf. */
  lastCompleteMonth: MonthIndex;
  featureNames: string[];
  settings: FeatureSettings;
  histories: AccountHistory[];
  /** Rows at every month end of the months asked through lastCompleteMonth (a fixed sample of a large book's accounts). */
  rows: DataRow[];
  /** The ledger at asOf. */
  latest: ReadonlyMap<number, CustomerLedger>;
}

async function ledgerMap(ctx: ServiceContext, asOf: string): Promise<Map<number, CustomerLedger>> {
  const ledger = await currentLedger({ ctx, asOf });
  return new Map(ledger.customers.map((c) => [Number(c.accountId), c]));
}

async function histories(ctx: ServiceContext, fromDay: number): Promise<{ list: AccountHistory[]; tickets: boolean }> {
  const q = ctx.store;
  const accounts = await loadChurnAccounts(q);
  const byId = new Map<number, AccountHistory>();
  const usage = new Map<number, UsageRow[]>();
  const surveys = new Map<number, SurveyAnswer[]>();
  const contracts = new Map<number, { startDay: number; endDay: number }[]>();
  const periods = new Map<number, SeatPeriod[]>();
  const tickets = new Map<number, TicketEvent[]>();
  const push = <T>(map: Map<number, T[]>, id: number, value: T) => {
    const list = map.get(id);
    if (list) list.push(value);
    else map.set(id, [value]);
  };
  // User keys become small numbers per account: the rows are held for every month end at once.
  let users = new Map<string, number>();
  let current = -1;
  await loadUsageSince(q, fromDay, (r) => {
    if (r.account !== current) {
      current = r.account;
      users = new Map();
    }
    let user = users.get(r.user);
    if (user === undefined) users.set(r.user, (user = users.size));
    push(usage, r.account, { day: r.day, user, feature: r.feature, events: r.events });
  });
  for (const s of await loadSurveyAnswers(q)) push(surveys, s.account_id, { kind: s.kind, score: s.score, day: s.day });
  for (const c of await loadContractTerms(q)) push(contracts, c.account_id, { startDay: c.start, endDay: c.end });
  for (const p of await loadSeatPeriods(q)) {
    const annual = p.end !== null && p.end - p.start >= 360;
    push(periods, p.account_id, { startDay: p.start, endDay: p.end, quantity: p.quantity, annual });
  }
  const ticketRows = await loadTicketEvents(q);
  for (const t of ticketRows) {
    push(tickets, t.account_id, { openedDay: t.opened, closedDay: t.closed, priority: t.priority, csat: t.csat });
  }
  for (const a of accounts) {
    const id = a.id;
    byId.set(id, {
      accountId: id,
      attributes: {
        segment: a.segment,
        sizeBand: a.size_band,
        industry: a.industry,
        region: a.region,
        channel: a.channel,
        icpFit: a.icp_fit,
        employeeCount: a.employee_count,
      },
      usage: usage.get(id) ?? [],
      surveys: surveys.get(id) ?? [],
      contracts: contracts.get(id) ?? [],
      periods: periods.get(id) ?? [],
      tickets: tickets.get(id) ?? [],
    });
  }
  return { list: [...byId.values()], tickets: ticketRows.length > 0 };
}

/**
 * Every account's rows at the month ends of the last `months` months through asOf (labels where the horizon is
 * over by asOf), each from the ledger cut at that month end.
 */
export async function loadChurnData({
  ctx,
  asOf,
  horizonDays = ctx.config.churn.horizonDays,
  months = MAX_TRAINING_MONTHS,
  dataset = { build: buildRows, names: featureNames },
}: {
  ctx: ServiceContext;
  asOf: string;
  horizonDays?: number;
  months?: number;
  /** How rows and their column names are made (the expansion model appends its own features). */
  dataset?: { build: (input: DatasetInput) => DataRow[]; names: (settings: FeatureSettings) => string[] };
}): Promise<ChurnData> {
  const asOfDay = parseDay(asOf);
  const lastComplete = isLastDayOfMonth(asOfDay) ? monthOfDay(asOfDay) : monthOfDay(asOfDay) - 1;
  const first = lastComplete - months + 1;
  const latest = await ledgerMap(ctx, asOf);
  const { list, tickets } = await histories(ctx, lastDayOfMonth(first) - USAGE_LOOKBACK_DAYS);
  const plans = [...latest.values()].map((c) => c.history.at(-1)?.plan ?? null);
  const settings: FeatureSettings = {
    catalog: await listFeatures(ctx.store),
    adoption: ctx.config.adoption,
    vocabulary: vocabularyOf(list, plans),
    tickets,
  };
  const monthList: MonthIndex[] = [];
  for (let m = first; m <= lastComplete; m++) monthList.push(m);
  // Cut one month end at a time and build its rows: only one cut ledger is held at once.
  const rows: DataRow[] = [];
  const k = horizonMonths(horizonDays);
  const include = sampleOf(latest.size * monthList.length);
  for (const month of monthList) {
    const cut = await ledgerMap(ctx, formatDay(lastDayOfMonth(month)));
    rows.push(
      ...dataset.build({
        histories: list,
        months: [month],
        cutAt: () => cut,
        latest,
        lastCompleteMonth: lastComplete,
        horizonMonths: k,
        settings,
        include,
      }),
    );
  }
  return {
    asOf,
    horizonDays,
    horizonMonths: k,
    lastCompleteMonth: lastComplete,
    featureNames: dataset.names(settings),
    settings,
    histories: list,
    rows,
    latest,
  };
}
