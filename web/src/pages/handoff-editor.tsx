// The handoff file's editor: goals and risks one per line, promised outcomes and stakeholders as rows. Saving sends
// the whole file (PUT replaces it); the server checks every field and names the one it refuses.
import { useState } from 'react';
import type { HandoffView, OutcomeView } from '../../../src/contract/handoff.ts';
import { request } from '../lib/api.ts';

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
  const setOutcome = (i: number, patch: Partial<OutcomeRow>) =>
    setOutcomes(outcomes.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  const setStakeholder = (i: number, patch: Partial<StakeholderRow>) =>
    setStakeholders(stakeholders.map((s, j) => (j === i ? { ...s, ...patch } : s)));
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
      <fieldset>
        <legend>Promised outcomes</legend>
        {outcomes.map((o, i) => (
          <div className="editor-row" key={i} data-outcome-row={i}>
            <input
              aria-label="Metric"
              placeholder="Metric, e.g. reports built per week"
              value={o.metric}
              onChange={(e) => setOutcome(i, { metric: e.target.value })}
            />
            <input
              aria-label="Baseline"
              placeholder="Baseline"
              inputMode="decimal"
              value={o.baseline}
              onChange={(e) => setOutcome(i, { baseline: e.target.value })}
            />
            <input
              aria-label="Target"
              placeholder="Target"
              inputMode="decimal"
              value={o.target}
              onChange={(e) => setOutcome(i, { target: e.target.value })}
            />
            <input
              aria-label="Due date"
              type="date"
              value={o.due_date}
              onChange={(e) => setOutcome(i, { due_date: e.target.value })}
            />
            <button
              type="button"
              className="button button-ghost"
              onClick={() => setOutcomes(outcomes.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button-ghost"
          onClick={() => setOutcomes([...outcomes, { metric: '', baseline: '0', target: '', due_date: '' }])}
        >
          Add an outcome
        </button>
      </fieldset>
      <fieldset>
        <legend>Stakeholders</legend>
        {stakeholders.map((s, i) => (
          <div className="editor-row" key={i}>
            <input
              aria-label="Name"
              placeholder="Name"
              value={s.name}
              onChange={(e) => setStakeholder(i, { name: e.target.value })}
            />
            <input
              aria-label="Email"
              placeholder="Email"
              type="email"
              value={s.email}
              onChange={(e) => setStakeholder(i, { email: e.target.value })}
            />
            <select
              aria-label="Role"
              value={s.role}
              onChange={(e) => setStakeholder(i, { role: e.target.value as Role })}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button-ghost"
              onClick={() => setStakeholders(stakeholders.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button-ghost"
          onClick={() => setStakeholders([...stakeholders, { name: '', email: '', role: 'champion' }])}
        >
          Add a stakeholder
        </button>
      </fieldset>
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
      {error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : null}
    </form>
  );
}
