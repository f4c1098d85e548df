// The top of the account page: the handoff file (what sales promised and to whom: goals, measurable outcomes,
// stakeholders, what was bought, risks), editable in place, and the success plan's milestones, on time or late,
// each completed by hand or by its usage signal.
import { useState } from 'react';
import type { HandoffView, SuccessPlanOrNoneView, SuccessPlanView } from '../../../src/contract/handoff.ts';
import { Badge, Card } from '../components/Card.tsx';
import { FormError, Loadable } from '../components/States.tsx';
import { request } from '../lib/api.ts';
import { formatDate } from '../lib/format.ts';
import { useSession } from '../lib/meta.ts';
import { useReloadable } from '../lib/use-reloadable.ts';
import { HandoffEditor } from './handoff-editor.tsx';
import '../workflow.css';

export const MILESTONE_LABELS: Record<SuccessPlanView['milestones'][number]['status'], string> = {
  done_on_time: 'Done on time',
  done_late: 'Done late',
  late: 'Late',
  due: 'Due',
};
const MILESTONE_BADGES: Record<keyof typeof MILESTONE_LABELS, string> = {
  done_on_time: 'active',
  done_late: 'contraction',
  late: 'churn',
  due: 'new',
};
export const milestoneBadge = (status: keyof typeof MILESTONE_LABELS) => (
  <Badge kind={MILESTONE_BADGES[status]}>{MILESTONE_LABELS[status]}</Badge>
);

const isEmpty = (h: HandoffView) =>
  h.goals.length + h.outcomes.length + h.stakeholders.length + h.risks.length === 0 && !h.bought && !h.plan;

