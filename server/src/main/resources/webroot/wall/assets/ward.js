'use strict';
/* The ward wall: the tiles of the ward safety dashboard, from the live ward snapshot, and the active alerts. */
(function () {
  const V = window.Vigil;
  const wardId = decodeURIComponent(location.pathname.split('/').pop());

  /* Feeds and how long each may be quiet (GET /api/v1/meta, walls.feeds: the server's WallFeed). */
  function feed(id) {
    return V.meta().walls.feeds[id];
  }

  function num(v) {
    if (v === null || v === undefined) return undefined;
    if (typeof v === 'number') return v;
    if (typeof v === 'object') {
      for (const k of ['count', 'patients', 'total', 'value']) if (typeof v[k] === 'number') return v[k];
    }
    return undefined;
  }

  /* Each tile: id, title, feed, field(s) and how to render the value. */
  const TILES = [
    {id: 'patients', title: 'Patients on ward', feed: 'census', field: 'patients', beside: s => 'of ' + s.beds + ' beds',
      sub: s => [num(s.patientsWithoutBed) ? s.patientsWithoutBed + ' without bed' : '',
        num(s.patientsNotAskedToday) ? s.patientsNotAskedToday + ' not asked how they are today' : ''].filter(Boolean).join(' · ')},
    {id: 'isolation', title: 'Infection isolation', feed: 'flags', field: 'infectionIsolation'},
    {id: 'discharges', title: 'Discharges today', feed: 'census', field: 'dischargesToday',
      sub: s => num(s.dischargesExpectedToday) !== undefined ? s.dischargesExpectedToday + ' expected today' : 'expected: no feed'},
    {id: 'news2-5', title: 'NEWS2 ≥5', feed: 'obs', field: 'news2AtLeast5', alarm: v => v > 0},
    {id: 'news2-7', title: 'NEWS2 ≥7', feed: 'obs', field: 'news2High', alarm: v => v > 0},
    {id: 'hourly-obs', title: 'Hourly-or-more obs', feed: 'obs', field: 'patientsOnHourlyObs',
      sub: s => num(s.observationsOverdue) !== undefined ? s.observationsOverdue + ' obs overdue' : ''},
    {id: 'critical-doses', title: 'Critical doses missed today', feed: 'doses', field: 'missedCriticalDosesToday', alarm: v => v > 0,
      sub: s => [num(s.criticalDosesDelayedToday) ? s.criticalDosesDelayedToday + ' given late' : '',
        num(s.timeCriticalNilByMouthOmissionsToday) ? s.timeCriticalNilByMouthOmissionsToday + ' omitted nil by mouth' : '']
        .filter(Boolean).join(' · ')},
    {id: 'doses', title: 'Doses missed today', feed: 'doses', field: 'missedDosesToday'},
    {id: 'aki', title: 'AKI', feed: 'flags', field: 'aki'},
    {id: 'sepsis', title: 'Sepsis', feed: 'flags', field: 'sepsis', alarm: v => v > 0,
      sub: s => num(s.sepsisScreensDue) ? s.sepsisScreensDue + ' sepsis screen due' : ''},
    {id: 'pressure-ulcers', title: 'Pressure ulcers', feed: 'flags', field: 'pressureUlcers'},
    {id: 'med-rec', title: 'Medicines not yet reconciled', feed: 'flags', field: 'medRecOutstanding'},
    {id: 'red-flags', title: 'Staffing red flags today', feed: 'staffing', field: 'redFlagsToday', alarm: v => v > 0},
    {id: 'reliability', title: 'Reliability today (1–5)', feed: 'pulse', field: 'reliabilityToday', render: renderReliability},
    {id: 'staffing', title: 'Nursing staff: actual (planned)', feed: 'staffing', field: 'staffing', wide: true, render: renderStaffing,
      flag: s => s.staffingNotReported ? 'staffing not reported' : null},
    {id: 'assessments', title: 'Outstanding risk assessments', feed: 'assess', field: 'outstandingAssessments', wide: true, render: renderAssessments}
  ];

  const tilesEl = document.getElementById('tiles');
  const tileEls = {};
  for (const t of TILES) {
    const sec = V.el('section', 'tile' + (t.wide ? ' wide' : ''));
    sec.id = 'tile-' + t.id;
    sec.setAttribute('aria-labelledby', 'tile-' + t.id + '-h');
    const h = V.el('h2', 'tile-title', t.title);
    h.id = 'tile-' + t.id + '-h';
    const body = V.el('div', 'tile-body');
    const foot = V.el('p', 'tile-age');
    sec.append(h, body, foot);
    tilesEl.append(sec);
    tileEls[t.id] = {sec: sec, body: body, foot: foot};
  }

  let snapshot = null;
  let canAck = false;
  let hello = null;

  function renderTile(t, s) {
    const e = tileEls[t.id];
    const value = s[t.field];
    const f = feed(t.feed);
    const last = V.feedLast(s, t.feed);
    const quiet = V.feedQuietPast(s, t.feed);
    e.body.replaceChildren();
    e.sec.classList.remove('stale', 'alarm', 'nofeed', 'flagged');
    let why = null;
    if (value === undefined || value === null) {
      why = 'no ' + f.name + ' feed';
    } else if (!last) {
      why = 'no ' + f.name + ' feed yet';
    } else if (quiet) {
      why = 'no ' + f.name + ' feed for ' + V.age(quiet);
    }
    // A flag the server raises about the feed itself (a shift's missing staffing report) shows in any case.
    const flag = t.flag && t.flag(s);
    if (flag) {
      e.sec.classList.add('alarm', 'flagged');
      e.body.append(V.el('p', 'flag-word', '▲ ' + flag));
    }
    if (why) {
      e.sec.classList.add(value === undefined || value === null ? 'nofeed' : 'stale');
      e.body.append(V.el('p', 'value muted', '—'), V.el('p', 'why', '⚠ ' + why));
      e.foot.textContent = '';
      return;
    }
    if (t.render) {
      t.render(e.body, value, s);
    } else {
      // the figure, and beside it what it is out of or that it needs attention; sub-lines below
      const n = num(value);
      const v = V.el('p', 'value', n === undefined ? '—' : n);
      v.dataset.value = n === undefined ? '' : String(n);
      const row = V.el('div', 'value-row');
      row.append(v);
      if (t.beside) row.append(V.el('p', 'sub', t.beside(s)));
      if (t.alarm && n !== undefined && t.alarm(n)) {
        e.sec.classList.add('alarm');
        row.append(V.el('p', 'flag-word', '▲ needs attention'));
      }
      e.body.append(row);
      if (t.sub) {
        const sub = t.sub(s);
        if (sub) e.body.append(V.el('p', 'sub', sub));
      }
    }
    // the feed's own age (quiet is 0 while the feed is within its window, so it cannot date the figure)
    e.foot.textContent = 'updated ' + V.age(V.now() - last) + ' ago';
  }

  function renderStaffing(body, st) {
    const table = V.el('table', 'grid-table');
    const head = V.el('tr');
    head.append(V.el('th', null, ''), V.el('th', null, 'Day'), V.el('th', null, 'Night'));
    head.children[1].scope = 'col';
    head.children[2].scope = 'col';
    const thead = V.el('thead');
    thead.append(head);
    const tbody = V.el('tbody');
    for (const [label, key] of [['Registered', 'registered'], ['Unregistered', 'unregistered']]) {
      const tr = V.el('tr');
      const th = V.el('th', null, label);
      th.scope = 'row';
      tr.append(th);
      for (const shift of ['day', 'night']) {
        const s = st && st[shift];
        if (!s || !s.reported) {
          tr.append(V.el('td', 'muted', '— no return'));
          continue;
        }
        const td = V.el('td');
        const fill = s[key + 'FillRatePercent'];
        td.append(V.el('span', 'big', s[key + 'Actual'] + ' (' + s[key + 'Planned'] + ')'));
        if (typeof fill === 'number') {
          // judged and shown as the server gives it (one decimal): 89.5 % rounded to "90%" would hide the marker
          const low = fill < V.meta().walls.staffingFillRateLowPercent;
          td.append(V.el('span', 'fill' + (low ? ' low' : ''), (low ? ' ▼ ' : ' ') + fill + '%'));
        }
        tr.append(td);
      }
      tbody.append(tr);
    }
    table.append(thead, tbody);
    body.append(table);
  }

  function renderAssessments(body, byKind, s) {
    // The patients with any outstanding as the figure; below it the kinds, largest first, two to a row. The tile
    // has room for four: with more, the three largest and the rest summed, so it never overflows its title.
    const any = num(s.patientsWithOutstandingAssessments);
    const v = V.el('p', 'value', any === undefined ? '—' : any);
    v.dataset.value = any === undefined ? '' : String(any);
    const head = V.el('div', 'value-row');
    head.append(v, V.el('p', 'sub', any === 1 ? 'patient with any' : 'patients with any'));
    const kinds = Object.keys(byKind || {}).filter(k => byKind[k] > 0).sort((a, b) => byKind[b] - byKind[a]);
    const shown = kinds.length > 4 ? kinds.slice(0, 3) : kinds;
    const dl = V.el('dl', 'kinds');
    for (const k of shown) {
      const d = V.el('div', 'kind-count');
      d.append(V.el('dt', null, V.label('assessmentKind', k)), V.el('dd', null, byKind[k]));
      dl.append(d);
    }
    if (kinds.length > shown.length) {
      const rest = kinds.slice(shown.length);
      const d = V.el('div', 'kind-count');
      d.title = rest.map(k => V.label('assessmentKind', k) + ' ' + byKind[k]).join(', ');
      d.append(V.el('dt', null, rest.length + ' more kinds'), V.el('dd', null, rest.reduce((n, k) => n + byKind[k], 0)));
      dl.append(d);
    }
    body.append(head, dl);
  }

  function renderReliability(body, counts) {
    const ul = V.el('ul', 'rating');
    for (const r of ['1', '2', '3', '4', '5']) {
      const li = V.el('li');
      li.append(V.el('span', 'r-label', r + ':'), V.el('span', 'r-count', (counts && counts[r]) || 0));
      ul.append(li);
    }
    body.append(ul);
  }

  const STATE_ICON = {RAISED: '●', ESCALATED: '▲', ACKNOWLEDGED: '✓', ACCEPTED: '✓'};

  /** Who has the alert, and a standing "not escalating" decision: everyone on the ward sees both. */
  function who(a) {
    const parts = [];
    if (a.acceptedBy) parts.push('accepted by ' + a.acceptedBy + ' (' + V.roleName(a.acceptedRole) + ')');
    else if (a.acknowledgedAt) {
      parts.push('acknowledged by ' + a.acknowledgedBy + (a.acknowledgedRole ? ' (' + a.acknowledgedRole + ')' : ''));
    }
    if (a.notEscalating) parts.push(V.notEscalating(a.notEscalating));
    return parts.join(' · ');
  }

  function renderAlerts(s) {
    const list = document.getElementById('alert-list');
    const alerts = (s.alerts || []).slice().sort((a, b) =>
      (V.severityRank(a.severity) - V.severityRank(b.severity)) || (Date.parse(b.raisedAt) - Date.parse(a.raisedAt)));
    document.getElementById('alert-count').textContent = '(' + alerts.length + ')';
    const items = [];
    if (!alerts.length) {
      items.push(V.el('li', 'none', '✓ No active alerts'));
    }
    for (const a of alerts) {
      const li = V.el('li', 'alert sev-' + a.severity.toLowerCase() + ' st-' + a.state.toLowerCase());
      li.dataset.alert = a.id;
      const kind = V.label('alertKind', a.kind);
      li.append(
        V.el('span', 'sev', V.severity(a.severity)),
        V.el('span', 'bed', a.bed ? 'Bed ' + a.bed : 'Ward'),
        V.el('span', 'kind', kind),
        V.el('span', 'detail', [a.detail, who(a)].filter(Boolean).join(' · ')),
        V.el('span', 'state', (STATE_ICON[a.state] || '') + ' ' + V.label('alertState', a.state)),
        V.el('span', 'age', V.age(V.now() - Date.parse(a.raisedAt))));
      if (canAck && a.state !== 'ACKNOWLEDGED' && a.state !== 'ACCEPTED') {
        const b = V.el('button', 'ack', 'Acknowledge');
        b.type = 'button';
        b.setAttribute('aria-label', 'Acknowledge ' + kind + ' alert, bed ' + (a.bed || 'none'));
        b.addEventListener('click', () => window.VigilAck.open(a, hello));
        li.append(b);
      } else {
        li.append(V.el('span', 'ack-space'));
      }
      items.push(li);
    }
    V.redrawList(list, items, 'alert'); // every push and every 30 s: drawn only when an alert changed
    // Fit the screen without scrolling: hide what overflows and say how many more there are.
    V.fitList(list, document.getElementById('alert-more'), n => '+ ' + n + ' more (less severe or older)');
  }

  function render() {
    if (!snapshot) return;
    const s = snapshot;
    document.getElementById('ward-name').textContent = s.name || wardId;
    document.getElementById('ward-place').textContent = [s.trustName, s.placeName].filter(Boolean).join(' · ');
    document.title = (s.name || wardId) + ' · Vigil ward wall';
    for (const t of TILES) renderTile(t, s);
    renderAlerts(s);
  }

  V.connect('ward', wardId, function (m) {
    if (m.type === 'hello') {
      canAck = !!m.canAck;
      hello = m;
    } else if (m.type === 'ward') {
      snapshot = m.unit;
      render();
    }
  }, 'ward ' + wardId);
  // Ages and feed windows move with time even when nothing arrives.
  setInterval(render, 30000);
  window.addEventListener('resize', render);
})();
