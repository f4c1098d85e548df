// One account's features by module: used and not used of its plan, and any used outside the plan; CSV export.
import { CsvButton } from '../components/Table.tsx';
import type { AccountUsage, ModuleAdoption } from '../lib/adoption.ts';
import { toCsv } from '../lib/csv.ts';
import { downloadCsv } from '../lib/download.ts';
import { formatCount, formatDate, formatPercent } from '../lib/format.ts';

type Feature = AccountUsage['features'][number];

function state(f: Feature): 'used' | 'unused' | 'outside' | 'not-in-plan' {
  if (f.included) return f.used ? 'used' : 'unused';
  return f.used ? 'outside' : 'not-in-plan';
}

const STATE_LABELS = {
  used: 'used in the window',
  unused: 'in the plan, not used in the window',
  outside: 'used, but outside the plan',
  'not-in-plan': 'not in the plan',
} as const;

function chipTitle(f: Feature): string {
  const use = f.used ? `${formatCount(f.users)} users, ${formatCount(f.events)} events in the window. ` : '';
  const first = f.firstUsed ? `First used ${formatDate(f.firstUsed)}.` : 'Never used.';
  return `${f.name}: ${STATE_LABELS[state(f)]}. ${use}${first}`;
}

function exportFeatures(usage: AccountUsage) {
  const csv = toCsv<Feature>(
    [
      { header: 'module', value: (f) => f.module },
      { header: 'key', value: (f) => f.key },
      { header: 'name', value: (f) => f.name },
      { header: 'in_plan', value: (f) => f.included },
      { header: 'used', value: (f) => f.used },
      { header: 'users', value: (f) => f.users },
      { header: 'events', value: (f) => f.events },
      { header: 'first_used', value: (f) => f.firstUsed },
    ],
    usage.features,
  );
  downloadCsv(`tenure-account-${usage.account.externalId}-features`, csv);
}

function ModuleRow({ module, features, stats }: { module: string; features: Feature[]; stats?: ModuleAdoption }) {
  const inPlan = features.filter((f) => f.included);
  const used = inPlan.filter((f) => f.used).length;
  return (
    <div className="module-row" data-module={module}>
      <div className="module-head">
        <strong>{module}</strong>
        <span className="module-meter" aria-hidden="true">
          <span style={{ width: formatPercent(inPlan.length === 0 ? 0 : used / inPlan.length, 0) }} />
        </span>
      </div>
      <div className="muted small module-stats">
        {inPlan.length === 0 ? 'not in the plan' : `${used} of ${inPlan.length} used`}
        {stats?.depth ? ` · ${stats.depth.toFixed(1)} events per active user` : ''}
      </div>
      <ul className="chips">
        {features.map((f) => (
          <li key={f.key} className={`chip chip-${state(f)}`} title={chipTitle(f)} data-feature={f.key}>
            {f.name}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function FeaturesByModule({ usage }: { usage: AccountUsage }) {
  const modules = [...new Set(usage.features.map((f) => f.module))].sort();
  const stats = new Map((usage.account.modules ?? []).map((m) => [m.module, m]));
  return (
    <>
      <div className="timeline-tools chip-legend">
        <span className="chip chip-used">used</span>
        <span className="chip chip-unused">not used</span>
        <span className="chip chip-outside">outside the plan</span>
        <span className="chip chip-not-in-plan">not in the plan</span>
        <CsvButton onExport={() => exportFeatures(usage)} />
      </div>
      <div className="modules">
        {modules.map((m) => (
          <ModuleRow
            key={m}
            module={m}
            features={usage.features.filter((f) => f.module === m)}
            {...(stats.has(m) ? { stats: stats.get(m) } : {})}
          />
        ))}
      </div>
      {usage.uncataloged.length > 0 ? (
        <p className="muted small">
          Also sends events no catalog feature matches:{' '}
          {usage.uncataloged.map((e) => `${e.event} (${formatCount(e.events)})`).join(', ')}.
        </p>
      ) : null}
    </>
  );
}
