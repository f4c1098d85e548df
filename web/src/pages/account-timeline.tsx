// The movement timeline of one customer, newest first; a month named in the URL is highlighted and scrolled to.
import { useEffect, useRef } from 'react';
import { KIND_COLORS, KIND_LABELS } from '../charts/theme.ts';
import { Badge } from '../components/Card.tsx';
import { CsvButton } from '../components/Table.tsx';
import { toCsv } from '../lib/csv.ts';
import { downloadCsv } from '../lib/download.ts';
import { formatMoney, formatMonth, formatSignedMoney, toMajor } from '../lib/format.ts';
import type { AccountFile, ExplainedMovement, SourceRecord } from '../../../src/contract/accounts.ts';

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
