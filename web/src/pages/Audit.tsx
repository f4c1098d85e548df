// The audit log (admins): who made each write, newest first, filtered by actor and verb; the URL holds the view.
import type { AuditPage } from '../../../src/contract/audit.ts';
import { PageHeader } from '../components/Card.tsx';
import { Loadable } from '../components/States.tsx';
import { Table, type Column } from '../components/Table.tsx';
import { href, withChanges } from '../lib/query.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { useApi } from '../lib/use-api.ts';

type Entry = AuditPage['entries'][number];
const LIMIT = 50;
const ACTORS = ['user', 'api_key', 'job', 'webhook', 'cli', 'system'] as const;

const columns: Column<Entry>[] = [
  { key: 'at', header: 'When (UTC)', csv: (e) => e.at, render: (e) => e.at.replace('T', ' ').slice(0, 19) },
  {
    key: 'actor',
    header: 'Who',
    csv: (e) => `${e.actor.kind}${e.actor.id ? `:${e.actor.id}` : ''} ${e.actor.label}`,
    render: (e) => (
      <>
        {e.actor.label}
        <div className="cell-sub">{e.actor.kind.replace('_', ' ')}</div>
      </>
    ),
  },
  { key: 'verb', header: 'What', csv: (e) => e.verb },
  { key: 'target', header: 'Target', csv: (e) => e.target },
  { key: 'details', header: 'Details', csv: (e) => JSON.stringify(e.details) },
];

export function Audit() {
  const { path, query } = useLocation();
  const actor = query.get('actor') ?? '';
  const verb = query.get('verb') ?? '';
  const offset = Number(query.get('offset') ?? '0') || 0;
  const params = new URLSearchParams({ limit: String(LIMIT), offset: String(offset) });
  if (actor) params.set('actor', actor);
  if (verb) params.set('verb', verb);
  const loaded = useApi<AuditPage>(`/api/v1/audit?${params.toString()}`);
  const go = (changes: Record<string, string | null>) => {
    navigate(href(path, withChanges(query, { offset: null, ...changes })));
  };
  return (
    <>
      <PageHeader title="Audit log" subtitle="Every change to users, keys, imports and owners: who made it and when" />
      <div className="toolbar">
        <label className="field">
          <span>Who</span>
          <select name="actor" value={actor} onChange={(e) => go({ actor: e.target.value || null })}>
            <option value="">Anyone</option>
            {ACTORS.map((a) => (
              <option key={a} value={a}>
                {a.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>What</span>
          <input
            name="verb"
            placeholder="user. or import.csv:accounts"
            defaultValue={verb}
            onKeyDown={(e) => {
              if (e.key === 'Enter') go({ verb: e.currentTarget.value.trim() || null });
            }}
          />
        </label>
      </div>
      <Loadable loaded={loaded} height={300}>
        {(data) => (
          <Table
            label="Audit log"
            columns={columns}
            rows={data.entries}
            rowKey={(e) => String(e.id)}
            exportName="tenure-audit"
            caption={`${data.total.toLocaleString('en-US')} entries`}
            footer={
              <div className="pagination">
                <span className="muted small">
                  {data.total === 0 ? 0 : offset + 1}–{offset + data.entries.length} of {data.total}
                </span>
                <span className="pagination-buttons">
                  <button
                    type="button"
                    className="button button-ghost"
                    disabled={offset === 0}
                    onClick={() => go({ offset: offset > LIMIT ? String(offset - LIMIT) : null })}
                  >
                    Newer
                  </button>
                  <button
                    type="button"
                    className="button button-ghost"
                    disabled={offset + LIMIT >= data.total}
                    onClick={() => go({ offset: String(offset + LIMIT) })}
                  >
                    Older
                  </button>
                </span>
              </div>
            }
          />
        )}
      </Loadable>
    </>
  );
}
