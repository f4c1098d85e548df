// Revenue overview: KPI tiles that drill to their records, the trend and movement charts, and the table.
import { useMemo, useState } from 'react';
import {
  BENCHMARK_BADGES,
  churnRatesOption,
  existingShareOption,
  expansionOnNewOption,
  movementsOption,
  mrrTrendOption,
  retentionOption,
} from '../charts/revenue.ts';
import { KIND_LABELS } from '../charts/theme.ts';
import { Badge, Card, PageHeader, Segmented } from '../components/Card.tsx';
import { Chart } from '../components/Chart.tsx';
import { FilterBar } from '../components/FilterBar.tsx';
import { Loadable } from '../components/States.tsx';
import { Table } from '../components/Table.tsx';
import { formatDate } from '../lib/format.ts';
import { useMeta } from '../lib/meta.ts';
import { apiPath, FILTER_KEYS, interval, INTERVAL_LABELS } from '../lib/query.ts';
import { navigate, useLocation } from '../lib/router.ts';
import type { MetricsResponse, MetricsRow, MovementKind } from '../../../src/contract/revenue.ts';
import { useApi } from '../lib/use-api.ts';
import { KpiTiles } from './overview-kpis.tsx';
import { metricsColumns } from './overview-table.tsx';

function Charts({ rows, currency }: { rows: MetricsRow[]; currency: string }) {
  const { query } = useLocation();
  const [measure, setMeasure] = useState<'mrr' | 'arr'>('mrr');
  const options = useMemo(
    () => ({
      movements: movementsOption(rows, currency),
      churn: churnRatesOption(rows),
      retention: retentionOption(rows),
      expansion: expansionOnNewOption(rows, currency),
      existing: existingShareOption(rows),
    }),
    [rows, currency],
  );
  const trend = useMemo(() => mrrTrendOption(rows, currency, measure), [rows, currency, measure]);
  const kindByLabel = new Map(Object.entries(KIND_LABELS).map(([k, l]) => [l, k as MovementKind]));
  const drill = ({ dataIndex, seriesName }: { dataIndex: number; seriesName?: string }) => {
    const row = rows[dataIndex];
    if (!row) return;
    const kind = seriesName ? kindByLabel.get(seriesName) : undefined;
    navigate(apiPath('/movements', query, FILTER_KEYS, { from: row.period.start, to: row.period.end, kind }));
  };
  const latest = rows.at(-1);
  return (
    <>
      <div className="grid grid-2">
        <Card
          title={measure === 'mrr' ? 'MRR trend' : 'ARR trend'}
          subtitle="Recurring revenue at the end of each period"
          actions={
            <Segmented
              label="Measure"
              value={measure}
              onChange={setMeasure}
              options={[
                { value: 'mrr', label: 'MRR' },
                { value: 'arr', label: 'ARR' },
              ]}
            />
          }
        >
          <Chart label="MRR trend" option={trend} />
        </Card>
        <Card title="MRR movements" subtitle="Gains above zero, losses below; click a bar for its movements">
          <Chart label="MRR movements" option={options.movements} onClick={drill} />
        </Card>
      </div>
      <div className="grid grid-2">
        <Card
          title="Churn rates"
          subtitle="Per month, with benchmarks from David Skok and Drift (dashed)"
          actions={
            latest ? (
              <span className="benchmarks">
                {latest.benchmarks
                  .filter((b) => b.status !== 'n/a')
                  .map((b) => (
                    <span
                      key={b.id}
                      title={`${b.target}: ${b.status === 'pass' ? 'met' : 'missed'} in ${latest.period.label}`}
                    >
                      <Badge kind={b.status}>
                        {b.status === 'pass' ? '✓' : '✗'} {BENCHMARK_BADGES[b.id] ?? b.target}
                      </Badge>
                    </span>
                  ))}
              </span>
            ) : null
          }
        >
          <Chart label="Churn rates" option={options.churn} />
        </Card>
        <Card
          title="Net and gross revenue retention"
          subtitle="Per period (thin, dotted points) and over the trailing 12 months (thick, darker)"
        >
          <Chart label="NRR and GRR" option={options.retention} />
        </Card>
      </div>
      <div className="grid grid-2">
        <Card title="Expansion on new MRR" subtitle="Gross new MRR: new business with expansion stacked on top">
          <Chart label="Expansion on new MRR" option={options.expansion} />
        </Card>
        <Card
          title="Revenue from existing customers"
          subtitle="Share of ending MRR paid by customers who were already paying"
        >
          <Chart label="Revenue from existing customers" option={options.existing} />
        </Card>
      </div>
    </>
  );
}

export function Overview() {
  const meta = useMeta();
  const { query } = useLocation();
  const path = apiPath('/api/v1/revenue/metrics', query, ['interval', 'from', 'to', ...FILTER_KEYS]);
  const loaded = useApi<MetricsResponse>(path);
  return (
    <>
      <PageHeader
        title="Revenue"
        subtitle={`${INTERVAL_LABELS[interval(query)]} · ${meta.reportingCurrency} · data as of ${formatDate(meta.asOf)}`}
      />
      <FilterBar />
      <Loadable
        loaded={loaded}
        height={400}
        isEmpty={(d) => d.rows.length === 0}
        empty={
          <div className="card">
            <div className="state state-empty">
              <strong>No revenue in this period</strong>
              <span>Widen the period or clear the filters.</span>
            </div>
          </div>
        }
      >
        {(data) => (
          <>
            <KpiTiles rows={data.rows} currency={data.currency} />
            <Charts rows={data.rows} currency={data.currency} />
            <Card title="By period" subtitle="Every figure per period; amounts in major units in the CSV">
              <Table
                label="Revenue by period"
                columns={metricsColumns(data.currency)}
                rows={[...data.rows].reverse()}
                rowKey={(r) => r.period.label}
                exportName={`tenure-revenue-${interval(query)}`}
                caption={`${data.rows.length} periods, newest first`}
              />
            </Card>
          </>
        )}
      </Loadable>
    </>
  );
}
