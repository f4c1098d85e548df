// Expansion propensity: each CSM's likeliest expanders with the move to suggest and the MRR it would add, and
// how well the model predicted this company's own expansions against seat utilization alone.
import { useState } from 'react';
import type { CandidateList, LatestExpansionBacktest } from '../../../src/contract/expansion.ts';
import { Card, PageHeader } from '../components/Card.tsx';
import { Empty, Loadable } from '../components/States.tsx';
import { Table, type Column } from '../components/Table.tsx';
import { formatMoney, formatPercent } from '../lib/format.ts';
import { navigate } from '../lib/router.ts';
import { useApi } from '../lib/use-api.ts';
import { BacktestResults, backtestSubtitle, figure } from './model-parts.tsx';

type Candidate = CandidateList['items'][number];
type OwnerRow = CandidateList['owners'][number];

const ownerName = (owner: string) => owner || '(no owner)';

const ownerColumns = (currency: string): Column<OwnerRow>[] => [
  { key: 'owner', header: 'Owner', csv: (r) => r.owner, render: (r) => ownerName(r.owner) },
  { key: 'candidates', header: 'Candidates', csv: (r) => r.candidates, align: 'right' },
  {
    key: 'mrr',
    header: 'Expansion MRR',
    csv: (r) => r.expansion_mrr_minor,
    render: (r) => formatMoney(r.expansion_mrr_minor, currency),
    align: 'right',
  },
  {
    key: 'expected',
    header: 'Expected MRR',
    csv: (r) => r.expected_mrr_minor,
    render: (r) => formatMoney(r.expected_mrr_minor, currency),
    align: 'right',
  },
];

const CANDIDATE_COLUMNS: Column<Candidate>[] = [
  { key: 'owner', header: 'Owner', csv: (r) => r.owner, render: (r) => ownerName(r.owner) },
  { key: 'name', header: 'Account', csv: (r) => r.name },
  {
    key: 'probability',
    header: 'Expands in 90 days',
    csv: (r) => r.probability,
    render: (r) => formatPercent(r.probability),
    align: 'right',
  },
  { key: 'move', header: 'Suggested move', csv: (r) => r.suggested_move, render: (r) => r.suggested_move ?? '—' },
  {
    key: 'mrr',
    header: 'Expansion MRR',
    csv: (r) => r.expansion_mrr_minor,
    render: (r) => formatMoney(r.expansion_mrr_minor, r.currency),
    align: 'right',
  },
  { key: 'reasons', header: 'Why', csv: (r) => r.reasons.join('; '), render: (r) => r.reasons.join(' · ') },
];

function Backtest({ data }: { data: NonNullable<LatestExpansionBacktest['backtest']> }) {
  const report = data.report;
  const best = report.results.filter((r) => r.kind === 'model').sort((a, b) => (b.auc ?? 0) - (a.auc ?? 0))[0];
  const seats = report.results.find((r) => r.kind === 'baseline');
  return (
    <Card
      title="Backtest against seat utilization"
      subtitle={backtestSubtitle(report, 'an expansion', report.expansion_rate, 'expanded')}
    >
      <BacktestResults label="Expansion backtest results" results={report.results} exportName="expansion-backtest" />
      {best && seats ? (
        <p className="muted small" data-testid="expansion-verdict">
          {best.name} ranks expanders with a ROC AUC of {figure(best.auc)}, against {figure(seats.auc)} for seat
          utilization alone; its top-scored tenth expanded {(best.deciles[0]?.lift ?? 0).toFixed(1)}× as often as the
          average account.
        </p>
      ) : null}
    </Card>
  );
}

function Candidates() {
  const [owner, setOwner] = useState('');
  const all = useApi<CandidateList>('/api/v1/expansion/candidates?limit=1000');
  const list = useApi<CandidateList>(
    `/api/v1/expansion/candidates?limit=25${owner ? `&owner=${encodeURIComponent(owner)}` : ''}`,
  );
  const owners = all.data?.owners ?? [];
  return (
    <>
      <Card title="Pipeline per CSM" subtitle="Every scored account's suggested move, summed per owner">
        <Loadable
          loaded={all}
          isEmpty={(d) => d.items.length === 0}
          empty={
            <Empty title="Not scored yet">
              Every paying account is scored once a day; to score them now, run `tenure expansion score`.
            </Empty>
          }
        >
          {(d) => (
            <Table
              label="Expansion pipeline per owner"
              columns={ownerColumns(d.currency)}
              rows={d.owners}
              rowKey={(r) => r.owner}
              onRowClick={(r) => setOwner(r.owner)}
              exportName="expansion-owners"
            />
          )}
        </Loadable>
      </Card>
      <Card title="Candidates" subtitle="Each owner's likeliest expanders: the move to suggest and the MRR it adds">
        <label className="field">
          <span>Owner</span>
          <select name="owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
            <option value="">Every owner</option>
            {owners
              .filter((o) => o.owner !== '')
              .map((o) => (
                <option key={o.owner} value={o.owner}>
                  {o.owner}
                </option>
              ))}
          </select>
        </label>
        <Loadable loaded={list} isEmpty={(d) => d.items.length === 0} empty={<Empty title="No candidates" />}>
          {(d) => (
            <Table
              label="Expansion candidates"
              columns={CANDIDATE_COLUMNS}
              rows={d.items}
              rowKey={(r) => String(r.account_id)}
              rowHref={(r) => `/accounts/${r.account_id}`}
              onRowClick={(r) => navigate(`/accounts/${r.account_id}`)}
              exportName="expansion-candidates"
            />
          )}
        </Loadable>
      </Card>
    </>
  );
}

export function Expansion() {
  const backtest = useApi<LatestExpansionBacktest>('/api/v1/expansion/backtest');
  return (
    <div className="page" data-testid="expansion-page">
      <PageHeader
        title="Expansion"
        subtitle="Who is likely to buy more within 90 days, the move to suggest, and how well the model predicted your past"
      />
      <Candidates />
      <Loadable
        loaded={backtest}
        isEmpty={(d) => d.backtest === null}
        empty={
          <Empty title="No backtest yet">
            Run `tenure model backtest --target expansion` to measure the model on your history.
          </Empty>
        }
      >
        {(d) => (d.backtest ? <Backtest data={d.backtest} /> : null)}
      </Loadable>
    </div>
  );
}
