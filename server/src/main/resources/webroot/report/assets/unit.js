'use strict';
/*
 * A unit's (or roll-up's) SPC charts: every metric it keeps, one XmR chart each, with its icons and the server's
 * reading of each signal. /report/unit/{id}, the token in the link's fragment (#token=…), as the walls take it.
 */
(function () {
  const S = window.VigilSpc;
  window.Vigil.takeToken();
  const id = decodeURIComponent(location.pathname.split('/')[3] || '');
  const status = document.getElementById('status');

  function section(c) {
    const sec = document.createElement('section');
    sec.className = 'metric';
    sec.dataset.metric = c.metric;
    sec.setAttribute('aria-labelledby', 'h-' + c.metric);
    const head = document.createElement('div');
    head.className = 'metric-head';
    const h = document.createElement('h2');
    h.id = 'h-' + c.metric;
    h.textContent = c.label;
    head.append(h, S.icons(c, 32, c.label), S.facts(c));
    sec.append(head, S.readings(c), S.chart(c));
    return sec;
  }

  S.get('/api/v1/spc/' + encodeURIComponent(id)).then(unit => {
    document.getElementById('title').textContent = unit.unitName + ' — SPC charts';
    document.title = unit.unitName + ' · Vigil SPC charts';
    return Promise.all(unit.metrics.map(m =>
      S.get('/api/v1/spc/' + encodeURIComponent(id) + '/' + m.metric)));
  }).then(charts => {
    const main = document.getElementById('charts');
    main.append(S.legend());
    for (const c of charts) main.append(section(c));
    status.textContent = charts.length + ' metrics, daily values to ' + S.lastDay(charts);
    document.body.dataset.ready = 'true';
  }).catch(e => {
    status.textContent = 'Could not load the charts: ' + e.message;
    status.classList.add('error');
    document.body.dataset.ready = 'error';
  });
})();
