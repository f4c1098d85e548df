// Setting an owner's expansion target for a quarter from the Scorecards page (PUT /api/v1/targets).
import { useState, type SyntheticEvent } from 'react';
import type { OwnerCandidates } from '../../../src/contract/users.ts';
import { request } from '../lib/api.ts';
import { minorDigits } from '../lib/format.ts';
import { useApi } from '../lib/use-api.ts';

/** Major units as typed ("1200", "1200.50") to minor units; null when it is not an amount. */
function toMinor(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  if (!/^\d{1,13}(\.\d+)?$/.test(text.trim())) return null;
  const [whole = '0', fraction = ''] = text.trim().split('.');
  if (fraction.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** Whom a target may be set for: the active admins and CSMs. */
export function TargetForm(props: { quarter: string; currency: string; onSaved: () => void }) {
  const candidates = useApi<OwnerCandidates>('/api/v1/owners/candidates');
  const owners = candidates.data?.users.map((u) => u.email) ?? [];
  return owners.length === 0 ? null : <TargetFields key={owners.join()} owners={owners} {...props} />;
}

function TargetFields({
  owners,
  quarter,
  currency,
  onSaved,
}: {
  owners: string[];
  quarter: string;
  currency: string;
  onSaved: () => void;
}) {
  const [owner, setOwner] = useState(owners[0] ?? '');
  const [when, setWhen] = useState(quarter);
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  async function save(event: SyntheticEvent) {
    event.preventDefault();
    const minor = toMinor(amount, currency);
    if (minor === null) {
      setError(`The target is an amount of ${currency}, like 1200 or 1200.50.`);
      return;
    }
    setError(null);
    try {
      await request('PUT', '/api/v1/targets', { ownerEmail: owner, quarter: when, expansionTargetMinor: minor });
      setSaved(`Target set for ${owner} in ${when}.`);
      onSaved();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <form className="toolbar" style={{ alignItems: 'flex-end', flexWrap: 'wrap' }} onSubmit={(e) => void save(e)}>
      <label className="field">
        <span>Owner</span>
        <select value={owner} onChange={(e) => setOwner(e.target.value)}>
          {owners.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Quarter</span>
        <input value={when} pattern="[0-9]{4}-Q[1-4]" required onChange={(e) => setWhen(e.target.value)} />
      </label>
      <label className="field">
        <span>Expansion target ({currency} MRR)</span>
        <input inputMode="decimal" required value={amount} onChange={(e) => setAmount(e.target.value)} />
      </label>
      <button type="submit" className="button">
        Set target
      </button>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : saved ? (
        <p className="muted" role="status">
          {saved}
        </p>
      ) : null}
    </form>
  );
}
