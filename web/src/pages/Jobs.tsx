// Jobs (admins): every background job with its state, attempts, next run, progress and last error; retry a job.
import { useState } from 'react';
import type { JobListView, JobView } from '../../../src/contract/jobs.ts';
import { Badge, Card, PageHeader } from '../components/Card.tsx';
import { Empty, Loadable } from '../components/States.tsx';
import { Table, type Column } from '../components/Table.tsx';
import { request } from '../lib/api.ts';
import { useApi } from '../lib/use-api.ts';

const STATE_BADGE: Record<JobView['state'], string> = {
  queued: 'new',
  running: 'expansion',
  done: 'pass',
  dead: 'fail',
};

export const when = (iso: string | null) => (iso === null ? '—' : new Date(iso).toLocaleString());

function progressText(p: JobView['progress']): string {
  if (p === null) return '—';
  return [p.total !== undefined ? `${p.done}/${p.total}` : String(p.done), p.note ?? ''].join(' ').trim();
}

export function Jobs() {
  const [version, setVersion] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const loaded = useApi<JobListView>(`/api/v1/jobs?limit=200&v=${version}`);
  const retry = async (job: JobView) => {
    setProblem(null);
    try {
      await request('POST', `/api/v1/jobs/${job.id}/retry`);
      setVersion((v) => v + 1);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  const columns: Column<JobView>[] = [
    { key: 'id', header: 'ID', align: 'right', csv: (j) => j.id },
    { key: 'kind', header: 'Kind', csv: (j) => j.kind },
    {
      key: 'state',
      header: 'State',
      csv: (j) => j.state,
      render: (j) => <Badge kind={STATE_BADGE[j.state]}>{j.state}</Badge>,
    },
    { key: 'attempts', header: 'Attempts', align: 'right', csv: (j) => `${j.attempts}/${j.maxAttempts}` },
    {
      key: 'next',
      header: 'Next run',
      csv: (j) => (j.state === 'queued' ? j.runAt : null),
      render: (j) => (j.state === 'queued' ? when(j.runAt) : '—'),
    },
    { key: 'schedule', header: 'Schedule', csv: (j) => j.schedule, render: (j) => j.schedule ?? 'once' },
    { key: 'finished', header: 'Last finished', csv: (j) => j.lastFinishedAt, render: (j) => when(j.lastFinishedAt) },
    {
      key: 'progress',
      header: 'Progress',
      csv: (j) => progressText(j.progress),
      render: (j) => progressText(j.progress),
    },
    {
      key: 'error',
      header: 'Last error',
      csv: (j) => j.lastError,
      render: (j) => <span className="cell-sub">{j.lastError ?? '—'}</span>,
    },
    {
      key: 'retry',
      header: '',
      csv: () => null,
      render: (j) =>
        j.state === 'running' ? null : (
          <button type="button" className="button button-ghost" onClick={() => void retry(j)}>
            {j.state === 'done' && j.schedule === null ? 'Run again' : 'Retry now'}
          </button>
        ),
    },
  ];
  return (
    <>
      <PageHeader
        title="Jobs"
        subtitle="Background work: upkeep, webhook deliveries and scheduled checks, retried with backoff until they succeed or die."
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
      <Loadable loaded={loaded}>
        {(data) => (
          <Card
            className="table-card"
            title={`${data.total} jobs`}
            subtitle={`Schedules run in ${data.timezone}. Dead jobs ran out of attempts: retry them once the cause is fixed.`}
          >
            {data.items.length === 0 ? (
              <Empty title="No jobs yet" />
            ) : (
              <Table label="Jobs" columns={columns} rows={data.items} rowKey={(j) => String(j.id)} exportName="jobs" />
            )}
          </Card>
        )}
      </Loadable>
    </>
  );
}
