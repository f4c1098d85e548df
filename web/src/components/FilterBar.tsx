// The period picker and segment filters; every change goes to the URL query, which the pages read.
import { useMeta } from '../lib/meta.ts';
import { navigate, useLocation } from '../lib/router.ts';
import {
  activeFilters,
  FILTER_KEYS,
  FILTER_LABELS,
  href,
  interval,
  INTERVAL_LABELS,
  INTERVALS,
  withChanges,
} from '../lib/query.ts';

export function FilterBar({ period = true }: { period?: boolean }) {
  const meta = useMeta();
  const { path, query } = useLocation();
  const set = (changes: Record<string, string | null>) => {
    // Filtering changes what a page lists: start its pagination over.
    navigate(href(path, withChanges(query, { ...changes, offset: null })), { replace: false });
  };
  const filters = activeFilters(query);
  return (
    <div className="filter-bar" data-testid="filter-bar">
      {period ? (
        <div className="filter-group">
          <label className="field">
            <span>From</span>
            <input
              type="month"
              name="from"
              value={query.get('from') ?? ''}
              min={meta.firstMonth ?? undefined}
              max={meta.lastMonth ?? undefined}
              onChange={(e) => set({ from: e.target.value })}
            />
          </label>
          <label className="field">
            <span>To</span>
            <input
              type="month"
              name="to"
              value={query.get('to') ?? ''}
              min={meta.firstMonth ?? undefined}
              max={meta.lastMonth ?? undefined}
              onChange={(e) => set({ to: e.target.value })}
            />
          </label>
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
        </div>
      ) : null}
      <div className="filter-group">
        {FILTER_KEYS.map((key) => {
          const values = meta.dimensions[key] ?? [];
          return (
            <label className="field" key={key}>
              <span>{FILTER_LABELS[key]}</span>
              <select name={key} value={query.get(key) ?? ''} onChange={(e) => set({ [key]: e.target.value })}>
                <option value="">All</option>
                {values.map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            </label>
          );
        })}
        {filters.length > 0 || query.get('from') || query.get('to') ? (
          <button
            type="button"
            className="button button-ghost"
            onClick={() => set(Object.fromEntries([...FILTER_KEYS, 'from', 'to'].map((k) => [k, null])))}
          >
            Clear
          </button>
        ) : null}
      </div>
    </div>
  );
}
