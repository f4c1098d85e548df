// An account's owner on its page: the linked user (or the imported name), the history of owners, and, for
// admins and CSMs, a change of owner (written to the history and the audit log).
import { useState } from 'react';
import type { AccountOwner, OwnerChange } from '../../../src/contract/owners.ts';
import type { OwnerCandidates } from '../../../src/contract/users.ts';
import { Card } from '../components/Card.tsx';
import { request } from '../lib/api.ts';
import { formatDate } from '../lib/format.ts';
import { useSession } from '../lib/meta.ts';
import { useApi } from '../lib/use-api.ts';
import { useReloadable } from '../lib/use-reloadable.ts';
import { FormError } from '../components/States.tsx';

export function AccountOwnerCard({ id }: { id: string }) {
  const session = useSession();
  const canChange = session.user.role !== 'viewer';
  const owner = useReloadable<AccountOwner>(`/api/v1/accounts/${encodeURIComponent(id)}/owner`);
  const candidates = useApi<OwnerCandidates>(canChange ? '/api/v1/owners/candidates' : null);
  const [error, setError] = useState<string | null>(null);
  const change = async (user: string) => {
    setError(null);
    try {
      const body: OwnerChange = { user: user === '' ? null : user };
      await request<AccountOwner>('PUT', `/api/v1/accounts/${encodeURIComponent(id)}/owner`, body);
      owner.reload();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  const data = owner.data;
  if (!data) return null;
  return (
    <Card
      title="Owner"
      subtitle={data.ownerUserId ? 'A Tenure user' : data.ownerName ? 'Imported name, not yet a user' : ''}
    >
      {canChange && candidates.data ? (
        <label className="field">
          <span>Owner</span>
          <select
            name="owner"
            aria-label="Owner"
            value={data.ownerUserId === null ? '' : String(data.ownerUserId)}
            onChange={(e) => void change(e.target.value)}
          >
            <option value="">{data.ownerUserId === null ? (data.ownerName ?? 'Nobody') : 'Nobody'}</option>
            {candidates.data.users.map((u) => (
              <option key={u.id} value={String(u.id)}>
                {u.name ?? u.email}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <div>{data.ownerName ?? 'Nobody'}</div>
      )}
      <FormError message={error} />
      <ul className="owner-history" aria-label="Owner history">
        {data.history
          .slice()
          .reverse()
          .map((h) => (
            <li key={h.from}>
              {h.ownerName ?? 'Nobody'}{' '}
              <span className="muted small">
                {formatDate(h.from.slice(0, 10))} – {h.to ? formatDate(h.to.slice(0, 10)) : 'now'}
              </span>
            </li>
          ))}
      </ul>
    </Card>
  );
}
