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

  /** Levels (server: Restore2Level; words from GET /api/v1/meta) with a shape, never colour alone. */
  const LEVEL_SHAPES = {ROUTINE: '○', INFORM_SENIOR: '◆', GP_REVIEW: '▲', URGENT: '▲', EMERGENCY: '■'};
  const VITALS = ['respirationRate', 'spo2', 'systolicBp', 'pulse', 'temperature'];
  /** Each NEWS2 field's input on the form. */
  const INPUT = {respirationRate: 'rr', spo2: 'spo2', systolicBp: 'sbp', pulse: 'pulse', temperature: 'temp',
    consciousness: 'acvpu'};
  const VITAL_NAMES = {respirationRate: 'respiration rate', spo2: 'oxygen saturation', systolicBp: 'systolic blood pressure',
    pulse: 'pulse', temperature: 'temperature', consciousness: 'consciousness'};
  const CONFUSED = 'MORE_CONFUSED_OR_DROWSY';

  const form = document.getElementById('obs-form');
  const statusEl = document.getElementById('status');
  let serverResidents = {};
  let homeName = home;
  let current = null;     // the chosen resident's code
  let awaiting = null;    // {id, resident, time} of the submission whose advice the page is waiting for
  let offline = false;
  let refused = [];       // submissions the server rejected, until the same resident's next one is accepted
  const drafts = {};      // resident code → the form as left (a switch of resident never loses or moves input)
  let confusion = null;   // the answer to "Is the confusion new?" for the form as it is: 'new', 'usual' or null

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
        const expired = await tokenWindowClosed(r);
        setProblem(expired ? expired + ': ask for a new link for this tablet'
          : r.status === 401 || r.status === 403 ? 'this tablet’s token may not read ' + home : 'server answered ' + r.status);
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

  /**
   * "Token expired" (or "Token not yet valid") when the server refused the token for its validity window, as its
   * 401 says (docs/organisation.md); null for any other refusal.
   */
  async function tokenWindowClosed(r) {
    if (r.status !== 401) return null;
    let why = '';
    try { why = (await r.json()).error || ''; } catch (e) { /* no body: not a window */ }
    return why === 'token expired' ? 'Token expired' : why === 'token not yet valid' ? 'Token not yet valid' : null;
  }

  let problem = null;
  function setProblem(p) {
    problem = p;
    renderStatus();
  }

  /**
   * Sends the outbox in order. Only a 200, or a 4xx the server will never take (a malformed submission), takes an
   * item out; a refused one goes back into its resident's form to be corrected. One pass at a time: a call made
   * while a pass runs asks for one more pass and resolves when it is done.
   */
  let running = null;
  let again = false;
  function flush() {
    if (!token) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await flushOnce();
      } while (again);
    })().finally(() => { running = null; });
    return running;
  }

  async function flushOnce() {
    let sent = false;
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
        const expired = await tokenWindowClosed(r);
        setProblem((expired ? expired + ': ask for a new link for this tablet'
          : 'the server refused this tablet’s token (' + r.status + ')') + '; submissions are kept on the tablet');
        break;
      }
      if (r.ok) {
        // accepted: any earlier refusal for this resident has been put right
        refused = refused.filter(x => x.item.event.resident !== item.event.resident);
      } else {
        let body = {};
        try { body = await r.json(); } catch (e) { /* keep the status */ }
        refused = refused.filter(x => x.item.event.resident !== item.event.resident);
        refused.push({item: item, why: body.error || 'refused (' + r.status + ')', field: body.field});
        giveBack(item);
      }
      store(OUTBOX_KEY, outbox().filter(i => i.event.id !== item.event.id));
      sent = true;
    }
    if (sent) await refresh();
    renderStatus();
    renderResidents();
  }

  /** A refused submission's values go back where the carer can correct them, never lost. */
  function giveBack(item) {
    if (!item.draft) return;
    if (item.event.resident === current && formIsEmpty()) {
      restoreForm(item.draft);
    } else if (item.event.resident !== current) {
      drafts[item.event.resident] = item.draft;
    }
  }

  // ---- the form ------------------------------------------------------------------------------------------

  function mode() {
    return form.elements.mode.value;
  }

  function signInputs() {
    return Array.from(document.querySelectorAll('#soft-signs input'));
  }

  function fmt(n) {
    return String(Math.round(n * 10) / 10);
  }

  /**
   * The NEWS2 fields as the wire schema wants them, the names of those missing, and those outside the range
   * ingest accepts (GET /api/v1/meta: the server's own ranges, so the tablet refuses exactly what it would).
   */
  function vitals() {
    const v = {};
    const missing = [];
    const outOfRange = [];
    const ranges = V.meta().vitals;
    for (const f of VITALS) {
      const raw = form.elements[f].value.trim();
      const n = Number(raw);
      if (raw === '' || !isFinite(n)) {
        missing.push(f);
      } else if (n < ranges[f].min || n > ranges[f].max) {
        outOfRange.push(f);
      } else {
        v[f] = n;
      }
    }
    const c = form.elements.consciousness.value;
    if (!c) missing.push('consciousness'); else v.consciousness = c;
    v.onOxygen = form.elements.onOxygen.value === 'true';
    v.spo2Scale = Number(form.elements.spo2Scale.value);
    return {values: v, missing: missing, outOfRange: outOfRange};
  }

  function unitOf(f) {
    const u = document.querySelector('label[for="' + INPUT[f] + '"] .unit');
    return u ? ' ' + u.textContent : '';
  }

  function rangeMessage(f) {
    const r = V.meta().vitals[f];
    const name = VITAL_NAMES[f];
    return name.charAt(0).toUpperCase() + name.slice(1) + ' must be from ' + fmt(r.min) + ' to ' + fmt(r.max) + unitOf(f);
  }

  /** Everything that must be put right before sending: [input id, message] pairs, in the form's order. */
  function problems() {
    const errors = [];
    const signs = signInputs().filter(c => c.checked);
    if (mode() === 'full') {
      const v = vitals();
      for (const f of VITALS.concat(['consciousness'])) {
        if (v.missing.includes(f)) errors.push([INPUT[f], 'Enter the ' + VITAL_NAMES[f]]);
        if (v.outOfRange.includes(f)) errors.push([INPUT[f], rangeMessage(f)]);
      }
      if (askConfusion()) errors.push(['confusion-yes', 'Answer whether the confusion is new']);
    } else if (!signs.length) {
      errors.push(['sign-' + signInputs()[0].value, 'Tick at least one soft sign, or record a full set of observations']);
    }
    return errors;
  }

  /**
   * The summary at the top and each message beside its field; every earlier message is removed first, so none is
   * left beside a field that has since been put right.
   */
  function showErrors(errors) {
    const box = document.getElementById('error-summary');
    const list = document.getElementById('error-list');
    list.textContent = '';
    for (const old of form.querySelectorAll('.field-error')) old.remove();
    for (const f of form.querySelectorAll('.field--error')) f.classList.remove('field--error');
    for (const i of form.querySelectorAll('[aria-invalid]')) {
      i.removeAttribute('aria-invalid');
      i.removeAttribute('aria-describedby');
    }
    for (const [id, text] of errors) {
      const a = el('a', null, text);
      a.href = '#' + id;
      const li = el('li');
      li.append(a);
      list.append(li);
      const input = document.getElementById(id);
      const field = input && input.closest('.field');
      if (field) {
        const msg = el('p', 'error-message field-error', text);
        msg.id = id + '-error';
        field.classList.add('field--error');
        field.insertBefore(msg, input);
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', msg.id);
      }
    }
    box.hidden = errors.length === 0;
    return errors.length;
  }

  /** While messages are showing, they follow the form: a field put right loses its message at once. */
  function recheck() {
    if (!document.getElementById('error-summary').hidden) showErrors(problems());
  }

  function formIsEmpty() {
    return !signInputs().some(c => c.checked)
      && VITALS.every(f => form.elements[f].value.trim() === '') && !form.elements.consciousness.value;
  }

  /** The form as the carer left it. */
  function captureForm() {
    const values = {};
    for (const f of VITALS) values[f] = form.elements[f].value;
    return {signs: signInputs().filter(c => c.checked).map(c => c.value), values: values, mode: mode(),
      consciousness: form.elements.consciousness.value, onOxygen: form.elements.onOxygen.value,
      spo2Scale: form.elements.spo2Scale.value, baseline: document.getElementById('baseline').checked,
      confusion: confusion};
  }

  function restoreForm(d) {
    clearForm();
    if (!d) return;
    for (const c of signInputs()) c.checked = d.signs.includes(c.value);
    for (const f of VITALS) form.elements[f].value = d.values[f];
    form.elements.mode.value = d.mode;
    form.elements.consciousness.value = d.consciousness;
    form.elements.onOxygen.value = d.onOxygen;
    form.elements.spo2Scale.value = d.spo2Scale;
    document.getElementById('baseline').checked = d.baseline;
    confusion = d.confusion;
    afterChange();
  }

  function clearForm() {
    form.reset();
    for (const c of signInputs()) c.checked = false;
    confusion = null;
    showErrors([]);
    afterChange();
  }

  function afterChange() {
    updateMode();
    renderConfusion();
    liveScore();
  }

  // ---- "Is the confusion new?" -------------------------------------------------------------------------

  /**
   * "More confused or drowsy" ticked while ACVPU says A: RCP NEWS2 (2017) scores *new* confusion as C, not A, and
   * the difference changes the advice (e.g. NEWS2 4, a GP review, against 7, call 999). The tablet asks, rather
   * than guess either way, and sets C on a yes.
   */
  function askConfusion() {
    return mode() === 'full' && document.getElementById('sign-' + CONFUSED).checked
      && form.elements.consciousness.value === 'A' && confusion !== 'usual';
  }

  function renderConfusion() {
    const box = document.getElementById('confusion');
    const ask = askConfusion();
    box.hidden = !ask && confusion !== 'new';
    document.getElementById('confusion-ask').hidden = !ask;
    const done = document.getElementById('confusion-done');
    done.hidden = !(confusion === 'new' && form.elements.consciousness.value === 'C');
    if (ask || done.hidden) {
      document.getElementById('confusion-compare').textContent = '';
    }
    if (ask) compareConfusion();
  }

  /** With every observation entered, what the server scores with A and with C, side by side. */
  let compareSeq = 0;
  async function compareConfusion() {
    const out = document.getElementById('confusion-compare');
    const v = vitals();
    const seq = ++compareSeq;
    if (v.missing.length || v.outOfRange.length) return;
    try {
      const [asA, asC] = await Promise.all(['A', 'C'].map(c => api('POST', '/api/v1/news2',
        Object.assign({}, v.values, {consciousness: c})).then(r => r.ok ? r.json() : Promise.reject(r.status))));
      if (seq !== compareSeq) return;
      out.textContent = 'With these observations: A gives NEWS2 ' + asA.score + ' (' + riskWords(asA.risk)
        + '); new confusion, C, gives NEWS2 ' + asC.score + ' (' + riskWords(asC.risk) + ').';
    } catch (e) {
      out.textContent = '';
    }
  }

  function riskWords(risk) {
    return V.label('clinicalRisk', risk).toLowerCase();
  }

  function answerConfusion(isNew) {
    confusion = isNew ? 'new' : 'usual';
    if (isNew) {
      form.elements.consciousness.value = 'C';
    }
    renderConfusion();
    recheck();
    liveScore();
    document.getElementById(isNew ? 'confusion-done' : 'acvpu').focus();
  }

  // ---- live score ------------------------------------------------------------------------------------------

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
    if (v.outOfRange.length) {
      out.className = 'live-score live-score--problem';
      out.textContent = 'Check the ' + v.outOfRange.map(f => VITAL_NAMES[f]).join(', ') + ': ' + rangeMessage(v.outOfRange[0]).toLowerCase() + '.';
      return;
    }
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
        el('span', 'live-score__risk', ' — ' + riskWords(body.risk)));
      out.dataset.score = body.score;
    } catch (e) {
      if (seq !== scoreSeq) return;
      out.className = 'live-score live-score--problem';
      out.textContent = 'No connection: the score will be worked out when the observations are sent.';
    }
  }

  // ---- submitting ------------------------------------------------------------------------------------------

  /**
   * Checks the form (nothing is sent while anything needs putting right), puts the submission in the outbox
   * with a copy of the form, and sends it. The form is cleared only once the submission is safe: accepted by the
   * server, or kept on the tablet to send later. Refused, it stays in the form with the server's reason.
   */
  async function submit(ev) {
    ev.preventDefault();
    const button = document.getElementById('submit');
    if (button.disabled) return;
    const errors = problems();
    if (showErrors(errors)) {
      document.getElementById('error-summary').focus();
      return;
    }
    const event = {id: uuid(), type: 'restore2', time: new Date().toISOString(), unit: home, resident: current,
      softSigns: signInputs().filter(c => c.checked).map(c => c.value)};
    if (mode() === 'full') {
      Object.assign(event, vitals().values);
      if (document.getElementById('baseline').checked) event.baseline = true;
    }
    const box = outbox();
    box.push({event: event, draft: captureForm()});
    store(OUTBOX_KEY, box);   // on the device before the first attempt: a crash or lost signal keeps it
    awaiting = {id: event.id, resident: current, time: Date.parse(event.time)};
    button.disabled = true;
    button.textContent = 'Sending…';
    try {
      await flush();
    } finally {
      button.disabled = false;
      button.textContent = 'Submit';
    }
    const rejected = refused.find(x => x.item.event.id === event.id);
    if (rejected) {
      showServerRefusal(rejected);
      showResult();
      return;
    }
    if (awaiting && awaiting.resident === current) {
      clearForm();
      delete drafts[current];
    }
    showResult();
    renderResidents();
    document.getElementById('result').focus();
  }

  /** The server's reason, in the summary and beside its field when it names one the form has. */
  function showServerRefusal(rejected) {
    const field = rejected.field && INPUT[rejected.field];
    let text = 'The server did not accept this submission: ' + rejected.why;
    if (rejected.field === 'time') text += '. Check the date and time on this tablet';
    showErrors(field ? [[field, text]] : [['submit', text]]);
    document.getElementById('error-summary').focus();
  }

  function residentTitle(code) {
    const l = labels().find(x => x.id === code);
    return l ? 'Room ' + l.room + ' — ' + l.label : 'Resident ' + code + ' (not labelled on this tablet)';
  }

  function levelBadge(level) {
    return el('span', 'level level--' + level.toLowerCase(), (LEVEL_SHAPES[level] || '') + ' ' + V.label('restore2Level', level));
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
      body.append(el('p', 'error-message', 'Not accepted by the server: ' + rejected.why + '. Nothing was recorded; '
        + (rejected.item.event.resident === current ? 'the values are still in the form below to correct and submit again.'
          : 'the values are kept for this resident: choose them to correct and submit again.')));
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
    row('Repeat observations by', V.hhmm(Date.parse(res.repeatDueAt)));
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
    const items = [];
    if (!codes.length) items.push(el('li', 'hint', 'No residents on this tablet yet: add one below.'));
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
        facts.append(el('span', null, 'Latest ' + V.hhmm(Date.parse(res.submittedAt)) + ': ' + (res.news2 === null ? 'soft signs' : 'NEWS2 ' + res.news2)));
        facts.append(levelBadge(res.level));
        if (res.overdue) facts.append(el('span', 'overdue', '▲ repeat observations overdue'));
        else facts.append(el('span', null, 'repeat by ' + V.hhmm(Date.parse(res.repeatDueAt))));
      } else {
        facts.append(el('span', null, 'No submissions yet'));
      }
      if (pending.has(code)) facts.append(el('span', 'waiting', '◌ waiting to send'));
      b.append(facts);
      b.addEventListener('click', () => choose(code));
      li.append(b);
      items.push(li);
    }
    V.redrawList(list, items, 'resident'); // called on every retry: drawn only when it changed
  }

  function choose(code) {
    if (code !== current) {
      // the form belongs to one resident: keep what was typed for them, and give the next one theirs (or none)
      if (current && !formIsEmpty()) drafts[current] = captureForm();
      restoreForm(drafts[code]);
      delete drafts[code];
    }
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
    if (refused.length) {
      text += ' · ✖ ' + refused.length + (refused.length === 1 ? ' submission' : ' submissions')
        + ' not accepted by the server (kept to correct)';
      if (cls === 'ok') cls = 'error';
    }
    statusEl.className = 'status-bar status-bar--' + cls;
    statusEl.dataset.pending = String(n);
    if (statusEl.textContent !== text) statusEl.textContent = text;
  }

  function updateMode() {
    const mini = mode() === 'mini';
    document.getElementById('obs-fields').hidden = mini;
  }

  // ---- start -----------------------------------------------------------------------------------------------

  /** The parts of the form that come from the server's vocabulary: soft signs, ACVPU choices, accepted ranges. */
  function buildForm(meta) {
    const signsBox = document.getElementById('soft-signs');
    for (const [key, text] of Object.entries(meta.enums.softSign)) {
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
    const acvpu = document.getElementById('acvpu');
    for (const [key, text] of Object.entries(meta.enums.consciousness)) {
      const o = el('option', null, text);
      o.value = key;
      acvpu.append(o);
    }
    for (const f of VITALS) {
      document.getElementById(INPUT[f]).min = String(meta.vitals[f].min);
      document.getElementById(INPUT[f]).max = String(meta.vitals[f].max);
    }
  }

  function start(meta) {
    buildForm(meta);
    form.addEventListener('submit', submit);
    form.addEventListener('input', () => { scheduleScore(); recheck(); });
    form.addEventListener('change', e => {
      if (e.target.name === 'mode') updateMode();
      if (e.target.id === 'sign-' + CONFUSED || e.target.id === 'acvpu') {
        // a new tick, or a new choice of ACVPU, asks again
        if (!(e.target.id === 'acvpu' && e.target.value === 'C' && confusion === 'new')) confusion = null;
      }
      renderConfusion();
      scheduleScore();
      recheck();
    });
    document.getElementById('confusion-yes').addEventListener('click', () => answerConfusion(true));
    document.getElementById('confusion-no').addEventListener('click', () => answerConfusion(false));
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
  }

  renderStatus();
  V.loadMeta().then(start);
})();
