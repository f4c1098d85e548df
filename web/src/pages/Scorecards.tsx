// Team scorecards: each CSM's book side by side for the latest period (ARR, accounts, trailing-12-month NRR and GRR
// of the customers held at the window's start, expansion against the quarter's target), the trend over past
// periods, and a way into the book.
import { useState } from 'react';
import type { Scorecards as ScorecardData } from '../../../src/contract/scorecards.ts';
import type { TierListView } from '../../../src/contract/tiers.ts';
import { Card, PageHeader, Segmented } from '../components/Card.tsx';
import { Loadable } from '../components/States.tsx';
import { Table, type Column } from '../components/Table.tsx';
import { formatMoney, formatPercent } from '../lib/format.ts';
import { useApi } from '../lib/use-api.ts';
import { useReloadable } from '../lib/use-reloadable.ts';
import { BookDrill, OwnerTrend, ownerLabel, TeamTable } from './scorecards-parts.tsx';
import { TargetForm } from './scorecards-target.tsx';
import '../scorecards.css';

type Interval = 'month' | 'quarter';
type Row = ScorecardData['rows'][number];

/** `name accounts` per tier (the tier's name, its key while the names load); a dash when no tiers are defined. */
const tierText = (row: Row, names: ReadonlyMap<string, string>) =>
  row.tierMix.every((e) => e.tier === '')
    ? '—'
    : row.tierMix.map((e) => `${e.tier ? (names.get(e.tier) ?? e.tier) : 'none'} ${e.accounts}`).join(' · ');

/** The quarter of a 'YYYY-Qn' or 'YYYY-MM' period. */
const quarterOf = (period: string) =>
  period.includes('Q') ? period : `${period.slice(0, 4)}-Q${Math.floor((Number(period.slice(5, 7)) - 1) / 3) + 1}`;

const count = (v: number | null, digits = 0) => (v === null ? '—' : v.toFixed(digits));

function OwnerCard({
  row,
  trend,
  currency,
  tierNames,
  onOpen,
}: {
  row: Row;
  trend: Row[];
  currency: string;
  tierNames: ReadonlyMap<string, string>;
  onOpen: () => void;
}) {
  return (
    <div className="card scorecard" data-owner={row.owner}>
      <div className="card-body">
        <h3>{ownerLabel(row.owner)}</h3>
        <dl className="scorecard-figures">
          <dt>ARR</dt>
          <dd>{formatMoney(row.arrMinor, currency)}</dd>
          <dt>Accounts</dt>
          <dd>{row.accounts}</dd>
          <dt>NRR 12m</dt>
          <dd>{formatPercent(row.nrr12m)}</dd>
          <dt>GRR 12m</dt>
          <dd>{formatPercent(row.grr12m)}</dd>
          <dt>Expansion</dt>
          <dd>{formatMoney(row.expansionMrrMinor, currency)}</dd>
          <dt>Target</dt>
          <dd>{row.expansionTargetMinor === null ? '—' : formatMoney(row.expansionTargetMinor, currency)}</dd>
          <dt>Attainment</dt>
          <dd>{formatPercent(row.attainment)}</dd>
          <dt>Contraction · churn</dt>
          <dd>
            {formatMoney(row.contractionMrrMinor, currency)} · {formatMoney(row.churnMrrMinor, currency)} (
            {row.logoChurn} lost)
          </dd>
          <dt>Renewal rate</dt>
          <dd>
            {formatPercent(row.renewalRate)} · {formatPercent(row.renewalRateAmount)} ARR
          </dd>
          <dt title="Accounts green, yellow and red at the period's end">Health G · Y · R</dt>
          <dd className="scorecard-health">
            {row.healthGreenAccounts} · {row.healthYellowAccounts} · {row.healthRedAccounts}
          </dd>
          <dt>ARR at risk</dt>
          <dd>{formatMoney(row.arrAtRiskMinor, currency)}</dd>
          <dt>NPS</dt>
          <dd>
            {count(row.nps)} ({row.npsAnswers})
          </dd>
          <dt>Tasks done · overdue</dt>
          <dd>
            {row.tasksDone} · {row.tasksOverdue}
          </dd>
          <dt>Coverage</dt>
          <dd title="The book in full books by the tiers' accounts per CSM">{count(row.coverageAccounts, 2)}</dd>
          <dt>Tiers</dt>
          <dd>{tierText(row, tierNames)}</dd>
        </dl>
        <OwnerTrend rows={trend} currency={currency} />
        <button type="button" className="button button-ghost" onClick={onOpen}>
          Open the book
        </button>
      </div>
    </div>
  );
}

