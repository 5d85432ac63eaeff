'use strict';
/*
 * The walls as they were (docs/time-travel.md): with ?at=<ISO instant> in the address, the ward wall and the
 * executive wall show what they showed at that instant, read over HTTP from the API's ?at= answers (never the live
 * socket), under a banner that cannot be missed ("HISTORICAL — not live"), with a timeline to step back and forth
 * and to jump to an alert's raising. Nothing can be acknowledged or answered: the page says it may not (canAck
 * false). Loaded after wall-common.js and before the wall's own script, which it serves in place of the socket.
 */
(function () {
  const V = window.Vigil;
  const raw = new URLSearchParams(location.search).get('at');
  if (raw === null) return;
  const at = Date.parse(raw);
  const MIN = 60000;

  function local(ms) {
    return new Date(ms).toLocaleString('en-GB', {day: 'numeric', month: 'short', year: 'numeric',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZoneName: 'short'});
  }

  function href(ms) {
    const q = new URLSearchParams(location.search);
    q.set('at', new Date(ms).toISOString());
    return location.pathname + '?' + q.toString();
  }

  function get(path) {
    return fetch(path, {headers: {Authorization: 'Bearer ' + V.token()}, cache: 'no-store'}).then(r =>
      r.json().then(body => {
        if (!r.ok) throw new Error(body.error || ('HTTP ' + r.status));
        return body;
      }));
  }

  document.body.classList.add('historical');
  const banner = V.el('section', 'historical-banner');
  banner.id = 'historical-banner';
  banner.setAttribute('aria-labelledby', 'historical-h');
  const h = V.el('h2', 'historical-word', '⚠ HISTORICAL — not live');
  h.id = 'historical-h';
  const when = V.el('p', 'historical-when', isNaN(at) ? 'not a valid instant: ' + raw : 'as at ' + local(at));
  when.id = 'historical-when';
  const nav = V.el('nav', 'timeline');
  nav.setAttribute('aria-label', 'Timeline');
  for (const [label, minutes] of [['◀ 1 h', -60], ['◀ 15 min', -15], ['15 min ▶', 15], ['1 h ▶', 60]]) {
    const a = V.el('a', 'step', label);
    a.href = isNaN(at) ? '#' : href(at + minutes * MIN);
    a.dataset.step = String(minutes);
    nav.append(a);
  }
  const live = V.el('a', 'step live-link', 'Live');
  live.href = location.pathname;
  nav.append(live);
  const jump = V.el('div', 'jump');
  const label = V.el('label', null, 'Alert:');
  label.htmlFor = 'alert-jump';
  const select = V.el('select');
  select.id = 'alert-jump';
  select.append(V.el('option', null, '— jump to its raising —'));
  select.addEventListener('change', () => {
    if (select.value) location.assign(href(Date.parse(select.value)));
  });
  jump.append(label, select);
  const problem = V.el('p', 'historical-problem');
  problem.id = 'historical-problem';
  problem.setAttribute('role', 'alert');
  const first = V.el('div', 'historical-line');
  first.append(h, when);
  const second = V.el('div', 'historical-line');
  second.append(nav, jump);
  banner.append(first, second, problem);
  // In the header, where the live indicator was: the wall below keeps all its room, so nothing it shows is cut.
  const conn = document.getElementById('conn');
  conn.parentNode.insertBefore(banner, conn);

  // Ages on the page ("updated 5 min ago", an alert's age) are reckoned from the instant shown.
  V.now = function () { return at; };

  function alertsToJumpTo(units) {
    get('/api/v1/alerts?state=all&at=' + encodeURIComponent(raw)).then(body => {
      const alerts = body.alerts.filter(a => units.has(a.unit))
        .sort((x, y) => Date.parse(x.raisedAt) - Date.parse(y.raisedAt));
      for (const a of alerts) {
        const o = V.el('option', null, V.hhmm(Date.parse(a.raisedAt)) + ' · ' + a.unit + ' · bed '
          + (a.bed || '—') + ' · ' + V.label('alertKind', a.kind));
        o.value = a.raisedAt;
        select.append(o);
      }
    }).catch(() => { /* the list is a convenience; the wall itself says if the past cannot be read */ });
  }

  V.connect = function (view, id, onMessage) {
    V.takeToken();
    const stateEl = document.getElementById('conn-state');
    stateEl.className = 'conn-state historical';
    stateEl.textContent = '⚠ historical';
    // a time of day in the organisation's zone, known once its vocabulary is in
    V.loadMeta().then(() => {
      if (!isNaN(at)) document.getElementById('as-of').textContent = 'as of ' + V.hhmmss(at);
    });
    if (!V.token()) {
      problem.textContent = '✖ no wall token: open this wall with its link';
      return;
    }
    const path = view === 'ward' ? '/api/v1/wards/' + encodeURIComponent(id)
      : view === 'trust' ? '/api/v1/walls/trust/' + encodeURIComponent(id) : '/api/v1/walls/system';
    // the server's words for its constants first, as the live wall waits for them before its socket
    V.loadMeta().then(() => get(path + '?at=' + encodeURIComponent(raw))).then(body => {
      if (view === 'ward') {
        onMessage({type: 'hello', view: view, id: id, canAck: false, title: body.name});
        onMessage({type: 'ward', unit: body});
        alertsToJumpTo(new Set([body.id]));
      } else {
        onMessage({type: 'hello', view: view, id: id, canAck: false, title: body.title});
        onMessage({type: 'overview', units: body.units});
        alertsToJumpTo(new Set(body.units.map(u => u.id)));
      }
    }).catch(e => { problem.textContent = '✖ ' + e.message; });
  };

  // A ward's link from the executive wall as it was opens that ward's wall as it was.
  document.addEventListener('click', ev => {
    const a = ev.target.closest && ev.target.closest('a[href^="/wall/ward/"]');
    if (a && !isNaN(at) && a.getAttribute('href').indexOf('?') < 0) a.setAttribute('href', a.getAttribute('href') + '?at=' + encodeURIComponent(raw));
  }, true);
})();
