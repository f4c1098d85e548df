// Movements: every MRR movement in the period, by kind, each opening its account and the records behind it.
import { Badge, PageHeader } from '../components/Card.tsx';
import { FilterBar } from '../components/FilterBar.tsx';
import { Link } from '../components/Link.tsx';
import { Empty, Loadable } from '../components/States.tsx';
import { Pagination, Table, type Column } from '../components/Table.tsx';
import { KIND_LABELS } from '../charts/theme.ts';
import { formatMoney, formatMonth, formatSignedMoney, toMajor } from '../lib/format.ts';
import { useMeta } from '../lib/meta.ts';
import { fetchAll } from '../lib/pages.ts';
import { apiPath, FILTER_KEYS, href, withChanges } from '../lib/query.ts';
import { navigate, useLocation } from '../lib/router.ts';
import type { PageOf as Page } from '../../../src/contract/common.ts';
import type { MovementItem } from '../../../src/contract/revenue.ts';
import { MOVEMENT_KINDS } from '../charts/theme.ts';
import { useApi } from '../lib/use-api.ts';

const LIMIT = 50;
const QUERY_KEYS = ['from', 'to', 'kind', ...FILTER_KEYS];

export const accountHref = (m: MovementItem) => `/accounts/${m.accountId}?month=${m.month}`;

function columns(currency: string): Column<MovementItem>[] {
  return [
    { key: 'month', header: 'Month', csv: (m) => m.month, render: (m) => formatMonth(m.month) },
    {
      key: 'account',
      header: 'Account',
      csv: (m) => m.accountName,
      render: (m) => (
        <Link href={accountHref(m)} onClick={(e) => e.stopPropagation()}>
          {m.accountName}
        </Link>
      ),
    },
    {
      key: 'kind',
      header: 'Kind',
      csv: (m) => m.kind,
      render: (m) => <Badge kind={m.kind}>{KIND_LABELS[m.kind]}</Badge>,
    },
    {
      key: 'amount',
      header: 'Amount',
      align: 'right',
      csv: (m) => toMajor(m.amountMinor, currency),
      render: (m) => (
        <span className={m.amountMinor < 0 ? 'tone-bad' : m.amountMinor > 0 ? 'tone-good' : undefined}>
          {formatSignedMoney(m.amountMinor, currency)}
        </span>
      ),
    },
    {
      key: 'before',
      header: 'MRR before',
      align: 'right',
      csv: (m) => toMajor(m.mrrBeforeMinor, currency),
      render: (m) => formatMoney(m.mrrBeforeMinor, currency),
    },
    {
      key: 'after',
      header: 'MRR after',
      align: 'right',
      csv: (m) => toMajor(m.mrrAfterMinor, currency),
      render: (m) => formatMoney(m.mrrAfterMinor, currency),
    },
    { key: 'plan', header: 'Plan', csv: (m) => m.plan, render: (m) => m.plan ?? '—' },
  ];
}

export function Movements() {
  const meta = useMeta();
  const { path, query } = useLocation();
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
  const loaded = useApi<Page<MovementItem>>(
    apiPath('/api/v1/revenue/movements', query, QUERY_KEYS, { limit: LIMIT, offset }),
  );
  const kind = query.get('kind') ?? '';
  return (
    <>
      <PageHeader
        title="Movements"
        subtitle="Every change in a customer's MRR: new, expansion, contraction, churn, reactivation and FX"
      />
      <FilterBar intervals={false} />
      <div className="toolbar">
        <label className="field">
          <span>Kind</span>
          <select
            name="kind"
            value={kind}
            onChange={(e) => navigate(href(path, withChanges(query, { kind: e.target.value, offset: null })))}
          >
            <option value="">All kinds</option>
            {MOVEMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Loadable
        loaded={loaded}
        height={300}
        isEmpty={(d) => d.total === 0}
        empty={
          <div className="card">
            <Empty title="No movements">No movement matches this period, kind and filters.</Empty>
          </div>
        }
      >
        {(data) => (
          <Table
            label="Movements"
            columns={columns(meta.reportingCurrency)}
            rows={data.items}
            rowKey={(m, i) => `${m.accountId}-${m.month}-${m.kind}-${i}`}
            exportName="tenure-movements"
            exportRows={() =>
              fetchAll<MovementItem>((limit, off) =>
                apiPath('/api/v1/revenue/movements', query, QUERY_KEYS, { limit, offset: off }),
              )
            }
            caption={`${data.total.toLocaleString('en-US')} movements`}
            onRowClick={(m) => navigate(accountHref(m))}
            rowHref={accountHref}
            footer={
              <Pagination
                total={data.total}
                limit={LIMIT}
                offset={offset}
                onChange={(next) =>
                  navigate(href(path, withChanges(query, { offset: next > 0 ? String(next) : null })))
                }
              />
            }
          />
        )}
      </Loadable>
    </>
  );
}
