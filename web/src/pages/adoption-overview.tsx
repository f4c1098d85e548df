// The adoption overview: levels by accounts and MRR, adoption against retention (Userly's claim), feature
// usage rates, adoption by segment, and the accounts flagged for usage decline or expansion.
import { useMemo, useState } from 'react';
import {
  featureUsageOption,
  levelSharesOption,
  retentionByLevelOption,
  segmentLevelsOption,
  sortFeatures,
} from '../charts/adoption.ts';
import { Card, Segmented } from '../components/Card.tsx';
import { Chart } from '../components/Chart.tsx';
import { Empty, Loadable } from '../components/States.tsx';
import { Table, type Column } from '../components/Table.tsx';
import {
  LEVELS,
  type AccountAdoption,
  type AdoptionOverview,
  type AdoptionRetention,
  type RetentionLevel,
} from '../lib/adoption.ts';
import { countOf, formatDate, formatMonth, formatPercent } from '../lib/format.ts';
import { FILTER_KEYS, FILTER_LABELS, href, type FilterKey, withChanges } from '../lib/query.ts';
import { navigate, useLocation } from '../lib/router.ts';
import type { Loaded } from '../lib/use-api.ts';
import { AdoptionKpis, declineRule, expansionRule, levelRule } from './adoption-kpis.tsx';
import {
  accountHref,
  decliningColumns,
  expansionColumns,
  featureColumns,
  groupColumns,
  LevelBadge,
  levelColumns,
  retentionColumns,
} from './adoption-tables.tsx';

const SHOWN = 10;

/** Userly's adoption research beside what this data says, in one sentence. */
function claimCheck(levels: readonly RetentionLevel[]): string {
  const at = (id: string) => levels.find((l) => l.level === id);
  const low = at('low');
  const mid = at('mid');
  const high = at('high');
  if (!low?.customers && !mid?.customers) return 'Too few customers a year ago to check the claim.';
  const renewal = (l: RetentionLevel | undefined) => (l?.customers ? formatPercent(l.renewalRate, 0) : '—');
  return `Userly's adoption research: low-adoption customers do not renew and about half of mid-adoption ones churn at renewal. Here, still paying a year later: ${renewal(low)} of low, ${renewal(mid)} of mid and ${renewal(high)} of high.`;
}

function Retention({ loaded, currency }: { loaded: Loaded<AdoptionRetention>; currency: string }) {
  return (
    <Loadable loaded={loaded} height={300}>
      {(data) => <RetentionView data={data} currency={currency} />}
    </Loadable>
  );
}

function RetentionView({ data, currency }: { data: AdoptionRetention; currency: string }) {
  const option = useMemo(() => retentionByLevelOption(data.levels), [data.levels]);
  return (
    <>
      <p className="claim" data-testid="claim">
        {claimCheck(data.levels)}
      </p>
      <Chart label="Retention by adoption" option={option} height={240} />
      <Table
        label="Retention by adoption level"
        columns={retentionColumns(currency)}
        rows={data.levels}
        rowKey={(l) => l.level}
        exportName="tenure-adoption-retention"
        caption={`Measured on ${formatDate(data.measuredAt)}; outcome ${formatMonth(data.from)} → ${formatMonth(data.to)}`}
      />
    </>
  );
}

/** A long list shows its first rows and a button for the rest; the CSV always has every row. */
function FlaggedTable(props: {
  label: string;
  rows: AccountAdoption[];
  columns: Column<AccountAdoption>[];
  exportName: string;
  empty: string;
}) {
  const [all, setAll] = useState(false);
  if (props.rows.length === 0) return <Empty title="No account flagged">{props.empty}</Empty>;
  const shown = all ? props.rows : props.rows.slice(0, SHOWN);
  return (
    <Table
      label={props.label}
      columns={props.columns}
      rows={shown}
      exportRows={() => props.rows}
      rowKey={(a) => String(a.id)}
      exportName={props.exportName}
      caption={`${props.rows.length.toLocaleString('en-US')} accounts`}
      onRowClick={(a) => navigate(accountHref(a))}
      rowHref={accountHref}
      footer={
        props.rows.length > SHOWN ? (
          <div className="pagination">
            <span className="muted">{all ? `All ${props.rows.length}` : `${SHOWN} of ${props.rows.length}`} shown</span>
            <button type="button" className="button" onClick={() => setAll(!all)}>
              {all ? `Show the first ${SHOWN}` : `Show all ${props.rows.length}`}
            </button>
          </div>
        ) : null
      }
    />
  );
}

