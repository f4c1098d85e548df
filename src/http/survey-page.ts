// The hosted survey page (`/s/<token>`): plain server-rendered HTML, no script, in the survey's language. The
// scale is a fieldset of radio buttons with visible labels (keyboard: Tab into the group, arrows to move), the
// comment a labelled textarea; it wraps to a 375 px phone.
import { SCORE_RANGES } from '../core/surveys/metrics.ts';
import { surveyStrings } from '../core/surveys/strings.ts';
import type { LinkView } from '../services/surveys/link.ts';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"PingFang SC","Microsoft YaHei",sans-serif;color:#1a1a1a;background:#f5f6f8}
main{max-width:640px;margin:0 auto;padding:24px 16px}
h1{font-size:1.25rem;margin:0 0 16px}
fieldset{border:0;margin:0 0 16px;padding:0}legend{font-weight:600;margin-bottom:12px;font-size:1.1rem}
.scale{display:flex;flex-wrap:wrap;gap:6px}
.scale label{position:relative;flex:1 0 44px;min-width:44px;min-height:44px}
.scale input{position:absolute;opacity:0;inset:0;margin:0;width:100%;height:100%;cursor:pointer}
.scale span{display:flex;align-items:center;justify-content:center;height:100%;min-height:44px;border:1px solid #8a8f98;border-radius:6px;background:#fff;font-weight:600}
.scale input:checked+span{background:#1f4fd1;border-color:#1f4fd1;color:#fff}
.scale input:focus-visible+span{outline:3px solid #f0a500;outline-offset:2px}
.ends{display:flex;justify-content:space-between;font-size:.875rem;color:#444;margin-top:6px;gap:12px}
label.block{display:block;font-weight:600;margin:16px 0 6px}
textarea{width:100%;min-height:96px;font:inherit;padding:8px;border:1px solid #8a8f98;border-radius:6px}
.actions{display:flex;flex-wrap:wrap;gap:12px;margin-top:16px}
button{font:inherit;min-height:44px;padding:8px 20px;border-radius:6px;border:1px solid #1f4fd1;cursor:pointer}
button.primary{background:#1f4fd1;color:#fff}button.secondary{background:#fff;color:#1f4fd1}
button:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.notice{padding:12px;border-radius:6px;background:#fff;border:1px solid #d0d4da}
.error{border-color:#b3261e;color:#b3261e}`;

function page(language: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="${escape(language)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escape(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

/** The page for a link in its state; `notice` says what just happened (thanks, already answered…). */
export function renderSurveyPage(
  view: LinkView,
  options: { action: string; notice?: 'choose_score' | 'thanks' | 'dismissed' },
): string {
  const language = view.survey?.language ?? 'en';
  const s = surveyStrings(language);
  const message = (text: string, role = 'status') =>
    page(language, s.title, `<h1>${escape(s.title)}</h1><p class="notice" role="${role}">${escape(text)}</p>`);
  if (options.notice === 'thanks') return message(s.thanks);
  if (options.notice === 'dismissed') return message(s.dismissed);
  if (view.state === 'answered' || view.state === 'dismissed') return message(s.alreadyAnswered);
  if (view.state === 'expired') return message(s.expired);
  if (view.state === 'closed') return message(s.closed);
  if (view.state === 'invalid' || !view.survey) return message(s.invalid, 'alert');
  const survey = view.survey;
  const [min, max] = SCORE_RANGES[survey.kind];
  const options_ = Array.from({ length: max - min + 1 }, (_, i) => min + i)
    .map((n) => `<label><input type="radio" name="score" value="${n}" required><span>${n}</span></label>`)
    .join('');
  const error =
    options.notice === 'choose_score'
      ? `<p class="notice error" role="alert" id="score-error">${escape(s.chooseScore)}</p>`
      : '';
  const comment = survey.followUp ?? s.comment;
  const body = `<h1>${escape(s.title)}</h1>${error}
<form method="post" action="${escape(options.action)}">
<fieldset${error ? ' aria-describedby="score-error"' : ''}><legend id="question">${escape(survey.question)}</legend>
<div class="scale" role="radiogroup" aria-labelledby="question">${options_}</div>
<div class="ends" aria-hidden="true"><span>${min} = ${escape(s.low[survey.kind])}</span><span>${max} = ${escape(s.high[survey.kind])}</span></div>
</fieldset>
<label class="block" for="comment">${escape(comment)}</label>
<textarea id="comment" name="comment" maxlength="5000"></textarea>
<div class="actions"><button class="primary" type="submit">${escape(s.submit)}</button>
<button class="secondary" type="submit" name="action" value="dismiss" formnovalidate>${escape(s.dismiss)}</button></div>
</form>`;
  return page(language, s.title, body);
}
