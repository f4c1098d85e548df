// The task inbox: mine, my team's or everyone's; due today, overdue or this week; by account. Complete, snooze
// and comment on each task.
import { useState } from 'react';
import type { TaskListView, TaskWithCommentsView } from '../../../src/contract/workflow.ts';
import { Badge, Card, PageHeader, Segmented } from '../components/Card.tsx';
import { Link } from '../components/Link.tsx';
import { FormError, Loadable } from '../components/States.tsx';
import { request } from '../lib/api.ts';
import { formatDate } from '../lib/format.ts';
import { useReloadable } from '../lib/use-reloadable.ts';
import '../workflow.css';

type View = 'mine' | 'team' | 'all';
type Due = 'any' | 'overdue' | 'today' | 'week';
type Status = 'open' | 'snoozed' | 'done' | 'closed_auto' | 'cancelled' | 'any';

const STATUS_LABELS: Record<TaskWithCommentsView['status'], string> = {
  open: 'Open',
  snoozed: 'Snoozed',
  done: 'Done',
  closed_auto: 'Closed (recovered)',
  cancelled: 'Cancelled',
};

const weekFromToday = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

function TaskItem({ task, onChanged }: { task: TaskWithCommentsView; onChanged: () => void }) {
  const [comment, setComment] = useState('');
  const [until, setUntil] = useState(weekFromToday);
  const [error, setError] = useState<string | null>(null);
  const live = task.status === 'open' || task.status === 'snoozed';
  const act = async (path: string, body: unknown) => {
    setError(null);
    try {
      await request('POST', `/api/v1/tasks/${task.id}/${path}`, body);
      onChanged();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  return (
    <li className="task" data-task={task.id} data-status={task.status}>
      <div className="task-head">
        <strong>{task.title}</strong> <Badge kind={task.status}>{STATUS_LABELS[task.status]}</Badge>
        {task.overdue ? <Badge kind="churn">Overdue</Badge> : null}
      </div>
      <div className="muted">
        <Link href={`/accounts/${task.accountKey}`}>{task.accountName}</Link>
        {task.tier ? (
          <>
            {' '}
            <Badge kind="tier">{task.tierName ?? task.tier}</Badge>
          </>
        ) : null}{' '}
        · {task.assigneeName ?? task.assignee ?? 'unassigned'}
        {task.dueDate ? ` · due ${formatDate(task.dueDate)}` : ''}
        {task.snoozedUntil ? ` · snoozed until ${formatDate(task.snoozedUntil)}` : ''}
        {task.playbook ? ` · playbook ${task.playbook}` : ''}
      </div>
      {task.description ? <div className="pre-line">{task.description}</div> : null}
      {task.checklist.length ? (
        <ul className="checklist">
          {task.checklist.map((c, i) => (
            <li key={i}>
              <label>
                <input
                  type="checkbox"
                  checked={c.done}
                  disabled={!live}
                  onChange={(e) => void act('checklist', { item: i, done: e.target.checked })}
                />{' '}
                {c.item}
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      {task.comments.length ? (
        <ul className="comments">
          {task.comments.map((c) => (
            <li key={c.id}>
              <span className="muted">{c.author}:</span> {c.body}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="task-actions">
        {live ? (
          <>
            <button type="button" className="button" onClick={() => void act('status', { status: 'done' })}>
              Complete
            </button>
            <input type="date" aria-label="Snooze until" value={until} onChange={(e) => setUntil(e.target.value)} />
            <button
              type="button"
              className="button button-ghost"
              onClick={() => void act('status', { status: 'snoozed', until })}
            >
              Snooze
            </button>
          </>
        ) : (
          <button type="button" className="button button-ghost" onClick={() => void act('status', { status: 'open' })}>
            Reopen
          </button>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (comment.trim()) void act('comments', { body: comment }).then(() => setComment(''));
          }}
        >
          <input
            aria-label="Comment"
            placeholder="Comment"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
          <button type="submit" className="button button-ghost" disabled={!comment.trim()}>
            Comment
          </button>
        </form>
      </div>
      <FormError message={error} />
    </li>
  );
}

export function Tasks() {
  const [view, setView] = useState<View>('mine');
  const [due, setDue] = useState<Due>('any');
  const [status, setStatus] = useState<Status>('open');
  const [account, setAccount] = useState('');
  const params = new URLSearchParams({ view });
  if (due !== 'any') params.set('due', due);
  if (status !== 'any') params.set('status', status);
  if (account.trim()) params.set('account', account.trim());
  const tasks = useReloadable<TaskListView>(`/api/v1/tasks?${params.toString()}`);
  return (
    <>
      <PageHeader title="Tasks" subtitle="Work the playbooks give CSMs, and tasks written by hand" />
      <Card title="Inbox">
        <div className="toolbar">
          <Segmented<View>
            label="Whose tasks"
            value={view}
            onChange={setView}
            options={[
              { value: 'mine', label: 'Mine' },
              { value: 'team', label: "My team's" },
              { value: 'all', label: 'Everyone' },
            ]}
          />
          <Segmented<Due>
            label="Due"
            value={due}
            onChange={setDue}
            options={[
              { value: 'any', label: 'Any day' },
              { value: 'overdue', label: 'Overdue' },
              { value: 'today', label: 'Due today' },
              { value: 'week', label: 'This week' },
            ]}
          />
          <label className="field">
            <span>Status</span>
            <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
              <option value="any">Any</option>
              {Object.entries(STATUS_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Account ID</span>
            <input aria-label="Account ID" value={account} onChange={(e) => setAccount(e.target.value)} />
          </label>
        </div>
        <Loadable
          loaded={tasks}
          isEmpty={(d) => d.items.length === 0}
          empty={<div className="state state-empty">No task here.</div>}
        >
          {(data) => (
            <ol className="task-list" aria-label="Tasks">
              {data.items.map((t) => (
                <TaskItem key={t.id} task={t} onChanged={tasks.reload} />
              ))}
            </ol>
          )}
        </Loadable>
      </Card>
    </>
  );
}