/** How the levels are decided, with the thresholds in force. */
function LevelRules({ data }: { data: AdoptionOverview }) {
  const rules = levelRule(data.settings);
  return (
    <dl className="level-rules">
      {LEVELS.map((level) => (
        <div key={level}>
          <dt>
            <LevelBadge level={level} />
          </dt>
          <dd>{rules[level]}</dd>
        </div>
      ))}
    </dl>
  );
}

function Segments({ data, dimension }: { data: AdoptionOverview; dimension: FilterKey }) {
  const { path, query } = useLocation();
  const option = useMemo(() => segmentLevelsOption(data.groups), [data.groups]);
  const drill = ({ name }: { name: string }) => navigate(href(path, withChanges(query, { [dimension]: name })));
  return (
    <Card
      title={`Adoption by ${FILTER_LABELS[dimension]}`}
      subtitle="Share of each group's accounts at each level; click a group to filter the page to it"
      actions={
        <Segmented
          label="Dimension"
          value={dimension}
          onChange={(by) => navigate(href(path, withChanges(query, { by })), { replace: true })}
          options={FILTER_KEYS.map((k) => ({ value: k, label: FILTER_LABELS[k] }))}
        />
      }
    >
      <Chart
        label="Adoption by segment"
        option={option}
        height={Math.max(180, data.groups.length * 30 + 50)}
        onClick={drill}
      />
      <Table
        label="Adoption by segment"
        columns={groupColumns(FILTER_LABELS[dimension])}
        rows={data.groups}
        rowKey={(g) => g.group}
        exportName={`tenure-adoption-by-${dimension}`}
        caption={`${data.groups.length} groups`}
        onRowClick={(g) => drill({ name: g.group })}
      />
    </Card>
  );
}

export function OverviewView(props: {
  data: AdoptionOverview;
  retention: Loaded<AdoptionRetention>;
  currency: string;
  dimension: FilterKey;
}) {
  const { data, currency } = props;
  const levels = useMemo(() => levelSharesOption(data.levels, currency), [data.levels, currency]);
  const features = useMemo(() => featureUsageOption(data.features), [data.features]);
  const names = useMemo(() => new Map(data.features.map((f) => [f.key, f.name])), [data.features]);
  const measured = `${countOf(data.windowDays, 'day')} to ${formatDate(data.asOf)}`;
  return (
    <>
      <AdoptionKpis data={data} currency={currency} />
      <div className="grid grid-2 grid-top">
        <Card title="Adoption levels" subtitle={`Accounts and MRR at each level · ${measured}`}>
          <Chart label="Adoption levels" option={levels} height={150} />
          <Table
            label="Adoption levels"
            columns={levelColumns(currency)}
            rows={data.levels}
            rowKey={(l) => l.level}
            exportName="tenure-adoption-levels"
          />
          <LevelRules data={data} />
        </Card>
        <Card
          title="Adoption against retention"
          subtitle="Customers paying a year ago, by their adoption then: NRR, GRR, renewal and logo churn since"
        >
          <Retention loaded={props.retention} currency={currency} />
        </Card>
      </div>
      <div className="grid grid-features">
        <Card
          title="Feature usage rate by feature"
          subtitle="Of the accounts whose plan includes the feature, the share that used it; grouped by module"
        >
          <Chart label="Feature usage rate" option={features} height={data.features.length * 30 + 70} />
        </Card>
        <Card
          title="Features"
          subtitle="Using: accounts that used it of those whose plan includes it. The CSV adds use outside the plan, users and events"
        >
          <Table
            label="Feature usage"
            columns={featureColumns}
            rows={sortFeatures(data.features)}
            rowKey={(f) => f.key}
            exportName="tenure-adoption-features"
          />
        </Card>
      </div>
      <Segments data={data} dimension={props.dimension} />
      <Card title="Usage declining — hidden churn" subtitle={declineRule(data.settings)}>
        <FlaggedTable
          label="Usage declining"
          rows={data.declining}
          columns={decliningColumns(currency, data.settings.declineWeeks)}
          exportName="tenure-adoption-declining"
          empty="No account's active users fell that far."
        />
      </Card>
      <Card title="Expansion signals" subtitle={expansionRule(data.settings)}>
        <FlaggedTable
          label="Expansion signals"
          rows={data.expansion}
          columns={expansionColumns(currency, names)}
          exportName="tenure-adoption-expansion"
          empty="No account is near its seat limit or leaning on features outside its plan."
        />
      </Card>
    </>
  );
}
