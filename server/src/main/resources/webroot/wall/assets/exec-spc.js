'use strict';
/*
 * The executive wall's SPC icons: each ward card carries, in its own link to the ward's SPC charts
 * (/report/unit/{id}), the Making Data Count variation icon of each of the wall's key metrics
 * (policies.spc.wallMetrics) that shows a special cause on its last day, as GET /api/v1/spc/{ward} gives them —
 * concerns first, at most three; with none, one grey C (common cause) or, with too few days everywhere, one
 * dashed icon that says so. They sit on the card's last line, beside its beds, where a busy card has no room for
 * a row of its own (assurance icons are on the unit's page and the board report). Its own module: the wall's cards are redrawn on every push, so it decorates each card as it appears, from
 * figures fetched when a ward is first seen and every ten minutes (daily values change at midnight, or with a
 * late record). Icons come from VigilSpc (letters and names, never colour alone).
 */
(function () {
  const S = window.VigilSpc;
  const REFRESH_MS = 10 * 60 * 1000;
  const byWard = new Map();   // ward id → {at, listing}
  const grid = document.getElementById('ward-grid');

  const ORDER = {CONCERN: 0, NEITHER: 1, IMPROVEMENT: 2};

  /** The key metrics' icons worth a place on the card: special causes, concerns first; else one that sums up. */
  function shown(listing) {
    const keys = listing.wallMetrics.map(id => listing.metrics.find(x => x.metric === id)).filter(Boolean);
    const special = keys.filter(m => m.variationIcon && m.variationIcon !== 'COMMON_CAUSE')
      .sort((a, b) => ORDER[/_(IMPROVEMENT|CONCERN|NEITHER)_/.exec(a.variationIcon)[1]]
        - ORDER[/_(IMPROVEMENT|CONCERN|NEITHER)_/.exec(b.variationIcon)[1]]);
    if (special.length) {
      return special.slice(0, 3).map(m => S.icons({variationIcon: m.variationIcon, points: m.points}, null, m.label));
    }
    const judged = keys.filter(m => m.variationIcon);
    const few = keys.filter(m => !m.variationIcon).map(m => m.label);
    if (!judged.length) {
      return [S.icons({variationIcon: null, points: Math.max(0, ...keys.map(m => m.points))}, null,
        'Key metrics')];
    }
    return [S.icons({variationIcon: 'COMMON_CAUSE'}, null, judged.map(m => m.label).join(', ')
      + (few.length ? ' (too few days: ' + few.join(', ') + ')' : ''))];
  }

  function strip(li, listing) {
    const old = li.querySelector('.spc-strip');
    if (old) old.remove();
    const a = document.createElement('a');
    a.className = 'spc-strip';
    a.href = '/report/unit/' + encodeURIComponent(listing.unit);
    const hidden = document.createElement('span');
    hidden.className = 'visually-hidden';
    hidden.textContent = 'SPC charts of ' + listing.unitName + ': ';
    a.append(hidden, ...shown(listing));
    li.append(a);
  }

  function decorate() {
    for (const li of grid.querySelectorAll('li.ward-tile')) {
      const ward = li.dataset.unit;
      const known = byWard.get(ward);
      if (known && known.listing && !li.querySelector('.spc-strip')) strip(li, known.listing);
      if (!known || Date.now() - known.at > REFRESH_MS) load(ward);
    }
    legend();
  }

  function load(ward) {
    byWard.set(ward, Object.assign(byWard.get(ward) || {}, {at: Date.now()}));
    S.get('/api/v1/spc/' + encodeURIComponent(ward)).then(listing => {
      byWard.get(ward).listing = listing;
      for (const li of grid.querySelectorAll('li.ward-tile')) {
        if (li.dataset.unit === ward) strip(li, listing);
      }
      legend();
    }).catch(() => { /* the icons wait for the next try; the wall itself goes on */ });
  }

  /** Once: which icon is which, in words, under the wall's own note. */
  function legend() {
    if (document.getElementById('spc-note')) return;
    const any = [...byWard.values()].find(w => w.listing);
    if (!any) return;
    const names = any.listing.wallMetrics.map(id => (any.listing.metrics.find(m => m.metric === id) || {label: id}).label);
    const p = document.createElement('p');
    p.id = 'spc-note';
    p.className = 'note spc-note';
    p.textContent = 'SPC, beside each card\'s beds (daily, to yesterday): the special causes of ' + names.join(' · ')
      + ' (H / L high / low; blue improvement, orange concern); C: all common cause; dashed: too few days.';
    const note = document.querySelector('.wards .note');
    (note || grid).after(p);
  }

  new MutationObserver(decorate).observe(grid, {childList: true});
  setInterval(decorate, 60000);
})();
