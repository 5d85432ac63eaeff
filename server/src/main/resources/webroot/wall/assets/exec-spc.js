'use strict';
/*
 * The executive wall's SPC icons: each ward card carries, in its own link to the ward's SPC charts
 * (/report/unit/{id}), the Making Data Count variation icon of each of the wall's key metrics
 * (policies.spc.wallMetrics) and the assurance icon where a metric has a target, as GET /api/v1/spc/{ward} gives
 * them. Its own module: the wall's cards are redrawn on every push, so it decorates each card as it appears, from
 * figures fetched when a ward is first seen and every ten minutes (daily values change at midnight, or with a
 * late record). Icons come from VigilSpc (letters and names, never colour alone).
 */
(function () {
  const S = window.VigilSpc;
  const REFRESH_MS = 10 * 60 * 1000;
  const byWard = new Map();   // ward id → {at, listing}
  const grid = document.getElementById('ward-grid');

  function strip(li, listing) {
    const old = li.querySelector('.spc-strip');
    if (old) old.remove();
    const a = document.createElement('a');
    a.className = 'spc-strip';
    a.href = '/report/unit/' + encodeURIComponent(listing.unit);
    const word = document.createElement('span');
    word.className = 'spc-word';
    word.textContent = 'SPC';
    const hidden = document.createElement('span');
    hidden.className = 'visually-hidden';
    hidden.textContent = ' charts of ' + listing.unitName + ': ';
    a.append(word, hidden);
    for (const id of listing.wallMetrics) {
      const m = listing.metrics.find(x => x.metric === id);
      if (m) a.append(S.icons(m, null, m.label));
    }
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
    p.textContent = 'SPC, under each card (daily, to yesterday): ' + names.join(' · ')
      + '. H / L special cause high / low, C common cause; P / F / ? target pass / fail / hit or miss.';
    const note = document.querySelector('.wards .note');
    (note || grid).after(p);
  }

  new MutationObserver(decorate).observe(grid, {childList: true});
  setInterval(decorate, 60000);
})();
