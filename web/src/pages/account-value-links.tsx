// The account's value report share links under its value report: period, expiry, opens and who made each link, and
// a Revoke button that withdraws one link (it then opens nothing; the others keep working).
import { useState } from 'react';
import type { ShareLinkListView, ShareLinkRecordView } from '../../../src/contract/value-reports.ts';
import { request } from '../lib/api.ts';
import type { Loaded } from '../lib/use-api.ts';

const STATUS: Record<ShareLinkRecordView['status'], string> = {
  active: 'Active',
  expired: 'Expired',
  revoked: 'Withdrawn',
};
const when = (iso: string | null) => (iso === null ? '–' : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`);
const period = (l: ShareLinkRecordView) => (l.from === l.to ? l.from : `${l.from} – ${l.to}`);

export function ShareLinks({
  id,
  links,
  onChanged,
  canRevoke,
}: {
  id: string;
  links: Loaded<ShareLinkListView>;
  onChanged: () => void;
  canRevoke: boolean;
}) {
  const [note, setNote] = useState<string | null>(null);
  const items = links.data?.items ?? [];
  const revoke = (link: ShareLinkRecordView) => {
    setNote(null);
    request('POST', `/api/v1/accounts/${encodeURIComponent(id)}/value-report/links/${link.id}/revoke`).then(
      () => {
        setNote(`Link ${link.id} withdrawn: it no longer opens.`);
        onChanged();
      },
      (failure: unknown) => setNote(failure instanceof Error ? failure.message : String(failure)),
    );
  };
  if (links.error)
    return (
      <div className="form-error" role="alert">
        {links.error.message}
      </div>
    );
  if (!links.data) return null;
  return (
    <div className="value-links">
      <h3 className="small">Share links</h3>
      {items.length === 0 ? (
        <p className="muted small">No share link has been made for this account.</p>
      ) : (
        <table className="table" aria-label="Share links">
          <thead>
            <tr>
              <th>Made</th>
              <th>Period</th>
              <th>Expires</th>
              <th>Opens</th>
              <th>Last opened</th>
              <th>Status</th>
              {canRevoke ? <th aria-label="Actions" /> : null}
            </tr>
          </thead>
          <tbody>
            {items.map((l) => (
              <tr key={l.id} data-testid={`share-link-${l.id}`}>
                <td title={`by ${l.createdBy}`}>{when(l.createdAt)}</td>
                <td>{period(l)}</td>
                <td>{l.expiresAt.slice(0, 10)}</td>
                <td>{l.opens}</td>
                <td>{when(l.lastOpenedAt)}</td>
                <td title={l.revokedBy ? `by ${l.revokedBy}` : undefined}>{STATUS[l.status]}</td>
                {canRevoke ? (
                  <td>
                    {l.status === 'active' ? (
                      <button type="button" aria-label={`Revoke link ${l.id}`} onClick={() => revoke(l)}>
                        Revoke
                      </button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {note ? <div className="muted small">{note}</div> : null}
    </div>
  );
}
