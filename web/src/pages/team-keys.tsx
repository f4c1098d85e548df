// API keys on the Team page: create one (shown this once), list them, revoke.
import { useState, type SyntheticEvent } from 'react';
import type { ApiKeyCreate, ApiKeyCreated, ApiKeyList } from '../../../src/contract/users.ts';
import { Card } from '../components/Card.tsx';
import { ErrorState, FormError } from '../components/States.tsx';
import { request } from '../lib/api.ts';
import { formatDate } from '../lib/format.ts';
import { useReloadable } from '../lib/use-reloadable.ts';

const SCOPES = [
  { value: 'read', label: 'read: reports' },
  { value: 'write', label: 'write: reports and imports' },
  { value: 'ingest', label: 'ingest: usage events' },
] as const satisfies readonly { value: ApiKeyCreate['scope']; label: string }[];

export function ApiKeys() {
  const keys = useReloadable<ApiKeyList>('/api/v1/api-keys');
  const [scope, setScope] = useState<ApiKeyCreate['scope']>('read');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fail = (failure: unknown) => {
    setError(failure instanceof Error ? failure.message : String(failure));
  };
  const create = async (event: SyntheticEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const body: ApiKeyCreate = { scope, ...(name ? { name } : {}) };
      setCreated(await request<ApiKeyCreated>('POST', '/api/v1/api-keys', body));
      setName('');
      keys.reload();
    } catch (failure) {
      fail(failure);
    }
  };
  const revoke = async (prefix: string) => {
    setError(null);
    try {
      await request<undefined>('DELETE', `/api/v1/api-keys/${prefix}`);
      if (created?.prefix === prefix) setCreated(null);
      keys.reload();
    } catch (failure) {
      fail(failure);
    }
  };
  return (
    <Card title="API keys" subtitle="Only a hash of each key is stored: a new key is shown once, here">
      <form className="admin-form" onSubmit={(e) => void create(e)} aria-label="Create an API key">
        <label className="field">
          <span>Scope</span>
          <select
            name="scope"
            value={scope}
            onChange={(e) => setScope(SCOPES.find((s) => s.value === e.target.value)?.value ?? 'read')}
          >
            {SCOPES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>What it is for</span>
          <input name="keyName" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" className="button button-primary">
          Create key
        </button>
      </form>
      {created ? (
        <div className="key-once" role="status">
          <div>
            Key <strong>{created.name}</strong> ({created.scope}). Copy it now: it is not shown again.
          </div>
          <code data-testid="new-key">{created.key}</code>
        </div>
      ) : null}
      <FormError message={error} />
      {keys.error ? <ErrorState error={keys.error} /> : null}
      {keys.data ? (
        <div className="table-scroll">
          <table className="table" aria-label="API keys">
            <thead>
              <tr>
                <th>Name</th>
                <th>Prefix</th>
                <th>Scope</th>
                <th>Created</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {keys.data.keys.map((k) => (
                <tr key={k.id} data-key={k.prefix}>
                  <td>{k.name}</td>
                  <td>
                    <code>{k.prefix}</code>
                  </td>
                  <td>{k.scope}</td>
                  <td>{formatDate(k.createdAt.slice(0, 10))}</td>
                  <td>{k.revokedAt ? `revoked ${formatDate(k.revokedAt.slice(0, 10))}` : 'active'}</td>
                  <td>
                    {k.revokedAt ? null : (
                      <button type="button" className="button button-ghost" onClick={() => void revoke(k.prefix)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Card>
  );
}
