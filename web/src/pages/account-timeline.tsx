// The movement timeline of one customer, newest first; a month named in the URL is highlighted and scrolled to.
// AccountStream: the account's whole timeline (notes, tasks, revenue, surveys, renewals, usage) with a note form.
import { useEffect, useRef, useState } from 'react';
import { KIND_COLORS, KIND_LABELS } from '../charts/theme.ts';
import { Badge, Card } from '../components/Card.tsx';
import { CsvButton } from '../components/Table.tsx';
import { toCsv } from '../lib/csv.ts';
import { downloadCsv } from '../lib/download.ts';
import { formatDate, formatMoney, formatMonth, formatSignedMoney, toMajor } from '../lib/format.ts';
import { request } from '../lib/api.ts';
import { Markdown } from '../lib/markdown.tsx';
import { useSession } from '../lib/meta.ts';
import { useReloadable } from '../lib/use-reloadable.ts';
import '../workflow.css';
import type { TimelineEntryView, TimelineView } from '../../../src/contract/timeline.ts';
import type { AccountFile, ExplainedMovement, SourceRecord } from '../../../src/contract/accounts.ts';
import { FormError } from '../components/States.tsx';

function Records({ title, records }: { title: string; records: SourceRecord[] }) {
  if (records.length === 0) return null;
  return (
    <>
      <h4>{title}</h4>
      <ul>
        {records.map((r) => (
          <li key={r.ref} data-record={r.ref}>
            {r.description} <code>{r.ref}</code>
          </li>
        ))}
      </ul>
    </>
  );
}

function exportMovements(file: AccountFile) {
  const rows = file.movements;
  const csv = toCsv<ExplainedMovement>(
    [
      { header: 'month', value: (m) => m.month },
      { header: 'kind', value: (m) => m.kind },
      { header: 'amount', value: (m) => toMajor(m.amountMinor, file.currency) },
      { header: 'mrr_before', value: (m) => toMajor(m.mrrBeforeMinor, file.currency) },
      { header: 'mrr_after', value: (m) => toMajor(m.mrrAfterMinor, file.currency) },
      { header: 'plan', value: (m) => m.plan },
      { header: 'records_before', value: (m) => m.before.map((r) => r.ref).join(' ') },
      { header: 'records_after', value: (m) => m.after.map((r) => r.ref).join(' ') },
    ],
    rows,
  );
  downloadCsv(`tenure-account-${file.account.external_id}-movements`, csv);
}

export function Timeline({ file, highlight }: { file: AccountFile; highlight: string | null }) {
  const marked = useRef<HTMLLIElement>(null);
  useEffect(() => {
    marked.current?.scrollIntoView({ block: 'center' });
  }, [highlight]);
  const movements = [...file.movements].reverse();
  if (movements.length === 0) return <div className="state state-empty">No movements: this account never paid.</div>;
  let first = true;
  return (
    <>
      <div className="timeline-tools">
        <CsvButton onExport={() => exportMovements(file)} />
      </div>
      <ol className="timeline" aria-label="Movement timeline">
        {movements.map((m, i) => {
          const isMarked = highlight === m.month;
          const ref = isMarked && first ? marked : undefined;
          if (isMarked) first = false;
          return (
            <li
              key={`${m.month}-${m.kind}-${i}`}
              ref={ref}
              className={`timeline-item ${isMarked ? 'marked' : ''}`}
              data-month={m.month}
            >
              <span className="timeline-dot" style={{ background: KIND_COLORS[m.kind] }} />
              <div className="timeline-head">
                <strong>{formatMonth(m.month)}</strong>
                <Badge kind={m.kind}>{KIND_LABELS[m.kind]}</Badge>
                <span className={`timeline-amount ${m.amountMinor < 0 ? 'tone-bad' : 'tone-good'}`}>
                  {formatSignedMoney(m.amountMinor, file.currency)}
                </span>
                <span className="muted">
                  {formatMoney(m.mrrBeforeMinor, file.currency)} → {formatMoney(m.mrrAfterMinor, file.currency)}
                  {m.plan ? ` · ${m.plan}` : ''}
                </span>
              </div>
              {m.before.length + m.after.length > 0 ? (
                <div className="records">
                  <Records title="Billing records before" records={m.before} />
                  <Records title="Billing records after" records={m.after} />
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
    </>
  );
}

const STREAM_KINDS: { kind: TimelineEntryView['kind']; label: string }[] = [
  { kind: 'note', label: 'Notes' },
  { kind: 'task', label: 'Tasks' },
  { kind: 'movement', label: 'Revenue' },
  { kind: 'survey', label: 'Surveys' },
  { kind: 'renewal', label: 'Renewals' },
  { kind: 'usage', label: 'Usage' },
];

/** The account's whole story in one stream (notes, tasks, revenue, surveys, renewals, usage), filterable by kind. */
export function AccountStream({ id }: { id: string }) {
  const session = useSession();
  const [kinds, setKinds] = useState<TimelineEntryView['kind'][]>(STREAM_KINDS.map((k) => k.kind));
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const stream = useReloadable<TimelineView>(
    `/api/v1/accounts/${encodeURIComponent(id)}/timeline?kinds=${kinds.join(',') || 'note'}`,
  );
  const toggle = (kind: TimelineEntryView['kind']) =>
    setKinds((current) => (current.includes(kind) ? current.filter((k) => k !== kind) : [...current, kind]));
  const save = async () => {
    setError(null);
    try {
      await request('POST', `/api/v1/accounts/${encodeURIComponent(id)}/notes`, { body: draft });
      setDraft('');
      stream.reload();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  return (
    <Card
      title="Account timeline"
      subtitle="Notes, tasks, revenue, survey answers, renewals and weekly usage, newest first"
    >
      <div className="timeline-tools chip-legend" role="group" aria-label="Show in the timeline">
        {STREAM_KINDS.map((k) => (
          <label key={k.kind} className="chip">
            <input type="checkbox" checked={kinds.includes(k.kind)} onChange={() => toggle(k.kind)} /> {k.label}
          </label>
        ))}
      </div>
      {session.user.role !== 'viewer' ? (
        <form
          className="note-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (draft.trim()) void save();
          }}
        >
          <textarea
            aria-label="New note (Markdown)"
            placeholder="Write a note (Markdown: **bold**, *italic*, - lists, [links](https://…))"
            value={draft}
            rows={3}
            onChange={(e) => setDraft(e.target.value)}
          />
          <button type="submit" className="button" disabled={!draft.trim()}>
            Add note
          </button>
          <FormError message={error} />
        </form>
      ) : null}
      {stream.data && stream.data.entries.length === 0 ? (
        <div className="state state-empty">Nothing in the timeline for these kinds yet.</div>
      ) : null}
      <ol className="timeline" aria-label="Account timeline">
        {(stream.data?.entries ?? []).map((e) => (
          <li key={e.id} className="timeline-item" data-kind={e.kind}>
            <span className="timeline-dot" />
            <div className="timeline-head">
              <strong>{formatDate(e.at.slice(0, 10))}</strong>
              <Badge kind={e.kind}>{STREAM_KINDS.find((k) => k.kind === e.kind)?.label ?? e.kind}</Badge>
              <span>{e.title}</span>
            </div>
            {e.markdown !== null ? <Markdown text={e.markdown} /> : null}
            {e.detail ? <div className="muted pre-line">{e.detail}</div> : null}
          </li>
        ))}
      </ol>
    </Card>
  );
}
