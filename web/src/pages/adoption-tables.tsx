// The adoption page's table columns: levels, retention by level, features, groups and flagged accounts.
// CSV cells hold raw values: rates as fractions, amounts in major units.
import { plansText } from '../charts/adoption.ts';
import { Badge } from '../components/Card.tsx';
import { Link } from '../components/Link.tsx';
import type { Column } from '../components/Table.tsx';
import {
  LEVEL_LABELS,
  type AccountAdoption,
  type AdoptionGroup,
  type FeatureRate,
  type LevelShare,
  type RetentionLevel,
} from '../lib/adoption.ts';
import { formatCount, formatMoney, formatPercent, toMajor } from '../lib/format.ts';

const count = <Row,>(key: string, header: string, value: (r: Row) => number): Column<Row> => ({
  key,
  header,
  align: 'right',
  csv: value,
  render: (r) => formatCount(value(r)),
});

const rate = <Row,>(key: string, header: string, value: (r: Row) => number | null): Column<Row> => ({
  key,
  header,
  align: 'right',
  csv: value,
  render: (r) => formatPercent(value(r)),
});

const money = <Row,>(key: string, header: string, currency: string, value: (r: Row) => number): Column<Row> => ({
  key,
  header,
  align: 'right',
  csv: (r) => toMajor(value(r), currency),
  render: (r) => formatMoney(value(r), currency),
});

export function LevelBadge({ level }: { level: AccountAdoption['level'] }) {
  return level ? <Badge kind={`level-${level}`}>{LEVEL_LABELS[level]}</Badge> : <span className="muted">—</span>;
}

export function levelColumns(currency: string): Column<LevelShare>[] {
  return [
    {
      key: 'level',
      header: 'Adoption',
      csv: (l) => l.level,
      render: (l) => <LevelBadge level={levelOrNull(l.level)} />,
    },
    count('accounts', 'Accounts', (l) => l.accounts),
    rate('accountShare', '% of accounts', (l) => l.accountShare),
    // Compact on screen so a large book still fits half a screen; the CSV keeps every digit.
    { ...money('mrr', 'MRR', currency, (l) => l.mrrMinor), render: (l) => formatMoney(l.mrrMinor, currency, true) },
    rate('mrrShare', '% of MRR', (l) => l.mrrShare),
  ];
}

const levelOrNull = (level: string): AccountAdoption['level'] =>
  level === 'low' || level === 'mid' || level === 'high' ? level : null;

export function retentionColumns(currency: string): Column<RetentionLevel>[] {
  return [
    {
      key: 'level',
      header: 'Level then',
      csv: (l) => l.level,
      render: (l) => (l.level === 'all' ? <strong>All customers</strong> : <LevelBadge level={levelOrNull(l.level)} />),
    },
    count('customers', 'Customers', (l) => l.customers),
    { ...money('start', 'MRR then', currency, (l) => l.startMrrMinor), csvOnly: true },
    { ...money('end', 'MRR now', currency, (l) => l.endMrrMinor), csvOnly: true },
    rate('nrr', 'NRR', (l) => l.nrr),
    rate('grr', 'GRR', (l) => l.grr),
    { ...count('churned', 'Churned', (l) => l.churned), csvOnly: true },
    rate('logoChurn', 'Logo churn', (l) => l.logoChurnRate),
    rate('renewal', 'Renewal', (l) => l.renewalRate),
  ];
}

export const featureColumns: Column<FeatureRate>[] = [
  { key: 'feature', header: 'Feature', csv: (f) => f.name },
  { key: 'key', header: 'Key', csvOnly: true, csv: (f) => f.key },
  { key: 'module', header: 'Module', csv: (f) => f.module },
  { key: 'plans', header: 'Included in', csv: (f) => f.plans.join(';'), render: (f) => plansText(f.plans) },
  rate('rate', 'Usage rate', (f) => f.usageRate),
  {
    key: 'using',
    header: 'Using',
    align: 'right',
    csv: (f) => f.accountsUsing,
    render: (f) => `${formatCount(f.accountsUsing)} / ${formatCount(f.accountsIncluded)}`,
  },
  { ...count('included', 'Accounts with it in plan', (f) => f.accountsIncluded), csvOnly: true },
  { ...count('outside', 'Using outside plan', (f) => f.accountsUsingOutsidePlan), csvOnly: true },
  { ...count('users', 'Users', (f) => f.users), csvOnly: true },
  { ...count('events', 'Events', (f) => f.events), csvOnly: true },
];

