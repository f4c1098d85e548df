// Webhooks (admins): endpoints (add with the secret shown once, test, remove) and the delivery log with replay.
import { useState, type SyntheticEvent } from 'react';
import type {
  CreatedEndpointView,
  DeliveryListView,
  EndpointInputBody,
  EndpointListView,
} from '../../../src/contract/webhooks.ts';
import { Badge, Card, PageHeader } from '../components/Card.tsx';
import { Empty, Loadable } from '../components/States.tsx';
import { Table, type Column } from '../components/Table.tsx';
import { request } from '../lib/api.ts';
import { useApi } from '../lib/use-api.ts';
import { when } from './Jobs.tsx';

type Endpoint = EndpointListView['items'][number];
type Delivery = DeliveryListView['items'][number];
const DELIVERY_BADGE: Record<Delivery['state'], string> = { pending: 'new', delivered: 'pass', failed: 'fail' };

export function Webhooks() {
  const [version, setVersion] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ id: number; secret: string } | null>(null);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const endpoints = useApi<EndpointListView>(`/api/v1/webhooks?v=${version}`);
  const deliveries = useApi<DeliveryListView>(`/api/v1/webhooks/deliveries?limit=100&v=${version}`);
  const act = async (fn: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await fn();
      setVersion((v) => v + 1);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  const add = (e: SyntheticEvent) => {
    e.preventDefault();
    void act(async () => {
      const body: EndpointInputBody = { url, ...(events.length > 0 ? { events } : {}) };
      const created = await request<CreatedEndpointView>('POST', '/api/v1/webhooks', body);
      setSecret({ id: created.id, secret: created.secret });
      setUrl('');
      setEvents([]);
    });
  };
  const endpointColumns: Column<Endpoint>[] = [
    { key: 'id', header: 'ID', align: 'right', csv: (e) => e.id },
    { key: 'url', header: 'URL', csv: (e) => e.url },
    {
      key: 'events',
      header: 'Events',
      csv: (e) => e.eventTypes?.join(' ') ?? 'all',
      render: (e) => e.eventTypes?.join(', ') ?? 'all',
    },
    {
      key: 'actions',
      header: '',
      csv: () => null,
      render: (e) => (
        <span className="toolbar">
          <button
            type="button"
            className="button button-ghost"
            onClick={() => void act(() => request('POST', `/api/v1/webhooks/${e.id}/test`))}
          >
            Send test
          </button>
          <button
            type="button"
            className="button button-ghost"
            onClick={() => void act(() => request('DELETE', `/api/v1/webhooks/${e.id}`))}
          >
            Remove
          </button>
        </span>
      ),
    },
  ];
  const deliveryColumns: Column<Delivery>[] = [
    { key: 'id', header: 'ID', align: 'right', csv: (d) => d.id },
    {
      key: 'event',
      header: 'Event',
      csv: (d) => d.eventType,
      render: (d) => (
        <>
          {d.eventType}
          <span className="cell-sub">{d.messageId}</span>
        </>
      ),
    },
    { key: 'endpoint', header: 'Endpoint', csv: (d) => d.url },
    {
      key: 'state',
      header: 'State',
      csv: (d) => d.state,
      render: (d) => <Badge kind={DELIVERY_BADGE[d.state]}>{d.state}</Badge>,
    },
    {
      key: 'log',
      header: 'Tries (status codes)',
      csv: (d) => d.log.map((a) => a.status ?? 'error').join(' '),
      render: (d) => (
        <span
          title={d.log
            .map((a) => `${when(a.attemptedAt)}: ${a.status ?? a.error ?? ''} (${a.durationMs} ms)`)
            .join('\n')}
        >
          {d.log.map((a) => a.status ?? '✕').join(' · ') || '—'}
        </span>
      ),
    },
    {
      key: 'next',
      header: 'Next try',
      csv: (d) => d.nextAttemptAt,
      render: (d) => (d.state === 'pending' ? when(d.nextAttemptAt) : '—'),
    },
    {
      key: 'error',
      header: 'Last error',
      csv: (d) => d.lastError,
      render: (d) => <span className="cell-sub">{d.lastError ?? '—'}</span>,
    },
    {
      key: 'replay',
      header: '',
      csv: () => null,
      render: (d) => (
        <button
          type="button"
          className="button button-ghost"
          onClick={() => void act(() => request('POST', `/api/v1/webhooks/deliveries/${d.id}/replay`))}
        >
          Replay
        </button>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title="Webhooks"
        subtitle="Signed messages (Standard Webhooks) to your systems, retried 8 times over about a day."
        actions={
          <button type="button" className="button" onClick={() => setVersion((v) => v + 1)}>
            Refresh
          </button>
        }
      />
      {problem ? (
        <p className="form-error" role="alert">
          {problem}
        </p>
      ) : null}
      {secret ? (
        <Card title={`Signing secret of endpoint ${secret.id}`} subtitle="Copy it now: it is not shown again.">
          <code data-testid="webhook-secret">{secret.secret}</code>
        </Card>
      ) : null}
      <Loadable loaded={endpoints}>
        {(data) => (
          <Card className="table-card" title="Endpoints">
            <form className="toolbar" style={{ alignItems: 'flex-end', flexWrap: 'wrap' }} onSubmit={add}>
              <label className="field">
                <span>URL</span>
                <input
                  type="url"
                  required
                  value={url}
                  placeholder="https://example.com/hooks/tenure"
                  onChange={(e) => setUrl(e.target.value)}
                />
              </label>
              <fieldset
                className="field"
                style={{ display: 'flex', flexWrap: 'wrap', gap: 12, border: 'none', padding: 0 }}
              >
                <legend>Events (none ticked: all)</legend>
                {data.eventTypes.map((t) => (
                  <label key={t.type} title={t.description}>
                    <input
                      type="checkbox"
                      checked={events.includes(t.type)}
                      onChange={(e) =>
                        setEvents((list) => (e.target.checked ? [...list, t.type] : list.filter((x) => x !== t.type)))
                      }
                    />{' '}
                    {t.type}
                  </label>
                ))}
              </fieldset>
              <button type="submit" className="button button-primary">
                Add endpoint
              </button>
            </form>
            {data.items.length === 0 ? (
              <Empty title="No endpoints yet" />
            ) : (
              <Table
                label="Webhook endpoints"
                columns={endpointColumns}
                rows={data.items}
                rowKey={(e) => String(e.id)}
                exportName="webhook-endpoints"
              />
            )}
          </Card>
        )}
      </Loadable>
      <Loadable loaded={deliveries}>
        {(data) => (
          <Card className="table-card" title="Delivery log" subtitle={`${data.total} deliveries, newest first`}>
            {data.items.length === 0 ? (
              <Empty title="Nothing sent yet" />
            ) : (
              <Table
                label="Webhook deliveries"
                columns={deliveryColumns}
                rows={data.items}
                rowKey={(d) => String(d.id)}
                exportName="webhook-deliveries"
              />
            )}
          </Card>
        )}
      </Loadable>
    </>
  );
}
