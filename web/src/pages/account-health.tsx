// The account page's health: latest score and band with its trend, the daily history, each measure's grade (with
// the ones missing, re-weighted away), and the CSM's sentiment with a form to set it.
import { useMemo, useState } from 'react';
import { scoreHistoryOption } from '../charts/health.ts';
import { Card, Kpi } from '../components/Card.tsx';
import { Chart } from '../components/Chart.tsx';
import { Loadable } from '../components/States.tsx';
import { Table } from '../components/Table.tsx';
import { request } from '../lib/api.ts';
import { formatDate, formatPercent } from '../lib/format.ts';
import { useSession } from '../lib/meta.ts';
import { useReloadable } from '../lib/use-reloadable.ts';
import type { AccountHealth } from '../../../src/contract/health-scores.ts';
import { HealthBadge, trendText } from './health-parts.tsx';

function SentimentForm({ id, onSaved }: { id: string; onSaved: () => void }) {
  const [sentiment, setSentiment] = useState('yellow');
  const [until, setUntil] = useState(() => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const save = () => {
    request('PUT', `/api/v1/health/accounts/${encodeURIComponent(id)}/sentiment`, { sentiment, until, note }).then(
      () => {
        setMessage('Saved: the account is rescored within seconds.');
        onSaved();
      },
      (error: unknown) => setMessage(error instanceof Error ? error.message : String(error)),
    );
  };
  return (
    <div className="toolbar" data-testid="sentiment-form">
      <label className="field">
        <span>CSM sentiment</span>
        <select name="sentiment" value={sentiment} onChange={(e) => setSentiment(e.target.value)}>
          <option value="red">Red</option>
          <option value="yellow">Yellow</option>
          <option value="green">Green</option>
        </select>
      </label>
      <label className="field">
        <span>Until</span>
        <input type="date" name="until" value={until} onChange={(e) => setUntil(e.target.value)} />
      </label>
      <label className="field">
        <span>Note</span>
        <input type="text" name="note" value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="button" className="button" onClick={save}>
        Set
      </button>
      {message ? <span className="muted small">{message}</span> : null}
    </div>
  );
}

function HealthView({ id, health, reload }: { id: string; health: AccountHealth; reload: () => void }) {
  const session = useSession();
  const option = useMemo(() => scoreHistoryOption(health.history), [health.history]);
  const latest = health.latest;
  const s = health.sentiment;
  return (
    <>
      <div className="grid grid-kpi" data-testid="health-kpis">
        <Kpi
          label="Health"
          value={latest?.score === null || latest === null ? '—' : String(latest.score)}
          detail={latest ? <HealthBadge band={latest.band} /> : 'not scored yet'}
          tone={latest?.band === 'red' ? 'bad' : latest?.band === 'green' ? 'good' : undefined}
          explain="0–100: each measure earns its band's points, weighted within its group and groups weighted overall; missing measures are re-weighted away."
        />
        <Kpi
          label="Trend"
          value={trendText(latest?.trend30 ?? null)}
          detail={`${trendText(latest?.trend7 ?? null)} over 7 days`}
          explain="The score minus the score 30 (and 7) days earlier."
        />
        <Kpi
          label="Scorecard"
          value={latest?.scorecardName ?? '—'}
          detail={
            latest?.forcedBy.length ? `forced red by ${latest.forcedBy.join(', ')}` : `on ${formatDate(latest?.day)}`
          }
          explain="The scorecard whose rule matched this account first, or the default one."
        />
        <Kpi
          label="CSM sentiment"
          value={s ? s.sentiment : '—'}
          detail={
            s ? `${s.expired ? 'expired' : 'until'} ${formatDate(s.until)}${s.note ? ` · ${s.note}` : ''}` : 'not set'
          }
          tone={
            s && !s.expired ? (s.sentiment === 'red' ? 'bad' : s.sentiment === 'green' ? 'good' : undefined) : undefined
          }
          explain="Set by hand with an expiry day; it counts as a measure until then."
        />
      </div>
      <div className="grid grid-account">
        <Card title="Health history" subtitle="Daily score; the shaded bands are red, yellow and green">
          {health.history.length === 0 ? (
            <p className="muted">No score yet.</p>
          ) : (
            <Chart label="Health score history" option={option} height={220} />
          )}
        </Card>
        <Card
          title="Measures"
          subtitle={latest?.missing.length ? `No data (left out): ${latest.missing.join(', ')}` : ''}
        >
          <Table
            label="Health measures"
            columns={[
              { key: 'name', header: 'Measure', csv: (m) => m.name },
              {
                key: 'group',
                header: 'Group',
                csv: (m) => m.group,
                render: (m) => latest?.groups.find((g) => g.key === m.group)?.name ?? m.group,
              },
              { key: 'value', header: 'Value', csv: (m) => m.value, render: (m) => m.text },
              { key: 'band', header: 'Grade', csv: (m) => m.band, render: (m) => <HealthBadge band={m.band} /> },
              {
                key: 'weight',
                header: 'Weight',
                align: 'right',
                csv: (m) => m.weight,
                render: (m) => (m.band === null ? '—' : formatPercent(m.weight, 0)),
              },
            ]}
            rows={(latest?.measures ?? []).filter((m) => m.band !== null)}
            rowKey={(m) => m.signal}
            exportName={`tenure-account-${id}-health`}
          />
        </Card>
      </div>
      {session.user.role !== 'viewer' ? <SentimentForm id={id} onSaved={reload} /> : null}
    </>
  );
}

export function AccountHealthSection({ id }: { id: string }) {
  const loaded = useReloadable<AccountHealth>(`/api/v1/health/accounts/${encodeURIComponent(id)}`);
  return (
    <section className="usage-section" data-testid="account-health">
      <div className="section-head">
        <h2>Health</h2>
      </div>
      <Loadable loaded={loaded} height={200}>
        {(health) => <HealthView id={id} health={health} reload={loaded.reload} />}
      </Loadable>
    </section>
  );
}
