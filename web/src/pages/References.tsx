// Reference customers: accounts to ask for a case study, a reference call or a review (promoters, health green,
// adoption high, customers long enough), each with why; and the "Ask for a reference" playbook, installed here.
import { useState } from 'react';
import type { PlaybookTemplateListView, ReferenceListView } from '../../../src/contract/reference-customers.ts';
import { OwnerFilter } from '../components/FilterBar.tsx';
import { Card, PageHeader } from '../components/Card.tsx';
import { Link } from '../components/Link.tsx';
import { Loadable } from '../components/States.tsx';
import { Table } from '../components/Table.tsx';
import { request } from '../lib/api.ts';
import { countOf, formatDate, formatMoney, formatPercent, toMajor } from '../lib/format.ts';
import { useSession } from '../lib/meta.ts';
import { href, withChanges } from '../lib/query.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { useApi } from '../lib/use-api.ts';
import { useReloadable } from '../lib/use-reloadable.ts';

function Templates() {
  const session = useSession();
  const templates = useReloadable<PlaybookTemplateListView>('/api/v1/playbooks/templates');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const install = async (key: string) => {
    setMessage(null);
    try {
      await request('POST', `/api/v1/playbooks/templates/${encodeURIComponent(key)}/install`);
      setMessage({ ok: true, text: 'Installed: see Playbooks. It runs at the next evaluation (within 5 minutes).' });
      templates.reload();
    } catch (failure) {
      setMessage({ ok: false, text: failure instanceof Error ? failure.message : String(failure) });
    }
  };
  return (
    <Card title="Playbook templates" subtitle="Ready-made playbooks, installed as they are (edit them afterwards)">
      <Loadable loaded={templates}>
        {(data) => (
          <ul className="run-log" aria-label="Playbook templates">
            {data.items.map((t) => (
              <li key={t.key} data-template={t.key}>
                <strong>{t.name}</strong> <span className="muted">{t.description}</span>{' '}
                {t.installed ? (
                  <span className="badge badge-active">installed</span>
                ) : session.user.role !== 'viewer' ? (
                  <button type="button" className="button" onClick={() => void install(t.key)}>
                    Install
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Loadable>
      {message ? (
        <div className={message.ok ? 'form-ok' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </div>
      ) : null}
    </Card>
  );
}

export function References() {
  const { path, query } = useLocation();
  const owner = query.get('owner_csm') ?? '';
  const months = query.get('months') ?? '';
  const set = (key: string, value: string) => navigate(href(path, withChanges(query, { [key]: value })));
  const params = new URLSearchParams();
  if (owner) params.set('owner', owner);
  if (/^\d+$/.test(months)) params.set('min_tenure_months', months);
  const loaded = useApi<ReferenceListView>(`/api/v1/reference-customers?${params.toString()}`);
  const data = loaded.data;
  return (
    <>
      <PageHeader
        title="Reference customers"
        subtitle="Promoters who are healthy, highly adopted and customers long enough: ask them for a reference"
      />
      <Card
        title="Candidates"
        subtitle={
          data
            ? `${countOf(data.items.length, 'account')} on ${formatDate(data.asOf)}: latest NPS 9–10, health green, adoption high, paying for ${data.minTenureMonths} months or more`
            : ''
        }
      >
        <div className="toolbar">
          <OwnerFilter value={owner} onChange={(v) => set('owner_csm', v)} />
          <label className="field">
            <span>Customer for at least (months)</span>
            <select aria-label="Minimum tenure" value={months} onChange={(e) => set('months', e.target.value)}>
              <option value="">The setting</option>
              {['6', '12', '18', '24', '36'].map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
        </div>
        <Loadable
          loaded={loaded}
          isEmpty={(d) => d.items.length === 0}
          empty={<div className="state state-empty">No account meets all four criteria today.</div>}
        >
          {(list) => (
            <Table
              label="Reference candidates"
              columns={[
                {
                  key: 'account',
                  header: 'Account',
                  csv: (c) => c.accountId,
                  render: (c) => <Link href={`/accounts/${c.accountKey}`}>{c.name}</Link>,
                },
                { key: 'owner', header: 'Owner', csv: (c) => c.owner, render: (c) => c.owner ?? '—' },
                {
                  key: 'mrr',
                  header: 'MRR',
                  align: 'right',
                  csv: (c) => toMajor(c.mrrMinor, list.currency),
                  render: (c) => formatMoney(c.mrrMinor, list.currency),
                },
                { key: 'nps', header: 'NPS', align: 'right', csv: (c) => c.nps },
                { key: 'health', header: 'Health', align: 'right', csv: (c) => c.healthScore },
                {
                  key: 'usage',
                  header: 'Feature usage',
                  align: 'right',
                  csv: (c) => c.featureUsageRate,
                  render: (c) => formatPercent(c.featureUsageRate, 0),
                },
                { key: 'tenure', header: 'Months', align: 'right', csv: (c) => c.tenureMonths },
                {
                  key: 'why',
                  header: 'Why',
                  csv: (c) => c.reasons.join('; '),
                  render: (c) => <span className="muted small">{c.reasons.join(' · ')}</span>,
                },
              ]}
              rows={list.items}
              rowKey={(c) => String(c.accountKey)}
              exportName="tenure-reference-customers"
            />
          )}
        </Loadable>
      </Card>
      <Templates />
    </>
  );
}
