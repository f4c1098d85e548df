// Accounts: search, status, segment filters, sortable columns and pages; a row opens the customer file.
import { useEffect, useMemo, useState } from 'react';
import { Badge, PageHeader } from '../components/Card.tsx';
import { FilterBar } from '../components/FilterBar.tsx';
import { Link } from '../components/Link.tsx';
import { Empty, Loadable } from '../components/States.tsx';
import { Pagination, Table, type Column, type Sort } from '../components/Table.tsx';
import { formatDate, formatMoney, toMajor } from '../lib/format.ts';
import { fetchAll } from '../lib/pages.ts';
import { apiPath, FILTER_KEYS, href, withChanges } from '../lib/query.ts';
import { navigate, useLocation } from '../lib/router.ts';
import type { AccountAdoption, Level } from '../../../src/contract/adoption.ts';
import type { AccountItem } from '../../../src/contract/accounts.ts';
import type { PageOf as Page } from '../../../src/contract/common.ts';
import { useApi } from '../lib/use-api.ts';
import { LevelBadge } from './adoption-tables.tsx';
import { HealthBadge } from './health-parts.tsx';

const LIMIT = 50;
const QUERY_KEYS = ['q', 'status', 'sort', 'order', ...FILTER_KEYS];
const SORTABLE = new Set(['name', 'mrr', 'customer_since', 'industry', 'owner_csm']);

/** The adoption level of each paying account, read from the adoption report beside the list (by account id). */
type Levels = ReadonlyMap<number, Level | null>;

/** The list's columns; renewal date and health slot in after Adoption once the API carries them. */
function columns(levels: Levels | null): Column<AccountItem>[] {
  return [
    {
      key: 'name',
      header: 'Account',
      sortable: true,
      csv: (a) => a.name,
      render: (a) => (
        <>
          <Link href={`/accounts/${a.id}`} onClick={(e) => e.stopPropagation()}>
            {a.name}
          </Link>
          <span className="cell-sub">{a.externalId}</span>
        </>
      ),
    },
    { key: 'externalId', header: 'ID', csvOnly: true, csv: (a) => a.externalId },
    { key: 'status', header: 'Status', csv: (a) => a.status, render: (a) => <Badge kind={a.status}>{a.status}</Badge> },
    {
      key: 'mrr',
      header: 'MRR',
      align: 'right',
      sortable: true,
      csv: (a) => toMajor(a.mrrMinor, a.currency),
      render: (a) => formatMoney(a.mrrMinor, a.currency),
    },
    { key: 'plan', header: 'Plan', csv: (a) => a.plan, render: (a) => a.plan ?? '—' },
    {
      key: 'adoption',
      header: 'Adoption',
      csv: (a) => levels?.get(a.id) ?? null,
      render: (a) => {
        if (levels === null) return <span className="muted">…</span>;
        const level = levels.get(a.id);
        return level ? <LevelBadge level={level} /> : '—';
      },
    },
    {
      key: 'health',
      header: 'Health',
      csv: (a) => a.healthBand ?? null,
      render: (a) => <HealthBadge band={a.healthBand} score={a.healthScore} />,
    },
    {
      key: 'tier',
      header: 'Tier',
      csv: (a) => a.tier ?? null,
      render: (a) => (a.tier ? <Badge kind="tier">{a.tierName ?? a.tier}</Badge> : '—'),
    },
    { key: 'industry', header: 'Industry', sortable: true, csv: (a) => a.industry, render: (a) => a.industry ?? '—' },
    { key: 'sizeBand', header: 'Size', csv: (a) => a.sizeBand, render: (a) => a.sizeBand ?? '—' },
    { key: 'segment', header: 'Segment', csv: (a) => a.segment, render: (a) => a.segment ?? '—' },
    {
      key: 'icpFit',
      header: 'ICP',
      csv: (a) => (a.icpFit === null ? null : a.icpFit ? 'icp' : 'non-icp'),
      render: (a) => (a.icpFit === null ? '—' : a.icpFit ? 'Yes' : 'No'),
    },
    { key: 'owner_csm', header: 'CSM', sortable: true, csv: (a) => a.ownerCsm, render: (a) => a.ownerCsm ?? '—' },
    {
      key: 'nextRenewalOn',
      header: 'Next renewal',
      csv: (a) => a.nextRenewalOn ?? null,
      render: (a) => formatDate(a.nextRenewalOn ?? null),
    },
    {
      key: 'customer_since',
      header: 'Customer since',
      sortable: true,
      csv: (a) => a.customerSince,
      render: (a) => formatDate(a.customerSince),
    },
  ];
}

