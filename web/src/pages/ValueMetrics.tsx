// Value reports setup (admins): the company's name and colour on every report, and the value metric definitions
// ("Hours saved = Reports generated × 0.5 h") the reports show.
import { useState, type SyntheticEvent } from 'react';
import type { Feature } from '../../../src/contract/adoption.ts';
import type { ValueMetricView } from '../../../src/contract/value-reports.ts';
import { Card, PageHeader } from '../components/Card.tsx';
import { request } from '../lib/api.ts';
import { useApi } from '../lib/use-api.ts';
import { FormError } from '../components/States.tsx';

interface Settings {
  companyName: string;
  brandColor: string;
}

function SettingsCard({ settings, onSaved }: { settings: Settings; onSaved: (note: string) => void }) {
  const [name, setName] = useState(settings.companyName);
  const [color, setColor] = useState(settings.brandColor);
  const save = (e: SyntheticEvent) => {
    e.preventDefault();
    // A blank name is left out, so the colour saves on its own and TENURE_COMPANY_NAME (if set) keeps applying.
    const body = name.trim() ? { companyName: name.trim(), brandColor: color } : { brandColor: color };
    request<Settings>('PUT', '/api/v1/value-reports/settings', body).then(
      () => onSaved('Saved.'),
      (error: unknown) => onSaved(error instanceof Error ? error.message : String(error)),
    );
  };
  return (
    <Card title="On every report" subtitle="The name your customers know you by, and your brand colour">
      <form className="admin-form" onSubmit={save}>
        <label className="field">
          <span>Company name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
        </label>
        <label className="field">
          <span>Brand colour</span>
          <input type="color" value={color} onChange={(e) => setColor(e.target.value)} />
        </label>
        <button type="submit">Save</button>
      </form>
    </Card>
  );
}

export function ValueMetrics() {
  const [version, setVersion] = useState(0);
  const [note, setNote] = useState<string | null>(null);
  const [form, setForm] = useState({ name: '', feature: '', multiplier: '1', unit: '' });
  const metrics = useApi<{ items: ValueMetricView[] }>(`/api/v1/value-metrics?v=${version}`);
  const features = useApi<{ items: Feature[] }>('/api/v1/features');
  const settings = useApi<Settings>('/api/v1/value-reports/settings');
  const act = (work: Promise<unknown>) => {
    setNote(null);
    work.then(
      () => setVersion((v) => v + 1),
      (error: unknown) => setNote(error instanceof Error ? error.message : String(error)),
    );
  };
  const add = (e: SyntheticEvent) => {
    e.preventDefault();
    act(request('POST', '/api/v1/value-metrics', { ...form, multiplier: Number(form.multiplier) }));
  };
  return (
    <>
      <PageHeader title="Value reports" subtitle="What every customer's value report shows" />
      <FormError message={note} />
      {settings.data ? <SettingsCard settings={settings.data} onSaved={setNote} /> : null}
      <Card title="Value metrics" subtitle="Events of a catalog feature in the period × a multiplier, in a unit">
        <table className="table" aria-label="Value metrics">
          <thead>
            <tr>
              <th>Name</th>
              <th>Counts</th>
              <th>Multiplier</th>
              <th>Unit</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(metrics.data?.items ?? []).map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td>
                <td>{m.featureName ?? m.feature}</td>
                <td>{m.multiplier}</td>
                <td>{m.unit}</td>
                <td>
                  <button type="button" onClick={() => act(request('DELETE', `/api/v1/value-metrics/${m.id}`))}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form className="admin-form" onSubmit={add} aria-label="Add a value metric">
          <label className="field">
            <span>Name</span>
            <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
          </label>
          <label className="field">
            <span>Feature</span>
            <select value={form.feature} onChange={(e) => setForm({ ...form, feature: e.target.value })} required>
              <option value="">Choose…</option>
              {(features.data?.items ?? []).map((f) => (
                <option key={f.key} value={f.key}>
                  {f.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Multiplier</span>
            <input
              type="number"
              step="any"
              min="0"
              value={form.multiplier}
              onChange={(e) => setForm({ ...form, multiplier: e.target.value })}
            />
          </label>
          <label className="field">
            <span>Unit</span>
            <input value={form.unit} onChange={(e) => setForm({ ...form, unit: e.target.value })} required />
          </label>
          <button type="submit">Add</button>
        </form>
      </Card>
    </>
  );
}
