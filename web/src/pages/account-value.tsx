// The value report on the account page: its key figures for a period (default: the last full quarter), a share
// link to copy (opens without signing in, expires), the links made so far (each can be revoked) and the PDF.
import { useState } from 'react';
import type { ShareLinkListView, ShareLinkView, ValueReportView } from '../../../src/contract/value-reports.ts';
import { Card, Kpi } from '../components/Card.tsx';
import { request } from '../lib/api.ts';
import { useSession } from '../lib/meta.ts';
import { useApi } from '../lib/use-api.ts';
import { useReloadable } from '../lib/use-reloadable.ts';
import { ShareLinks } from './account-value-links.tsx';
import { FormError } from '../components/States.tsx';

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const figure = (n: number | null) => (n === null ? '–' : NUMBER.format(n));
const pct = (n: number | null) => (n === null ? '–' : `${n > 0 ? '+' : ''}${NUMBER.format(n)}%`);

function query(from: string, to: string): string {
  const q = new URLSearchParams();
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  const text = q.toString();
  return text ? `?${text}` : '';
}

function Outcomes({ report }: { report: ValueReportView }) {
  if (report.outcomes.length === 0) return <p className="muted">No outcomes were promised in the handoff file.</p>;
  return (
    <table className="table" aria-label="Outcomes promised and achieved">
      <thead>
        <tr>
          <th>Outcome</th>
          <th>Baseline</th>
          <th>Now</th>
          <th>Target</th>
          <th>Progress</th>
        </tr>
      </thead>
      <tbody>
        {report.outcomes.map((o) => (
          <tr key={o.metric} title={o.source}>
            <td>{o.metric}</td>
            <td>{figure(o.baseline)}</td>
            <td>{figure(o.now)}</td>
            <td>{figure(o.target)}</td>
            <td>{o.progressPct === null ? o.status : `${figure(o.progressPct)}% (${o.status})`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ShareButton({ id, from, to, onCreated }: { id: string; from: string; to: string; onCreated: () => void }) {
  const [link, setLink] = useState<ShareLinkView | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const create = async () => {
    setNote(null);
    try {
      const body = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
      const made = await request<ShareLinkView>(
        'POST',
        `/api/v1/accounts/${encodeURIComponent(id)}/value-report/share`,
        body,
      );
      setLink(made);
      onCreated();
      await navigator.clipboard.writeText(made.url).then(
        () => setNote('Copied to the clipboard.'),
        () => setNote('Copy the link below.'),
      );
    } catch (failure) {
      setNote(failure instanceof Error ? failure.message : String(failure));
    }
  };
  return (
    <div className="value-share">
      <button type="button" onClick={() => void create()}>
        Create share link
      </button>
      {link ? (
        <label className="field">
          <span>Share link (works until {link.expiresAt.slice(0, 10)})</span>
          <input readOnly value={link.url} aria-label="Share link" onFocus={(e) => e.currentTarget.select()} />
        </label>
      ) : null}
      {note ? <div className="muted small">{note}</div> : null}
    </div>
  );
}

export function AccountValueSection({ id }: { id: string }) {
  const session = useSession();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const base = `/api/v1/accounts/${encodeURIComponent(id)}/value-report`;
  const report = useApi<ValueReportView>(`${base}${query(from, to)}`);
  const links = useReloadable<ShareLinkListView>(`${base}/links`);
  const canWrite = session.user.role !== 'viewer';
  const r = report.data;
  const period = (
    <span className="value-period">
      <input type="month" aria-label="From month" value={from} onChange={(e) => setFrom(e.target.value)} />
      {' – '}
      <input type="month" aria-label="To month" value={to} onChange={(e) => setTo(e.target.value)} />
    </span>
  );
  return (
    <Card
      title="Value report"
      subtitle={r ? `${r.period.label} (${r.period.firstDay} to ${r.period.lastDay})` : 'The last full quarter'}
      actions={period}
    >
      <FormError message={report.error?.message} />
      {r ? (
        <>
          <div className="grid grid-kpi" data-testid="value-kpis">
            <Kpi
              label="Active users"
              value={`${figure(r.usage.activeUsersStart)} → ${figure(r.usage.activeUsersEnd)}`}
              detail={pct(r.usage.activeUserGrowthPct)}
              explain="People with any product event in the period's first month, then in its last month"
            />
            <Kpi
              label="Features used"
              value={figure(r.usage.featuresUsed)}
              detail={`${r.usage.featuresAdopted.length} newly adopted`}
              explain="Catalog features with an event in the period; adopted: first used in the period"
            />
            <Kpi
              label="Milestones completed"
              value={`${figure(r.usage.milestonesCompleted)} of ${figure(r.usage.milestonesTotal)}`}
              explain="Success plan milestones completed by the period's last day"
            />
            {r.valueMetrics.map((v) => (
              <Kpi key={v.name} label={v.name} value={`${figure(v.value)} ${v.unit}`} explain={v.source} />
            ))}
          </div>
          <Outcomes report={r} />
          <p className="muted small">
            {r.peers.shown ? `Compared with ${r.peers.count} similar customers (${r.peers.group}).` : r.peers.reason}
          </p>
          <div className="card-actions">
            <a className="button" href={`${base}.pdf${query(from, to)}`} download>
              Download PDF
            </a>
            {canWrite ? <ShareButton id={id} from={from} to={to} onCreated={links.reload} /> : null}
          </div>
          <ShareLinks id={id} links={links} onChanged={links.reload} canRevoke={canWrite} />
        </>
      ) : null}
    </Card>
  );
}
