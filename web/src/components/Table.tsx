// A data table with a CSV export of its rows, optional sortable headers and clickable rows.
import type { ReactNode } from 'react';
import { toCsv } from '../lib/csv.ts';
import { downloadCsv } from '../lib/download.ts';

export interface Column<Row> {
  key: string;
  header: string;
  /** The cell's content; defaults to csv(row). */
  render?: (row: Row) => ReactNode;
  /** The value exported to CSV (raw numbers, not formatted text). */
  csv: (row: Row) => string | number | boolean | null | undefined;
  align?: 'left' | 'right';
  sortable?: boolean;
  /** Exported to CSV but not shown (its value is shown inside another column). */
  csvOnly?: boolean;
}

export interface Sort {
  key: string;
  order: 'asc' | 'desc';
}

interface TableProps<Row> {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => string;
  /** The CSV file's name, without extension. */
  exportName: string;
  /** Rows for the CSV when they differ from the shown ones (e.g. every page); defaults to `rows`. */
  exportRows?: () => Promise<readonly Row[]> | readonly Row[];
  sort?: Sort;
  onSort?: (key: string) => void;
  onRowClick?: (row: Row) => void;
  rowHref?: (row: Row) => string;
  caption?: ReactNode;
  footer?: ReactNode;
  label: string;
}

export function CsvButton({ onExport }: { onExport: () => void }) {
  return (
    <button type="button" className="button button-ghost" onClick={onExport} data-testid="csv-export">
      <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
        <path d="M8 1v9m0 0L4.5 6.5M8 10l3.5-3.5M2 12v2h12v-2" fill="none" stroke="currentColor" strokeWidth="1.6" />
      </svg>
      Export CSV
    </button>
  );
}

export function Table<Row>(props: TableProps<Row>) {
  const { rows, rowKey, sort, onSort, onRowClick, rowHref } = props;
  const columns = props.columns.filter((c) => !c.csvOnly);
  const exportCsv = async () => {
    const all = props.exportRows ? await props.exportRows() : rows;
    downloadCsv(
      props.exportName,
      toCsv(
        props.columns.map((c) => ({ header: c.header, value: c.csv })),
        all,
      ),
    );
  };
  return (
    <div className="table-card" data-table={props.label}>
      <div className="table-toolbar">
        <div className="table-caption">{props.caption}</div>
        <CsvButton onExport={() => void exportCsv()} />
      </div>
      <div className="table-scroll">
        <table className="table" aria-label={props.label}>
          <thead>
            <tr>
              {columns.map((c) => {
                const sorted = sort?.key === c.key ? sort.order : null;
                return (
                  <th
                    key={c.key}
                    className={c.align === 'right' ? 'num' : undefined}
                    aria-sort={sorted ? (sorted === 'asc' ? 'ascending' : 'descending') : undefined}
                  >
                    {c.sortable && onSort ? (
                      <button type="button" className="th-sort" onClick={() => onSort(c.key)}>
                        {c.header}
                        <span className="sort-mark">{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}</span>
                      </button>
                    ) : (
                      c.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr
                key={rowKey(row, index)}
                className={onRowClick ? 'clickable' : undefined}
                onClick={onRowClick ? () => onRowClick(row) : undefined}
                data-href={rowHref?.(row)}
              >
                {columns.map((c) => (
                  <td key={c.key} className={c.align === 'right' ? 'num' : undefined}>
                    {c.render ? c.render(row) : String(c.csv(row) ?? '—')}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.footer}
    </div>
  );
}

export function Pagination({
  total,
  limit,
  offset,
  onChange,
}: {
  total: number;
  limit: number;
  offset: number;
  onChange: (offset: number) => void;
}) {
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <div className="pagination">
      <span className="muted">
        {total === 0
          ? 'No rows'
          : `${offset + 1}–${Math.min(offset + limit, total)} of ${total.toLocaleString('en-US')}`}
      </span>
      <div className="pagination-buttons">
        <button type="button" className="button" disabled={page <= 1} onClick={() => onChange(offset - limit)}>
          Previous
        </button>
        <span className="muted">
          Page {page} of {pages}
        </span>
        <button type="button" className="button" disabled={page >= pages} onClick={() => onChange(offset + limit)}>
          Next
        </button>
      </div>
    </div>
  );
}