export function Scorecards() {
  const [interval, setInterval] = useState<Interval>('quarter');
  const [book, setBook] = useState<string | null>(null);
  const loaded = useReloadable<ScorecardData>(`/api/v1/scorecards?interval=${interval}`);
  const tiers = useApi<TierListView>('/api/v1/tiers');
  const tierNames = new Map((tiers.data?.items ?? []).map((t) => [t.key, t.name]));
  return (
    <>
      <PageHeader
        title="Scorecards"
        subtitle="Each CSM's book: ARR at the period's end, NRR and GRR over the trailing 12 months of the customers held at the window's start, expansion against the quarter's target"
        actions={
          <Segmented
            label="Interval"
            value={interval}
            onChange={setInterval}
            options={[
              { value: 'quarter', label: 'Quarter' },
              { value: 'month', label: 'Month' },
            ]}
          />
        }
      />
      <Loadable loaded={loaded} isEmpty={(d) => d.rows.length === 0}>
        {(data) => {
          const periods = [...new Set(data.rows.map((r) => r.period))];
          const latest = periods[periods.length - 1];
          const current = data.rows.filter((r) => r.period === latest);
          const columns: Column<Row>[] = [
            { key: 'period', header: 'Period', csv: (r) => r.period },
            { key: 'owner', header: 'Owner', csv: (r) => r.owner, render: (r) => ownerLabel(r.owner) },
            { key: 'accounts', header: 'Accounts', align: 'right', csv: (r) => r.accounts },
            {
              key: 'arr',
              header: 'ARR',
              align: 'right',
              csv: (r) => r.arrMinor,
              render: (r) => formatMoney(r.arrMinor, data.currency),
            },
            {
              key: 'nrr',
              header: 'NRR 12m',
              align: 'right',
              csv: (r) => r.nrr12m,
              render: (r) => formatPercent(r.nrr12m),
            },
            {
              key: 'grr',
              header: 'GRR 12m',
              align: 'right',
              csv: (r) => r.grr12m,
              render: (r) => formatPercent(r.grr12m),
            },
            {
              key: 'expansion',
              header: 'Expansion MRR',
              align: 'right',
              csv: (r) => r.expansionMrrMinor,
              render: (r) => formatMoney(r.expansionMrrMinor, data.currency),
            },
            {
              key: 'attainment',
              header: 'Attainment',
              align: 'right',
              csv: (r) => r.attainment,
              render: (r) => formatPercent(r.attainment),
            },
          ];
          return (
            <>
              <Card title={`Side by side · ${latest ?? ''}`} subtitle={`As of ${data.asOf}`}>
                <div className="scorecard-grid">
                  {current.map((r) => (
                    <OwnerCard
                      key={r.owner}
                      row={r}
                      trend={data.rows.filter((t) => t.owner === r.owner)}
                      currency={data.currency}
                      tierNames={tierNames}
                      onOpen={() => setBook(r.owner)}
                    />
                  ))}
                </div>
              </Card>
              {book === null ? null : <BookDrill key={book} owner={book} onClose={() => setBook(null)} />}
              <Card
                title="Expansion targets"
                subtitle="An owner's expansion MRR target for a quarter; attainment is the quarter's expansion against it"
              >
                <TargetForm quarter={quarterOf(latest ?? '')} currency={data.currency} onSaved={loaded.reload} />
              </Card>
              <Card title={`Teams · ${latest ?? ''}`} subtitle="Owners grouped by their manager, and the company">
                <TeamTable rows={data.teams} currency={data.currency} period={latest ?? ''} />
              </Card>
              <Card title="Trend" subtitle="Every owner and period, oldest first">
                <Table
                  label="Scorecards by period"
                  columns={columns}
                  rows={data.rows}
                  rowKey={(r) => `${r.period}|${r.owner}`}
                  exportName={`scorecards-${interval}`}
                />
              </Card>
            </>
          );
        }}
      </Loadable>
    </>
  );
}
