// Survey setup (/surveys/manage): define NPS, CSAT and CES surveys, see each one's summary (eligible, sent,
// answered, dismissed, response rate), send it now by email or as links to hand out, and close it.
import { useState, type SyntheticEvent } from 'react';
import type {
  AudienceView,
  SendResultView,
  SurveyInputBody,
  SurveyListView,
  SurveyView,
} from '../../../src/contract/surveys-admin.ts';
import { Badge, Card, PageHeader } from '../components/Card.tsx';
import { Empty, Loadable } from '../components/States.tsx';
import { Table, type Column } from '../components/Table.tsx';
import { request } from '../lib/api.ts';
import { useApi } from '../lib/use-api.ts';

const DIMENSIONS = ['industry', 'size_band', 'segment', 'icp_fit', 'plan', 'owner_csm'];

/** 'segment=enterprise,country=CN,role=admin,trait.team=ops' as the API's audience ('' or everyone: {}). */
export function audienceFromText(text: string): AudienceView {
  const audience: AudienceView = {};
  for (const part of text.split(',').map((p) => p.trim())) {
    const [key = '', ...rest] = part.split('=');
    const value = rest.join('=').trim();
    if (part === '' || part.toLowerCase() === 'everyone' || value === '') continue;
    if (DIMENSIONS.includes(key)) audience.filters = { ...audience.filters, [key]: value };
    else if (key === 'role') audience.role = value;
    else if (key.startsWith('trait.')) audience.traits = { ...audience.traits, [key.slice(6)]: value };
    else audience.attributes = { ...audience.attributes, [key.replace(/^account\./, '')]: value };
  }
  return audience;
}

