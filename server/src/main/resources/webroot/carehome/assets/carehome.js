'use strict';
/*
 * The care-home tablet (/carehome/{id}). The server only ever sees a pseudonymous resident code: the room and the
 * label the home chooses live in this tablet's localStorage. Submissions go into an outbox (localStorage) with
 * their idempotent id *before* they are sent, and leave it only when the server has answered 200 (a resend of one
 * it already has answers duplicates:1), so a lost connection loses nothing and sends nothing twice.
 * The server scores every submission; the live score here is the server's too (POST /api/v1/news2).
 */
(function () {
  const V = window.Vigil;
  const el = V.el;
  const home = decodeURIComponent(location.pathname.replace(/\/+$/, '').split('/').pop());
  const token = V.takeToken();
  const LABELS_KEY = 'vigil.carehome.' + home + '.residents';
  const OUTBOX_KEY = 'vigil.carehome.' + home + '.outbox';
  const RETRY_MS = 5000;
  const REFRESH_MS = 30000;

  /** Soft signs (reference/restore2.md) in the words carers use; keys are events/SoftSign. */
  const SOFT_SIGNS = [
    ['SHORTNESS_OF_BREATH', 'New or increased shortness of breath'],
    ['MORE_CONFUSED_OR_DROWSY', 'More confused or drowsy'],
    ['NOT_EATING_OR_DRINKING', 'Not eating or drinking'],
    ['REDUCED_MOBILITY_OR_FALLS', 'Less mobile, unsteady or has fallen'],
    ['WITHDRAWN_OR_DISTRESSED', 'More withdrawn or distressed'],
    ['INCREASED_TIREDNESS', 'More tired than usual'],
    ['RESTLESS', 'Very restless'],
    ['NEW_OR_WORSE_PAIN', 'New or worse pain'],
    ['URINE_OR_BOWEL_CHANGE', 'Passing less urine, or a bowel change'],
    ['SKIN_COLOUR_CHANGE', 'Skin colour change'],
    ['SEEMS_DIFFERENT', 'Seems different from usual']
  ];
  /** Levels (server: Restore2Level) with a word and a shape, never colour alone. */
  const LEVELS = {
    ROUTINE: ['○', 'Routine care'],
    INFORM_SENIOR: ['◆', 'Inform a senior'],
    GP_REVIEW: ['▲', 'GP review'],
    URGENT: ['▲', 'Urgent clinical review'],
    EMERGENCY: ['■', 'Emergency — call 999']
  };
  const VITALS = ['respirationRate', 'spo2', 'systolicBp', 'pulse', 'temperature'];
  const VITAL_NAMES = {respirationRate: 'respiration rate', spo2: 'oxygen saturation', systolicBp: 'systolic blood pressure',
    pulse: 'pulse', temperature: 'temperature', consciousness: 'consciousness'};

  const form = document.getElementById('obs-form');
  const statusEl = document.getElementById('status');
  let serverResidents = {};
  let homeName = home;
  let current = null;     // the chosen resident's code
  let awaiting = null;    // {id, resident, time} of the submission whose advice the page is waiting for
  let flushing = false;
  let offline = false;
  let refused = [];       // submissions the server rejected (kept visible, never retried)

  // ---- storage ---------------------------------------------------------------------------------------------

  function load(key) {
    try {
      return JSON.parse(localStorage.getItem(key) || '[]');
    } catch (e) {
      return [];
    }
  }
  function store(key, value) {
    localStorage.setItem(key, JSON.stringify(value));
  }
  function labels() {
    return load(LABELS_KEY);
  }
  function outbox() {
    return load(OUTBOX_KEY);
  }

  function randomHex(bytes) {
    const a = new Uint8Array(bytes);
    crypto.getRandomValues(a);
    return Array.from(a, b => b.toString(16).padStart(2, '0')).join('');
  }
  /** The idempotency key (crypto.randomUUID needs a secure context; a tablet on plain http may not have one). */
  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const h = randomHex(16).split('');
    h[12] = '4';
    h[16] = '89ab'[parseInt(h[16], 16) & 3];
    const s = h.join('');
    return s.slice(0, 8) + '-' + s.slice(8, 12) + '-' + s.slice(12, 16) + '-' + s.slice(16, 20) + '-' + s.slice(20);
  }

  // ---- server ----------------------------------------------------------------------------------------------

  function api(method, path, body) {
    return fetch(path, {
      method: method,
      cache: 'no-store',
      headers: {'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'},
      body: body === undefined ? undefined : JSON.stringify(body)
    });
  }

  async function refresh() {
    if (!token) return;
    try {
      const r = await api('GET', '/api/v1/carehomes/' + encodeURIComponent(home) + '/residents');
      if (!r.ok) {
        setProblem(r.status === 401 || r.status === 403 ? 'this tablet’s token may not read ' + home : 'server answered ' + r.status);
        return;
      }
      const body = await r.json();
      const map = {};
      for (const res of body.residents || []) map[res.resident] = res;
      serverResidents = map;
      offline = false;
      problem = null;
      renderResidents();
      showAwaited();
    } catch (e) {
      offline = true;
    }
    renderStatus();
  }

  async function loadName() {
    try {
      const r = await api('GET', '/api/v1/carehomes/' + encodeURIComponent(home));
      if (r.ok) {
        homeName = (await r.json()).name || home;
        document.getElementById('home-name').textContent = homeName;
        document.title = homeName + ' — Vigil observations';
      }
    } catch (e) {
      setTimeout(loadName, RETRY_MS);
    }
  }

  let problem = null;
  function setProblem(p) {
    problem = p;
    renderStatus();
  }

  /** Sends the outbox in order. Only a 200, or a 400 (malformed: the server will never take it), takes an item out. */
  async function flush() {
    if (flushing || !token) return;
    flushing = true;
    let sent = false;
    try {
      for (const item of outbox()) {
        let r;
        try {
          r = await api('POST', '/api/v1/events', item.event);
        } catch (e) {
          offline = true;   // no connection: keep everything, try again on 'online' or the next retry
          break;
        }
        if (r.status >= 500 || r.status === 429 || r.status === 408) {
          break;            // the server is there but busy or replaying: retry later, in order
        }
        offline = false;
        if (r.status === 401 || r.status === 403) {
          // a token problem is not the submission's fault: keep it until the tablet is given a working link
          setProblem('the server refused this tablet’s token (' + r.status + '); submissions are kept on the tablet');
          break;
        }
        if (!r.ok) {
          let why = 'refused (' + r.status + ')';
          try { why = (await r.json()).error || why; } catch (e) { /* keep the status */ }
          refused.push({item: item, why: why});
        }
        store(OUTBOX_KEY, outbox().filter(i => i.event.id !== item.event.id));
        sent = true;
      }
    } finally {
      flushing = false;
    }
    if (sent) await refresh();
    renderStatus();
    renderResidents();
  }

  // ---- live score ------------------------------------------------------------------------------------------

  function mode() {
    return form.elements.mode.value;
  }

  /** The NEWS2 fields as the wire schema wants them, and the names of those missing. */
  function vitals() {
    const v = {};
    const missing = [];
    for (const f of VITALS) {
      const raw = form.elements[f].value.trim();
      const n = Number(raw);
      if (raw === '' || !isFinite(n)) missing.push(f); else v[f] = n;
    }
    const c = form.elements.consciousness.value;
    if (!c) missing.push('consciousness'); else v.consciousness = c;
    v.onOxygen = form.elements.onOxygen.value === 'true';
    v.spo2Scale = Number(form.elements.spo2Scale.value);
    return {values: v, missing: missing};
  }

  let scoreTimer = null;
  let scoreSeq = 0;
  function scheduleScore() {
    clearTimeout(scoreTimer);
    scoreTimer = setTimeout(liveScore, 300);
  }
  async function liveScore() {
    const out = document.getElementById('live-score');
    const v = vitals();
    const seq = ++scoreSeq;
    if (v.missing.length) {
      out.className = 'live-score';
      out.textContent = v.missing.length === VITALS.length + 1 ? 'Enter all the observations to see the NEWS2 score.'
        : 'Still to enter: ' + v.missing.map(f => VITAL_NAMES[f]).join(', ') + '.';
      return;
    }
    try {
      const r = await api('POST', '/api/v1/news2', v.values);
      if (seq !== scoreSeq) return;
      const body = await r.json();
      if (!r.ok) {
        out.className = 'live-score live-score--problem';
        out.textContent = 'Check the ' + (VITAL_NAMES[body.field] || 'values') + ': ' + (body.error || 'not accepted') + '.';
        return;
      }
      out.className = 'live-score live-score--' + body.risk.toLowerCase();
      out.textContent = '';
      out.append(el('span', 'live-score__label', 'NEWS2 '), el('strong', 'live-score__value', body.score),
        el('span', 'live-score__risk', ' — ' + body.risk.toLowerCase().replace('_', '–') + ' clinical risk'));
      out.dataset.score = body.score;
    } catch (e) {
      if (seq !== scoreSeq) return;
      out.className = 'live-score live-score--problem';
      out.textContent = 'No connection: the score will be worked out when the observations are sent.';
    }
  }

  // ---- submitting ------------------------------------------------------------------------------------------

  function showErrors(errors) {
    const box = document.getElementById('error-summary');
    const list = document.getElementById('error-list');
    list.textContent = '';
    for (const [id, text] of errors) {
      const a = el('a', null, text);
      a.href = '#' + id;
      const li = el('li');
      li.append(a);
      list.append(li);
    }
    box.hidden = errors.length === 0;
    if (errors.length) box.focus();
  }

  function submit(ev) {
    ev.preventDefault();
    const signs = SOFT_SIGNS.map(s => s[0]).filter(k => document.getElementById('sign-' + k).checked);
    const event = {id: uuid(), type: 'restore2', time: new Date().toISOString(), unit: home, resident: current,
      softSigns: signs};
    const errors = [];
    if (mode() === 'full') {
      const v = vitals();
      const first = {respirationRate: 'rr', spo2: 'spo2', systolicBp: 'sbp', pulse: 'pulse', temperature: 'temp', consciousness: 'acvpu'};
      for (const f of v.missing) errors.push([first[f], 'Enter the ' + VITAL_NAMES[f]]);
      Object.assign(event, v.values);
      if (document.getElementById('baseline').checked) event.baseline = true;
    } else if (!signs.length) {
      errors.push(['sign-' + SOFT_SIGNS[0][0], 'Tick at least one soft sign, or record a full set of observations']);
    }
    showErrors(errors);
    if (errors.length) return;
    const box = outbox();
    box.push({event: event});
    store(OUTBOX_KEY, box);   // on the device before the first attempt: a crash or lost signal keeps it
    awaiting = {id: event.id, resident: current, time: Date.parse(event.time)};
    form.reset();
    for (const c of document.querySelectorAll('#soft-signs input')) c.checked = false;
    liveScore();
    updateMode();
    showResult();
    renderResidents();
    document.getElementById('result').focus();
    flush();
  }

  function residentTitle(code) {
    const l = labels().find(x => x.id === code);
    return l ? 'Room ' + l.room + ' — ' + l.label : 'Resident ' + code + ' (not labelled on this tablet)';
  }

  function timeOf(iso) {
    return new Date(iso).toLocaleTimeString('en-GB', {hour: '2-digit', minute: '2-digit'});
  }

  function levelBadge(level) {
    const l = LEVELS[level] || ['', level];
    return el('span', 'level level--' + level.toLowerCase(), l[0] + ' ' + l[1]);
  }

  /** The result panel: "waiting to send", or the server's advice and SBARD once it has answered. */
  function showResult() {
    const section = document.getElementById('result');
    const body = document.getElementById('result-body');
    if (!awaiting) {
      section.hidden = true;
      return;
    }
    section.hidden = false;
    body.textContent = '';
    body.append(el('p', 'result__who', residentTitle(awaiting.resident)));
    const pending = outbox().some(i => i.event.id === awaiting.id);
    const res = serverResidents[awaiting.resident];
    const rejected = refused.find(x => x.item.event.id === awaiting.id);
    if (rejected) {
      body.append(el('p', 'error-message', 'Not accepted by the server: ' + rejected.why));
      return;
    }
    if (pending || !res || Date.parse(res.submittedAt) < awaiting.time) {
      const p = el('p', 'waiting', pending ? '◌ Saved on this tablet — waiting to send. It will be sent when the connection returns, and the advice will appear here.'
        : '◌ Sent — fetching the advice…');
      p.id = 'result-waiting';
      body.append(p);
      body.append(el('p', 'inset', 'If you are worried about the resident, do not wait: call the GP, NHS 111 or 999.'));
      return;
    }
    section.dataset.level = res.level;
    const advice = el('div', 'advice advice--' + res.level.toLowerCase());
    advice.id = 'advice';
    advice.append(levelBadge(res.level), el('p', 'advice__text', res.advice));
    body.append(advice);
    const dl = el('dl', 'summary');
    const row = (k, v) => { dl.append(el('dt', null, k), el('dd', null, v)); };
    row('NEWS2 (scored by the server)', res.news2 === null ? 'not taken (soft signs only)' : String(res.news2));
    row('Usual (baseline) NEWS2', res.baseline === null || res.baseline === undefined ? 'not recorded' : String(res.baseline));
    row('Repeat observations by', timeOf(res.repeatDueAt));
    body.append(dl);
    const h = el('h3', null, 'SBARD — read this out when you call');
    h.id = 'sbard-h';
    const pre = el('pre', 'sbard', res.sbard);
    pre.id = 'sbard';
    pre.setAttribute('aria-labelledby', 'sbard-h');
    pre.tabIndex = 0;
    const copy = el('button', 'button button--secondary', 'Copy SBARD text');
    copy.type = 'button';
    copy.id = 'copy-sbard';
    const copied = el('span', 'copied');
    copied.setAttribute('role', 'status');
    copy.addEventListener('click', () => copyText(res.sbard, copied));
    body.append(h, pre, copy, copied);
  }

  function showAwaited() {
    if (awaiting) {
      const before = document.getElementById('advice');
      showResult();
      if (!before && document.getElementById('advice')) document.getElementById('result').focus();
    }
  }

  function copyText(text, statusSpan) {
    const done = () => { statusSpan.textContent = ' ✓ Copied'; };
    const fallback = () => {
      const t = document.createElement('textarea');
      t.value = text;
      t.setAttribute('readonly', '');
      t.className = 'visually-hidden';
      document.body.append(t);
      t.select();
      try { document.execCommand('copy'); done(); } catch (e) { statusSpan.textContent = ' Select the text and copy it'; }
      t.remove();
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  // ---- residents -------------------------------------------------------------------------------------------

  function renderResidents() {
    const list = document.getElementById('resident-list');
    const pending = new Set(outbox().map(i => i.event.resident));
    const known = labels().slice().sort((a, b) => String(a.room).localeCompare(String(b.room), 'en', {numeric: true}));
    const codes = known.map(l => l.id);
    for (const code of Object.keys(serverResidents)) if (!codes.includes(code)) codes.push(code);
    list.textContent = '';
    if (!codes.length) list.append(el('li', 'hint', 'No residents on this tablet yet: add one below.'));
    for (const code of codes) {
      const res = serverResidents[code];
      const li = el('li', 'resident' + (code === current ? ' resident--current' : ''));
      li.dataset.resident = code;
      const b = el('button', 'resident__button');
      b.type = 'button';
      b.setAttribute('aria-pressed', code === current ? 'true' : 'false');
      b.append(el('span', 'resident__name', residentTitle(code)));
      const facts = el('span', 'resident__facts');
      facts.append(el('span', null, 'Usual NEWS2: ' + (res && res.baseline !== null && res.baseline !== undefined ? res.baseline : '—')));
      if (res) {
        facts.append(el('span', null, 'Latest ' + timeOf(res.submittedAt) + ': ' + (res.news2 === null ? 'soft signs' : 'NEWS2 ' + res.news2)));
        facts.append(levelBadge(res.level));
        if (res.overdue) facts.append(el('span', 'overdue', '▲ repeat observations overdue'));
        else facts.append(el('span', null, 'repeat by ' + timeOf(res.repeatDueAt)));
      } else {
        facts.append(el('span', null, 'No submissions yet'));
      }
      if (pending.has(code)) facts.append(el('span', 'waiting', '◌ waiting to send'));
      b.append(facts);
      b.addEventListener('click', () => choose(code));
      li.append(b);
      list.append(li);
    }
  }

  function choose(code) {
    current = code;
    document.getElementById('record-h').textContent = 'Record for ' + residentTitle(code);
    document.getElementById('record-hint').hidden = true;
    form.hidden = false;
    if (awaiting && awaiting.resident !== code) {
      awaiting = null;
      showResult();
    }
    renderResidents();
    document.getElementById('record').focus();
  }

  function addResident(ev) {
    ev.preventDefault();
    const room = document.getElementById('add-room').value.trim();
    const label = document.getElementById('add-label').value.trim();
    const err = document.getElementById('add-error');
    if (!room || !label) {
      err.textContent = 'Enter the room and a label';
      err.hidden = false;
      return;
    }
    err.hidden = true;
    const all = labels();
    const code = 'R-' + randomHex(8);   // pseudonymous: means nothing outside this tablet
    all.push({id: code, room: room, label: label});
    store(LABELS_KEY, all);
    ev.target.reset();
    ev.target.closest('details').open = false;
    choose(code);
  }

  // ---- status ----------------------------------------------------------------------------------------------

  function renderStatus() {
    const n = outbox().length;
    let cls;
    let text;
    if (!token) {
      cls = 'error'; text = '✖ No tablet token: open this page with the link the home was given.';
    } else if (problem) {
      cls = 'error'; text = '✖ ' + problem;
    } else if (n) {
      cls = 'waiting';
      text = '◌ ' + n + (n === 1 ? ' submission' : ' submissions') + ' waiting to send'
        + (offline || !navigator.onLine ? ' — no connection; they will be sent when it returns' : ' — sending');
    } else if (offline) {
      cls = 'waiting'; text = '◌ No connection — submissions will be kept on this tablet and sent when it returns';
    } else {
      cls = 'ok'; text = '✓ Connected — everything has been sent';
    }
    if (refused.length) text += ' · ✖ ' + refused.length + ' not accepted by the server';
    statusEl.className = 'status-bar status-bar--' + cls;
    statusEl.dataset.pending = String(n);
    if (statusEl.textContent !== text) statusEl.textContent = text;
  }

  function updateMode() {
    const mini = mode() === 'mini';
    document.getElementById('obs-fields').hidden = mini;
  }

  // ---- start -----------------------------------------------------------------------------------------------

  const signsBox = document.getElementById('soft-signs');
  for (const [key, text] of SOFT_SIGNS) {
    const d = el('div', 'checkbox');
    const input = el('input');
    input.type = 'checkbox';
    input.id = 'sign-' + key;
    input.value = key;
    const label = el('label', null, text);
    label.htmlFor = input.id;
    d.append(input, label);
    signsBox.append(d);
  }
  form.addEventListener('submit', submit);
  form.addEventListener('input', scheduleScore);
  form.addEventListener('change', e => { if (e.target.name === 'mode') updateMode(); scheduleScore(); });
  document.getElementById('add-form').addEventListener('submit', addResident);
  window.addEventListener('online', flush);
  window.addEventListener('offline', () => { offline = true; renderStatus(); });
  setInterval(flush, RETRY_MS);
  setInterval(refresh, REFRESH_MS);
  renderResidents();
  renderStatus();
  if (token) {
    loadName();
    refresh().then(flush);
  }
})();
