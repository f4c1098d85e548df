// The handoff file's editor: goals and risks one per line, promised outcomes and stakeholders as rows. Saving sends
// the whole file (PUT replaces it); the server checks every field and names the one it refuses.
import { useState, type ReactNode } from 'react';
import type { HandoffView, OutcomeView } from '../../../src/contract/handoff.ts';
import { request } from '../lib/api.ts';
import { FormError } from '../components/States.tsx';

const ROLES = ['sponsor', 'champion', 'admin', 'user'] as const;
type Role = (typeof ROLES)[number];

interface OutcomeRow {
  metric: string;
  baseline: string;
  target: string;
  due_date: string;
}
interface StakeholderRow {
  name: string;
  email: string;
  role: Role;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

const toRow = (o: OutcomeView): OutcomeRow => ({
  metric: o.metric,
  baseline: String(o.baseline),
  target: String(o.target),
  due_date: o.due_date,
});

/** The request body for the rows as typed; a number left unreadable is sent as text so the server names it. */
export function handoffBody(draft: {
  goals: string;
  risks: string;
  bought: string;
  plan: string;
  outcomes: OutcomeRow[];
  stakeholders: StakeholderRow[];
}) {
  const number = (text: string): number | string =>
    text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  return {
    goals: lines(draft.goals),
    risks: lines(draft.risks),
    bought: draft.bought.trim() || null,
    plan: draft.plan.trim() || null,
    outcomes: draft.outcomes
      .filter((o) => o.metric.trim() !== '')
      .map((o) => ({
        metric: o.metric.trim(),
        baseline: number(o.baseline),
        target: number(o.target),
        due_date: o.due_date,
      })),
    stakeholders: draft.stakeholders
      .filter((s) => s.name.trim() !== '')
      .map((s) => ({ name: s.name.trim(), email: s.email.trim() || null, role: s.role })),
  };
}

/** Rows edited in place, each with Remove, and a button that adds a blank one. */
function RowList<T extends object>({
  legend,
  rows,
  onChange,
  blank,
  addLabel,
  renderRow,
  rowAttributes,
}: {
  legend: string;
  rows: T[];
  onChange: (rows: T[]) => void;
  blank: T;
  addLabel: string;
  renderRow: (row: T, set: (patch: Partial<T>) => void) => ReactNode;
  rowAttributes?: (i: number) => Record<`data-${string}`, number>;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {rows.map((row, i) => (
        <div className="editor-row" key={i} {...rowAttributes?.(i)}>
          {renderRow(row, (patch) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r))))}
          <button
            type="button"
            className="button button-ghost"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="button button-ghost" onClick={() => onChange([...rows, blank])}>
        {addLabel}
      </button>
    </fieldset>
  );
}

export function HandoffEditor({
  id,
  handoff,
  onSaved,
  onCancel,
}: {
  id: string;
  handoff: HandoffView;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [goals, setGoals] = useState(handoff.goals.join('\n'));
  const [risks, setRisks] = useState(handoff.risks.join('\n'));
  const [bought, setBought] = useState(handoff.bought ?? '');
  const [plan, setPlan] = useState(handoff.plan ?? '');
  const [outcomes, setOutcomes] = useState<OutcomeRow[]>(handoff.outcomes.map(toRow));
  const [stakeholders, setStakeholders] = useState<StakeholderRow[]>(
    handoff.stakeholders.map((s) => ({ name: s.name, email: s.email ?? '', role: s.role })),
  );
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setError(null);
    setSaving(true);
    try {
      await request('PUT', `/api/v1/accounts/${encodeURIComponent(id)}/handoff`, {
        ...handoffBody({ goals, risks, bought, plan, outcomes, stakeholders }),
      });
      onSaved();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form
      className="handoff-editor"
      aria-label="Edit the handoff file"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label className="field-block">
        <span>Business goals (one per line)</span>
        <textarea aria-label="Goals" rows={3} value={goals} onChange={(e) => setGoals(e.target.value)} />
      </label>
      <RowList
        legend="Promised outcomes"
        rows={outcomes}
        onChange={setOutcomes}
        blank={{ metric: '', baseline: '0', target: '', due_date: '' }}
        addLabel="Add an outcome"
        rowAttributes={(i) => ({ 'data-outcome-row': i })}
        renderRow={(o, set) => (
          <>
            <input
              aria-label="Metric"
              placeholder="Metric, e.g. reports built per week"
              value={o.metric}
              onChange={(e) => set({ metric: e.target.value })}
            />
            <input
              aria-label="Baseline"
              placeholder="Baseline"
              inputMode="decimal"
              value={o.baseline}
              onChange={(e) => set({ baseline: e.target.value })}
            />
            <input
              aria-label="Target"
              placeholder="Target"
              inputMode="decimal"
              value={o.target}
              onChange={(e) => set({ target: e.target.value })}
            />
            <input
              aria-label="Due date"
              type="date"
              value={o.due_date}
              onChange={(e) => set({ due_date: e.target.value })}
            />
          </>
        )}
      />
      <RowList
        legend="Stakeholders"
        rows={stakeholders}
        onChange={setStakeholders}
        blank={{ name: '', email: '', role: 'champion' }}
        addLabel="Add a stakeholder"
        renderRow={(s, set) => (
          <>
            <input
              aria-label="Name"
              placeholder="Name"
              value={s.name}
              onChange={(e) => set({ name: e.target.value })}
            />
            <input
              aria-label="Email"
              placeholder="Email"
              type="email"
              value={s.email}
              onChange={(e) => set({ email: e.target.value })}
            />
            <select aria-label="Role" value={s.role} onChange={(e) => set({ role: e.target.value as Role })}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </>
        )}
      />
      <div className="editor-row">
        <label className="field-block">
          <span>What was bought</span>
          <input aria-label="What was bought" value={bought} onChange={(e) => setBought(e.target.value)} />
        </label>
        <label className="field-block">
          <span>Plan</span>
          <input aria-label="Plan sold" value={plan} onChange={(e) => setPlan(e.target.value)} />
        </label>
      </div>
      <label className="field-block">
        <span>Risks (one per line)</span>
        <textarea aria-label="Risks" rows={3} value={risks} onChange={(e) => setRisks(e.target.value)} />
      </label>
      <div className="task-actions">
        <button type="submit" className="button" disabled={saving}>
          Save the handoff file
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <FormError message={error} />
    </form>
  );
}
