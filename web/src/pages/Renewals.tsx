// Renewals: the calendar (ARR bubbles by due day, coloured by forecast category), renewal rates by count and by
// amount over time, the forecast against what renewed with its accuracy, and the nine factors behind renewal.
import { ScatterChart } from 'echarts/charts';
import * as echarts from 'echarts/core';
import { useMemo, useState } from 'react';
import type {
  CalendarItem,
  FactorTable,
  ForecastAccuracy,
  RenewalCalendar,
  RenewalFactors,
  RenewalForecast,
  RenewalRates,
} from '../../../src/contract/renewals.ts';
import {
  CATEGORY_COLORS,
  CATEGORY_LABELS,
  calendarOption,
  errorText,
  forecastOption,
  ratesOption,
  type Category,
} from '../charts/renewals.ts';
import { Card, PageHeader, Segmented } from '../components/Card.tsx';
import { Chart } from '../components/Chart.tsx';
import { Loadable } from '../components/States.tsx';
import { Table, type Column } from '../components/Table.tsx';
import { request } from '../lib/api.ts';
import { formatDate, formatMoney, formatPercent, toMajor } from '../lib/format.ts';
import { useMeta, useSession } from '../lib/meta.ts';
import { HealthBadge } from './health-parts.tsx';
import { href, withChanges } from '../lib/query.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { useApi } from '../lib/use-api.ts';
import { useReloadable } from '../lib/use-reloadable.ts';

echarts.use([ScatterChart]);

const WINDOWS = ['30', '90', '180'] as const;
const INTERVALS = ['month', 'quarter', 'year'] as const;

export function CategoryBadge({ category }: { category: Category }) {
  return (
    <span className="badge" style={{ background: CATEGORY_COLORS[category], color: '#fff' }}>
      {CATEGORY_LABELS[category]}
    </span>
  );
}

