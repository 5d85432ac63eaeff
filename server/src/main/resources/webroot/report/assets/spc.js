'use strict';
/*
 * Making Data Count icons and XmR charts drawn as our own inline SVG (no chart library), for the executive wall,
 * the unit SPC page and the board report. Everything here draws what the server computed (GET /api/v1/spc/…):
 * the limits, each point's special cause, the icons and the readings come from the server's one calculator;
 * nothing is judged again here. Colour never carries meaning alone: every icon has a letter and an accessible
 * name, and special-cause points also differ in shape.
 */
window.VigilSpc = (function () {
  const NS = 'http://www.w3.org/2000/svg';
  /** The Making Data Count palette (reference/spc.md). */
  const COLOUR = {IMPROVEMENT: '#00B0F0', CONCERN: '#E46C0A', NEITHER: '#490092', COMMON: '#A6A6A6'};

  function svg(tag, attrs, text) {
    const e = document.createElementNS(NS, tag);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** What a variation icon says: colour, letter and words. */
  function variation(icon) {
    if (!icon) return null;
    if (icon === 'COMMON_CAUSE') return {colour: COLOUR.COMMON, letter: 'C', words: 'common cause variation'};
    const m = /^SPECIAL_CAUSE_(IMPROVEMENT|CONCERN|NEITHER)_(HIGH|LOW)$/.exec(icon);
    const side = m[2] === 'HIGH' ? 'high' : 'low';
    const what = {IMPROVEMENT: 'improvement', CONCERN: 'concern', NEITHER: 'neither improvement nor concern'}[m[1]];
    return {colour: COLOUR[m[1]], letter: m[2] === 'HIGH' ? 'H' : 'L', words: 'special cause ' + what + ', ' + side};
  }

  function assurance(icon) {
    if (!icon) return null;
    return {
      PASS: {colour: COLOUR.IMPROVEMENT, letter: 'P', words: 'assurance: will consistently pass the target'},
      FAIL: {colour: COLOUR.CONCERN, letter: 'F', words: 'assurance: will consistently fail the target'},
      HIT_OR_MISS: {colour: COLOUR.COMMON, letter: '?', words: 'assurance: will hit and miss the target'}
    }[icon];
  }

  /**
   * The letters drawn as strokes on a 24-unit grid, not as text: an icon then reads the same at any size and on any
   * screen, and carries no text node of its own (its words are its accessible name).
   */
  const LETTER = {
    H: 'M8 6.5V17.5M16 6.5V17.5M8 12H16',
    L: 'M9 6.5V17.5H16',
    C: 'M16.2 8.2A5.6 5.6 0 1 0 16.2 15.8',
    P: 'M9 17.5V6.5H13A3.2 3.2 0 0 1 13 12.9H9',
    F: 'M15.5 6.5H9V17.5M9 12H14',
    '?': 'M8.8 9.2A3.3 3.3 0 1 1 13.2 12.3Q12 13 12 14.6M12 17.3V17.6',
    '–': 'M8 12H16'
  };

  /** One round icon: a filled disc, its letter, and its name for screen readers. */
  function disc(d, size, label) {
    const s = svg('svg', {viewBox: '0 0 24 24', role: 'img', 'aria-label': label, 'class': 'spc-icon'});
    if (size) { s.setAttribute('width', size); s.setAttribute('height', size); }
    s.append(svg('title', {}, label));
    if (d) {
      s.dataset.letter = d.letter;
      s.append(svg('circle', {cx: 12, cy: 12, r: 11, fill: d.colour, stroke: '#000', 'stroke-width': 1}));
      s.append(svg('path', {d: LETTER[d.letter], fill: 'none', stroke: d.colour === COLOUR.NEITHER ? '#fff' : '#000',
        'stroke-width': 2.4, 'stroke-linecap': 'round', 'stroke-linejoin': 'round'}));
    } else {
      s.dataset.letter = '–';
      s.append(svg('circle', {cx: 12, cy: 12, r: 10.5, fill: 'none', stroke: '#767676', 'stroke-width': 1.5,
        'stroke-dasharray': '3 2'}));
      s.append(svg('path', {d: LETTER['–'], stroke: '#767676', 'stroke-width': 2.4, 'stroke-linecap': 'round'}));
    }
    return s;
  }

  /**
   * The variation and assurance icons of a metric (an entry of GET /api/v1/spc/{unit}), each named in words. With
   * too few points there is no icon, and the name says why (a hazard: limits from a handful of days mislead).
   */
  function icons(m, size, prefix) {
    const wrap = document.createElement('span');
    wrap.className = 'spc-icons';
    const name = (prefix ? prefix + ': ' : '');
    const v = variation(m.variationIcon);
    const few = 'too few days for SPC (' + (m.points || 0) + ' of 13)';
    wrap.append(disc(v, size, name + (v ? v.words : few)));
    const a = assurance(m.assuranceIcon);
    if (a) {
      // the target in the name: "fails the target" alone leaves a listener asking which
      const target = m.target === null || m.target === undefined ? ''
        : ' of ' + fmt(m.target) + (m.unitOfMeasure ? ' ' + m.unitOfMeasure : '');
      wrap.append(disc(a, size, name + a.words + target));
    } else if (m.target !== null && m.target !== undefined && !v) {
      wrap.append(disc(null, size, name + 'assurance: ' + few));
    }
    return wrap;
  }

  function fmt(v) {
    if (v === null || v === undefined) return '—';
    const a = Math.abs(v);
    return (a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2)).replace(/\.0+$|(\.\d*?)0+$/, '$1');
  }

  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  function day(iso) {
    const [y, m, d] = iso.split('-').map(Number);
    return d + ' ' + MONTHS[m - 1];
  }

  /**
   * An XmR chart of one metric (GET /api/v1/spc/{unit}/{metric}): the values joined, each point coloured by what
   * the server says it shows (improvement, concern, neither, or common cause grey), the mean, the process limits,
   * and the target. Special-cause points are larger and outlined, so colour is not the only cue.
   */
  function chart(c, width, height) {
    const W = width || 760, H = height || 230;
    const pad = {l: 48, r: 92, t: 14, b: 30};
    const values = c.values || [];
    const s = svg('svg', {viewBox: '0 0 ' + W + ' ' + H, width: '100%', role: 'img', 'class': 'spc-chart'});
    const summary = c.label + ', ' + c.unitName + ': ' + values.length + ' days'
      + (values.length ? ' from ' + day(c.dates[0]) + ' to ' + day(c.dates[values.length - 1])
        + ', mean ' + fmt(c.mean) : '')
      + (c.upperProcessLimit !== null && c.upperProcessLimit !== undefined
        ? ', process limits ' + fmt(c.lowerProcessLimit) + ' to ' + fmt(c.upperProcessLimit)
        : ', no process limits (fewer than 13 days)')
      + (c.target !== null && c.target !== undefined ? ', target ' + fmt(c.target) : '')
      + '. ' + (variation(c.variationIcon) ? variation(c.variationIcon).words : '') + '.';
    s.setAttribute('aria-label', summary);
    s.append(svg('title', {}, summary));
    if (!values.length) {
      return document.createElement('span'); // nothing to draw: the readings say so
    }
    const lines = [c.mean, c.upperProcessLimit, c.lowerProcessLimit, c.target].filter(v => v !== null && v !== undefined);
    let lo = Math.min(...values, ...lines), hi = Math.max(...values, ...lines);
    if (hi === lo) { hi += 1; lo -= 1; }
    const span = hi - lo;
    lo -= span * 0.06; hi += span * 0.06;
    const x = i => pad.l + (values.length === 1 ? (W - pad.l - pad.r) / 2 : i * (W - pad.l - pad.r) / (values.length - 1));
    const y = v => pad.t + (hi - v) * (H - pad.t - pad.b) / (hi - lo);
    const axis = '#505a5f';
    s.append(svg('line', {x1: pad.l, y1: H - pad.b, x2: W - pad.r, y2: H - pad.b, stroke: axis}));
    s.append(svg('line', {x1: pad.l, y1: pad.t, x2: pad.l, y2: H - pad.b, stroke: axis}));
    for (const v of [lo + (hi - lo) * 0.06 / 1.12, hi - (hi - lo) * 0.06 / 1.12]) {
      s.append(svg('text', {x: pad.l - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 11, fill: axis}, fmt(v)));
    }
    // dates: the first, the last, and each first of a month between
    const ticks = [0];
    for (let i = 1; i < values.length - 1; i++) if (c.dates[i].endsWith('-01')) ticks.push(i);
    if (values.length > 1) ticks.push(values.length - 1);
    let lastX = -1e9;
    for (const i of ticks) {
      if (x(i) - lastX < 44 && i !== values.length - 1) continue;
      lastX = x(i);
      s.append(svg('text', {x: x(i), y: H - pad.b + 16, 'text-anchor': 'middle', 'font-size': 11, fill: axis},
        day(c.dates[i])));
    }
    function hline(v, attrs, label) {
      if (v === null || v === undefined) return;
      s.append(svg('line', Object.assign({x1: pad.l, x2: W - pad.r, y1: y(v), y2: y(v)}, attrs)));
      s.append(svg('text', {x: W - pad.r + 4, y: y(v) + 4, 'font-size': 11, fill: '#0b0c0c'}, label + ' ' + fmt(v)));
    }
    hline(c.upperProcessLimit, {stroke: '#505a5f', 'stroke-dasharray': '6 4', 'class': 'upl'}, 'UPL');
    hline(c.lowerProcessLimit, {stroke: '#505a5f', 'stroke-dasharray': '6 4', 'class': 'lpl'}, 'LPL');
    hline(c.mean, {stroke: '#0b0c0c', 'stroke-width': 1.5, 'class': 'mean'}, 'mean');
    hline(c.target, {stroke: '#d4351c', 'stroke-dasharray': '2 3', 'stroke-width': 2, 'class': 'target'}, 'target');
    let path = '';
    values.forEach((v, i) => { path += (i ? 'L' : 'M') + x(i).toFixed(1) + ' ' + y(v).toFixed(1); });
    s.append(svg('path', {d: path, fill: 'none', stroke: '#A6A6A6', 'stroke-width': 1.5}));
    (c.points || []).forEach((p, i) => {
      const special = p.specialCause;
      const dot = svg('circle', {cx: x(i), cy: y(p.value), r: special ? 4 : 2.5,
        fill: special ? COLOUR[special] : COLOUR.COMMON, stroke: special ? '#000' : 'none', 'stroke-width': 0.8,
        'class': 'pt' + (special ? ' sc-' + special.toLowerCase() : '')});
      dot.append(svg('title', {}, day(c.dates[i]) + ': ' + fmt(p.value)
        + (special ? ' — special cause, ' + special.toLowerCase() + ' (' + p.rules.join(', ').toLowerCase() + ')' : '')));
      s.append(dot);
    });
    return s;
  }

  /** A key to the chart's colours and lines, in words. */
  function legend() {
    const ul = document.createElement('ul');
    ul.className = 'spc-legend';
    for (const [colour, words] of [[COLOUR.IMPROVEMENT, 'special cause: improvement'],
      [COLOUR.CONCERN, 'special cause: concern'], [COLOUR.NEITHER, 'special cause: neither'],
      [COLOUR.COMMON, 'common cause']]) {
      const li = document.createElement('li');
      const s = svg('svg', {viewBox: '0 0 10 10', width: 12, height: 12, 'aria-hidden': 'true'});
      s.append(svg('circle', {cx: 5, cy: 5, r: 4, fill: colour, stroke: '#000', 'stroke-width': 0.8}));
      li.append(s, document.createTextNode(' ' + words));
      ul.append(li);
    }
    const li = document.createElement('li');
    li.textContent = 'dashed: process limits (mean ± 2.66 × mean moving range); dotted red: target';
    ul.append(li);
    return ul;
  }

  /**
   * The server's plain-words reading of each signal, as a list; without one, why not in words: no day yet, too few
   * days for limits (a chart of a handful of days must not read as "nothing special"), or common cause only.
   */
  function readings(c) {
    const ul = document.createElement('ul');
    ul.className = 'readings';
    const n = (c.values || []).length;
    if (!c.readings.length) {
      const li = document.createElement('li');
      li.className = 'none';
      li.textContent = n === 0 ? 'No whole day with a value yet.'
        : c.upperProcessLimit === null ? 'Too few days for SPC (' + n + ' of 13): no limits or signals yet.'
          : 'No signal: common cause variation only.';
      ul.append(li);
    }
    for (const r of c.readings) {
      const li = document.createElement('li');
      li.textContent = r;
      ul.append(li);
    }
    return ul;
  }

  /** A metric's facts in words: its unit, which way is better, its target and today's value so far. */
  function facts(c) {
    const span = document.createElement('span');
    span.className = 'facts';
    span.textContent = c.unitOfMeasure + ' · better ' + {UP: 'higher', DOWN: 'lower', NEITHER: 'neither way'}[c.improvement]
      + (c.target !== null ? ' · target ' + fmt(c.target) : '')
      + (c.todayValue !== null ? ' · today so far ' + fmt(c.todayValue) : '');
    return span;
  }

  /** GET a JSON answer with the page's token (from the link's fragment, as the walls take it). */
  function get(path) {
    return fetch(path, {headers: {Authorization: 'Bearer ' + window.Vigil.token()}}).then(r => {
      if (!r.ok) return r.json().catch(() => ({})).then(b => { throw new Error(r.status + ' ' + (b.error || path)); });
      return r.json();
    });
  }

  /** The latest whole day any of the charts has, in words, or a dash. */
  function lastDay(charts) {
    const last = charts.map(c => c.dates[c.dates.length - 1]).filter(Boolean).sort();
    return last.length ? day(last[last.length - 1]) : '—';
  }

  return {lastDay: lastDay, icons: icons, chart: chart, legend: legend, get: get, readings: readings, facts: facts, fmt: fmt, day: day, variation: variation,
    assurance: assurance, COLOUR: COLOUR};
})();
