'use strict';
/*
 * The incident review page: no data in it; it reads GET /api/v1/incidents/{unit}/{patient}?from=&to= with the token
 * of its URL fragment (kept in sessionStorage, removed from the address bar, as the walls do) and lays the episode
 * out for a review meeting or for print. Pseudonymous id and bed only: the export carries nothing else.
 */
(function () {
  const KEY = 'vigil.reportToken';
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem(KEY, decodeURIComponent(m[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = sessionStorage.getItem(KEY);
  const parts = location.pathname.split('/');
  const unit = decodeURIComponent(parts[3] || '');
  const patient = decodeURIComponent(parts[4] || '');

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function when(iso) {
    return iso ? new Date(iso).toLocaleString('en-GB', {day: 'numeric', month: 'short', year: 'numeric',
      hour: '2-digit', minute: '2-digit', hour12: false, timeZoneName: 'short'}) : '—';
  }
  function row(tbody, cells) {
    const tr = el('tr');
    for (const c of cells) tr.append(c instanceof Node ? c : el('td', c === null || c === undefined ? '—' : c));
    tbody.append(tr);
  }
  function none(tbody, cols, text) {
    const td = el('td', text, 'empty');
    td.colSpan = cols;
    const tr = el('tr');
    tr.append(td);
    tbody.append(tr);
  }

  document.getElementById('print').addEventListener('click', () => window.print());
  const problem = document.getElementById('problem');
  if (!token) {
    problem.textContent = '✖ no token: open this review with its link (a governance token, audit:…)';
    return;
  }
  fetch('/api/v1/incidents/' + encodeURIComponent(unit) + '/' + encodeURIComponent(patient) + location.search,
    {headers: {Authorization: 'Bearer ' + token}, cache: 'no-store'})
    .then(r => r.json().then(b => { if (!r.ok) throw new Error(b.error || 'HTTP ' + r.status); return b; }))
    .then(render)
    .catch(e => { problem.textContent = '✖ ' + e.message; })
    .finally(() => document.getElementById('report').setAttribute('aria-busy', 'false'));

  function render(r) {
    document.getElementById('title').textContent = 'Patient ' + r.patient + (r.bed ? ' · bed ' + r.bed : '') + ' · '
      + r.unit.name + (r.unit.trustName ? ' · ' + r.unit.trustName : '');
    document.title = 'Incident review · ' + r.patient + ' · ' + r.unit.id;
    document.getElementById('period').textContent = 'From ' + when(r.from) + ' to ' + when(r.to);

    const obs = document.querySelector('#obs tbody');
    for (const o of r.observations) {
      const v = o.vitals;
      const p = o.news2.parameterScores;
      const score = el('td', o.news2.score + ' (' + o.news2.risk.toLowerCase().replace(/_/g, ' ') + ')',
        o.news2.score >= 5 ? 'high' : null);
      row(obs, [when(o.at), v.respirationRate, v.spo2, v.onOxygen ? 'yes' : 'air', v.systolicBp, v.pulse,
        v.consciousness, v.temperature, score, 'RR ' + p.respirationRate + ' · SpO₂ ' + p.spo2 + ' · O₂ ' + p.onOxygen
        + ' · BP ' + p.systolicBp + ' · pulse ' + p.pulse + ' · ACVPU ' + p.consciousness + ' · temp ' + p.temperature]);
    }
    if (!r.observations.length) none(obs, 10, 'No observations in the period');

    const alerts = document.getElementById('alerts');
    for (const a of r.alerts) {
      const box = el('article', null, 'alert');
      box.append(el('h3', a.kind.replace(/_/g, ' ') + ' · ' + a.severity + ' · raised ' + when(a.raisedAt)
        + ' · now ' + a.state));
      if (a.riskPosition) {
        box.append(el('p', 'Executive wall when raised: risk score ' + a.riskPosition.riskScore + ', rank '
          + a.riskPosition.rank + ' of ' + a.riskPosition.wardsInTrust + ' wards of the trust'));
      }
      const table = el('table');
      const head = el('tr');
      for (const h of ['Time', 'Transition', 'Who', 'Role', 'Reason or note']) {
        const th = el('th', h);
        th.scope = 'col';
        head.append(th);
      }
      const thead = el('thead');
      thead.append(head);
      const tbody = el('tbody');
      for (const t of a.history) {
        row(tbody, [when(t.at), t.type.replace(/_/g, ' ').toLowerCase(), t.by, t.role,
          [t.reason, t.note, t.detail, t.why].filter(Boolean).join(' · ') || '—']);
      }
      table.append(thead, tbody);
      box.append(table);
      alerts.append(box);
    }
    if (!r.alerts.length) alerts.append(el('p', 'No alerts for this patient in the period', 'empty'));

    const doses = document.querySelector('#doses tbody');
    for (const d of r.doses) {
      row(doses, [when(d.dueAt), d.medicine, d.critical ? 'yes' : 'no', d.outcome || 'not recorded', d.reason,
        when(d.recordedAt), d.missedAlert ? 'yes' : 'no']);
    }
    if (!r.doses.length) none(doses, 7, 'No doses due in the period');

    const staffing = document.querySelector('#staffing tbody');
    for (const s of r.staffing) {
      if (!s.reported) {
        row(staffing, [s.date, s.shift.toLowerCase(), 'no return', 'no return', '—', s.redFlags]);
        continue;
      }
      row(staffing, [s.date, s.shift.toLowerCase(), s.registeredActual + ' (' + s.registeredPlanned + ')',
        s.unregisteredActual + ' (' + s.unregisteredPlanned + ')',
        s.registeredFillRatePercent === null ? '—' : Math.round(s.registeredFillRatePercent) + '%', s.redFlags]);
    }
    if (!r.staffing.length) none(staffing, 6, 'No staffing figures (a care home, or no report)');

    const moves = document.querySelector('#moves tbody');
    for (const mv of r.movements) row(moves, [when(mv.at), mv.type, mv.bed]);
    if (!r.movements.length) none(moves, 3, 'No movements in the period');
  }
})();