export function audienceLabel(a: AudienceView): string {
  const parts = [
    ...Object.entries(a.filters ?? {}).map(([k, v]) => `${k}=${v ?? ''}`),
    ...Object.entries(a.attributes ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(a.role ? [`role=${a.role}`] : []),
    ...Object.entries(a.traits ?? {}).map(([k, v]) => `trait.${k}=${v}`),
  ];
  return parts.length === 0 ? 'everyone' : parts.join(', ');
}

const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

export function SurveysAdmin() {
  const [version, setVersion] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [sent, setSent] = useState<(SendResultView & { name: string }) | null>(null);
  const [form, setForm] = useState({
    name: '',
    kind: 'nps' as SurveyInputBody['kind'],
    question: '',
    language: 'en',
    followUp: '',
    audience: '',
    answered: '90',
    dismissed: '30',
    sample: '100',
  });
  const surveys = useApi<SurveyListView>(`/api/v1/surveys?v=${version}`);
  const act = async (fn: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await fn();
      setVersion((v) => v + 1);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const create = (e: SyntheticEvent) => {
    e.preventDefault();
    void act(async () => {
      const body: SurveyInputBody = {
        name: form.name,
        kind: form.kind,
        question: form.question,
        language: form.language,
        ...(form.kind === 'nps' && form.followUp.trim() ? { followUp: form.followUp.trim() } : {}),
        audience: audienceFromText(form.audience),
        throttleAnsweredDays: Number(form.answered),
        throttleDismissedDays: Number(form.dismissed),
        samplePercent: Number(form.sample),
      };
      await request('POST', '/api/v1/surveys', body);
      setForm((f) => ({ ...f, name: '', question: '', followUp: '' }));
    });
  };
  const send = (s: SurveyView, channel: 'email' | 'link') =>
    void act(async () => {
      const result = await request<SendResultView>('POST', `/api/v1/surveys/${s.id}/send`, { channel });
      setSent({ ...result, name: s.name });
    });
  const columns: Column<SurveyView>[] = [
    { key: 'name', header: 'Survey', csv: (s) => s.name, render: (s) => <span lang={s.language}>{s.name}</span> },
    { key: 'kind', header: 'Kind', csv: (s) => s.kind, render: (s) => s.kind.toUpperCase() },
    {
      key: 'status',
      header: 'Status',
      csv: (s) => s.status,
      render: (s) => <Badge kind={s.status === 'open' ? 'pass' : 'new'}>{s.status}</Badge>,
    },
    {
      key: 'audience',
      header: 'Audience',
      csv: (s) => audienceLabel(s.audience),
      render: (s) => audienceLabel(s.audience),
    },
    { key: 'eligible', header: 'Eligible', align: 'right', csv: (s) => s.summary.eligible },
    { key: 'sent', header: 'Sent', align: 'right', csv: (s) => s.summary.sent },
    { key: 'answered', header: 'Answered', align: 'right', csv: (s) => s.summary.answered },
    { key: 'dismissed', header: 'Dismissed', align: 'right', csv: (s) => s.summary.dismissed },
    { key: 'failed', header: 'Failed', align: 'right', csv: (s) => s.summary.failed },
    {
      key: 'rate',
      header: 'Response rate',
      align: 'right',
      csv: (s) => s.summary.responseRate,
      render: (s) => percent(s.summary.responseRate),
    },
    {
      key: 'actions',
      header: '',
      csv: () => null,
      render: (s) =>
        s.status === 'open' ? (
          <span className="toolbar">
            <button type="button" className="button button-ghost" onClick={() => send(s, 'email')}>
              Send email
            </button>
            <button type="button" className="button button-ghost" onClick={() => send(s, 'link')}>
              Make links
            </button>
            <button
              type="button"
              className="button button-ghost"
              onClick={() => void act(() => request('POST', `/api/v1/surveys/${s.id}/close`))}
            >
              Close
            </button>
          </span>
        ) : null,
    },
  ];
  return (
    <>
      <PageHeader
        title="Survey setup"
        subtitle="Who is asked what, how often: answers land with their account, by link, email, in-app or Formbricks."
      />
      {problem ? (
        <p className="form-error" role="alert">
          {problem}
        </p>
      ) : null}
      {sent ? (
        <Card
          title={`Sent: ${sent.name}`}
          subtitle={`${sent.invited} invited by ${sent.channel}; audience ${sent.audience}, throttled ${sent.throttled}, not sampled ${sent.notSampled}`}
        >
          {sent.links.length > 0 ? (
            <Table
              label="Survey links"
              columns={[
                { key: 'email', header: 'Email', csv: (l) => l.email },
                { key: 'url', header: 'Link', csv: (l) => l.url },
              ]}
              rows={sent.links}
              rowKey={(l) => String(l.invitationId)}
              exportName="survey-links"
            />
          ) : null}
        </Card>
      ) : null}
      <Card title="New survey">
        <form className="toolbar" style={{ alignItems: 'flex-end', flexWrap: 'wrap' }} onSubmit={create}>
          <label className="field">
            <span>Name</span>
            <input required maxLength={200} value={form.name} onChange={set('name')} />
          </label>
          <label className="field">
            <span>Kind</span>
            <select value={form.kind} onChange={set('kind')}>
              <option value="nps">NPS (0–10)</option>
              <option value="csat">CSAT (1–5)</option>
              <option value="ces">CES (1–7)</option>
            </select>
          </label>
          <label className="field" style={{ minWidth: 320 }}>
            <span>Question</span>
            <input required maxLength={1000} value={form.question} onChange={set('question')} />
          </label>
          <label className="field">
            <span>Language</span>
            <input
              required
              pattern="[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*"
              value={form.language}
              onChange={set('language')}
            />
          </label>
          {form.kind === 'nps' ? (
            <label className="field" style={{ minWidth: 240 }}>
              <span>“Why?” follow-up (optional)</span>
              <input maxLength={1000} value={form.followUp} onChange={set('followUp')} />
            </label>
          ) : null}
          <label className="field" style={{ minWidth: 280 }}>
            <span>Audience (empty: everyone)</span>
            <input
              value={form.audience}
              placeholder="segment=enterprise, country=CN, role=admin"
              onChange={set('audience')}
            />
          </label>
          <label className="field">
            <span>Days after an answer</span>
            <input type="number" min={0} max={3650} value={form.answered} onChange={set('answered')} />
          </label>
          <label className="field">
            <span>Days after a dismissal</span>
            <input type="number" min={0} max={3650} value={form.dismissed} onChange={set('dismissed')} />
          </label>
          <label className="field">
            <span>Sample (%)</span>
            <input type="number" min={1} max={100} value={form.sample} onChange={set('sample')} />
          </label>
          <button type="submit" className="button button-primary">
            Create survey
          </button>
        </form>
      </Card>
      <Loadable loaded={surveys}>
        {(data) => (
          <Card className="table-card" title="Surveys">
            {data.items.length === 0 ? (
              <Empty title="No surveys yet" />
            ) : (
              <Table
                label="Surveys"
                columns={columns}
                rows={data.items}
                rowKey={(s) => String(s.id)}
                exportName="surveys"
              />
            )}
          </Card>
        )}
      </Loadable>
    </>
  );
}