/** The search box keeps its own text and writes it to the URL a moment after typing stops. */
function Search() {
  const { path, query } = useLocation();
  const current = query.get('q') ?? '';
  const [text, setText] = useState(current);
  useEffect(() => {
    setText(current);
  }, [current]);
  useEffect(() => {
    if (text === current) return;
    const timer = setTimeout(() => {
      navigate(href(path, withChanges(query, { q: text.trim(), offset: null })), { replace: true });
    }, 250);
    return () => {
      clearTimeout(timer);
    };
  }, [text, current, path, query]);
  return (
    <label className="field">
      <span>Search</span>
      <input type="search" name="q" placeholder="Name or ID" value={text} onChange={(e) => setText(e.target.value)} />
    </label>
  );
}

export function Accounts() {
  const { path, query } = useLocation();
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
  // Biggest accounts first unless the URL says otherwise.
  const sorted = SORTABLE.has(query.get('sort') ?? '');
  const sort: Sort = sorted
    ? { key: query.get('sort') ?? 'mrr', order: query.get('order') === 'asc' ? 'asc' : 'desc' }
    : { key: 'mrr', order: 'desc' };
  if (sorted && query.get('order') !== 'asc' && query.get('order') !== 'desc') sort.order = 'asc';
  const listQuery = { sort: sort.key, order: sort.order };
  const loaded = useApi<Page<AccountItem>>(
    apiPath('/api/v1/accounts', query, QUERY_KEYS, { ...listQuery, limit: LIMIT, offset }),
  );
  const adoption = useApi<{ rows: AccountAdoption[] }>(apiPath('/api/v1/adoption/accounts', query, FILTER_KEYS));
  const levels = useMemo(
    () =>
      adoption.data
        ? new Map(adoption.data.rows.map((r) => [r.id, r.level]))
        : adoption.error
          ? new Map<number, Level | null>()
          : null,
    [adoption.data, adoption.error],
  );
  const go = (changes: Record<string, string | null>) =>
    navigate(href(path, withChanges(query, { ...changes, offset: null })));
  const onSort = (key: string) => {
    const order = sort.key === key ? (sort.order === 'asc' ? 'desc' : 'asc') : key === 'mrr' ? 'desc' : 'asc';
    go({ sort: key, order });
  };
  return (
    <>
      <PageHeader
        title="Accounts"
        subtitle="Every account with its current MRR, plan, adoption, owner and status; biggest first"
      />
      <FilterBar period={false} />
      <div className="toolbar">
        <Search />
        <label className="field">
          <span>Status</span>
          <select
            name="status"
            value={query.get('status') ?? 'all'}
            onChange={(e) => go({ status: e.target.value === 'all' ? null : e.target.value })}
          >
            <option value="all">All</option>
            <option value="active">Active</option>
            <option value="churned">Churned</option>
            <option value="prospect">Prospect</option>
          </select>
        </label>
      </div>
      <Loadable
        loaded={loaded}
        height={300}
        isEmpty={(d) => d.total === 0}
        empty={
          <div className="card">
            <Empty title="No accounts">No account matches this search and these filters.</Empty>
          </div>
        }
      >
        {(data) => (
          <Table
            label="Accounts"
            columns={columns(levels)}
            rows={data.items}
            rowKey={(a) => String(a.id)}
            exportName="tenure-accounts"
            exportRows={() =>
              fetchAll<AccountItem>((limit, off) =>
                apiPath('/api/v1/accounts', query, QUERY_KEYS, { ...listQuery, limit, offset: off }),
              )
            }
            sort={sort}
            onSort={onSort}
            caption={`${data.total.toLocaleString('en-US')} accounts`}
            onRowClick={(a) => navigate(`/accounts/${a.id}`)}
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
