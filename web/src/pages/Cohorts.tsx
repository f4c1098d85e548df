// Cohorts: logo and revenue retention heatmaps by signup month, and the milestones as a table.
import { useMemo } from 'react';
import { cohortHeatmapOption } from '../charts/cohorts.ts';
import { Card, PageHeader } from '../components/Card.tsx';
import { Chart } from '../components/Chart.tsx';
import { FilterBar } from '../components/FilterBar.tsx';
import { Loadable } from '../components/States.tsx';
import { Table, type Column } from '../components/Table.tsx';
import { formatCount, formatMoney, formatPercent, toMajor } from '../lib/format.ts';
import { useMeta } from '../lib/meta.ts';
import { apiPath, FILTER_KEYS } from '../lib/query.ts';
import { useLocation } from '../lib/router.ts';
import type { CohortRow } from '../../../src/contract/revenue.ts';
import { useApi } from '../lib/use-api.ts';

const MILESTONES = [1, 3, 6, 12, 24];

function columns(currency: string): Column<CohortRow>[] {
  const at = (metric: 'logo' | 'revenue', k: number): Column<CohortRow> => {
    const value = (r: CohortRow) => (metric === 'logo' ? r.logoRetention : r.revenueRetention)[k] ?? null;
    return {
      key: `${metric}${k}`,
      header: `${metric === 'logo' ? 'Logo' : 'Revenue'} M${k}`,
      align: 'right',
      csv: value,
      render: (r) => formatPercent(value(r), 0),
    };
  };
  return [
    { key: 'cohort', header: 'Cohort', csv: (r) => r.cohort },
    {
      key: 'customers',
      header: 'Customers',
      align: 'right',
      csv: (r) => r.customers,
      render: (r) => formatCount(r.customers),
    },
    {
      key: 'startingMrr',
      header: 'Starting MRR',
      align: 'right',
      csv: (r) => toMajor(r.startingMrrMinor, currency),
      render: (r) => formatMoney(r.startingMrrMinor, currency),
    },
    ...MILESTONES.map((k) => at('logo', k)),
    ...MILESTONES.map((k) => at('revenue', k)),
  ];
}

function Heatmaps({ rows }: { rows: CohortRow[] }) {
  const logo = useMemo(() => cohortHeatmapOption(rows, 'logo'), [rows]);
  const revenue = useMemo(() => cohortHeatmapOption(rows, 'revenue'), [rows]);
  const height = Math.min(1100, Math.max(320, rows.length * 20 + 110));
  // One above the other at full width, so each cell is wide enough to show its value.
  return (
    <>
      <Card title="Logo retention" subtitle="Share of each cohort's customers still paying, in % of the cohort">
        <Chart label="Logo retention" option={logo} height={height} />
      </Card>
      <Card
        title="Revenue retention"
        subtitle="Cohort MRR as a % of its first month's MRR; green above 100%: the cohort grew through expansion"
      >
        <Chart label="Revenue retention" option={revenue} height={height} />
      </Card>
    </>
  );
}

export function Cohorts() {
  const meta = useMeta();
  const { query } = useLocation();
  const loaded = useApi<{ rows: CohortRow[] }>(apiPath('/api/v1/revenue/cohorts', query, FILTER_KEYS));
  return (
    <>
      <PageHeader title="Cohorts" subtitle="Customers grouped by the month they first paid, followed month by month" />
      <FilterBar period={false} />
      <Loadable
        loaded={loaded}
        height={400}
        isEmpty={(d) => d.rows.length === 0}
        empty={
          <div className="card">
            <div className="state state-empty">
              <strong>No cohorts</strong>
              <span>No customer matches these filters.</span>
            </div>
          </div>
        }
      >
        {(data) => (
          <>
            <Heatmaps rows={data.rows} />
            <Card title="Milestones" subtitle="Retention 1, 3, 6, 12 and 24 months after the first payment">
              <Table
                label="Cohort milestones"
                columns={columns(meta.reportingCurrency)}
                rows={data.rows}
                rowKey={(r) => r.cohort}
                exportName="tenure-cohorts"
                caption={`${data.rows.length} cohorts`}
              />
            </Card>
          </>
        )}
      </Loadable>
    </>
  );
}
