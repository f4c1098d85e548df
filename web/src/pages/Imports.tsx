// Uploads (admins): a CSV of accounts, contacts, subscriptions, invoices, FX rates or survey answers, or a Stripe
// export file.
// The import is all or nothing: its result, or the file, line and field that stopped it.
import { useState, type SyntheticEvent } from 'react';
import type { ImportKind, ImportSummary } from '../../../src/contract/imports.ts';
import { Card, PageHeader } from '../components/Card.tsx';
import { upload } from '../lib/api.ts';

const KINDS = [
  { value: 'accounts', label: 'Accounts (CSV)', hint: 'id, name, industry, employee_count, segment, owner_csm, …' },
  { value: 'contacts', label: 'Contacts (CSV)', hint: 'account_id, email, name, title, role' },
  {
    value: 'subscriptions',
    label: 'Subscriptions (CSV)',
    hint: 'subscription_id, customer_id, start_date, end_date, monthly_amount',
  },
  {
    value: 'invoices',
    label: 'Invoices (CSV)',
    hint: 'invoice_id, customer_id, issued_at, period_start, period_end, amount, currency',
  },
  { value: 'fx', label: 'FX rates (CSV)', hint: 'date, currency, rate[, quote]' },
  {
    value: 'responses',
    label: 'Survey answers (CSV)',
    hint: 'response_id, survey, kind, score, comment, responded_at, account_id, contact_email, user_id',
  },
  {
    value: 'contracts',
    label: 'Contracts (CSV)',
    hint: 'contract_id, account_id, start_date, end_date, arr, currency, auto_renew, notice_days, exclusion_reason',
  },
  {
    value: 'tickets',
    label: 'Support tickets (CSV)',
    hint: 'ticket_id, account_id, opened_at, closed_at, priority, csat',
  },
  {
    value: 'stripe',
    label: 'Stripe export (JSON)',
    hint: 'customers, subscriptions and invoices exported from Stripe',
  },
] as const satisfies readonly { value: ImportKind; label: string; hint: string }[];

type Outcome = { ok: true; summary: ImportSummary } | { ok: false; message: string };

export function Imports() {
  const [kind, setKind] = useState<ImportKind>('accounts');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const spec = KINDS.find((k) => k.value === kind) ?? KINDS[0];
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ ok: true, summary: await upload<ImportSummary>(`/api/v1/imports/${kind}`, file) });
    } catch (failure) {
      setOutcome({ ok: false, message: failure instanceof Error ? failure.message : String(failure) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader
        title="Imports"
        subtitle="Upload your billing and account files; each file is imported whole or not at all"
      />
      <Card title="Upload a file" subtitle={spec.hint}>
        <form className="admin-form" onSubmit={(e) => void submit(e)} aria-label="Upload a file">
          <label className="field">
            <span>Kind</span>
            <select
              name="kind"
              value={kind}
              onChange={(e) => setKind(KINDS.find((k) => k.value === e.target.value)?.value ?? 'accounts')}
            >
              {KINDS.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>File</span>
            <input
              type="file"
              name="file"
              accept={kind === 'stripe' ? '.json,application/json' : '.csv,text/csv'}
              required
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </label>
          <button type="submit" className="button button-primary" disabled={busy || !file}>
            {busy ? 'Importing…' : 'Import'}
          </button>
        </form>
        {outcome?.ok === false ? (
          <div className="form-error" role="alert" data-testid="import-error">
            {outcome.message}
          </div>
        ) : null}
        {outcome?.ok ? (
          <div className="form-ok" role="status" data-testid="import-result">
            {outcome.summary.source}: read {outcome.summary.read}, created {outcome.summary.created}, updated{' '}
            {outcome.summary.updated}, unchanged {outcome.summary.unchanged}
            {Object.entries(outcome.summary.byKind ?? {}).map(([k, c]) => (
              <div key={k} className="small">
                {k}: created {c.created}, updated {c.updated}, unchanged {c.unchanged}
              </div>
            ))}
          </div>
        ) : null}
      </Card>
    </>
  );
}