function CategoryPicker({ item, onChanged }: { item: CalendarItem; onChanged: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const set = async (value: string) => {
    setError(null);
    try {
      const category = value === '' ? null : (value as Category);
      await request('PUT', `/api/v1/renewals/${encodeURIComponent(item.contractId)}/forecast-category`, { category });
      onChanged();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  return (
    <>
      <select
        aria-label={`Forecast category of ${item.contractId}`}
        value={item.categorySource === 'owner' ? item.category : ''}
        onChange={(e) => void set(e.target.value)}
      >
        <option value="">Proposed: {CATEGORY_LABELS[item.proposedCategory]}</option>
        {(Object.keys(CATEGORY_LABELS) as Category[]).map((c) => (
          <option key={c} value={c}>
            {CATEGORY_LABELS[c]}
          </option>
        ))}
      </select>
      {error ? <span className="form-error">{error}</span> : null}
    </>
  );
}

function calendarColumns(currency: string, canSet: boolean, reload: () => void): Column<CalendarItem>[] {
  return [
    { key: 'due', header: 'Due', csv: (i) => i.dueDate, render: (i) => formatDate(i.dueDate) },
    { key: 'days', header: 'Days left', align: 'right', csv: (i) => i.daysLeft },
    {
      key: 'account',
      header: 'Account',
      csv: (i) => i.accountName,
      render: (i) => <a href={`/accounts/${i.accountId}`}>{i.accountName}</a>,
    },
    { key: 'contract', header: 'Contract', csv: (i) => i.contractId },
    {
      key: 'arr',
      header: 'ARR at stake',
      align: 'right',
      csv: (i) => toMajor(i.arrAtStakeMinor, currency),
      render: (i) => formatMoney(i.arrAtStakeMinor, currency),
    },
    { key: 'owner', header: 'Owner', csv: (i) => i.owner, render: (i) => i.owner ?? '—' },
    { key: 'adoption', header: 'Adoption', csv: (i) => i.adoptionLevel, render: (i) => i.adoptionLevel ?? '—' },
    { key: 'nps', header: 'NPS', align: 'right', csv: (i) => i.nps, render: (i) => i.nps ?? '—' },
    {
      key: 'health',
      header: 'Health',
      csv: (i) => i.health,
      render: (i) => <HealthBadge band={i.healthBand} score={i.health} />,
    },
    { key: 'health_band', header: 'Health band', csv: (i) => i.healthBand, csvOnly: true },
    {
      key: 'churn_risk',
      header: 'Churn risk',
      align: 'right',
      csv: (i) => i.churnRisk,
      render: (i) => (i.churnRisk === null ? '—' : formatPercent(i.churnRisk, 0)),
    },
    {
      key: 'category',
      header: 'Forecast',
      csv: (i) => i.category,
      render: (i) => (
        <span title={i.categorySource === 'owner' ? `Set by ${i.ownerCategory?.setBy ?? ''}` : i.reasons.join('; ')}>
          <CategoryBadge category={i.category} /> {i.categorySource === 'owner' ? '(owner)' : '(proposed)'}
        </span>
      ),
    },
    ...(canSet
      ? [
          {
            key: 'set',
            header: 'Set category',
            csv: () => null,
            render: (i: CalendarItem) => <CategoryPicker item={i} onChanged={reload} />,
          },
        ]
      : []),
    {
      key: 'tier',
      header: 'Tier',
      csv: (i: CalendarItem) => i.tier ?? null,
      render: (i: CalendarItem) => i.tierName ?? i.tier ?? '—',
    },
  ];
}

function CalendarCard({ asOf }: { asOf: string | null }) {
  const { path, query } = useLocation();
  const session = useSession();
  const days = (WINDOWS as readonly string[]).includes(query.get('days') ?? '') ? (query.get('days') ?? '90') : '90';
  const loaded = useReloadable<RenewalCalendar>(`/api/v1/renewals/calendar?days=${days}${asOf ? `&asOf=${asOf}` : ''}`);
  const data = loaded.data;
  const option = useMemo(() => (data ? calendarOption(data.items, data.currency) : null), [data]);
  return (
    <Card
      title="Renewal calendar"
      subtitle={
        data
          ? data.windows
              .map(
                (w) =>
                  `next ${w.days} days: ${w.renewals} renewals, ${formatMoney(w.arrAtStakeMinor, data.currency)} ARR`,
              )
              .join(' · ')
          : 'Upcoming renewals'
      }
      actions={
        <Segmented
          label="Days"
          options={WINDOWS.map((w) => ({ value: w, label: `${w} days` }))}
          value={days}
          onChange={(v) => navigate(href(path, withChanges(query, { days: v })))}
        />
      }
    >
      {data && option ? (
        data.items.length === 0 ? (
          <div className="state state-empty">
            <strong>No renewal due in the next {days} days</strong>
            <span>Contracts come from billing or from a contracts file (tenure import contracts FILE).</span>
          </div>
        ) : (
          <>
            <Chart label="Renewal calendar" option={option} height={300} />
            <Table
              label="Upcoming renewals"
              columns={calendarColumns(data.currency, session.user.role !== 'viewer', loaded.reload)}
              rows={data.items}
              rowKey={(i) => i.contractId}
              exportName="tenure-renewal-calendar"
              caption={`${data.items.length} renewals due by ${formatDate(data.items.at(-1)?.dueDate)}`}
            />
          </>
        )
      ) : null}
    </Card>
  );
}

function accuracyColumns(currency: string): Column<ForecastAccuracy['periods'][number]>[] {
  const at = (p: ForecastAccuracy['periods'][number], h: number) => p.horizons.find((x) => x.horizonDays === h);
  const horizon = (h: number): Column<ForecastAccuracy['periods'][number]>[] => [
    {
      key: `f${h}`,
      header: `Forecast ${h} days before`,
      align: 'right',
      csv: (p) => toMajor(at(p, h)?.expectedMinor ?? 0, currency),
      render: (p) => (at(p, h)?.renewals ? formatMoney(at(p, h)?.expectedMinor ?? 0, currency) : '—'),
    },
    {
      key: `e${h}`,
      header: `Error ${h}`,
      align: 'right',
      csv: (p) => at(p, h)?.error ?? null,
      render: (p) => errorText(at(p, h)?.error),
    },
  ];
  return [
    { key: 'period', header: 'Period', csv: (p) => p.period },
    { key: 'due', header: 'Due', align: 'right', csv: (p) => p.due },
    {
      key: 'renewed',
      header: 'Renewed',
      align: 'right',
      csv: (p) => toMajor(p.renewedMinor, currency),
      render: (p) => formatMoney(p.renewedMinor, currency),
    },
    ...horizon(90),
    ...horizon(30),
  ];
}

function ForecastCard({ asOf, interval }: { asOf: string | null; interval: string }) {
  const suffix = `interval=${interval}${asOf ? `&asOf=${asOf}` : ''}`;
  const forecast = useApi<RenewalForecast>(`/api/v1/renewals/forecast?${suffix}`);
  const accuracy = useApi<ForecastAccuracy>(`/api/v1/renewals/accuracy?${suffix}`);
  const both = {
    data: forecast.data && accuracy.data ? { forecast: forecast.data, accuracy: accuracy.data } : null,
    error: forecast.error ?? accuracy.error,
    loading: forecast.loading || accuracy.loading,
  };
  return (
    <Loadable loaded={both} height={300}>
      {({ forecast: f, accuracy: a }) => (
        <Card
          title="Forecast against what renewed"
          subtitle={`Low: commit only · expected: due ARR × category probability (${f.probabilities
            .map(
              (p) =>
                `${CATEGORY_LABELS[p.category]} ${formatPercent(p.probability, 0)}${p.basis === 'learnt' ? ' learnt' : ''}`,
            )
            .join(', ')}) · high: all but lost. Mean error: ${a.meanAbsoluteError
            .map((m) => `${m.horizonDays} days before ${m.error === null ? '—' : formatPercent(m.error, 1)}`)
            .join(', ')}`}
        >
          <Chart label="Renewal forecast" option={forecastOption(f, a, f.currency)} height={300} />
          <Table
            label="Forecast accuracy"
            columns={accuracyColumns(a.currency)}
            rows={a.periods}
            rowKey={(p) => p.period}
            exportName="tenure-renewal-forecast-accuracy"
            caption={
              a.periods.length === 0
                ? 'No closed period has a forecast yet: the daily job records one 90 and 30 days before each due day.'
                : `${a.periods.length} closed periods; error = forecast ÷ renewed − 1`
            }
          />
        </Card>
      )}
    </Loadable>
  );
}

interface FactorRow {
  key: string;
  factor: string;
  group: string | null;
  g: FactorTable['groups'][number] | null;
  missing: string | null;
}

const factorRows = (factors: FactorTable[]): FactorRow[] =>
  factors.flatMap((f): FactorRow[] =>
    f.groups.length === 0
      ? [{ key: `${f.key}|`, factor: `${f.number}. ${f.name}`, group: null, g: null, missing: f.missing }]
      : f.groups.map((g) => ({
          key: `${f.key}|${g.group}`,
          factor: `${f.number}. ${f.name}`,
          group: g.group,
          g,
          missing: null,
        })),
  );

const factorColumns: Column<FactorRow>[] = [
  { key: 'factor', header: 'Factor', csv: (r) => r.factor },
  {
    key: 'group',
    header: 'Group',
    csv: (r) => r.group,
    render: (r) =>
      r.group ?? <em style={{ whiteSpace: 'normal', display: 'inline-block', maxWidth: 520 }}>{r.missing}</em>,
  },
  { key: 'renewals', header: 'Renewals', align: 'right', csv: (r) => r.g?.renewals },
  {
    key: 'rate',
    header: 'Rate by count (95% CI)',
    align: 'right',
    csv: (r) => r.g?.rate,
    render: (r) =>
      r.g ? `${formatPercent(r.g.rate, 0)} (${formatPercent(r.g.ciLow, 0)}–${formatPercent(r.g.ciHigh, 0)})` : '',
  },
  {
    key: 'amount',
    header: 'Rate by amount',
    align: 'right',
    csv: (r) => r.g?.amountRate,
    render: (r) => (r.g ? formatPercent(r.g.amountRate, 0) : ''),
  },
  {
    key: 'lift',
    header: 'Lift vs rest',
    align: 'right',
    csv: (r) => r.g?.lift,
    render: (r) => (r.g?.lift == null ? '' : `${r.g.lift.toFixed(2)}×`),
  },
];

export function Renewals() {
  const { path, query } = useLocation();
  const meta = useMeta();
  const asOf = query.get('asOf');
  const interval = (INTERVALS as readonly string[]).includes(query.get('interval') ?? '')
    ? (query.get('interval') ?? 'quarter')
    : 'quarter';
  const suffix = asOf ? `&asOf=${asOf}` : '';
  const rates = useApi<RenewalRates>(`/api/v1/renewals?interval=${interval}${suffix}`);
  const factors = useApi<RenewalFactors>(`/api/v1/renewals/factors?${suffix.slice(1)}`);
  return (
    <>
      <PageHeader
        title="Renewals"
        subtitle="Contracts coming up for renewal, the renewal rate by count and by amount, the forecast and what drives renewal"
        actions={
          <Segmented
            label="Interval"
            options={INTERVALS.map((i) => ({ value: i, label: `${i.charAt(0).toUpperCase()}${i.slice(1)}` }))}
            value={interval}
            onChange={(v) => navigate(href(path, withChanges(query, { interval: v })))}
          />
        }
      />
      <CalendarCard asOf={asOf} />
      <Loadable loaded={rates} height={280}>
        {(data) => (
          <Card
            title="Renewal rate"
            subtitle="By count: renewed ÷ (renewed + churned). By amount: renewed ARR ÷ due ARR, gross (capped at the due ARR) and net"
          >
            <Chart label="Renewal rates" option={ratesOption(data.rows)} height={260} />
          </Card>
        )}
      </Loadable>
      <ForecastCard asOf={asOf} interval={interval} />
      <Loadable loaded={factors} height={240}>
        {(data) => (
          <Card
            title="What drives renewal"
            subtitle={`${data.closedRenewals} closed renewals; each group's rate against the rest (lift), factors ranked by how much they separate renewals`}
          >
            <Table
              label="Renewal factors"
              columns={factorColumns}
              rows={factorRows(data.factors)}
              rowKey={(r) => r.key}
              exportName="tenure-renewal-factors"
              caption={`Amounts in ${meta.reportingCurrency}`}
            />
          </Card>
        )}
      </Loadable>
    </>
  );
}
