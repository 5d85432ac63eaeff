'use strict';
/*
 * The community view (/wall/carehomes): every care home the token may read (read:place:X or read:system), ranked
 * by residents at URGENT or EMERGENCY level (more at EMERGENCY first on a tie: 999 beats an urgent GP), then overdue repeat observations, then time since the last
 * submission (longest first: silence is a risk too). Pushed over /ws/wall like the other walls; a tile carries
 * counts and times only, never a resident id.
 */
(function () {
  const V = window.Vigil;
  const place = new URLSearchParams(location.search).get('place') || '';
  const homes = new Map();
  /** A home quiet longer than this is marked (GET /api/v1/meta: the 12-hourly routine round, plus an hour). */
  function silentMs() {
    return V.meta().walls.careHomeQuietHours * 3600 * 1000;
  }

  function last(h) {
    return h.lastSubmissionAt ? Date.parse(h.lastSubmissionAt) : 0;
  }

  function emergency(h) {
    return (h.residentsByLevel || {}).EMERGENCY || 0;
  }

  function ranked() {
    return [...homes.values()].sort((a, b) =>
      (b.residentsUrgentOrEmergency || 0) - (a.residentsUrgentOrEmergency || 0)
      || emergency(b) - emergency(a)
      || (b.repeatObservationsOverdue || 0) - (a.repeatObservationsOverdue || 0)
      || last(a) - last(b)
      || a.name.localeCompare(b.name));
  }

  function cell(text, cls) {
    return V.el('td', cls, text);
  }

  function render() {
    const body = document.getElementById('homes-body');
    body.replaceChildren();
    ranked().forEach((h, i) => {
      const tr = V.el('tr', 'home-row');
      tr.dataset.unit = h.id;
      tr.dataset.urgent = String(h.residentsUrgentOrEmergency || 0);
      const levels = h.residentsByLevel || {};
      const urgent = h.residentsUrgentOrEmergency || 0;
      const overdue = h.repeatObservationsOverdue || 0;
      const name = V.el('th', 'home-name');
      name.scope = 'row';
      name.append(V.el('span', 'h-name', h.name), V.el('span', 'h-place', h.placeName || ''));
      const urgentCell = cell(urgent ? '▲ ' + urgent : '○ 0', urgent ? 'hot n-urgent' : 'n-urgent');
      if (emergency(h)) urgentCell.append(V.el('span', 'sub-count', '■ ' + emergency(h) + ' ' + V.label('restore2Level', 'EMERGENCY')));
      tr.append(cell('#' + (i + 1), 'rank'), name, urgentCell,
        cell(String(levels.GP_REVIEW || 0), (levels.GP_REVIEW || 0) ? 'warm' : null),
        cell(String(levels.INFORM_SENIOR || 0)),
        cell(overdue ? '▲ ' + overdue : '0', overdue ? 'hot n-overdue' : 'n-overdue'),
        cell(String(h.residentsObserved || 0)));
      const t = last(h);
      const when = V.el('td', 'n-last');
      if (t) {
        const quiet = V.now() - t;
        when.append(V.el('span', null, V.hhmm(t)),
          V.el('span', quiet > silentMs() ? 'ago warm' : 'ago', (quiet > silentMs() ? '◆ ' : '') + V.age(quiet) + ' ago'));
      } else {
        when.textContent = '— none yet';
      }
      tr.append(when);
      body.append(tr);
    });
  }

  V.connect('carehomes', place, function (m) {
    if (m.type === 'hello') {
      document.getElementById('h-gp').textContent = V.label('restore2Level', 'GP_REVIEW');
      document.getElementById('h-senior').textContent = V.label('restore2Level', 'INFORM_SENIOR');
      document.getElementById('homes-title').textContent = m.title;
    } else if (m.type === 'overview') {
      homes.clear();
      for (const h of m.units) homes.set(h.id, h);
      render();
    } else if (m.type === 'tile') {
      homes.set(m.unit.id, m.unit);
      render();
    }
  }, place ? 'the care homes of ' + place : 'these care homes');
  setInterval(render, 30000); // "time since" keeps moving between pushes
})();
