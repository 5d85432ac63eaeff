'use strict';
/*
 * Shared by the wall pages and the responder page (on top of /common/vigil-common.js: the token, the server's
 * vocabulary): the socket (auth as the first message, reconnect with backoff, fresh snapshot on every reconnect),
 * the live/stale indicator, the full-screen notice when a screen is refused or its token has expired, the
 * "a rule failed" banner, and small formatting helpers (times of day are vigil-common.js's, in the organisation's
 * zone). No patient data ever reaches this code: the server sends beds, counts and alerts only.
 */
Object.assign(window.Vigil, (function () {
  const V = window.Vigil;
  /** The server's close code for a token outside its validity window (WallHub.TOKEN_WINDOW_CLOSED). */
  const TOKEN_WINDOW_CLOSED = 4001;

  /**
   * The server's wall clock, estimated from the hello and then each heartbeat (screens' clocks drift, and may be set
   * wrong): from the first message on, never the screen's own clock.
   */
  let serverOffset = 0;
  /**
   * The node this page's socket is connected to: answers to alerts go to it, so a screen that fell back to another
   * node of a cluster can still acknowledge (that node allows the page's origin: docs/cluster.md).
   */
  let nodeBase = location.origin;
  function api(path) {
    return nodeBase + path;
  }
  function now() {
    return Date.now() + serverOffset;
  }

  /** Each severity's shape (docs/walls.md): colour never carries it alone. */
  const SEVERITY_SHAPE = {HIGH: '▲', MEDIUM: '◆', LOW: '●'};

  /** An alert's severity as every page shows it, shape and word: severity('LOW') → "● Low". */
  function severity(s) {
    return SEVERITY_SHAPE[s] + ' ' + V.label('severity', s);
  }

  /** 0 for the most severe: the server lists the severities most severe first (GET /api/v1/meta, the enum's order). */
  function severityRank(s) {
    return Object.keys(V.meta().enums.severity).indexOf(s);
  }

  /**
   * A standing "not escalating" decision, as the ward wall and /respond both say it. ‖ rather than ⏸ (U+23F8): the
   * pages' fonts (DejaVu Sans, Liberation Sans) have no ⏸, and it showed as an empty box.
   */
  function notEscalating(n) {
    return '‖ not escalating until ' + V.hhmm(Date.parse(n.until)) + ': ' + n.reason + ' (' + n.by + ')';
  }

  /**
   * When the unit's feed (an id of GET /api/v1/meta's walls.feeds, the server's WallFeed: census, obs, doses…)
   * last delivered, epoch ms, or 0 if it never did: the latest of its event types in the unit's lastEventAt.
   */
  function feedLast(unit, id) {
    let last = 0;
    const seen = unit.lastEventAt || {};
    for (const type of V.meta().walls.feeds[id].types) {
      if (seen[type]) last = Math.max(last, Date.parse(seen[type]));
    }
    return last;
  }

  /**
   * How long the feed has been quiet when that is past its window (its figures no longer believable), else 0. By
   * V.now(), which a wall as it was (asat.js) sets to its instant.
   */
  function feedQuietPast(unit, id) {
    const last = feedLast(unit, id);
    const quiet = V.now() - last;
    return last && quiet > V.meta().walls.feeds[id].validityHours * 3600000 ? quiet : 0;
  }

  /** "12 min", "3 h", "2 d": how long ago, for alert ages and feed ages. */
  function age(ms) {
    const m = Math.max(0, Math.floor(ms / 60000));
    if (m < 60) return m + ' min';
    const h = Math.floor(m / 60);
    if (h < 48) return h + ' h';
    return Math.floor(h / 24) + ' d';
  }

  /**
   * Fits a list to its box without scrolling or clipping: the rows from the first that does not fit on are hidden
   * whole (the list is in priority order), and note says how many (say(n): "+ n more …"). The note takes a line
   * from the list's box when it appears, so the list is fitted again once it is written. Returns how many are hidden.
   */
  function fitList(list, note, say) {
    let hidden = hideOverflow(list);
    note.textContent = hidden ? say(hidden) : '';
    if (hidden) {
      hidden = hideOverflow(list);
      note.textContent = say(hidden);
    }
    return hidden;
  }

  function hideOverflow(list) {
    const box = list.getBoundingClientRect();
    let hidden = 0;
    for (const li of list.children) li.hidden = false;
    for (const li of list.children) {
      if (hidden || li.getBoundingClientRect().bottom > box.bottom + 1) {
        li.hidden = true;
        hidden++;
      }
    }
    return hidden;
  }

  /**
   * A screen that cannot show what it was opened for says so across the whole screen: what is wrong and what to
   * do. A small badge over empty tiles looks, from across a room, like a wall still loading. {@code id} names the
   * notice ("refused": the token may not read this; "token-expired": outside its validity window).
   */
  function cover(id, what, why, todo) {
    let box = document.getElementById(id);
    if (!box) {
      box = V.el('section', 'refused');
      box.id = id;
      box.setAttribute('role', 'alert');
      box.setAttribute('aria-labelledby', id + '-h');
      document.body.append(box);
    }
    const h = V.el('h2', 'refused-what', '✖ ' + what);
    h.id = id + '-h';
    box.replaceChildren(h, V.el('p', 'refused-why', why), V.el('p', 'refused-todo', todo));
    document.body.classList.add('is-refused');
  }

  function uncover() {
    for (const id of ['refused', 'token-expired']) {
      const box = document.getElementById(id);
      if (box) box.remove();
    }
    document.body.classList.remove('is-refused');
  }

  function refuse(what, why, todo) {
    cover('refused', what, why, todo);
  }

  /**
   * A token past its notAfter (or before its notBefore) covers the whole screen with the reason: the screen must
   * not go on showing data its token no longer grants, nor go blank as if the ward were empty.
   */
  function tokenWindowClosed(reason) {
    cover('token-expired', reason === 'token not yet valid' ? 'Token not yet valid' : 'Token expired',
      'This screen shows nothing until it has a valid token.',
      'Ask your Vigil administrator for a new link, or for the token to be renewed. This screen checks again '
      + 'every minute.');
  }

  /**
   * The units this page holds, each with its version (docs/walls.md, push protocol): a "ward", "tile" or
   * "overview" message sets them whole; a "delta" whose `from` is the version held is applied to it, and any other
   * asks the server for that unit whole again ("resync"). Pages never see a delta: they get the unit whole, as a
   * "ward" or "tile" message, so a page renders one kind of message however the server sent it.
   */
  function Units(view, send) {
    let held = {};
    const resyncing = {};
    function keep(id, version, unit) {
      held[id] = {version: version, unit: unit};
      delete resyncing[id];
    }
    /** Applies a delta to a held unit: changed fields whole, gone fields removed, alerts put in the server's order. */
    function apply(unit, d) {
      const u = Object.assign({}, unit, d.figures || {});
      (d.gone || []).forEach(function (k) { delete u[k]; });
      if (d.alerts) {
        const byId = {};
        (unit.alerts || []).forEach(function (a) { byId[a.id] = a; });
        d.alerts.removed.forEach(function (k) { delete byId[k]; });
        d.alerts.added.concat(d.alerts.changed).forEach(function (a) { byId[a.id] = a; });
        u.alerts = d.alerts.order.map(function (k) { return byId[k]; });
      }
      return u;
    }
    /** The message the page gets for `m` (a delta becomes its unit whole), or null when there is none yet. */
    function take(m) {
      if (m.type === 'ward' || m.type === 'tile') {
        keep(m.unit.id, m.version, m.unit);
      } else if (m.type === 'overview') {
        held = {};
        m.units.forEach(function (t) { keep(t.id, m.versions[t.id], t); });
      } else if (m.type === 'delta') {
        const h = held[m.unit];
        if (!h || h.version !== m.from) {
          if (!resyncing[m.unit]) {
            resyncing[m.unit] = true;
            send({type: 'resync', unit: m.unit});
          }
          return null;
        }
        const u = apply(h.unit, m);
        keep(m.unit, m.version, u);
        return {type: view === 'ward' ? 'ward' : 'tile', version: m.version, unit: u};
      }
      return m;
    }
    return {take: take};
  }

  /**
   * Opens the socket and keeps it open, once the server's vocabulary is loaded (so onMessage can use labels).
   * onMessage gets every message, deltas already applied (see Units); a "ward"/"overview" message is a full
   * snapshot (sent on every (re)connect), so reconnecting resynchronises by construction. what names the screen's
   * subject for the refused notice.
   */
  function connect(view, id, onMessage, what) {
    const stateEl = document.getElementById('conn-state');
    const asOfEl = document.getElementById('as-of');
    const tok = V.takeToken();
    let staleMs = 60000;
    let lastHeard = 0;
    let lastServerTime = 0;
    let backoff = 1000;
    let open = false;
    let problem = null;
    // A node of a cluster names every node (meta.nodes): a socket that drops tries the next one, so a screen whose
    // own node died goes on showing the ward from another (docs/cluster.md). This page's own origin comes first.
    let bases = [location.origin];
    let base = 0;

    function show() {
      const quiet = Date.now() - lastHeard;
      let cls;
      let text;
      if (!tok) {
        cls = 'error'; text = '✖ no wall token';
      } else if (problem) {
        cls = 'error'; text = '✖ ' + problem;
      } else if (open && lastHeard && quiet < staleMs) {
        cls = 'live'; text = '● live';
      } else if (lastHeard) {
        cls = 'stale'; text = '▲ STALE — no update for ' + age(quiet);
      } else {
        cls = 'connecting'; text = '◌ connecting';
      }
      if (stateEl.className !== 'conn-state ' + cls) stateEl.className = 'conn-state ' + cls;
      if (stateEl.textContent !== text) stateEl.textContent = text;
      document.body.classList.toggle('is-stale', cls !== 'live');
      asOfEl.textContent = 'as of ' + (lastServerTime ? V.hhmmss(lastServerTime) : '—');
    }

    function start() {
      const ws = new WebSocket(bases[base % bases.length].replace(/^http/, 'ws') + '/ws/wall');
      ws.onopen = function () {
        nodeBase = bases[base % bases.length];
        ws.send(JSON.stringify({type: 'auth', token: tok, view: view, id: id}));
      };
      const units = Units(view, function (m) { ws.send(JSON.stringify(m)); });
      ws.onmessage = function (ev) {
        const m = units.take(JSON.parse(ev.data));
        if (m !== null) ruleBanner(m);
        open = true;
        if (problem) uncover();
        problem = null;
        backoff = 1000;
        lastHeard = Date.now();
        if (m !== null && (m.type === 'hello' || m.type === 'heartbeat') && m.at) {
          serverOffset = Date.parse(m.at) - Date.now();
        }
        lastServerTime = now();
        if (m !== null) onMessage(m);
        show();
      };
      ws.onclose = function (ev) {
        open = false;
        if (ev.code === TOKEN_WINDOW_CLOSED) {
          problem = ev.reason || 'token expired';
          tokenWindowClosed(problem);
          backoff = 60000; // only a renewed token (an operator's change) can end this; check now and then
        } else if (ev.code === 1008) {
          problem = 'refused';
          const why = ev.reason || 'token not accepted';
          refuse('This screen may not show ' + what,
            'The server refused its link: ' + why + '.',
            'Open this wall with the link made for it, or ask your Vigil administrator for a link (token) that '
            + 'may read ' + what + '. This screen tries again every 30 seconds.');
          backoff = 30000; // a refused token will not start working by hammering the server
        } else {
          base++; // the node went away or never answered: in a cluster, the next node (alone: the same again)
        }
        show();
        const wait = backoff + Math.floor(Math.random() * 500);
        backoff = Math.min(backoff * 2, 30000);
        setTimeout(start, wait);
      };
    }

    setInterval(show, 1000);
    show();
    if (!tok) {
      refuse('This screen has no link to show ' + what,
        'It was opened without its token, so the server cannot tell what it may show.',
        'Open this wall with the full link it was given (the part after # is the token).');
      return;
    }
    V.loadMeta().then(m => {
      staleMs = m.walls.staleAfterSeconds * 1000;
      bases = bases.concat((m.nodes || []).filter(n => n !== location.origin));
      clockNote(m.clock);
      start();
    });
  }

  /**
   * A server on event time (--clock event: a replay or a simulation) moves its clock only when an event arrives,
   * so nothing falls overdue between events: a screen shows that beside its live indicator, where a ward manager
   * looks to know whether to trust it, lest a live ward be watched by a server that cannot see time pass.
   */
  function clockNote(clock) {
    if (clock !== 'event') return;
    // short, beside the live indicator: a longer note grew the header and took the tiles' room; the rest is said
    // to a screen reader and on hover
    const note = V.el('span', 'clock-mode', '⚠ event time');
    note.id = 'clock-mode';
    note.title = 'This server runs on event time (a replay or a simulation): observations, doses and assessments '
      + 'fall overdue only when a later event arrives, never between events.';
    note.append(V.el('span', 'visually-hidden', ': nothing falls overdue between events'));
    document.getElementById('conn').appendChild(note);
  }

  /**
   * "A rule failed — check manually": shown on every wall and responder page while the server reports a failing
   * rule. The list is system-wide and rides on the hello message and on every snapshot, tile or responder list,
   * so any of them brings it up to date.
   */
  function ruleBanner(m) {
    let failing;
    if (m.type === 'hello' || m.type === 'respond') failing = m.rulesFailing;
    else if ((m.type === 'ward' || m.type === 'tile') && m.unit) failing = m.unit.rulesFailing;
    else if (m.type === 'overview' && m.units && m.units.length) failing = m.units[0].rulesFailing;
    if (!Array.isArray(failing)) return;
    let banner = document.getElementById('rule-banner');
    if (!failing.length) {
      if (banner) banner.remove();
      return;
    }
    if (!banner) {
      banner = V.el('p', 'rule-banner');
      banner.id = 'rule-banner';
      banner.setAttribute('role', 'alert');
      const conn = document.getElementById('conn');
      conn.parentNode.insertBefore(banner, conn);
    }
    const text = '⚠ A rule failed — check manually: ' + failing.join(', ');
    if (banner.textContent !== text) banner.textContent = text;
  }

  return {connect: connect, api: api, now: now, age: age, fitList: fitList, severity: severity,
    severityRank: severityRank, notEscalating: notEscalating, feedLast: feedLast, feedQuietPast: feedQuietPast};
})());
