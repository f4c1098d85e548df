// An account's renewals on its page: the next renewal (ARR at stake, forecast category and why) and every contract
// with its renewal outcome.
import type { AccountRenewals } from '../../../src/contract/renewals.ts';
import { Card } from '../components/Card.tsx';
import { Table, type Column } from '../components/Table.tsx';
import { formatDate, formatMoney, toMajor } from '../lib/format.ts';
import { useApi } from '../lib/use-api.ts';
import { CategoryBadge } from './Renewals.tsx';

type Row = AccountRenewals['contracts'][number];

function columns(currency: string): Column<Row>[] {
  return [
    { key: 'contract', header: 'Contract', csv: (r) => r.contractId },
    { key: 'start', header: 'Start', csv: (r) => r.startDate, render: (r) => formatDate(r.startDate) },
    { key: 'due', header: 'Renewal due', csv: (r) => r.dueDate, render: (r) => formatDate(r.dueDate) },
    {
      key: 'arr',
      header: 'ARR due',
      align: 'right',
      csv: (r) => toMajor(r.dueArrMinor, currency),
      render: (r) => formatMoney(r.dueArrMinor, currency),
    },
    {
      key: 'status',
      header: 'Outcome',
      csv: (r) => r.status,
      render: (r) => (r.status === 'excluded' ? `excluded (${r.exclusionReason ?? ''})` : r.status),
    },
    {
      key: 'renewed',
      header: 'Renewed ARR',
      align: 'right',
      csv: (r) => toMajor(r.renewedArrMinor, currency),
      render: (r) =>
        r.status === 'renewed' ? `${formatMoney(r.renewedArrMinor, currency)} (${r.renewedBy.join(', ')})` : '—',
    },
  ];
}

export function AccountRenewalsSection({ id }: { id: string }) {
  const loaded = useApi<AccountRenewals>(`/api/v1/accounts/${encodeURIComponent(id)}/renewals`);
  const data = loaded.data;
  if (!data || data.contracts.length === 0) return null;
  const next = data.next;
  return (
    <Card
      title="Renewal"
      subtitle={
        next ? (
          <span data-testid="next-renewal">
            Next renewal {formatDate(next.dueDate)} (in {next.daysLeft} days):{' '}
            {formatMoney(next.arrAtStakeMinor, data.currency)} ARR at stake, <CategoryBadge category={next.category} />{' '}
            {next.categorySource === 'owner'
              ? `set by ${next.ownerCategory?.setBy ?? 'the owner'}`
              : `proposed: ${next.reasons.join(', ')}`}
          </span>
        ) : (
          'No renewal ahead'
        )
      }
    >
      <Table
        label="Contracts and renewals"
        columns={columns(data.currency)}
        rows={data.contracts}
        rowKey={(r) => r.contractId}
        exportName={`tenure-account-${id}-renewals`}
      />
    </Card>
  );
}
