'use strict';
/*
 * The executive wall: every ward as a card ranked by its risk score (computed by the server, WardRiskScore, with
 * its band), the escalations nobody has answered (acknowledged or accepted), and roll-ups by place and trust. A
 * card links to that ward's wall. The cards fill the space they have: as many columns and rows as fit cards
 * readable from across the room; wards beyond that (the lowest ranked) are counted, never squeezed.
 */
(function () {
  const V = window.Vigil;
  const parts = location.pathname.split('/');
  const view = parts[2] === 'trust' ? 'trust' : 'system';
  const id = view === 'trust' ? decodeURIComponent(parts[3]) : '';
  const units = new Map();
  const LEVEL_ICON = {ACT_NOW: '▲', WATCH: '◆', QUIET: '○'};
  /** A card needs about this much room (in rem) to show its name, score and reasons at wall size. */
  const CARD_MIN = {width: 17, height: 17};

  function n(v) {
    return typeof v === 'number' ? v : undefined;
  }

  function plural(k, one, many) {
    return k + ' ' + (k === 1 ? one : many);
  }

  function ranked() {
    return [...units.values()].sort((a, b) => (b.risk.score - a.risk.score) || a.name.localeCompare(b.name));
  }

  /** Columns and rows for the cards that fit; returns how many fit. */
  function layout(count) {
    const grid = document.getElementById('ward-grid');
    grid.style.setProperty('--cols', '1');
    grid.style.setProperty('--rows', '1');
    const box = grid.getBoundingClientRect();
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
    const gap = 0.5 * rem;
    const maxCols = Math.max(1, Math.floor((box.width + gap) / (CARD_MIN.width * rem + gap)));
    const maxRows = Math.max(1, Math.floor((box.height + gap) / (CARD_MIN.height * rem + gap)));
    const fit = Math.min(count, maxCols * maxRows);
    // at least a 3 × 2 grid where there is room, so one or two wards do not become screen-sized cards
    let cols = Math.max(Math.min(maxCols, 3), Math.min(maxCols, fit));
    const rows = Math.max(Math.min(maxRows, 2), Math.ceil(fit / cols));
    while (cols > Math.min(maxCols, 3) && Math.ceil(fit / (cols - 1)) <= rows) cols--;
    grid.style.setProperty('--cols', String(cols));
    grid.style.setProperty('--rows', String(rows));
    return fit;
  }

  /** The feeds the score is made of: one that delivered and then went quiet makes the card's figures unbelievable. */
  const SCORED_FEEDS = ['census', 'obs', 'doses', 'staffing'];

  /**
   * The signals behind a score, most urgent first; only those present. A feed quiet past its window comes first: a
   * ward whose observations stopped read "quiet" with no hint that its score was made of old figures (HAZ-07).
   */
  function reasons(u) {
    const r = u.risk;
    const out = [];
    for (const id of SCORED_FEEDS) {
      const quiet = V.feedQuietPast(u, id);
      if (quiet) out.push(['⚠ no ' + V.meta().walls.feeds[id].name + ' feed for ' + V.age(quiet), true]);
    }
    if (r.escalated) out.push([plural(r.escalated, 'escalation', 'escalations') + ' unanswered', true]);
    if (r.news2High) out.push([r.news2High + ' NEWS2 ≥7', true]);
    if (r.redFlags) out.push([plural(r.redFlags, 'staffing red flag', 'staffing red flags'), true]);
    if (r.missedCriticalDoses) out.push([plural(r.missedCriticalDoses, 'critical dose', 'critical doses') + ' missed', true]);
    if (r.outstandingAssessments) out.push([plural(r.outstandingAssessments, 'patient', 'patients') + ' with assessments due', false]);
    return out;
  }

  function card(u, rank) {
    const level = u.risk.level || 'QUIET';
    const li = V.el('li', 'ward-tile level-' + level.toLowerCase());
    li.dataset.unit = u.id;
    li.dataset.score = String(u.risk.score);
    const a = V.el('a');
    a.href = '/wall/ward/' + encodeURIComponent(u.id);
    a.title = '#' + rank + ' · ' + u.id + ' · ' + u.name + (u.trustName ? ', ' + u.trustName : '');
    const score = V.el('p', 'score');
    score.append(V.el('span', 'n', u.risk.score),
      V.el('span', 'level', LEVEL_ICON[level] + ' ' + V.label('wardRiskLevel', level)));
    const why = V.el('ul', 'why-list');
    for (const [text, hot] of reasons(u)) why.append(V.el('li', hot ? 'hot' : null, text));
    const patients = n(u.patients);
    // the order is the rank (an ordered list); the ward's code is in the link's title, for who needs it
    a.append(V.el('p', 'w-name', u.name), score, why,
      V.el('p', 'beds', (patients === undefined ? '—' : patients) + ' / ' + u.beds + ' beds'));
    li.append(a);
    return li;
  }

  /** Drops a card's last reasons (counting them) until it fits, keeping the first: a card never cuts text off. */
  function fitCard(li) {
    const a = li.firstChild;
    const why = a.querySelector('.why-list');
    const shown = [...why.children];
    const more = V.el('li', 'more');
    let dropped = 0;
    while (a.scrollHeight > a.clientHeight + 1 && shown.length > 1) {
      shown.pop().remove();
      dropped += 1;
      more.textContent = '+ ' + dropped + ' more';
      why.append(more);
    }
  }

  function renderGrid(list) {
    const grid = document.getElementById('ward-grid');
    grid.replaceChildren();
    const fit = layout(list.length);
    list.slice(0, fit).forEach((u, i) => grid.append(card(u, i + 1)));
    for (const li of grid.children) fitCard(li);
    const rest = list.length - fit;
    document.getElementById('wards-more').textContent = rest
      ? '+ ' + plural(rest, 'more ward', 'more wards') + ' with lower scores (open a trust’s wall to see them all)' : '';
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

  /** One line of figures: patients, then only the signals present (each one a concern), then the risk. */
  function figures(s) {
    const p = V.el('p', 'r-figs');
    const items = [[plural(s.wards, 'ward', 'wards')], [plural(s.patients, 'patient', 'patients')]];
    if (s.escalated) items.push([plural(s.escalated, 'unanswered escalation', 'unanswered escalations'), true]);
    if (s.news2High) items.push([s.news2High + ' NEWS2 ≥7', true]);
    if (s.redFlags) items.push([plural(s.redFlags, 'red flag', 'red flags'), true]);
    if (s.missed) items.push([s.missed + ' critical doses missed', true]);
    items.push(['risk ' + s.risk, s.risk > 0]);
    items.forEach(([text, hot], i) => {
      if (i) p.append(document.createTextNode(' · '));
      p.append(hot ? V.el('span', 'hot', text) : document.createTextNode(text));
    });
    return p;
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
    const ul = document.getElementById('rollup');
    ul.replaceChildren();
    for (const place of byPlace.values()) {
      const trusts = [...place.trusts.values()];
      if (trusts.length === 1) {
        // a place with one trust: one entry, not the same figures twice
        const li = V.el('li', 'place');
        li.append(V.el('p', 'r-name', place.name + ' — ' + trusts[0].name), figures(sums(trusts[0].wards)));
        ul.append(li);
        continue;
      }
      const li = V.el('li', 'place');
      li.append(V.el('p', 'r-name', place.name), figures(sums(trusts.flatMap(t => t.wards))));
      ul.append(li);
      for (const t of trusts) {
        const tl = V.el('li', 'trust');
        tl.append(V.el('p', 'r-name', t.name), figures(sums(t.wards)));
        ul.append(tl);
      }
    }
  }

  function renderEscalated(list) {
    const esc = [];
    for (const u of list) for (const a of u.escalatedAlerts || []) esc.push({u: u, a: a});
    // most severe first, then longest waiting: only the first rows fit, and those must be the ones that matter most
    esc.sort((x, y) => (V.severityRank(x.a.severity) - V.severityRank(y.a.severity))
      || (Date.parse(x.a.escalatedAt || x.a.raisedAt) - Date.parse(y.a.escalatedAt || y.a.raisedAt)));
    document.getElementById('esc-count').textContent = '(' + esc.length + ')';
    const ul = document.getElementById('esc-list');
    ul.replaceChildren();
    if (!esc.length) ul.append(V.el('li', 'none', '✓ Every escalation has been answered'));
    for (const {u, a} of esc) {
      const li = V.el('li', 'esc sev-' + a.severity.toLowerCase());
      li.dataset.alert = a.id;
      const link = V.el('a', null, u.name + (a.bed ? ' · bed ' + a.bed : ''));
      link.href = '/wall/ward/' + encodeURIComponent(u.id);
      // the detail says which (which assessment, which medicine); the kind's label when there is none
      const what = V.el('span', 'e-what', ' · ' + (a.detail || V.label('alertKind', a.kind)));
      what.prepend(V.el('span', 'sev', V.severity(a.severity)));
      li.append(link, V.el('span', 'e-age', V.age(V.now() - Date.parse(a.raisedAt))), what);
      ul.append(li);
    }
    V.fitList(ul, document.getElementById('esc-more'), n => '+ ' + n + ' more, less severe or waiting less long');
  }

  function render() {
    const list = ranked();
    renderGrid(list);
    renderRollup(list);
    renderEscalated(list);
  }

  V.connect(view, id, function (m) {
    if (m.type === 'hello') {
      document.getElementById('exec-name').textContent = m.title;
      document.title = m.title + ' · Vigil executive wall';
    } else if (m.type === 'overview') {
      units.clear();
      for (const u of m.units) units.set(u.id, u);
      render();
    } else if (m.type === 'tile') {
      units.set(m.unit.id, m.unit);
      render();
    }
  }, view === 'trust' ? 'the wards of trust ' + id : 'the wards of the system');
  setInterval(render, 30000);
  // Each list is fitted to the room it has, so it is fitted again whenever that room changes: a resize, or the SPC
  // note arriving under the cards after they were drawn (cards fitted to the taller grid lost their last line).
  new ResizeObserver(() => { if (units.size) renderGrid(ranked()); }).observe(document.getElementById('ward-grid'));
  new ResizeObserver(() => { if (units.size) renderEscalated(ranked()); }).observe(document.getElementById('esc-list'));
})();
