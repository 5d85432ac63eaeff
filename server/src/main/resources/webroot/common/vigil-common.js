'use strict';
/*
 * What every Vigil page shares (walls and the care-home tablet): the token, taken once from the URL fragment, kept
 * in sessionStorage and removed from the address bar; the server's vocabulary (GET /api/v1/meta: enum labels,
 * ingest's ranges, display thresholds, the organisation's zone), so no page keeps its own copy of a label or a
 * threshold; times of day in that zone; and a tiny element helper. No patient data ever reaches this code.
 */
window.Vigil = (function () {
  const TOKEN_KEY = 'vigil.wallToken';

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

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  const drawn = new WeakMap();

  /**
   * Puts {@code items} in {@code list} in place of what it holds, unless they show exactly what it shows already;
   * the focus goes back to the button of the item with the same {@code key} (a data attribute). Drawn again on
   * every push or retry, a list took the focus from someone moving through it by keyboard or switch, and a tap
   * landing during the redraw was lost (the care-home tablet's residents every 5 s, a ward wall's alerts on every
   * push).
   */
  function redrawList(list, items, key) {
    const html = items.map(li => li.outerHTML).join('');
    if (drawn.get(list) === html) return;
    drawn.set(list, html);
    const focused = list.contains(document.activeElement) ? document.activeElement.closest('li') : null;
    const focusKey = focused ? focused.dataset[key] : undefined;
    list.replaceChildren(...items);
    const again = focusKey === undefined ? null : items.find(li => li.dataset[key] === focusKey);
    const button = again ? again.querySelector('button') : null;
    if (button) button.focus();
  }

  let meta = null;
  let loading = null;
  /** The server's vocabulary; retried (1 s doubling to 30 s) until the server answers, then kept. */
  function loadMeta() {
    if (loading) return loading;
    loading = new Promise(resolve => {
      let wait = 1000;
      function attempt() {
        fetch('/api/v1/meta', {cache: 'no-store'})
          .then(r => { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
          .then(m => { meta = m; resolve(m); })
          .catch(() => { setTimeout(attempt, wait); wait = Math.min(wait * 2, 30000); });
      }
      attempt();
    });
    return loading;
  }

  /** A constant in people's words: label('alertKind', 'NEWS2_HIGH') → "NEWS2 7 or more". */
  function label(kind, value) {
    const labels = meta && meta.enums[kind];
    return labels && labels[value] !== undefined ? labels[value] : String(value);
  }

  /** A responder role as people call it: roleName('outreach') → "Critical care outreach" (the organisation's). */
  function roleName(id) {
    const names = meta && meta.roles;
    return names && names[id] !== undefined ? names[id] : String(id);
  }

  /**
   * A time of day as the organisation's own texts give it: in its zone (meta.zone), not the screen's, so a kiosk or
   * phone set to another zone shows the same 14:05 as the SBARD and the ward. 24-hour clock, hour 00 at midnight.
   */
  function clock(ms, seconds) {
    return new Date(ms).toLocaleTimeString('en-GB', {timeZone: meta.zone, hourCycle: 'h23', hour: '2-digit',
      minute: '2-digit', second: seconds ? '2-digit' : undefined});
  }

  /** "14:05" in the organisation's zone. */
  function hhmm(ms) {
    return clock(ms, false);
  }

  /** "14:05:09" in the organisation's zone. */
  function hhmmss(ms) {
    return clock(ms, true);
  }

  return {
    takeToken: takeToken, token: token, el: el, redrawList: redrawList, loadMeta: loadMeta, label: label,
    roleName: roleName, hhmm: hhmm, hhmmss: hhmmss, meta: function () { return meta; }
  };
})();
