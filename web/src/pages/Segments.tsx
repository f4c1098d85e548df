// Segments: every metric by industry, size band, segment, ICP fit, plan or CSM, side by side (chart and table).
import { useMemo } from 'react';
import { formatPlotted, plotted, SEGMENT_METRICS, segmentBarsOption, segmentTrendOption } from '../charts/segments.ts';
import { Card, PageHeader, Segmented } from '../components/Card.tsx';
import { Chart } from '../components/Chart.tsx';
import { FilterBar } from '../components/FilterBar.tsx';
import { Loadable } from '../components/States.tsx';
import { Table, type Column } from '../components/Table.tsx';
import { apiPath, FILTER_KEYS, FILTER_LABELS, href, type FilterKey, withChanges } from '../lib/query.ts';
import { navigate, useLocation } from '../lib/router.ts';
import type { MetricsResponse, MetricsRow } from '../../../src/contract/revenue.ts';
import { useApi } from '../lib/use-api.ts';

const DEFAULT_METRIC = SEGMENT_METRICS[0] ?? {
  id: 'mrr',
  label: 'MRR',
  kind: 'money',
  value: (r: MetricsRow) => r.mrrMinor,
};

function dimensionOf(query: URLSearchParams): FilterKey {
  const by = query.get('by');
  return (FILTER_KEYS as readonly string[]).includes(by ?? '') ? (by as FilterKey) : 'industry';
}

/** Each group's row for the latest period of all (a group without one, e.g. a retired plan, is left out). */
function latestPerGroup(rows: readonly MetricsRow[]): MetricsRow[] {
  const last = rows.reduce((max, r) => (r.period.end > max ? r.period.end : max), '');
  return rows.filter((r) => r.period.end === last);
}

function columns(currency: string, dimension: FilterKey): Column<MetricsRow>[] {
  return [
    { key: 'group', header: FILTER_LABELS[dimension], csv: (r) => r.group ?? '' },
    ...SEGMENT_METRICS.map((m) => ({
      key: m.id,
      header: m.label,
      align: 'right' as const,
      csv: (r: MetricsRow) => plotted(m, r, currency),
      render: (r: MetricsRow) => formatPlotted(m, plotted(m, r, currency), currency),
    })),
  ];
}

function SegmentView({ data, dimension }: { data: MetricsResponse; dimension: FilterKey }) {
  const { path, query } = useLocation();
  const metric = SEGMENT_METRICS.find((m) => m.id === query.get('metric')) ?? DEFAULT_METRIC;
  const latest = useMemo(() => latestPerGroup(data.rows), [data.rows]);
  const bars = useMemo(() => segmentBarsOption(latest, metric, data.currency), [latest, metric, data.currency]);
  const trend = useMemo(() => segmentTrendOption(data.rows, metric, data.currency), [data.rows, metric, data.currency]);
  const period = latest[0]?.period.label ?? '';
  const drill = ({ name }: { name: string }) => {
    navigate(href('/', withChanges(query, { [dimension]: name, by: null, metric: null })));
  };
  return (
    <>
      <div className="toolbar">
        <label className="field">
          <span>Metric</span>
          <select
            name="metric"
            value={metric.id}
            onChange={(e) => navigate(href(path, withChanges(query, { metric: e.target.value })), { replace: true })}
          >
            {SEGMENT_METRICS.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="grid grid-2">
        <Card
          title={`${metric.label} by ${FILTER_LABELS[dimension]}`}
          subtitle={`${period} · click a bar to open the overview for that group`}
        >
          <Chart
            label="Segment comparison"
            option={bars}
            height={Math.max(260, latest.length * 26 + 40)}
            onClick={drill}
          />
        </Card>
        <Card title={`${metric.label} over time`} subtitle={`One line per ${FILTER_LABELS[dimension]}`}>
          <Chart label="Segment trend" option={trend} height={Math.max(260, latest.length * 26 + 40)} />
        </Card>
      </div>
      <Card title="Side by side" subtitle={`Every metric for ${period}`}>
        <Table
          label="Metrics by segment"
          columns={columns(data.currency, dimension)}
          rows={latest}
          rowKey={(r) => r.group ?? ''}
          exportName={`tenure-segments-${dimension}`}
          caption={`${latest.length} groups`}
          onRowClick={(r) => drill({ name: r.group ?? '' })}
        />
      </Card>
    </>
  );
}

export function Segments() {
  const { path, query } = useLocation();
  const dimension = dimensionOf(query);
  const loaded = useApi<MetricsResponse>(
    apiPath('/api/v1/revenue/metrics', query, ['interval', 'from', 'to', ...FILTER_KEYS], { by: dimension }),
  );
  return (
    <>
      <PageHeader
        title="Segments"
        subtitle="Compare revenue and retention across groups of customers"
        actions={
          <Segmented
            label="Dimension"
            value={dimension}
            onChange={(by) => navigate(href(path, withChanges(query, { by })))}
            options={FILTER_KEYS.map((k) => ({ value: k, label: FILTER_LABELS[k] }))}
          />
        }
      />
      <FilterBar />
      <Loadable loaded={loaded} height={400} isEmpty={(d) => d.rows.length === 0}>
        {(data) => <SegmentView data={data} dimension={dimension} />}
      </Loadable>
    </>
  );
}
