'use strict';
/*
 * The executive wall's SPC icons: each ward card carries, in its own link to the ward's SPC charts
 * (/report/unit/{id}), the Making Data Count icons of the wall's key metrics (policies.spc.wallMetrics) as
 * GET /api/v1/spc/{ward} gives them. A key metric earns a place when it says something: its variation icon when its
 * last day is a special cause, and, beside it as a pair, its assurance icon when the process will consistently fail
 * or pass the metric's target (F, P) — a fill rate that is steady (grey C) but can never reach its target is what a
 * board most needs to see, and it is no special cause. Hit and miss (?) says only that the target is inside the
 * limits: it is left to the unit's page and the board report, as the wall's note says. Concerns and failures come
 * first; pairs that do not fit beside the beds are dropped whole, last first, and counted ("+1"), never cut. With
 * nothing to say, one grey C (all common cause, no target failed or passed) or, with too few days everywhere, one
 * dashed icon that says so. Its own module: the wall's cards are redrawn on every push, so it decorates each card as
 * it appears, from figures fetched when a ward is first seen and every ten minutes (daily values change at
 * midnight, or with a late record). Icons come from VigilSpc (letters and names, never colour alone).
 */
(function () {
  const S = window.VigilSpc;
  const REFRESH_MS = 10 * 60 * 1000;
  const byWard = new Map();   // ward id → {at, listing}
  const grid = document.getElementById('ward-grid');

  const VARIATION_ORDER = {CONCERN: 0, NEITHER: 1, IMPROVEMENT: 2, COMMON: 3};

  /** What a variation icon judges: CONCERN, NEITHER, IMPROVEMENT, or COMMON (common cause). */
  function judged(icon) {
    const m = /_(IMPROVEMENT|CONCERN|NEITHER)_/.exec(icon);
    return m ? m[1] : 'COMMON';
  }

  /** The assurance worth a place on a card: a target the process will consistently fail or pass. */
  function assurance(m) {
    return m.assuranceIcon === 'FAIL' || m.assuranceIcon === 'PASS' ? m.assuranceIcon : null;
  }

  /** Most concerning first: a concern and a failed target, either, then by the variation, failures before passes. */
  function order(a, b) {
    const bad = m => (judged(m.variationIcon) === 'CONCERN' ? 1 : 0) + (m.assuranceIcon === 'FAIL' ? 1 : 0);
    return (bad(b) - bad(a))
      || (VARIATION_ORDER[judged(a.variationIcon)] - VARIATION_ORDER[judged(b.variationIcon)])
      || ((a.assuranceIcon === 'FAIL' ? 0 : 1) - (b.assuranceIcon === 'FAIL' ? 0 : 1));
  }

  /** The key metrics' icons worth a place on the card, most concerning first: one group a metric; else one that sums up. */
  function shown(listing) {
    const keys = listing.wallMetrics.map(id => listing.metrics.find(x => x.metric === id)).filter(Boolean);
    const telling = keys.filter(m => m.variationIcon && (judged(m.variationIcon) !== 'COMMON' || assurance(m)))
      .sort(order); // a stable sort: ties keep the wall's order of metrics
    if (telling.length) {
      return telling.map(m => {
        const group = S.icons({variationIcon: m.variationIcon, points: m.points, assuranceIcon: assurance(m),
          target: m.target, unitOfMeasure: m.unitOfMeasure}, null, m.label);
        group.dataset.metric = m.metric;
        if (assurance(m)) group.classList.add('pair');
        return group;
      });
    }
    const judgedKeys = keys.filter(m => m.variationIcon);
    const few = keys.filter(m => !m.variationIcon).map(m => m.label);
    if (!judgedKeys.length) {
      return [S.icons({variationIcon: null, points: Math.max(0, ...keys.map(m => m.points))}, null,
        'Key metrics')];
    }
    return [S.icons({variationIcon: 'COMMON_CAUSE'}, null, judgedKeys.map(m => m.label).join(', ')
      + (few.length ? ' (too few days: ' + few.join(', ') + ')' : ''))];
  }

  /** Where the text of the card's beds line ends (the line is as wide as the card; its words are not). */
  function bedsRight(li) {
    const beds = li.querySelector('.beds');
    if (!beds) return -Infinity;
    const range = document.createRange();
    range.selectNodeContents(beds);
    return range.getBoundingClientRect().right;
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
    const groups = shown(listing);
    a.append(hidden, ...groups);
    li.append(a);
    // beside the beds, never over them: the last (least concerning) groups go whole, and are counted
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
    const more = document.createElement('span');
    more.className = 'spc-more';
    const over = () => a.getBoundingClientRect().left < bedsRight(li) + 0.5 * rem;
    let dropped = 0;
    while (groups.length > 1 && over()) {
      groups.pop().remove();
      dropped += 1;
      more.replaceChildren(document.createTextNode('+' + dropped));
      const words = document.createElement('span');
      words.className = 'visually-hidden';
      words.textContent = dropped === 1 ? ' more key metric on the SPC page' : ' more key metrics on the SPC page';
      more.append(words);
      a.append(more);
    }
    // a card too narrow for even its first group and the count (three-figure beds): the count keeps only its words
    if (dropped && over()) more.className = 'spc-more visually-hidden';
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
    // as short as it can be said: a fourth line of note costs the wall a row of cards at 1080p
    p.textContent = 'SPC (daily, to yesterday) of ' + names.join(' · ') + ': H / L special cause high / low, blue'
      + ' improvement, orange concern; F / P consistently fail / pass the target (hit and miss: unit page);'
      + ' C common cause; dashed: too few days.';
    const note = document.querySelector('.wards .note');
    (note || grid).after(p);
  }

  new MutationObserver(decorate).observe(grid, {childList: true});
  setInterval(decorate, 60000);
})();
