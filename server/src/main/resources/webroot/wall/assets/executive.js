'use strict';
/*
 * The executive wall: every ward as a tile ranked by its risk score (computed by the server, WardRiskScore),
 * roll-ups by place and trust, and the escalated alerts. A tile links to that ward's wall.
 */
(function () {
  const V = window.Vigil;
  const parts = location.pathname.split('/');
  const view = parts[2] === 'trust' ? 'trust' : 'system';
  const id = view === 'trust' ? decodeURIComponent(parts[3]) : '';
  const units = new Map();
  let title = null;

  function level(score) {
    if (score >= 20) return {cls: 'act', text: '▲ act now'};
    if (score > 0) return {cls: 'watch', text: '◆ watch'};
    return {cls: 'quiet', text: '○ quiet'};
  }

  function n(v) {
    return typeof v === 'number' ? v : undefined;
  }

  function ranked() {
    return [...units.values()].sort((a, b) => (b.risk.score - a.risk.score) || a.name.localeCompare(b.name));
  }

  function renderGrid(list) {
    const grid = document.getElementById('ward-grid');
    grid.replaceChildren();
    list.forEach((u, i) => {
      const lv = level(u.risk.score);
      const li = V.el('li', 'ward-tile level-' + lv.cls);
      li.dataset.unit = u.id;
      li.dataset.score = String(u.risk.score);
      const a = V.el('a');
      a.href = '/wall/ward/' + encodeURIComponent(u.id);
      a.append(V.el('p', 'rank', '#' + (i + 1) + ' · ' + u.id), V.el('p', 'w-name', u.name),
        V.el('p', 'w-trust', u.trustName || ''));
      const score = V.el('p', 'score');
      score.append(V.el('span', 'n', u.risk.score), document.createTextNode(' ' + lv.text));
      a.append(score);
      const dl = V.el('dl');
      const rows = [
        ['Escalated alerts', u.risk.escalated, true],
        ['NEWS2 ≥7', n(u.news2High), true],
        ['Red flags today', n(u.redFlagsToday), true],
        ['Critical doses missed', n(u.missedCriticalDosesToday), true],
        ['Outstanding assessments', n(u.patientsWithOutstandingAssessments), false],
        ['Patients / beds', (u.patients === undefined ? '—' : u.patients) + ' / ' + u.beds, false]
      ];
      for (const [label, value, alarm] of rows) {
        const dd = V.el('dd', alarm && value > 0 ? 'hot' : null, value === undefined ? '—' : value);
        dl.append(V.el('dt', null, label), dd);
      }
      a.append(dl);
      li.append(a);
      grid.append(li);
    });
  }

  function renderRollup(list) {
    const byPlace = new Map();
    for (const u of list) {
      const p = u.place || '—';
      if (!byPlace.has(p)) byPlace.set(p, {name: u.placeName || p, trusts: new Map()});
      const trusts = byPlace.get(p).trusts;
      const t = u.trust || '—';
      if (!trusts.has(t)) trusts.set(t, {name: u.trustName || t, wards: []});
      trusts.get(t).wards.push(u);
    }
    function sums(wards) {
      const s = {wards: wards.length, patients: 0, news2High: 0, escalated: 0, redFlags: 0, missed: 0, risk: 0};
      for (const u of wards) {
        s.patients += n(u.patients) || 0;
        s.news2High += u.risk.news2High;
        s.escalated += u.risk.escalated;
        s.redFlags += u.risk.redFlags;
        s.missed += u.risk.missedCriticalDoses;
        s.risk += u.risk.score;
      }
      return s;
    }
    function row(cls, label, s) {
      const tr = V.el('tr', cls);
      const th = V.el('th', null, label);
      th.scope = 'row';
      tr.append(th);
      for (const [v, hot] of [[s.wards], [s.patients], [s.news2High, 1], [s.escalated, 1], [s.redFlags, 1], [s.missed, 1], [s.risk, 1]]) {
        tr.append(V.el('td', hot && v > 0 ? 'hot' : null, v));
      }
      return tr;
    }
    const tbody = document.querySelector('#rollup tbody');
    tbody.replaceChildren();
    for (const place of byPlace.values()) {
      const all = [];
      for (const t of place.trusts.values()) all.push(...t.wards);
      tbody.append(row('place', place.name, sums(all)));
      for (const t of place.trusts.values()) tbody.append(row('trust', t.name, sums(t.wards)));
    }
  }

  function renderEscalated(list) {
    const esc = [];
    for (const u of list) for (const a of u.escalatedAlerts || []) esc.push({u: u, a: a});
    esc.sort((x, y) => Date.parse(x.a.escalatedAt || x.a.raisedAt) - Date.parse(y.a.escalatedAt || y.a.raisedAt));
    document.getElementById('esc-count').textContent = '(' + esc.length + ')';
    const ul = document.getElementById('esc-list');
    ul.replaceChildren();
    if (!esc.length) ul.append(V.el('li', 'none', '✓ No escalated alerts'));
    for (const {u, a} of esc) {
      const li = V.el('li');
      const link = V.el('a', null, u.name + ' · bed ' + (a.bed || '—'));
      link.href = '/wall/ward/' + encodeURIComponent(u.id);
      const what = V.el('span', 'e-what', '▲ ' + V.kind(a.kind) + (a.state === 'ACKNOWLEDGED' ? ' · ✓ ack ' + (a.acknowledgedBy || '') : ''));
      li.append(link, V.el('span', null, V.age(V.now() - Date.parse(a.raisedAt))), what);
      ul.append(li);
    }
    const box = ul.getBoundingClientRect();
    let hidden = 0;
    for (const li of ul.children) {
      li.hidden = false;
      if (li.getBoundingClientRect().bottom > box.bottom + 1) { li.hidden = true; hidden++; }
    }
    document.getElementById('esc-more').textContent = hidden ? '+ ' + hidden + ' more' : '';
  }

  function render() {
    const list = ranked();
    renderGrid(list);
    renderRollup(list);
    renderEscalated(list);
  }

  V.connect(view, id, function (m) {
    if (m.type === 'hello') {
      title = m.title;
      document.getElementById('exec-name').textContent = title;
      document.title = title + ' · Vigil executive wall';
    } else if (m.type === 'overview') {
      units.clear();
      for (const u of m.units) units.set(u.id, u);
      render();
    } else if (m.type === 'tile') {
      units.set(m.unit.id, m.unit);
      render();
    }
  });
  setInterval(render, 30000);
  window.addEventListener('resize', render);
})();
