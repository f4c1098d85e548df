// The customer file: profile and owner, MRR history, and every movement with the billing records behind it.
import { AccountOwnerCard } from './account-owner.tsx';
import { AccountRenewalsSection } from './account-renewals.tsx';
import { useMemo } from 'react';
import { accountMrrOption } from '../charts/account.ts';
import { Badge, Card, PageHeader } from '../components/Card.tsx';
import { Chart } from '../components/Chart.tsx';
import { Link } from '../components/Link.tsx';
import { Loadable } from '../components/States.tsx';
import { Table } from '../components/Table.tsx';
import { formatDate, formatMoney, formatMonth, toMajor } from '../lib/format.ts';
import { useMeta } from '../lib/meta.ts';
import { useLocation } from '../lib/router.ts';
import { contractTerms } from '../lib/contract.ts';
import type { AccountFile } from '../../../src/contract/accounts.ts';
import { useApi } from '../lib/use-api.ts';
import { AccountStream, Timeline } from './account-timeline.tsx';
import { AccountTierCard } from './account-tier.tsx';
import { AccountUsageSection } from './account-usage.tsx';
import { AccountSurveysSection } from './account-surveys.tsx';
import { AccountHealthSection } from './account-health.tsx';
import { AccountRiskPanel } from './account-risk.tsx';
import { AccountExpansionPanel } from './account-expansion.tsx';
import { AccountValueSection } from './account-value.tsx';
import { AccountHandoffSection } from './account-handoff.tsx';

const text = (v: unknown): string =>
  v === null || v === undefined || v === ''
    ? '—'
    : typeof v === 'string' || typeof v === 'number'
      ? String(v)
      : JSON.stringify(v);

interface Contact {
  externalId: string;
  name: string | null;
  email: string | null;
  title: string | null;
  role: string | null;
}

/** The account file with its contacts (servers before they were listed send none). */
type File = AccountFile & { contacts?: Contact[] };

function Profile({ file }: { file: File }) {
  const a = file.account;
  const current = file.history.at(-1);
  const meta = useMeta();
  const active = current !== undefined && current.to >= (meta.lastMonth ?? '');
  const fields: [string, string][] = [
    ['Account ID', text(a.external_id)],
    ['Owner (CSM)', text(a.owner_csm)],
    ['Industry', text(a.industry)],
    ['Size band', text(a.size_band)],
    ['Segment', text(a.segment)],
    ['ICP fit', a.icp_fit === null || a.icp_fit === undefined ? '—' : a.icp_fit ? 'Yes' : 'No'],
    [
      `Current MRR (${file.currency})`,
      active ? formatMoney(current.mrrMinor, file.currency) : formatMoney(0, file.currency),
    ],
    ...(active ? contractTerms(file).map((t, i): [string, string] => [i === 0 ? 'Contract' : '', t]) : []),
    ['Plan', active ? text(current.plan) : '—'],
    ['Customer since', file.history[0] ? formatMonth(file.history[0].from) : '—'],
    ['First seen', formatDate(typeof a.first_seen_on === 'string' ? a.first_seen_on : null)],
    ['Employees', text(a.employee_count)],
  ];
  const attributes = a.attributes !== null && typeof a.attributes === 'object' ? Object.entries(a.attributes) : [];
  return (
    <>
      <dl className="profile">
        {fields.map(([label, value], i) => (
          <div key={`${label}-${i}`}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {attributes.length > 0 ? (
        <>
          <h3 className="profile-heading">Custom attributes</h3>
          <dl className="profile" data-testid="custom-attributes">
            {attributes.map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{text(value)}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
    </>
  );
}

function Contacts({ contacts }: { contacts: Contact[] }) {
  return (
    <Card title="Contacts" subtitle={`${contacts.length.toLocaleString('en-US')} people at this account`}>
      {contacts.length === 0 ? (
        <p className="muted">No contact imported for this account (tenure import contacts FILE).</p>
      ) : (
        <Table
          label="Contacts"
          columns={[
            { key: 'name', header: 'Name', csv: (c) => c.name, render: (c) => c.name ?? '—' },
            {
              key: 'email',
              header: 'Email',
              csv: (c) => c.email,
              render: (c) => (c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : '—'),
            },
            { key: 'title', header: 'Title', csv: (c) => c.title, render: (c) => c.title ?? '—' },
            { key: 'role', header: 'Role', csv: (c) => c.role, render: (c) => c.role ?? '—' },
          ]}
          rows={contacts}
          rowKey={(c) => c.externalId}
          exportName="tenure-account-contacts"
        />
      )}
    </Card>
  );
}

function AccountView({ id, file }: { id: string; file: File }) {
  const meta = useMeta();
  const { query } = useLocation();
  const option = useMemo(
    () => accountMrrOption(file.history, file.currency, meta.lastMonth ?? ''),
    [file, meta.lastMonth],
  );
  const current = file.history.at(-1);
  const active = current !== undefined && current.to >= (meta.lastMonth ?? '');
  const status = file.history.length === 0 ? 'prospect' : active ? 'active' : 'churned';
  return (
    <>
      <PageHeader
        title={
          <span className="title-with-badge">
            {text(file.account.name)} <Badge kind={status}>{status}</Badge>
          </span>
        }
        subtitle={
          <>
            <Link href="/accounts">Accounts</Link> / {text(file.account.external_id)}
          </>
        }
      />
      <AccountHandoffSection id={id} />
      <div className="grid grid-account">
        <Card title="Profile">
          <Profile file={file} />
        </Card>
        <Card title="MRR history" subtitle={`In ${file.currency}, month by month`}>
          <Chart label="Account MRR history" option={option} height={240} />
        </Card>
      </div>
      <AccountOwnerCard id={id} />
      <AccountTierCard externalId={file.account.external_id} />
      <AccountRenewalsSection id={id} />
      <AccountHealthSection id={id} />
      <Contacts contacts={file.contacts ?? []} />
      <AccountRiskPanel id={id} />
      <AccountExpansionPanel id={id} />
      <AccountUsageSection id={id} />
      <AccountValueSection id={id} />
      <AccountSurveysSection id={id} />
      <AccountStream id={id} />
      <div className="grid grid-account-2">
        <Card title="Movements" subtitle="Newest first, each with the billing records before and after it">
          <Timeline file={file} highlight={query.get('month')} />
        </Card>
        <Card title="Revenue spans" subtitle="Stretches of constant MRR">
          <Table
            label="Revenue spans"
            columns={[
              { key: 'from', header: 'From', csv: (s) => s.from, render: (s) => formatMonth(s.from) },
              { key: 'to', header: 'Through', csv: (s) => s.to, render: (s) => formatMonth(s.to) },
              {
                key: 'mrr',
                header: 'MRR',
                align: 'right',
                csv: (s) => toMajor(s.mrrMinor, file.currency),
                render: (s) => formatMoney(s.mrrMinor, file.currency),
              },
              { key: 'plan', header: 'Plan', csv: (s) => s.plan, render: (s) => s.plan ?? '—' },
            ]}
            rows={[...file.history].reverse()}
            rowKey={(s) => s.from}
            exportName={`tenure-account-${text(file.account.external_id)}-spans`}
          />
        </Card>
      </div>
    </>
  );
}

export function Account({ id }: { id: string }) {
  const loaded = useApi<File>(`/api/v1/accounts/${encodeURIComponent(id)}`);
  return (
    <Loadable loaded={loaded} height={400}>
      {(file) => <AccountView id={id} file={file} />}
    </Loadable>
  );
}