export function groupColumns(dimensionLabel: string): Column<AdoptionGroup>[] {
  return [
    { key: 'group', header: dimensionLabel, csv: (g) => g.group },
    count('accounts', 'Accounts', (g) => g.accounts),
    count('low', 'Low', (g) => g.low),
    count('mid', 'Mid', (g) => g.mid),
    count('high', 'High', (g) => g.high),
    rate('usage', 'Feature usage', (g) => g.featureUsageRate),
    rate('seats', 'Seat utilization', (g) => g.seatUtilization),
    rate('stickiness', 'Stickiness', (g) => g.stickiness),
    count('declining', 'Declining', (g) => g.declining),
    count('expansion', 'Expansion', (g) => g.expansionSignals),
  ];
}

export const accountHref = (a: Pick<AccountAdoption, 'id'>) => `/accounts/${a.id}`;

function accountColumn(): Column<AccountAdoption> {
  return {
    key: 'account',
    header: 'Account',
    csv: (a) => a.name,
    render: (a) => (
      <>
        <Link href={accountHref(a)} onClick={(e) => e.stopPropagation()}>
          {a.name}
        </Link>
        <span className="cell-sub">{a.externalId}</span>
      </>
    ),
  };
}

const common = (currency: string): Column<AccountAdoption>[] => [
  accountColumn(),
  { key: 'externalId', header: 'ID', csvOnly: true, csv: (a) => a.externalId },
  { key: 'plan', header: 'Plan', csv: (a) => a.plan, render: (a) => a.plan ?? '—' },
  money('mrr', 'MRR', currency, (a) => a.mrrMinor),
  { key: 'level', header: 'Adoption', csv: (a) => a.level, render: (a) => <LevelBadge level={a.level} /> },
];

const csm: Column<AccountAdoption> = {
  key: 'csm',
  header: 'CSM',
  csv: (a) => a.ownerCsm,
  render: (a) => a.ownerCsm ?? '—',
};

/** `weeks`: the weeks each side of the comparison. */
export function decliningColumns(currency: string, weeks: number): Column<AccountAdoption>[] {
  return [
    ...common(currency),
    count('previous', `Users, prior ${weeks} wks`, (a) => a.trend.previousActiveUsers),
    count('recent', `Users, last ${weeks} wks`, (a) => a.trend.recentActiveUsers),
    {
      key: 'change',
      header: 'Change',
      align: 'right',
      csv: (a) => a.trend.change,
      render: (a) => <span className="tone-bad">{formatPercent(a.trend.change, 0)}</span>,
    },
    rate('usage', 'Feature usage', (a) => a.featureUsageRate),
    csm,
  ];
}

/** `names`: feature names by key, for the features used outside the plan. */
export function expansionColumns(currency: string, names: ReadonlyMap<string, string>): Column<AccountAdoption>[] {
  const named = (a: AccountAdoption) => a.expansion.outOfPlanFeatures.map((key) => names.get(key) ?? key);
  return [
    ...common(currency),
    {
      key: 'seats',
      header: 'Active users / seats',
      align: 'right',
      csv: (a) => a.licensedSeats,
      render: (a) => `${formatCount(a.activeUsers)} / ${formatCount(a.licensedSeats)}`,
    },
    { key: 'activeUsers', header: 'Active users', csvOnly: true, csv: (a) => a.activeUsers },
    {
      key: 'utilization',
      header: 'Seat utilization',
      align: 'right',
      csv: (a) => a.seatUtilization,
      render: (a) => (
        <span className={a.expansion.seatsNearLimit ? 'tone-good' : undefined}>{formatPercent(a.seatUtilization)}</span>
      ),
    },
    {
      key: 'outside',
      header: 'Used outside the plan',
      csv: (a) => a.expansion.outOfPlanFeatures.join(';'),
      render: (a) => named(a).join(', ') || '—',
    },
    csm,
  ];
}
