// Parts of the Scorecards (team) page: each owner's trend chart, the team and company roll-up, and the owner's
// book (accounts with ARR, tier, health band and next renewal, each linking to its account page).
import { useMemo } from 'react';
import type { Book, Scorecards as ScorecardData } from '../../../src/contract/scorecards.ts';
import { Card } from '../components/Card.tsx';
import { Chart, type ChartOption } from '../components/Chart.tsx';
import { Link } from '../components/Link.tsx';
import { Loadable } from '../components/States.tsx';
import { Table, type Column } from '../components/Table.tsx';
import { formatMoney, formatPercent, toMajor } from '../lib/format.ts';
import { useApi } from '../lib/use-api.ts';

type Row = ScorecardData['rows'][number];
type TeamRow = ScorecardData['teams'][number];

export const ownerLabel = (owner: string) => (owner === '' ? 'No owner' : owner);

/** A small chart of one owner's ARR (bars) and attainment (line) over the periods. */
export function OwnerTrend({ rows, currency }: { rows: Row[]; currency: string }) {
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 8, top: 8, bottom: 20, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: rows.map((r) => r.period), axisLabel: { fontSize: 9 } },
      yAxis: [
        { type: 'value', axisLabel: { show: false }, splitLine: { show: false } },
        { type: 'value', axisLabel: { show: false }, splitLine: { show: false } },
      ],
      series: [
        { name: `ARR (${currency})`, type: 'bar', data: rows.map((r) => toMajor(r.arrMinor, currency)) },
        {
          name: 'Attainment %',
          type: 'line',
          yAxisIndex: 1,
          data: rows.map((r) => (r.attainment === null ? null : Math.round(r.attainment * 1000) / 10)),
        },
      ],
    }),
    [rows, currency],
  );
  const owner = rows[0]?.owner ?? '';
  return <Chart option={option} height={110} label={`Trend of ${ownerLabel(owner)}`} />;
}

const teamLabel = (r: TeamRow) => (r.level === 'company' ? 'Company' : r.team === '' ? 'No manager' : r.team);

/** Teams (owners by manager) and the company, side by side for the latest period. */
export function TeamTable({ rows, currency, period }: { rows: TeamRow[]; currency: string; period: string }) {
  const columns: Column<TeamRow>[] = [
    { key: 'team', header: 'Team', csv: (r) => (r.level === 'company' ? '(company)' : r.team), render: teamLabel },
    { key: 'owners', header: 'Owners', align: 'right', csv: (r) => r.owners },
    { key: 'accounts', header: 'Accounts', align: 'right', csv: (r) => r.accounts },
    {
      key: 'arr',
      header: 'ARR',
      align: 'right',
      csv: (r) => r.arrMinor,
      render: (r) => formatMoney(r.arrMinor, currency),
    },
    { key: 'nrr', header: 'NRR 12m', align: 'right', csv: (r) => r.nrr12m, render: (r) => formatPercent(r.nrr12m) },
    { key: 'grr', header: 'GRR 12m', align: 'right', csv: (r) => r.grr12m, render: (r) => formatPercent(r.grr12m) },
    {
      key: 'attainment',
      header: 'Attainment',
      align: 'right',
      csv: (r) => r.attainment,
      render: (r) => formatPercent(r.attainment),
    },
    {
      key: 'renewal',
      header: 'Renewal rate',
      align: 'right',
      csv: (r) => r.renewalRate,
      render: (r) => formatPercent(r.renewalRate),
    },
    {
      key: 'risk',
      header: 'ARR at risk',
      align: 'right',
      csv: (r) => r.arrAtRiskMinor,
      render: (r) => formatMoney(r.arrAtRiskMinor, currency),
    },
    {
      key: 'nps',
      header: 'NPS',
      align: 'right',
      csv: (r) => r.nps,
      render: (r) => (r.nps === null ? '—' : r.nps.toFixed(0)),
    },
  ];
  return (
    <Table
      label={`Teams · ${period}`}
      columns={columns}
      rows={rows.filter((r) => r.period === period)}
      rowKey={(r) => `${r.level}|${r.team}`}
      exportName={`teams-${period}`}
    />
  );
}

const BAND_LABEL = { red: 'Red', yellow: 'Yellow', green: 'Green' } as const;

/** The owner's accounts today, largest ARR first. */
export function BookDrill({ owner, onClose }: { owner: string; onClose: () => void }) {
  const loaded = useApi<Book>(`/api/v1/scorecards/book?owner=${encodeURIComponent(owner)}`);
  return (
    <Card
      title={`Book of ${ownerLabel(owner)}`}
      subtitle="Paying accounts today: ARR, tier, health band and next renewal"
      actions={
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      }
    >
      <Loadable loaded={loaded} isEmpty={(b) => b.items.length === 0}>
        {(book) => (
          <Table
            label={`Book of ${ownerLabel(owner)}`}
            rows={book.items}
            rowKey={(a) => String(a.accountId)}
            exportName="book"
            columns={[
              {
                key: 'name',
                header: 'Account',
                csv: (a) => a.externalId,
                render: (a) => <Link href={`/accounts/${a.accountId}`}>{a.name}</Link>,
              },
              {
                key: 'arr',
                header: 'ARR',
                align: 'right',
                csv: (a) => a.arrMinor,
                render: (a) => formatMoney(a.arrMinor, book.currency),
              },
              { key: 'tier', header: 'Tier', csv: (a) => a.tier ?? '', render: (a) => a.tier ?? '—' },
              {
                key: 'health',
                header: 'Health',
                csv: (a) => a.band ?? '',
                render: (a) => (a.band ? BAND_LABEL[a.band] : 'Not scored'),
              },
              {
                key: 'renewal',
                header: 'Next renewal',
                csv: (a) => a.nextRenewalOn ?? '',
                render: (a) => a.nextRenewalOn ?? '—',
              },
            ]}
          />
        )}
      </Loadable>
    </Card>
  );
}
