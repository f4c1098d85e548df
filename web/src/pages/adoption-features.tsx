// The Features tab: the feature catalog, and the events seen in usage that no catalog feature matches.
import { plansText } from '../charts/adoption.ts';
import { Card } from '../components/Card.tsx';
import { Empty, Loadable } from '../components/States.tsx';
import { Table, type Column } from '../components/Table.tsx';
import type { CatalogFeature, ReviewedEvent } from '../lib/adoption.ts';
import { countOf, formatCount, formatDate } from '../lib/format.ts';
import { useApi } from '../lib/use-api.ts';

const properties = (f: CatalogFeature) =>
  Object.entries(f.propertyFilter)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('; ');

const catalogColumns: Column<CatalogFeature>[] = [
  { key: 'module', header: 'Module', csv: (f) => f.module },
  {
    key: 'name',
    header: 'Feature',
    csv: (f) => f.name,
    render: (f) => (
      <>
        {f.name}
        <span className="cell-sub">{f.key}</span>
      </>
    ),
  },
  { key: 'key', header: 'Key', csvOnly: true, csv: (f) => f.key },
  { key: 'event', header: 'Event', csv: (f) => f.event, render: (f) => <code>{f.event}</code> },
  { key: 'properties', header: 'Properties', csv: properties, render: (f) => properties(f) || '—' },
  { key: 'plans', header: 'Included in', csv: (f) => f.plans.join(';'), render: (f) => plansText(f.plans) },
  {
    key: 'milestone',
    header: 'Onboarding milestone',
    csv: (f) => f.milestoneDays,
    render: (f) => (f.milestoneDays ? `within ${countOf(f.milestoneDays, 'day')}` : '—'),
  },
];

const reviewColumns: Column<ReviewedEvent>[] = [
  { key: 'event', header: 'Event', csv: (e) => e.event, render: (e) => <code>{e.event}</code> },
  {
    key: 'events',
    header: 'Events',
    align: 'right',
    csv: (e) => e.events,
    render: (e) => formatCount(e.events),
  },
  {
    key: 'accounts',
    header: 'Accounts',
    align: 'right',
    csv: (e) => e.accounts,
    render: (e) => formatCount(e.accounts),
  },
  { key: 'users', header: 'Users', align: 'right', csv: (e) => e.users, render: (e) => formatCount(e.users) },
  { key: 'lastSeen', header: 'Last seen', csv: (e) => e.lastSeen, render: (e) => formatDate(e.lastSeen) },
];

export function FeaturesView() {
  const catalog = useApi<{ items: CatalogFeature[] }>('/api/v1/features');
  const review = useApi<{ items: ReviewedEvent[] }>('/api/v1/features/review');
  return (
    <>
      <Card
        title="Seen in events, not in the catalog"
        subtitle="Event names no feature matches, most used first: add the ones that matter to the catalog"
      >
        <Loadable
          loaded={review}
          isEmpty={(d) => d.items.length === 0}
          empty={
            <Empty title="Nothing to review">Every event name seen in usage matches a feature of the catalog.</Empty>
          }
        >
          {(data) => (
            <Table
              label="Events to review"
              columns={reviewColumns}
              rows={data.items}
              rowKey={(e) => e.event}
              exportName="tenure-features-review"
              caption={`${data.items.length} event names`}
            />
          )}
        </Loadable>
      </Card>
      <Card
        title="Feature catalog"
        subtitle="A feature is an event name (optionally narrowed by properties), in a module, included in some plans"
      >
        <Loadable
          loaded={catalog}
          isEmpty={(d) => d.items.length === 0}
          empty={
            <Empty title="No features defined">
              Import a catalog with <code>tenure features import FILE</code> (CSV or JSON; see the README).
            </Empty>
          }
        >
          {(data) => (
            <Table
              label="Feature catalog"
              columns={catalogColumns}
              rows={data.items}
              rowKey={(f) => f.key}
              exportName="tenure-features"
              caption={`${data.items.length} features in ${new Set(data.items.map((f) => f.module)).size} modules`}
            />
          )}
        </Loadable>
      </Card>
    </>
  );
}
