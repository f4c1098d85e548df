// The period picker and segment filters; every change goes to the URL query, which the pages read.
import type { ReactNode } from 'react';
import { formatMonth } from '../lib/format.ts';
import { useMeta } from '../lib/meta.ts';
import { navigate, useLocation } from '../lib/router.ts';
import {
  activeFilters,
  addMonths,
  FILTER_KEYS,
  FILTER_LABELS,
  href,
  interval,
  INTERVAL_LABELS,
  INTERVALS,
  withChanges,
} from '../lib/query.ts';

function monthsBetween(first: string | null, last: string | null): string[] {
  if (!first || !last) return [];
  const months: string[] = [];
  for (let m = last; m >= first; m = addMonths(m, -1)) months.push(m);
  return months;
}

function MonthSelect({
  name,
  label,
  value,
  months,
  onChange,
}: {
  name: string;
  label: string;
  value: string;
  months: string[];
  onChange: (value: string) => void;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{name === 'from' ? 'Earliest' : 'Latest'}</option>
        {value && !months.includes(value) ? <option value={value}>{formatMonth(value)}</option> : null}
        {months.map((m) => (
          <option key={m} value={m}>
            {formatMonth(m)}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * `period` shows from/to; `intervals` also the interval picker (pages that list movements have no intervals);
 * `asOf` only the `to` month, read as the day figures are measured on (the end of that month).
 */
export function FilterBar({
  period = true,
  intervals = period,
  asOf = false,
  children,
}: {
  period?: boolean;
  intervals?: boolean;
  asOf?: boolean;
  /** A page's own pickers, shown after the period. */
  children?: ReactNode;
}) {
  const meta = useMeta();
  const { path, query } = useLocation();
  const set = (changes: Record<string, string | null>) => {
    // Filtering changes what a page lists: start its pagination over.
    navigate(href(path, withChanges(query, { ...changes, offset: null })));
  };
  const months = monthsBetween(meta.firstMonth, meta.lastMonth);
  const changed =
    activeFilters(query).length > 0 || (period && query.get('from')) || ((period || asOf) && query.get('to'));
  return (
    <div className="filter-bar" data-testid="filter-bar">
      {period ? (
        <>
          <MonthSelect
            name="from"
            label="From"
            value={query.get('from') ?? ''}
            months={months}
            onChange={(from) => set({ from })}
          />
          <MonthSelect
            name="to"
            label="To"
            value={query.get('to') ?? ''}
            months={months}
            onChange={(to) => set({ to })}
          />
        </>
      ) : null}
      {asOf && !period ? (
        <MonthSelect
          name="to"
          label="As of month end"
          value={query.get('to') ?? ''}
          months={months}
          onChange={(to) => set({ to })}
        />
      ) : null}
      {intervals ? (
        <label className="field">
          <span>Interval</span>
          <select name="interval" value={interval(query)} onChange={(e) => set({ interval: e.target.value })}>
            {INTERVALS.map((i) => (
              <option key={i} value={i}>
                {INTERVAL_LABELS[i]}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {children}
      {period || intervals || asOf || children ? <span className="filter-divider" aria-hidden="true" /> : null}
      {FILTER_KEYS.map((key) => (
        <label className="field" key={key}>
          <span>{FILTER_LABELS[key]}</span>
          <select name={key} value={query.get(key) ?? ''} onChange={(e) => set({ [key]: e.target.value })}>
            <option value="">All</option>
            {query.get(key) && !(meta.dimensions[key] ?? []).includes(query.get(key) ?? '') ? (
              <option value={query.get(key) ?? ''}>{query.get(key)}</option>
            ) : null}
            {(meta.dimensions[key] ?? []).map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
      ))}
      {changed ? (
        <button
          type="button"
          className="button button-ghost"
          onClick={() => set(Object.fromEntries([...FILTER_KEYS, 'from', 'to'].map((k) => [k, null])))}
        >
          Clear
        </button>
      ) : null}
    </div>
  );
}

/** A picker of one CSM (the owners the data holds), or everyone: a page's own filter beside its other pickers. */
export function OwnerFilter({ value, onChange }: { value: string; onChange: (owner: string) => void }) {
  const owners = (useMeta().dimensions.owner_csm ?? []).filter((o) => o !== '(none)');
  return (
    <label className="field">
      <span>Owner</span>
      <select aria-label="Owner" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Everyone</option>
        {owners.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}
