// Playbooks: each with its trigger, state (paused and why), open tasks and last run; pause and resume; the run
// log; and an import of playbook JSON.
import { useState } from 'react';
import type { PlaybookListView, PlaybookRunsView } from '../../../src/contract/workflow.ts';
import { Badge, Card, PageHeader } from '../components/Card.tsx';
import { Loadable } from '../components/States.tsx';
import { request } from '../lib/api.ts';
import { useSession } from '../lib/meta.ts';
import { useReloadable } from '../lib/use-reloadable.ts';
import '../workflow.css';

function RunLog() {
  const runs = useReloadable<PlaybookRunsView>('/api/v1/playbooks/runs?limit=50');
  return (
    <Card title="Run log" subtitle="Every evaluation: matched, created, closed, skipped and why (newest first)">
      <Loadable
        loaded={runs}
        isEmpty={(d) => d.items.length === 0}
        empty={<div className="state state-empty">No run yet.</div>}
      >
        {(data) => (
          <ol className="run-log" aria-label="Run log">
            {data.items.map((r) => (
              <li key={r.id}>
                <strong>{r.playbook}</strong> <Badge kind={r.outcome}>{r.outcome}</Badge>{' '}
                <span className="muted">
                  {new Date(r.startedAt).toLocaleString()} · matched {r.matched} · entered {r.entered} · created{' '}
                  {r.created} · closed {r.closed} · skipped {r.skipped}
                </span>
                {r.log.length ? (
                  <ul>
                    {r.log.map((l, i) => (
                      <li key={i} className={l.level === 'warn' ? 'tone-bad' : undefined}>
                        {l.message}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </Loadable>
    </Card>
  );
}

export function Playbooks() {
  const session = useSession();
  const canWrite = session.user.role !== 'viewer';
  const list = useReloadable<PlaybookListView>('/api/v1/playbooks');
  const [json, setJson] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const setState = async (id: number, state: 'active' | 'paused') => {
    setMessage(null);
    try {
      await request('POST', `/api/v1/playbooks/${id}/state`, { state });
      list.reload();
    } catch (failure) {
      setMessage({ ok: false, text: failure instanceof Error ? failure.message : String(failure) });
    }
  };
  const importJson = async () => {
    setMessage(null);
    let body: unknown;
    try {
      body = JSON.parse(json);
    } catch {
      setMessage({ ok: false, text: 'This is not JSON.' });
      return;
    }
    try {
      const result = await request<{ created: string[]; updated: string[] }>('POST', '/api/v1/playbooks', body);
      setMessage({ ok: true, text: `Imported: ${[...result.created, ...result.updated].join(', ')}` });
      setJson('');
      list.reload();
    } catch (failure) {
      setMessage({ ok: false, text: failure instanceof Error ? failure.message : String(failure) });
    }
  };
  return (
    <>
      <PageHeader
        title="Playbooks"
        subtitle="Rules that give CSMs tasks when a signal fires, evaluated every 5 minutes"
      />
      <Card title="Playbooks">
        <Loadable
          loaded={list}
          isEmpty={(d) => d.items.length === 0}
          empty={
            <div className="state state-empty">
              No playbook yet: import one below (or tenure playbooks import FILE).
            </div>
          }
        >
          {(data) => (
            <table className="table" aria-label="Playbooks">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Trigger</th>
                  <th>State</th>
                  <th className="align-right">Open tasks</th>
                  <th>Last run</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {data.items.map((p) => (
                  <tr key={p.id} data-playbook={p.name}>
                    <td>{p.name}</td>
                    <td>
                      <code>{p.signal}</code>
                    </td>
                    <td>
                      <Badge kind={p.state}>{p.state}</Badge>{' '}
                      {p.pausedReason ? <span className="muted">{p.pausedReason}</span> : null}
                    </td>
                    <td className="align-right">{p.openTasks}</td>
                    <td className="muted">
                      {p.lastRun
                        ? `${new Date(p.lastRun.startedAt).toLocaleString()}: ${p.lastRun.outcome}, created ${p.lastRun.created}, closed ${p.lastRun.closed}`
                        : 'never'}
                    </td>
                    <td>
                      {canWrite ? (
                        <button
                          type="button"
                          className="button button-ghost"
                          onClick={() => void setState(p.id, p.state === 'active' ? 'paused' : 'active')}
                        >
                          {p.state === 'active' ? 'Pause' : 'Resume'}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Loadable>
      </Card>
      {canWrite ? (
        <Card
          title="Import"
          subtitle="A playbook or a list of them as JSON (see the README, Playbooks); a known name is replaced"
        >
          <textarea
            aria-label="Playbook JSON"
            rows={8}
            className="code-input"
            value={json}
            placeholder='{"name":"Usage declining","trigger":{"signal":"usage_declining"},"steps":[{"type":"task","assignee":"owner","title":"Call the champion","due_in_days":3}]}'
            onChange={(e) => setJson(e.target.value)}
          />
          <button type="button" className="button" disabled={!json.trim()} onClick={() => void importJson()}>
            Import
          </button>
          {message ? (
            <div className={message.ok ? 'form-ok' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
              {message.text}
            </div>
          ) : null}
          {list.data ? (
            <details>
              <summary>Trigger signals</summary>
              <ul>
                {list.data.triggers.map((t) => (
                  <li key={t.signal}>
                    <code>{t.signal}</code>: {t.description}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </Card>
      ) : null}
      <RunLog />
    </>
  );
}
