// The scorecards: a readable view of each (rule, groups and weights, each measure's thresholds, bands, exceptions)
// and, for admins, a JSON editor that saves through the API and shows its validation messages.
import { useState } from 'react';
import { Card } from '../components/Card.tsx';
import { Loadable } from '../components/States.tsx';
import { request } from '../lib/api.ts';
import { useReloadable } from '../lib/use-reloadable.ts';
import type { Scorecard, ScorecardList } from '../../../src/contract/health-scores.ts';

type Signal = ScorecardList['signals'][number];

function thresholdText(m: Scorecard['groups'][number]['measures'][number], signal: Signal | undefined): string {
  const t = m.thresholds ?? signal?.defaultThresholds;
  const direction = m.direction ?? signal?.direction ?? 'higher';
  if (!t) return '';
  const op = direction === 'higher' ? '≥' : '≤';
  return `green ${op} ${t.green}, yellow ${op} ${t.yellow}, else red`;
}

function ScorecardView({ card, signals, isDefault }: { card: Scorecard; signals: Signal[]; isDefault: boolean }) {
  const bands = card.bands ?? { red: 40, green: 70 };
  const points = card.points ?? { red: 0, yellow: 50, green: 100 };
  const groupTotal = card.groups.reduce((s, g) => s + g.weight, 0);
  const rule = isDefault
    ? 'Default: accounts no rule matches'
    : Object.entries(card.appliesTo ?? {})
        .map(([field, values]) => `${field} is ${(values ?? []).join(' or ')}`)
        .join(' and ');
  return (
    <div className="scorecard-view" data-scorecard={card.key} style={{ marginBottom: 16 }}>
      <h3 style={{ margin: '4px 0' }}>
        {card.name} <span className="muted small">({card.key})</span>
      </h3>
      <p className="muted small" style={{ margin: '2px 0 8px' }}>
        {rule}. Bands: red below {bands.red}, yellow {bands.red} to {bands.green - 1}, green {bands.green} and above.
        Points per measure: red {points.red}, yellow {points.yellow}, green {points.green}.
        {(card.exceptions ?? []).length > 0
          ? ` A red ${(card.exceptions ?? []).map((e) => signals.find((s) => s.key === e.signal)?.name ?? e.signal).join(' or red ')} forces the account red.`
          : ''}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th>Group</th>
            <th>Measure</th>
            <th className="num">Weight</th>
            <th>Thresholds</th>
          </tr>
        </thead>
        <tbody>
          {card.groups.flatMap((g) => {
            const inGroup = g.measures.reduce((s, m) => s + m.weight, 0);
            return g.measures.map((m, i) => {
              const signal = signals.find((s) => s.key === m.signal);
              return (
                <tr key={`${g.key}-${m.signal}`}>
                  <td>{i === 0 ? `${g.name} (${Math.round((g.weight / groupTotal) * 100)}%)` : ''}</td>
                  <td title={signal?.description}>{signal?.name ?? m.signal}</td>
                  <td className="num">{Math.round((m.weight / inGroup) * 100)}%</td>
                  <td>{thresholdText(m, signal)}</td>
                </tr>
              );
            });
          })}
        </tbody>
      </table>
    </div>
  );
}

function Editor({ list, onSaved }: { list: ScorecardList; onSaved: () => void }) {
  const first = list.items.at(-1)?.definition;
  const [text, setText] = useState(() => JSON.stringify(first ?? {}, null, 2));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const save = () => {
    let card: Scorecard;
    try {
      card = JSON.parse(text) as Scorecard;
    } catch (error) {
      setMessage({ ok: false, text: `Not JSON: ${(error as Error).message}` });
      return;
    }
    const key = typeof card.key === 'string' ? card.key : '';
    request<Scorecard>('PUT', `/api/v1/health/scorecards/${encodeURIComponent(key || '-')}`, card).then(
      (saved) => {
        setMessage({ ok: true, text: `Saved scorecard ${saved.key}; accounts are rescored within seconds.` });
        onSaved();
      },
      (error: unknown) => setMessage({ ok: false, text: error instanceof Error ? error.message : String(error) }),
    );
  };
  return (
    <div className="scorecard-editor">
      <label className="field" style={{ display: 'block' }}>
        <span>
          Edit as JSON (load one:{' '}
          {list.items.map((i) => (
            <button
              key={i.definition.key}
              type="button"
              className="link-button"
              onClick={() => setText(JSON.stringify(i.definition, null, 2))}
            >
              {i.definition.key}{' '}
            </button>
          ))}
          ; change the key to add a new one)
        </span>
        <textarea
          name="scorecard-json"
          aria-label="Scorecard JSON"
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={18}
          spellCheck={false}
          style={{ width: '100%', fontFamily: 'monospace', fontSize: 12 }}
        />
      </label>
      <button type="button" className="button" onClick={save}>
        Save scorecard
      </button>
      {message ? (
        <p role={message.ok ? 'status' : 'alert'} style={{ color: message.ok ? '#166534' : '#991b1b' }}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}

export function ScorecardsCard({ editable }: { editable: boolean }) {
  const loaded = useReloadable<ScorecardList>('/api/v1/health/scorecards');
  return (
    <Card title="Scorecards" subtitle="How each account's health is computed">
      <Loadable loaded={loaded} height={200}>
        {(list) => (
          <>
            <p className="muted small">{list.rule}</p>
            {list.items.map((i) => (
              <ScorecardView
                key={i.definition.key}
                card={i.definition}
                signals={list.signals}
                isDefault={i.isDefault}
              />
            ))}
            {editable ? <Editor list={list} onSaved={loaded.reload} /> : null}
          </>
        )}
      </Loadable>
    </Card>
  );
}
