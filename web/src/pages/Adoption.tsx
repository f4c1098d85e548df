// Adoption: how much of what they bought customers use, and what that means for retention (overview tab),
// and the feature catalog with the events awaiting review (features tab).
import { PageHeader, Segmented } from '../components/Card.tsx';
import { FilterBar } from '../components/FilterBar.tsx';
import { Loadable } from '../components/States.tsx';
import { adoptionAsOf, windowDays, WINDOWS, type AdoptionOverview, type AdoptionRetention } from '../lib/adoption.ts';
import { countOf, formatDate } from '../lib/format.ts';
import { useMeta } from '../lib/meta.ts';
import { apiPath, FILTER_KEYS, href, type FilterKey, withChanges } from '../lib/query.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { useApi } from '../lib/use-api.ts';
import { FeaturesView } from './adoption-features.tsx';
import { OverviewView } from './adoption-overview.tsx';

type Tab = 'overview' | 'features';

function dimensionOf(query: URLSearchParams): FilterKey {
  const by = query.get('by');
  return (FILTER_KEYS as readonly string[]).includes(by ?? '') ? (by as FilterKey) : 'industry';
}

function WindowPicker() {
  const { path, query } = useLocation();
  return (
    <label className="field">
      <span>Window</span>
      <select
        name="window"
        value={String(windowDays(query) ?? '')}
        onChange={(e) => navigate(href(path, withChanges(query, { window: e.target.value })))}
      >
        <option value="">Default</option>
        {WINDOWS.map((w) => (
          <option key={w} value={w}>
            {w} days
          </option>
        ))}
      </select>
    </label>
  );
}

/** No usage at all in the window: nothing to rate accounts on, so say how to send it instead of calling them low. */
export function hasNoUsage(data: AdoptionOverview): boolean {
  return data.summary.activeUsers === 0 && data.features.every((f) => f.events === 0);
}

function ConnectUsage({ data }: { data: AdoptionOverview }) {
  const origin = window.location.origin;
  return (
    <div className="card" data-testid="no-usage">
      <div className="state state-empty connect-usage">
        <strong>No product usage yet</strong>
        <span>
          Tenure has no product usage for the {data.summary.accounts.toLocaleString('en-US')} paying accounts in the{' '}
          {countOf(data.windowDays, 'day')} to {formatDate(data.asOf)}, so it does not rate their adoption. Send your
          app&apos;s usage the way you would send it to Segment:
        </span>
        <ol>
          <li>
            Create an ingest key: <code>npx tenure apikey create --scope ingest --name &quot;product app&quot;</code>
          </li>
          <li>
            Use it as the Segment write key with the host <code>{origin}</code>, and name each user&apos;s account with
            a <code>group</code> call whose <code>groupId</code> is the account&apos;s id.
          </li>
          <li>
            Or load past events from a file: <code>npx tenure import events events.ndjson</code>
          </li>
        </ol>
        <span>
          Details: the README, section <em>Ingesting product usage</em>, and the{' '}
          <a href="/api/docs#/ingest" target="_blank" rel="noreferrer">
            ingestion endpoints in the API docs
          </a>
          .
        </span>
      </div>
    </div>
  );
}

function Overview() {
  const meta = useMeta();
  const { query } = useLocation();
  const dimension = dimensionOf(query);
  const extra = { asOf: adoptionAsOf(query, meta), windowDays: windowDays(query) };
  const overview = useApi<AdoptionOverview>(
    apiPath('/api/v1/adoption/overview', query, FILTER_KEYS, { ...extra, by: dimension }),
  );
  const retention = useApi<AdoptionRetention>(apiPath('/api/v1/adoption/retention', query, FILTER_KEYS, extra));
  return (
    <>
      <FilterBar period={false} asOf>
        <WindowPicker />
      </FilterBar>
      <Loadable
        loaded={overview}
        height={400}
        isEmpty={(d) => d.summary.accounts === 0}
        empty={
          <div className="card">
            <div className="state state-empty">
              <strong>No paying account to measure</strong>
              <span>No account matching these filters was paying on {formatDate(extra.asOf)}.</span>
            </div>
          </div>
        }
      >
        {(data) =>
          hasNoUsage(data) ? (
            <ConnectUsage data={data} />
          ) : (
            <OverviewView data={data} retention={retention} currency={meta.reportingCurrency} dimension={dimension} />
          )
        }
      </Loadable>
    </>
  );
}

export function Adoption() {
  const meta = useMeta();
  const { path, query } = useLocation();
  const tab: Tab = query.get('tab') === 'features' ? 'features' : 'overview';
  return (
    <>
      <PageHeader
        title="Adoption"
        subtitle={
          tab === 'overview'
            ? `How much of what they bought customers use · measured on ${formatDate(adoptionAsOf(query, meta))}`
            : 'The features adoption is measured on, and the events no feature matches yet'
        }
        actions={
          <Segmented
            label="View"
            value={tab}
            onChange={(next) => navigate(href(path, withChanges(query, { tab: next === 'overview' ? null : next })))}
            options={[
              { value: 'overview', label: 'Overview' },
              { value: 'features', label: 'Features' },
            ]}
          />
        }
      />
      {tab === 'overview' ? <Overview /> : <FeaturesView />}
    </>
  );
}
