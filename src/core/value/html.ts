// The value report as one self-contained HTML page: inline CSS, no scripts, no links, no images from anywhere.
import type { ReportView, ViewTable } from './view.ts';

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** A brand colour we can put in CSS: #RGB or #RRGGBB, else Tenure's default. */
export const safeColor = (c: string): string => (/^#(?:[0-9a-fA-F]{3}){1,2}$/.test(c) ? c : '#2457a7');

function table(t: ViewTable): string {
  const head = t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  const grid = t.rows.length > 0 ? `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>` : '';
  const note = t.note ? `<p class="note">${escapeHtml(t.note)}</p>` : '';
  return `<section><h2>${escapeHtml(t.heading)}</h2>${grid}${note}</section>`;
}

const css = (color: string) => `
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Microsoft YaHei",sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
main{max-width:960px;margin:0 auto;padding:24px;background:#fff}
header{border-bottom:4px solid ${color};padding-bottom:12px;margin-bottom:16px}
.company{color:${color};font-weight:700;font-size:14px;letter-spacing:.04em;text-transform:uppercase}
h1{margin:4px 0;font-size:26px}h2{font-size:18px;color:${color};margin:24px 0 8px}
.period{color:#555}
.kpis{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.kpi{border:1px solid #dde1e7;border-top:3px solid ${color};border-radius:6px;padding:10px 14px;min-width:150px}
.kpi .v{font-size:22px;font-weight:700}.kpi .l{font-size:12px;color:#555}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid #e4e7ec;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f1f3f6;font-weight:600}
.note,.sources{font-size:12px;color:#555}
@media print{body{background:#fff}main{padding:0}}`;

export function renderValueHtml(view: ReportView): string {
  const color = safeColor(view.brandColor);
  const kpis = view.kpis
    .map(
      (k) =>
        `<div class="kpi"><div class="v">${escapeHtml(k.value)}</div><div class="l">${escapeHtml(k.label)}</div></div>`,
    )
    .join('');
  const sources = view.sources.map((s) => `<li>${escapeHtml(s)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(view.title)}</title><style>${css(color)}</style></head>
<body><main>
<header>${view.company ? `<div class="company">${escapeHtml(view.company)}</div>` : ''}<h1>${escapeHtml(view.title)}</h1>
<div class="period">${escapeHtml(view.periodLine)}</div></header>
<div class="kpis">${kpis}</div>
${view.tables.map(table).join('\n')}
<section><h2>Where these figures come from</h2><ul class="sources">${sources}</ul></section>
</main></body></html>
`;
}

const LINK_PROBLEMS = {
  expired: ['This link has expired', 'Ask your success manager for a new link to the report.'],
  revoked: ['This link has been withdrawn', 'Ask your success manager for a new link to the report.'],
  invalid: [
    'This link is not valid',
    'Check that the whole link was copied, or ask your success manager for a new one.',
  ],
} as const;

/** The page shown for a link that does not open a report (expired, withdrawn, unknown, tampered). */
export function renderLinkProblem(problem: keyof typeof LINK_PROBLEMS): string {
  const [title, text] = LINK_PROBLEMS[problem];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;margin:15vh auto;max-width:520px;color:#1d2330;padding:0 16px}</style></head>
<body><h1>${title}</h1><p>${text}</p></body></html>
`;
}
