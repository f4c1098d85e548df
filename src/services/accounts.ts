// The accounts list (search, filters, sort, pages) and the movements list, both over the current ledger.
import { monthIndex, monthKey } from '../core/period.ts';
import type { CustomerLedger, Ledger } from '../core/revenue/index.ts';
import {
  ACCOUNT_SORTS,
  type AccountItem,
  type AccountSort,
  type AccountStatus,
  type AccountsPage,
} from '../contract/accounts.ts';
import type { PageOf } from '../contract/common.ts';
import type { MovementItem, MovementKind, MovementsPage } from '../contract/revenue.ts';
import {
  accountMatcher,
  accountProfiles,
  currentPlan,
  hasFilters,
  type AccountProfile,
  type SegmentFilters,
} from './account-directory.ts';
import type { ServiceContext } from './context.ts';
import { UsageError } from './errors.ts';
import { latestBandsOf } from '../store/health.ts';
import { memoized } from './report-cache.ts';
import { currentLedger } from './revenue.ts';

export { ACCOUNT_SORTS, type AccountSort, type AccountStatus };
/** A row of the accounts list (customerSince: first paid month; churnedOn: month of the churn that ended it). */
export type AccountListItem = AccountItem;
export type Page<T> = PageOf<T>;

function summarize(
  profile: AccountProfile,
  customer: CustomerLedger | undefined,
  ledger: Ledger,
  currency: string,
): AccountListItem {
  const last = customer?.history.at(-1);
  const active = last !== undefined && last.endMonth > ledger.lastMonth;
  const churn = customer?.movements.findLast((m) => m.kind === 'churn');
  const first = customer?.movements[0];
  const status: AccountStatus = active ? 'active' : customer ? 'churned' : 'prospect';
  return {
    ...profile,
    plan: customer ? currentPlan(customer) : null,
    mrrMinor: active ? last.mrrMinor : 0,
    currency,
    status,
    customerSince: first ? monthKey(first.month) : null,
    churnedOn: status === 'churned' && churn ? monthKey(churn.month) : null,
  };
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
const compareText = (a: string | null, b: string | null) =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : collator.compare(a, b);

const COMPARE: Record<AccountSort, (a: AccountListItem, b: AccountListItem) => number> = {
  name: (a, b) => compareText(a.name, b.name),
  mrr: (a, b) => a.mrrMinor - b.mrrMinor,
  customer_since: (a, b) => compareText(a.customerSince, b.customerSince),
  industry: (a, b) => compareText(a.industry, b.industry),
  owner_csm: (a, b) => compareText(a.ownerCsm, b.ownerCsm),
};

/** Every account as a list row, for this ledger (memoized per data version in a server). */
async function allAccountItems(ctx: ServiceContext, ledger: Ledger): Promise<AccountListItem[]> {
  const build = async () => {
    const profiles = await accountProfiles(ctx);
    const byId = new Map(ledger.customers.map((c) => [Number(c.accountId), c]));
    const currency = ctx.config.reportingCurrency;
    return [...profiles.values()].map((p) => summarize(p, byId.get(p.id), ledger, currency));
  };
  return memoized(ctx, `account-items|${ledger.lastMonth}`, build);
}

export async function listAccounts({
  ctx,
  asOf,
  q,
  status = 'all',
  sort = 'name',
  order = 'asc',
  filters,
  limit = 50,
  offset = 0,
}: {
  ctx: ServiceContext;
  asOf: string;
  q?: string | undefined;
  status?: AccountStatus | 'all';
  sort?: AccountSort;
  order?: 'asc' | 'desc';
  filters?: SegmentFilters | undefined;
  limit?: number;
  offset?: number;
}): Promise<AccountsPage> {
  const ledger = await currentLedger({ ctx, asOf });
  let items = await allAccountItems(ctx, ledger);
  const needle = q?.trim().toLowerCase();
  if (needle)
    items = items.filter((a) => a.name.toLowerCase().includes(needle) || a.externalId.toLowerCase().includes(needle));
  if (status !== 'all') items = items.filter((a) => a.status === status);
  if (hasFilters(filters)) {
    const matches = await accountMatcher(ctx, ledger, filters);
    items = items.filter((a) => matches(a.id));
  }
  const direction = order === 'desc' ? -1 : 1;
  const compare = COMPARE[sort];
  const sorted = [...items].sort((a, b) => direction * compare(a, b) || a.id - b.id);
  const page = sorted.slice(offset, offset + limit);
  const health = await latestBandsOf(
    ctx.store,
    page.map((a) => a.id),
  );
  const withHealth = page.map((a) => ({
    ...a,
    // A churned account's last score says nothing about today.
    healthBand: a.status === 'active' ? ((health.get(a.id)?.band ?? null) as AccountListItem['healthBand']) : null,
    healthScore: a.status === 'active' ? (health.get(a.id)?.score ?? null) : null,
  }));
  return { total: sorted.length, items: withHealth };
}

export type MovementListItem = MovementItem;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
function monthBound(name: string, value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  if (!MONTH.test(value)) throw new UsageError(`${name} must be a month YYYY-MM, found "${value}"`);
  return monthIndex(value);
}

/** Movements in months from..to (inclusive), of one kind or all, largest amounts first within a month. */
export async function listMovements({
  ctx,
  asOf,
  from,
  to,
  kind,
  filters,
  limit = 100,
  offset = 0,
}: {
  ctx: ServiceContext;
  asOf: string;
  from?: string | undefined;
  to?: string | undefined;
  kind?: MovementKind | undefined;
  filters?: SegmentFilters | undefined;
  limit?: number;
  offset?: number;
}): Promise<MovementsPage> {
  const first = monthBound('from', from);
  const last = monthBound('to', to);
  const ledger = await currentLedger({ ctx, asOf });
  const profiles = await accountProfiles(ctx);
  const matches = hasFilters(filters) ? await accountMatcher(ctx, ledger, filters) : () => true;
  const items: MovementListItem[] = [];
  for (const customer of ledger.customers) {
    if (!matches(customer.accountId)) continue;
    for (const m of customer.movements) {
      if ((first !== null && m.month < first) || (last !== null && m.month > last) || (kind && m.kind !== kind))
        continue;
      const accountId = Number(customer.accountId);
      items.push({
        accountId,
        accountName: profiles.get(accountId)?.name ?? String(accountId),
        month: monthKey(m.month),
        kind: m.kind,
        amountMinor: m.amountMinor,
        mrrBeforeMinor: m.mrrBeforeMinor,
        mrrAfterMinor: m.mrrAfterMinor,
        plan: m.plan,
      });
    }
  }
  items.sort(
    (a, b) =>
      b.month.localeCompare(a.month) || Math.abs(b.amountMinor) - Math.abs(a.amountMinor) || a.accountId - b.accountId,
  );
  return { total: items.length, items: items.slice(offset, offset + limit) };
}
