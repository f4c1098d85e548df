// The URL query is the dashboard's state: period (from, to, interval) and segment filters, so links are shareable.

export const FILTER_KEYS = ['industry', 'size_band', 'segment', 'icp_fit', 'plan', 'owner_csm'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const FILTER_LABELS: Record<FilterKey, string> = {
  industry: 'Industry',
  size_band: 'Size band',
  segment: 'Segment',
  icp_fit: 'ICP fit',
  plan: 'Plan',
  owner_csm: 'CSM',
};

export const INTERVALS = ['month', 'quarter', 'year', 't12m'] as const;
export type Interval = (typeof INTERVALS)[number];
export const INTERVAL_LABELS: Record<Interval, string> = {
  month: 'Monthly',
  quarter: 'Quarterly',
  year: 'Yearly',
  t12m: 'Trailing 12m',
};

/** Keys carried from page to page by the side navigation. */
export const SHARED_KEYS = ['from', 'to', 'interval', ...FILTER_KEYS] as const;

export function interval(query: URLSearchParams): Interval {
  const value = query.get('interval');
  return (INTERVALS as readonly string[]).includes(value ?? '') ? (value as Interval) : 'month';
}

/** A copy of `query` with `changes` applied; null or '' removes a key. */
export function withChanges(
  query: URLSearchParams,
  changes: Record<string, string | null | undefined>,
): URLSearchParams {
  const next = new URLSearchParams(query);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') next.delete(key);
    else next.set(key, value);
  }
  return next;
}

export function href(path: string, query: URLSearchParams): string {
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

/** Only the keys in `keys`, in that order, for an API call or a shared link. */
export function pick(query: URLSearchParams, keys: readonly string[]): URLSearchParams {
  const picked = new URLSearchParams();
  for (const key of keys) {
    const value = query.get(key);
    if (value !== null && value !== '') picked.set(key, value);
  }
  return picked;
}

export function activeFilters(query: URLSearchParams): [FilterKey, string][] {
  return FILTER_KEYS.flatMap((key) => {
    const value = query.get(key);
    return value ? [[key, value] as [FilterKey, string]] : [];
  });
}

/** An API path with the given query keys taken from the page's query, plus `extra`. */
export function apiPath(
  base: string,
  query: URLSearchParams,
  keys: readonly string[],
  extra: Record<string, string | number | null | undefined> = {},
): string {
  const params = pick(query, keys);
  for (const [key, value] of Object.entries(extra)) {
    if (value !== null && value !== undefined && value !== '') params.set(key, String(value));
  }
  return href(base, params);
}

/** 'YYYY-MM' shifted by `months`. */
export function addMonths(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = (y ?? 0) * 12 + (m ?? 1) - 1 + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
