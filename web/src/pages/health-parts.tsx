// Pieces the health views share: the band badge and an account's reasons (its red and yellow measures).
import type { Reason } from '../../../src/contract/health-scores.ts';

type Band = 'red' | 'yellow' | 'green';
const LEVEL_CLASS: Record<Band, string> = { red: 'low', yellow: 'mid', green: 'high' };

export function HealthBadge({ band, score }: { band: Band | null | undefined; score?: number | null }) {
  if (!band) return <span className="muted">—</span>;
  return (
    <span className={`badge badge-level-${LEVEL_CLASS[band]}`} data-band={band}>
      {band}
      {score === undefined || score === null ? '' : ` ${score}`}
    </span>
  );
}

export function Reasons({ reasons, max = 3 }: { reasons: readonly Reason[]; max?: number }) {
  if (reasons.length === 0) return <span className="muted">no red or yellow measure</span>;
  const shown = reasons.slice(0, max);
  return (
    <span className="health-reasons">
      {shown.map((r, i) => (
        <span key={r.signal}>
          {i > 0 ? ' · ' : ''}
          <span style={{ color: r.band === 'red' ? '#991b1b' : '#92400e' }}>{r.name}</span>{' '}
          <span className="muted">{r.text}</span>
        </span>
      ))}
      {reasons.length > max ? <span className="muted"> +{reasons.length - max} more</span> : null}
    </span>
  );
}

export const trendText = (t: number | null) => (t === null ? '—' : `${t > 0 ? '▲' : t < 0 ? '▼' : '•'} ${Math.abs(t)}`);
