'use strict';
/*
 * The board report: /report/board/{trust}, /report/board/place/{id}, /report/board/system. First the icon summary
 * matrix (metric × unit, with the roll-up first), as boards read it; then each metric's XmR chart for the roll-up
 * with the server's reading of every signal, its units' signals too, and (with ?wards=all) each unit's chart.
 * Printable on A4 landscape. The page sets body[data-ready] when everything is drawn (the PDF command waits for it).
 */
(function () {
  const S = window.VigilSpc;
  window.Vigil.takeToken();
  const parts = location.pathname.split('/').map(decodeURIComponent);
  const id = parts[3] === 'system' ? 'system' : parts[3] === 'place' ? 'place:' + parts[4] : 'trust:' + parts[3];
  const perUnit = new URLSearchParams(location.search).get('wards') === 'all';
  const status = document.getElementById('status');
  const api = (unit, metric) => S.get('/api/v1/spc/' + encodeURIComponent(unit) + (metric ? '/' + metric : ''));

  function cell(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function matrix(rollup, members) {
    const table = cell('table', undefined, 'matrix');
    table.append(cell('caption', 'Each cell: variation icon, assurance icon (where the metric has a target), and'
      + ' the latest whole day\'s value. Letters: H high, L low, C common cause; P pass, F fail, ? hit or miss.',
      'visually-hidden'));
    const head = cell('tr');
    const corner = cell('th', 'Metric');
    corner.scope = 'col';
    head.append(corner);
    for (const u of [rollup, ...members]) {
      const th = cell('th', u.unitName, u === rollup ? 'rollup' : null);
      th.scope = 'col';
      head.append(th);
    }
    const thead = cell('thead');
    thead.append(head);
    const tbody = cell('tbody');
    for (const m of rollup.metrics) {
      const tr = cell('tr');
      tr.dataset.metric = m.metric;
      const th = cell('th', m.label);
      th.scope = 'row';
      tr.append(th);
      for (const u of [rollup, ...members]) {
        const mine = u.metrics.find(x => x.metric === m.metric);
        const td = cell('td', undefined, u === rollup ? 'rollup' : null);
        td.dataset.unit = u.unit;
        if (!mine) {
          td.textContent = 'n/a';
        } else {
          td.append(S.icons(mine, 20, m.label + ', ' + u.unitName),
            cell('span', S.fmt(mine.latestValue), 'latest'));
        }
        tr.append(td);
      }
      tbody.append(tr);
    }
    table.append(thead, tbody);
    return table;
  }

  function metricSection(c, members, unitCharts) {
    const sec = cell('section', undefined, 'metric');
    sec.dataset.metric = c.metric;
    sec.setAttribute('aria-labelledby', 'h-' + c.metric);
    const head = cell('div', undefined, 'metric-head');
    const h = cell('h3', c.label + ' — ' + c.unitName);
    h.id = 'h-' + c.metric;
    head.append(h, S.icons(c, 28, c.label + ', ' + c.unitName), S.facts(c));
    const all = c.readings.slice();
    for (const u of members) {
      const mine = u.metrics.find(x => x.metric === c.metric);
      if (mine) all.push(...mine.readings);
    }
    sec.append(head, S.readings(Object.assign({}, c, {readings: all})), S.chart(c));
    if (unitCharts.length) {
      const grid = cell('div', undefined, 'ward-charts');
      for (const uc of unitCharts) {
        const box = cell('div');
        box.append(cell('h4', uc.unitName), S.chart(uc, 560, 190));
        grid.append(box);
      }
      sec.append(grid);
    }
    return sec;
  }

  api(id).then(rollup => {
    document.getElementById('title').textContent = 'Board safety report — ' + rollup.unitName;
    document.title = rollup.unitName + ' · Vigil board report';
    const members = rollup.members || [];
    status.textContent = 'Loading ' + members.length + ' units…';
    return Promise.all(members.map(u => api(u.id))).then(listings => {
      document.getElementById('matrix').append(matrix(rollup, listings));
      document.getElementById('key').append(S.legend());
      return Promise.all(rollup.metrics.map(m => Promise.all([
        api(id, m.metric),
        perUnit ? Promise.all(listings.filter(u => u.metrics.some(x => x.metric === m.metric))
          .map(u => api(u.unit, m.metric))) : Promise.resolve([])
      ]))).then(charts => {
        const box = document.getElementById('charts');
        for (const [c, unitCharts] of charts) box.append(metricSection(c, listings, unitCharts));
        const last = S.lastDay(charts.map(([c]) => c));
        document.getElementById('sub').textContent = rollup.metrics.length + ' metrics × ' + members.length
          + ' units · daily values to ' + last + ' · Making Data Count XmR charts (docs/spc.md)';
        status.textContent = perUnit ? 'With every unit\'s chart.' : '';
        const link = cell('a', 'Add every unit\'s chart', 'no-print');
        link.href = location.pathname + '?wards=all';
        if (!perUnit) status.append(link);
        document.body.dataset.ready = 'true';
      });
    });
  }).catch(e => {
    status.textContent = 'Could not load the report: ' + e.message;
    status.classList.add('error');
    document.body.dataset.ready = 'error';
  });
})();
