// /survey.js, the in-app prompt the customer embeds: kept as text here and served as a static script.
// It is plain ES2017 for any browser: no framework, no eval, no inline markup or style attributes.
export const SURVEY_JS = String.raw`/* Tenure in-app survey prompt. Self-contained (no framework, no eval, no inline HTML): embed with
 *   <script src="https://TENURE/survey.js" data-key="INGEST_KEY" data-user-id="USER_ID" async></script>
 * or call window.TenureSurvey.show(userId) once the user is known. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) return;
  var host = new URL(script.src, location.href).origin;
  var key = script.getAttribute('data-key') || '';
  var auth = 'Basic ' + btoa(key + ':');
  var shown = false;

  function el(tag, styles, text) {
    var node = document.createElement(tag);
    if (styles) for (var k in styles) node.style[k] = styles[k];
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function post(body) {
    return fetch(host + '/v1/surveys/answer', {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  function render(userId, s) {
    var box = el('div', {
      position: 'fixed',
      right: '16px',
      bottom: '16px',
      zIndex: '2147483000',
      maxWidth: '420px',
      width: 'calc(100% - 32px)',
      background: '#fff',
      color: '#1a1a1a',
      border: '1px solid #c4c8cf',
      borderRadius: '10px',
      boxShadow: '0 6px 24px rgba(0,0,0,.18)',
      padding: '16px',
      font: '15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"PingFang SC","Microsoft YaHei",sans-serif',
    });
    box.setAttribute('role', 'dialog');
    box.setAttribute('aria-labelledby', 'tenure-survey-q');
    box.setAttribute('lang', s.language);
    var close = el(
      'button',
      {
        position: 'absolute',
        top: '6px',
        right: '8px',
        border: '0',
        background: 'none',
        fontSize: '20px',
        cursor: 'pointer',
        minWidth: '32px',
        minHeight: '32px',
      },
      '\u00d7',
    );
    close.type = 'button';
    close.setAttribute('aria-label', s.labels.dismiss);
    var q = el('p', { margin: '0 28px 12px 0', fontWeight: '600' }, s.question);
    q.id = 'tenure-survey-q';
    var group = el('div', { display: 'flex', flexWrap: 'wrap', gap: '4px' });
    group.setAttribute('role', 'radiogroup');
    group.setAttribute('aria-labelledby', 'tenure-survey-q');
    var chosen = null;
    var buttons = [];
    function pick(n) {
      chosen = n;
      buttons.forEach(function (b) {
        var on = Number(b.value) === n;
        b.setAttribute('aria-checked', on ? 'true' : 'false');
        b.tabIndex = on ? 0 : -1;
        b.style.background = on ? '#1f4fd1' : '#fff';
        b.style.color = on ? '#fff' : '#1a1a1a';
      });
    }
    for (var n = s.scale.min; n <= s.scale.max; n++) {
      var b = el(
        'button',
        {
          flex: '1 0 32px',
          minWidth: '32px',
          minHeight: '40px',
          border: '1px solid #8a8f98',
          borderRadius: '6px',
          background: '#fff',
          cursor: 'pointer',
          font: 'inherit',
          fontWeight: '600',
        },
        String(n),
      );
      b.type = 'button';
      b.value = String(n);
      b.setAttribute('role', 'radio');
      b.setAttribute('aria-checked', 'false');
      b.tabIndex = n === s.scale.min ? 0 : -1;
      b.addEventListener('click', function (e) {
        pick(Number(e.currentTarget.value));
      });
      buttons.push(b);
      group.appendChild(b);
    }
    group.addEventListener('keydown', function (e) {
      var i = buttons.indexOf(document.activeElement);
      if (i < 0) return;
      var next =
        e.key === 'ArrowRight' || e.key === 'ArrowDown'
          ? i + 1
          : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
            ? i - 1
            : -2;
      if (next === -2) return;
      e.preventDefault();
      var target = buttons[Math.max(0, Math.min(buttons.length - 1, next))];
      pick(Number(target.value));
      target.focus();
    });
    var ends = el('div', {
      display: 'flex',
      justifyContent: 'space-between',
      fontSize: '12px',
      color: '#555',
      marginTop: '4px',
    });
    ends.appendChild(el('span', null, s.labels.low));
    ends.appendChild(el('span', null, s.labels.high));
    var label = el('label', { display: 'block', margin: '12px 0 4px', fontWeight: '600' }, s.labels.comment);
    label.htmlFor = 'tenure-survey-comment';
    var comment = el('textarea', { width: '100%', minHeight: '60px', font: 'inherit', boxSizing: 'border-box' });
    comment.id = 'tenure-survey-comment';
    comment.maxLength = 5000;
    var send = el(
      'button',
      {
        marginTop: '10px',
        minHeight: '40px',
        padding: '6px 18px',
        border: '0',
        borderRadius: '6px',
        background: '#1f4fd1',
        color: '#fff',
        cursor: 'pointer',
        font: 'inherit',
      },
      s.labels.submit,
    );
    send.type = 'button';
    var status = el('p', { margin: '8px 0 0', minHeight: '1em' });
    status.setAttribute('role', 'status');

    function finish(text) {
      while (box.firstChild) box.removeChild(box.firstChild);
      status.textContent = text;
      box.appendChild(status);
      setTimeout(function () {
        box.remove();
      }, 3000);
    }
    function dismiss() {
      post({ userId: userId, surveyId: s.surveyId, dismissed: true }).catch(function () {});
      box.remove();
    }
    close.addEventListener('click', dismiss);
    box.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') dismiss();
    });
    send.addEventListener('click', function () {
      if (chosen === null) {
        buttons[0].focus();
        return;
      }
      send.disabled = true;
      var body = { userId: userId, surveyId: s.surveyId, score: chosen };
      if (comment.value.trim()) body.comment = comment.value.trim();
      post(body)
        .then(function (r) {
          if (!r.ok) throw new Error(String(r.status));
          finish(s.labels.thanks);
        })
        .catch(function () {
          send.disabled = false;
        });
    });
    [close, q, group, ends, label, comment, send].forEach(function (n) {
      box.appendChild(n);
    });
    document.body.appendChild(box);
    buttons[0].focus();
  }

  function show(userId) {
    if (shown || !userId) return;
    shown = true;
    fetch(host + '/v1/surveys/eligible?userId=' + encodeURIComponent(userId), { headers: { authorization: auth } })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (answer) {
        if (answer && answer.ask && answer.survey) render(userId, answer.survey);
      })
      .catch(function () {
        shown = false;
      });
  }

  window.TenureSurvey = { show: show };
  var initial = script.getAttribute('data-user-id');
  if (initial) {
    if (document.readyState === 'loading')
      document.addEventListener('DOMContentLoaded', function () {
        show(initial);
      });
    else show(initial);
  }
})();
`;
