'use strict';
/*
 * The responder's phone: the alerts its role has been told of (and those it accepted), pushed over the walls'
 * socket (view "respond"), with Accept, Decline (a reason is required) and Not escalating (a reason is required;
 * it pauses re-notification). Every decision is the server's: this page only asks and shows the answer. Cards
 * are updated in place, so a push never wipes a reason being typed.
 */
(function () {
  const V = window.Vigil;
  const ROLE_KEY = 'vigil.respondRole';
  const NAME_KEY = 'vigil.responderName';
  const PAUSES = [15, 30, 60, 120, 240, 480, 720];

  const asked = /(?:^#|&)role=([^&]+)/.exec(location.hash);
  if (asked) sessionStorage.setItem(ROLE_KEY, decodeURIComponent(asked[1]));
  const role = sessionStorage.getItem(ROLE_KEY) || '';

  const nameEl = document.getElementById('who-name');
  nameEl.value = sessionStorage.getItem(NAME_KEY) || '';
  nameEl.addEventListener('input', () => {
    sessionStorage.setItem(NAME_KEY, nameEl.value.trim());
    render(latest); // "Hand back" is offered on what this name accepted
  });
  document.getElementById('who').addEventListener('submit', e => e.preventDefault());
  const list = document.getElementById('alerts');
  const msg = document.getElementById('msg');

  let hello = null;
  let latest = [];
  const cards = new Map();

  function say(text, bad) {
    msg.textContent = text;
    msg.className = 'msg' + (bad ? ' bad' : '');
  }

  function mine(a) {
    return a.acceptedBy && hello && a.acceptedRole === hello.id
      && a.acceptedBy.toLowerCase() === nameEl.value.trim().toLowerCase();
  }

  /** Sends one answer; resolves true when the server took it. */
  function send(a, what, body, done) {
    const by = nameEl.value.trim();
    if (!by) {
      say('✖ Enter your name or initials first', true);
      nameEl.focus();
      return Promise.resolve(false);
    }
    body.by = by;
    body.role = hello.id;
    return fetch(V.api('/api/v1/alerts/' + encodeURIComponent(a.id) + '/' + what), {
      method: 'POST',
      headers: {'Authorization': 'Bearer ' + V.token(), 'Content-Type': 'application/json'},
      body: JSON.stringify(body)
    }).then(r => r.json().then(j => {
      if (r.ok) {
        say('✓ ' + done);
        return true;
      }
      say('✖ ' + (j.error || ('refused (' + r.status + ')')), true);
      return false;
    })).catch(() => {
      say('✖ Server unreachable: try again', true);
      return false;
    });
  }

  function field(form, labelText, control, id) {
    control.id = id;
    const label = V.el('label', null, labelText);
    label.htmlFor = id;
    form.append(label, control);
    return control;
  }

  function button(text, cls, label) {
    const b = V.el('button', cls, text);
    b.type = 'button';
    if (label) b.setAttribute('aria-label', label);
    return b;
  }

  function declineForm(card, a) {
    const form = V.el('div', 'form');
    form.hidden = true;
    const reason = V.el('select');
    for (const r of hello.declineReasons) {
      const o = V.el('option', null, r.label);
      o.value = r.code;
      reason.append(o);
    }
    field(form, 'Why do you decline?', reason, 'decline-reason-' + a.id);
    const words = field(form, 'Say why (required for “Other”)', V.el('textarea'), 'decline-words-' + a.id);
    words.maxLength = 280;
    words.rows = 2;
    const go = button('Decline', 'primary');
    go.addEventListener('click', () => {
      const text = words.value.trim();
      if (reason.value === 'OTHER' && !text) {
        say('✖ Say why you decline', true);
        words.focus();
        return;
      }
      go.disabled = true;
      send(card.alert, 'decline', {reason: reason.value === 'OTHER' ? text : reason.value}, 'Declined')
        .then(ok => { go.disabled = false; if (ok) { form.hidden = true; words.value = ''; } });
    });
    form.append(go);
    return form;
  }

  function pauseForm(card, a) {
    const form = V.el('div', 'form');
    form.hidden = true;
    const why = field(form, 'Why not escalate? (e.g. end-of-life care plan)', V.el('textarea'), 'pause-why-' + a.id);
    why.maxLength = 280;
    why.rows = 2;
    const minutes = V.el('select');
    for (const m of PAUSES.filter(m => m <= hello.notEscalatingMaxMinutes)) {
      const o = V.el('option', null, m < 60 ? m + ' minutes' : (m / 60) + ' hour' + (m === 60 ? '' : 's'));
      o.value = String(m);
      o.selected = m === hello.notEscalatingMinutes;
      minutes.append(o);
    }
    field(form, 'Pause re-notification for', minutes, 'pause-minutes-' + a.id);
    const go = button('Not escalating', 'primary');
    go.addEventListener('click', () => {
      if (!why.value.trim()) {
        say('✖ A reason is required', true);
        why.focus();
        return;
      }
      go.disabled = true;
      send(card.alert, 'not-escalating', {reason: why.value.trim(), minutes: Number(minutes.value)},
        'Not escalating: re-notification paused')
        .then(ok => { go.disabled = false; if (ok) { form.hidden = true; why.value = ''; } });
    });
    form.append(go);
    return form;
  }

  function newCard(a) {
    const li = V.el('li', 'card');
    li.dataset.alert = a.id;
    const info = V.el('div', 'info');
    const actions = V.el('div', 'actions');
    const card = {li: li, info: info, alert: a};
    const accept = button('Accept', 'primary');
    accept.addEventListener('click', () => {
      accept.disabled = true;
      send(card.alert, 'accept', {}, 'Accepted: it is yours').then(() => { accept.disabled = false; });
    });
    const decline = button('Decline');
    const pause = button('Not escalating');
    const dForm = declineForm(card, a);
    const pForm = pauseForm(card, a);
    decline.addEventListener('click', () => { dForm.hidden = !dForm.hidden; pForm.hidden = true; });
    pause.addEventListener('click', () => { pForm.hidden = !pForm.hidden; dForm.hidden = true; });
    actions.append(accept, decline, pause);
    li.append(info, actions, dForm, pForm);
    Object.assign(card, {accept: accept, decline: decline, pause: pause});
    return card;
  }

  function fill(card, a) {
    card.alert = a;
    const where = [a.unitName || a.unit, a.bed ? 'Bed ' + a.bed : null].filter(Boolean).join(' · ');
    const what = V.label('alertKind', a.kind);
    card.li.className = 'card sev-' + a.severity.toLowerCase() + ' st-' + a.state.toLowerCase();
    const parts = [
      V.el('h3', null, ''),
      V.el('p', 'where', where),
      V.el('p', 'detail', a.detail || ''),
      V.el('p', 'ladder', (a.rung ? 'Told: ' + a.rung.roleName + ' (rung ' + a.rung.index + ')' : '')
        + ' · raised ' + V.age(V.now() - Date.parse(a.raisedAt)) + ' ago'
        + (a.state === 'ESCALATED' ? ' · ▲ escalated, unanswered' : a.state === 'RAISED' ? ' · ● unanswered' : ''))];
    parts[0].append(V.el('span', 'sev', V.severity(a.severity)), document.createTextNode(' · ' + what));
    if (a.acceptedBy) {
      parts.push(V.el('p', 'owner', '✓ Accepted by ' + a.acceptedBy + ' (' + V.roleName(a.acceptedRole) + ') at ' + V.hhmm(Date.parse(a.acceptedAt))));
    } else if (a.acknowledgedAt) {
      parts.push(V.el('p', 'owner', '✓ Acknowledged on the ward by ' + a.acknowledgedBy
        + (a.acknowledgedRole ? ' (' + a.acknowledgedRole + ')' : '')));
    }
    if (a.notEscalating) parts.push(V.el('p', 'paused', V.notEscalating(a.notEscalating)));
    card.info.replaceChildren(...parts);
    const label = what + ', ' + where;
    card.accept.hidden = !!a.acceptedBy;
    card.accept.setAttribute('aria-label', 'Accept: ' + label);
    card.decline.textContent = mine(a) ? 'Hand back' : 'Decline';
    card.decline.hidden = !!a.acceptedBy && !mine(a);
    card.decline.setAttribute('aria-label', card.decline.textContent + ': ' + label);
    card.pause.setAttribute('aria-label', 'Not escalating: ' + label);
  }

  function render(alerts) {
    latest = alerts;
    document.getElementById('count').textContent = '(' + alerts.length + ')';
    const seen = new Set();
    let order = [];
    for (const a of alerts) {
      seen.add(a.id);
      let card = cards.get(a.id);
      if (!card) {
        card = newCard(a);
        cards.set(a.id, card);
      }
      fill(card, a);
      order.push(card.li);
    }
    for (const [id, card] of cards) {
      if (!seen.has(id)) {
        card.li.remove();
        cards.delete(id);
      }
    }
    const none = list.querySelector('li.none');
    if (!alerts.length && !none) list.append(V.el('li', 'none', '✓ Nothing waiting for you'));
    if (alerts.length && none) none.remove();
    // re-append only when the order changed: moving a node would take the focus from a reason being typed
    const current = Array.from(list.querySelectorAll('li.card'));
    if (current.length !== order.length || current.some((li, i) => li !== order[i])) {
      for (const li of order) list.append(li);
    }
  }

  V.connect('respond', role, function (m) {
    if (m.type === 'hello') {
      hello = m;
      document.getElementById('role-name').textContent = m.title;
      document.title = m.title + ' · Vigil responder';
      if (m.id) sessionStorage.setItem(ROLE_KEY, m.id);
    } else if (m.type === 'respond' && hello) {
      render(m.alerts);
    }
  }, role ? 'the alerts for ' + V.roleName(role) : 'a responder’s alerts');
})();