function HandoffFile({ handoff }: { handoff: HandoffView }) {
  if (isEmpty(handoff))
    return <p className="muted">No handoff file yet: what sales promised, to whom, and the risks they saw.</p>;
  return (
    <div className="handoff" data-testid="handoff-file">
      <div>
        <h3 className="profile-heading">Goals</h3>
        {handoff.goals.length ? (
          <ul>
            {handoff.goals.map((g, i) => (
              <li key={i}>{g}</li>
            ))}
          </ul>
        ) : (
          <p className="muted">None written.</p>
        )}
        <h3 className="profile-heading">Bought</h3>
        <p>
          {handoff.bought ?? '—'}
          {handoff.plan ? <span className="muted"> · plan {handoff.plan}</span> : null}
        </p>
        <h3 className="profile-heading">Risks</h3>
        {handoff.risks.length ? (
          <ul>
            {handoff.risks.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        ) : (
          <p className="muted">None written.</p>
        )}
      </div>
      <div>
        <h3 className="profile-heading">Promised outcomes</h3>
        {handoff.outcomes.length ? (
          <table className="table" aria-label="Promised outcomes">
            <thead>
              <tr>
                <th>Metric</th>
                <th className="align-right">Baseline</th>
                <th className="align-right">Target</th>
                <th>By</th>
              </tr>
            </thead>
            <tbody>
              {handoff.outcomes.map((o, i) => (
                <tr key={i}>
                  <td>{o.metric}</td>
                  <td className="align-right">{o.baseline.toLocaleString('en-US')}</td>
                  <td className="align-right">{o.target.toLocaleString('en-US')}</td>
                  <td>{formatDate(o.due_date)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">No outcome promised.</p>
        )}
        <h3 className="profile-heading">Stakeholders</h3>
        {handoff.stakeholders.length ? (
          <ul className="stakeholders" aria-label="Stakeholders">
            {handoff.stakeholders.map((s, i) => (
              <li key={i}>
                <Badge kind={`role-${s.role}`}>{s.role}</Badge> {s.name}
                {s.email ? (
                  <>
                    {' '}
                    <a href={`mailto:${s.email}`}>{s.email}</a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No stakeholder named.</p>
        )}
      </div>
    </div>
  );
}

function Plan({
  id,
  plan,
  canWrite,
  onChanged,
}: {
  id: string;
  plan: SuccessPlanView;
  canWrite: boolean;
  onChanged: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const setDone = async (key: string, done: boolean) => {
    setError(null);
    try {
      await request(
        'PUT',
        `/api/v1/accounts/${encodeURIComponent(id)}/success-plan/milestones/${encodeURIComponent(key)}`,
        {
          done,
        },
      );
      onChanged();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  return (
    <>
      <progress className="plan-progress" max={plan.total} value={plan.done} aria-label="Milestones done" />
      <table className="table" aria-label="Milestones">
        <thead>
          <tr>
            <th>Milestone</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {plan.milestones.map((m) => (
            <tr key={m.key} data-milestone={m.key} data-status={m.status}>
              <td>
                {m.title}
                <div className="muted small">
                  day {m.dueDay} · due {formatDate(m.dueOn)}
                </div>
              </td>
              <td>
                {milestoneBadge(m.status)}
                <div className="muted small">
                  {m.completedOn
                    ? `${formatDate(m.completedOn)} ${m.completedBy === 'signal' ? 'from usage' : 'by hand'}`
                    : m.signal
                      ? 'completes from usage, or by hand'
                      : 'completed by hand'}
                </div>
              </td>
              <td>
                {canWrite ? (
                  <button
                    type="button"
                    className="button button-ghost"
                    onClick={() => void setDone(m.key, m.completedOn === null)}
                  >
                    {m.completedOn === null ? 'Complete' : 'Reopen'}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FormError message={error} />
    </>
  );
}

function SuccessPlanCard({ id, canWrite }: { id: string; canWrite: boolean }) {
  const loaded = useReloadable<SuccessPlanOrNoneView>(`/api/v1/accounts/${encodeURIComponent(id)}/success-plan`);
  const [error, setError] = useState<string | null>(null);
  const make = async () => {
    setError(null);
    try {
      await request('POST', `/api/v1/accounts/${encodeURIComponent(id)}/success-plan`, {});
      loaded.reload();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  const plan = loaded.data?.plan;
  return (
    <Card
      title="Success plan"
      subtitle={
        plan
          ? `${plan.done} of ${plan.total} milestones done · from ${formatDate(plan.startOn)} · template ${plan.template}`
          : 'Milestones at day 30 and day 90, completed by hand or by usage'
      }
    >
      <Loadable loaded={loaded}>
        {(data) =>
          data.plan ? (
            <Plan id={id} plan={data.plan} canWrite={canWrite} onChanged={loaded.reload} />
          ) : (
            <div data-testid="no-plan">
              <p className="muted">No success plan yet (one is made for every account with a handoff file).</p>
              {canWrite ? (
                <button type="button" className="button" onClick={() => void make()}>
                  Make a success plan
                </button>
              ) : null}
            </div>
          )
        }
      </Loadable>
      <FormError message={error} />
    </Card>
  );
}

export function AccountHandoffSection({ id }: { id: string }) {
  const session = useSession();
  const canWrite = session.user.role !== 'viewer';
  const loaded = useReloadable<HandoffView>(`/api/v1/accounts/${encodeURIComponent(id)}/handoff`);
  const [editing, setEditing] = useState(false);
  const updated = loaded.data?.updatedAt;
  return (
    <div className="grid grid-account-2" data-testid="account-handoff">
      <Card
        title="Handoff file"
        subtitle={
          updated
            ? `Updated ${formatDate(updated.slice(0, 10))} by ${loaded.data?.updatedBy ?? '—'}`
            : 'From sales to CS'
        }
        actions={
          canWrite && !editing && loaded.data ? (
            <button type="button" className="button button-ghost" onClick={() => setEditing(true)}>
              Edit
            </button>
          ) : null
        }
      >
        <Loadable loaded={loaded}>
          {(handoff) =>
            editing ? (
              <HandoffEditor
                id={id}
                handoff={handoff}
                onCancel={() => setEditing(false)}
                onSaved={() => {
                  setEditing(false);
                  loaded.reload();
                }}
              />
            ) : (
              <HandoffFile handoff={handoff} />
            )
          }
        </Loadable>
      </Card>
      <SuccessPlanCard id={id} canWrite={canWrite} />
    </div>
  );
}
