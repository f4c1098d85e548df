// The demo's value reports: value metrics from the demo catalog's features, defined through the verb an admin uses
// ("Hours saved on reporting = Report created × 0.5 h"), and the demo company's name on its reports.
import type { ServiceContext } from './context.ts';
import { addValueMetric, listValueMetrics } from './value/metrics.ts';
import { getValueSettings, setValueSettings } from './value/report.ts';

export const DEMO_COMPANY_NAME = 'Brightwork';

export const DEMO_VALUE_METRICS = [
  { name: 'Hours saved on reporting', feature: 'report_created', multiplier: 0.5, unit: 'h' },
  { name: 'Hours saved by automations', feature: 'automation_run', multiplier: 0.25, unit: 'h' },
  { name: 'Manual data entries avoided', feature: 'sync_run', multiplier: 20, unit: 'entries' },
];

/** Defines the demo's value metrics (skipping names already defined) and names the company unless a name is set. */
export async function loadDemoValue(ctx: ServiceContext): Promise<void> {
  const defined = new Set((await listValueMetrics(ctx)).map((m) => m.name.toLowerCase()));
  for (const input of DEMO_VALUE_METRICS)
    if (!defined.has(input.name.toLowerCase())) await addValueMetric({ ctx, input });
  if (!(await getValueSettings(ctx)).companyName)
    await setValueSettings({ ctx, input: { companyName: DEMO_COMPANY_NAME } });
}
