// The success plan portfolio: milestones across accounts, by default "accounts whose 30-day milestones are late",
// filtered by the milestone's day (30, 90 or all), its status and the account's owner. The URL holds the choices.
import type { PortfolioView } from '../../../src/contract/handoff.ts';
import { OwnerFilter } from '../components/FilterBar.tsx';
import { Card, PageHeader, Segmented } from '../components/Card.tsx';
import { Link } from '../components/Link.tsx';
import { Loadable } from '../components/States.tsx';
import { Table } from '../components/Table.tsx';
import { countOf, formatDate } from '../lib/format.ts';
import { href, withChanges } from '../lib/query.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { useApi } from '../lib/use-api.ts';
import { milestoneBadge } from './account-handoff.tsx';

type Day = '30' | '90' | 'all';
type Status = 'late' | 'due' | 'done' | 'all';

const TITLES: Record<Status, string> = {
  late: 'late',
  due: 'due (not yet late)',
  done: 'done',
  all: 'of every status',
};

export function Plans() {
  const { path, query } = useLocation();
  const day = (['30', '90', 'all'].includes(query.get('day') ?? '') ? query.get('day') : '30') as Day;
  const status = (
    ['late', 'due', 'done', 'all'].includes(query.get('status') ?? '') ? query.get('status') : 'late'
  ) as Status;
  const owner = query.get('owner_csm') ?? '';
  const set = (key: string, value: string) => navigate(href(path, withChanges(query, { [key]: value })));
  const params = new URLSearchParams();
  if (day !== 'all') params.set('day', day);
  if (status !== 'all') params.set('status', status);
  if (owner) params.set('owner', owner);
  const loaded = useApi<PortfolioView>(`/api/v1/success-plans?${params.toString()}`);
  const accounts = new Set(loaded.data?.items.map((r) => r.accountId)).size;
  return (
    <>
      <PageHeader
        title="Success plans"
        subtitle="Milestones across accounts: who is on track in the first 30 and 90 days"
      />
      <Card
        title={`Accounts whose ${day === 'all' ? '' : `${day}-day `}milestones are ${TITLES[status]}`}
        subtitle={
          loaded.data ? `${countOf(accounts, 'account')}, ${countOf(loaded.data.items.length, 'milestone')}` : ''
        }
      >
        <div className="toolbar">
          <Segmented<Day>
            label="Milestone day"
            value={day}
            onChange={(v) => set('day', v)}
            options={[
              { value: '30', label: '30 days' },
              { value: '90', label: '90 days' },
              { value: 'all', label: 'All' },
            ]}
          />
          <Segmented<Status>
            label="Milestone status"
            value={status}
            onChange={(v) => set('status', v)}
            options={[
              { value: 'late', label: 'Late' },
              { value: 'due', label: 'Due' },
              { value: 'done', label: 'Done' },
              { value: 'all', label: 'All' },
            ]}
          />
          <OwnerFilter value={owner} onChange={(v) => set('owner_csm', v)} />
        </div>
        <Loadable
          loaded={loaded}
          isEmpty={(d) => d.items.length === 0}
          empty={<div className="state state-empty">No milestone here.</div>}
        >
          {(data) => (
            <Table
              label="Milestones across accounts"
              columns={[
                {
                  key: 'account',
                  header: 'Account',
                  csv: (r) => r.accountExternalId,
                  render: (r) => <Link href={`/accounts/${r.accountId}`}>{r.name}</Link>,
                },
                { key: 'owner', header: 'Owner', csv: (r) => r.owner, render: (r) => r.owner ?? '—' },
                { key: 'milestone', header: 'Milestone', csv: (r) => r.title },
                { key: 'day', header: 'Day', align: 'right', csv: (r) => r.dueDay },
                { key: 'due', header: 'Due', csv: (r) => r.dueOn, render: (r) => formatDate(r.dueOn) },
                { key: 'status', header: 'Status', csv: (r) => r.status, render: (r) => milestoneBadge(r.status) },
                {
                  key: 'completed',
                  header: 'Completed',
                  csv: (r) => r.completedOn,
                  render: (r) => formatDate(r.completedOn),
                },
                { key: 'late', header: 'Days late', align: 'right', csv: (r) => r.daysLate },
              ]}
              rows={data.items}
              rowKey={(r) => `${r.accountId}-${r.milestone}`}
              exportName={`tenure-success-plans-${day}-${status}`}
            />
          )}
        </Loadable>
      </Card>
    </>
  );
}
