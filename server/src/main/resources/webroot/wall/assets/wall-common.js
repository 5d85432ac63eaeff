'use strict';
/*
 * Shared by the wall pages and the care-home tablet page: the token (taken once from the URL fragment, then kept in sessionStorage and
 * removed from the address bar), the socket (auth as the first message, reconnect with backoff, fresh snapshot
 * on every reconnect), the live/stale indicator and small formatting helpers. No patient data ever reaches
 * this code: the server sends beds, counts and alerts only.
 */
window.Vigil = (function () {
  const TOKEN_KEY = 'vigil.wallToken';
  const STALE_MS = 60000;
  /** The server's close code for a token outside its validity window (WallHub.TOKEN_WINDOW_CLOSED). */
  const TOKEN_WINDOW_CLOSED = 4001;

  function takeToken() {
    const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (m) {
      sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
      history.replaceState(null, '', location.pathname + location.search);
    }
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  /** The server's wall clock, estimated from the last heartbeat (screens' clocks drift). */
  let serverOffset = 0;
  function now() {
    return Date.now() + serverOffset;
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function hhmmss(ms) {
    return new Date(ms).toLocaleTimeString('en-GB', {hour12: false});
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
    /** The version held of a unit (for tests and diagnosis), or undefined. */
    function version(id) {
      return held[id] && held[id].version;
    }
    return {take: take, version: version};
  }

  /** The page's units (one connection per page). */
  let units = null;

  /**
   * Opens the socket and keeps it open. onMessage gets every message, deltas already applied (see Units); a
   * "ward"/"overview" message is a full snapshot (sent on every (re)connect), so reconnecting resynchronises by
   * construction.
   */
  function connect(view, id, onMessage) {
    const stateEl = document.getElementById('conn-state');
    const asOfEl = document.getElementById('as-of');
    const tok = takeToken();
    let lastHeard = 0;
    let lastServerTime = 0;
    let backoff = 1000;
    let open = false;
    let problem = null;

    function show() {
      const quiet = Date.now() - lastHeard;
      let cls;
      let text;
      if (!tok) {
        cls = 'error'; text = '✖ no wall token: open this wall with its link';
      } else if (problem) {
        cls = 'error'; text = '✖ ' + problem;
      } else if (open && lastHeard && quiet < STALE_MS) {
        cls = 'live'; text = '● live';
      } else if (lastHeard) {
        cls = 'stale'; text = '▲ STALE — no update for ' + age(quiet);
      } else {
        cls = 'connecting'; text = '◌ connecting';
      }
      if (stateEl.className !== 'conn-state ' + cls) stateEl.className = 'conn-state ' + cls;
      if (stateEl.textContent !== text) stateEl.textContent = text;
      document.body.classList.toggle('is-stale', cls !== 'live');
      asOfEl.textContent = 'as of ' + (lastServerTime ? hhmmss(lastServerTime) : '—');
    }

    /**
     * A token past its notAfter (or before its notBefore) covers the whole screen with the reason: the wall
     * must not go on showing data its token no longer grants, nor go blank as if the ward were empty.
     */
    function tokenWindowClosed(reason) {
      let cover = document.getElementById('token-expired');
      if (!cover) {
        cover = el('div', 'token-expired');
        cover.id = 'token-expired';
        cover.setAttribute('role', 'alert');
        cover.appendChild(el('h2', null, ''));
        cover.appendChild(el('p', null, 'This screen shows nothing until it has a valid token. '
            + 'Ask for a new wall link, or for the token to be renewed.'));
        document.body.appendChild(cover);
      }
      const text = reason === 'token not yet valid' ? 'Token not yet valid' : 'Token expired';
      cover.firstChild.textContent = '✖ ' + text;
      document.body.classList.add('token-window-closed');
    }

    function tokenWindowOpen() {
      const cover = document.getElementById('token-expired');
      if (cover) cover.remove();
      document.body.classList.remove('token-window-closed');
    }

    function start() {
      if (!tok) { show(); return; }
      const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/wall');
      ws.onopen = function () {
        ws.send(JSON.stringify({type: 'auth', token: tok, view: view, id: id}));
      };
      units = Units(view, function (m) { ws.send(JSON.stringify(m)); });
      ws.onmessage = function (ev) {
        const m = units.take(JSON.parse(ev.data));
        if (m !== null) ruleBanner(m);
        open = true;
        problem = null;
        tokenWindowOpen();
        backoff = 1000;
        lastHeard = Date.now();
        if (m !== null && m.type === 'heartbeat' && m.at) {
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
          problem = 'refused: ' + (ev.reason || 'token not accepted');
          backoff = 30000; // a refused token will not start working by hammering the server
        }
        show();
        const wait = backoff + Math.floor(Math.random() * 500);
        backoff = Math.min(backoff * 2, 30000);
        setTimeout(start, wait);
      };
    }

    setInterval(show, 1000);
    show();
    start();
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
      banner = el('p', 'rule-banner');
      banner.id = 'rule-banner';
      banner.setAttribute('role', 'alert');
      const conn = document.getElementById('conn');
      conn.parentNode.insertBefore(banner, conn);
    }
    const text = '⚠ A rule failed — check manually: ' + failing.join(', ');
    if (banner.textContent !== text) banner.textContent = text;
  }

  /** Alert kinds in the words a ward uses (the clinical thresholds are in the server's rules). */
  const KINDS = {
    NEWS2_HIGH: 'NEWS2 ≥7', NEWS2_MEDIUM: 'NEWS2 5–6', NEWS2_LOW_MEDIUM: 'NEWS2: a single 3',
    OBSERVATIONS_OVERDUE: 'Observations overdue', CRITICAL_DOSE_MISSED: 'Critical dose missed',
    ASSESSMENT_OVERDUE: 'Assessment overdue', STAFFING_RED_FLAG: 'Staffing red flag',
    PATIENT_CONCERN: 'Concern raised (Martha’s rule)', RESTORE2_ESCALATION: 'RESTORE2 escalation',
    STAFFING_NOT_REPORTED: 'Staffing not reported', SEPSIS_SCREEN_DUE: 'Sepsis screen due'
  };
  function kind(k) {
    return KINDS[k] || String(k).replace(/_/g, ' ').toLowerCase();
  }

  /** The version of a unit the page holds (for tests): what the last snapshot or delta applied brought. */
  function heldVersion(unitId) {
    return units ? units.version(unitId) : undefined;
  }

  return {connect: connect, heldVersion: heldVersion, kind: kind, token: token, takeToken: takeToken, now: now, el: el, age: age, hhmmss: hhmmss};
})();
