'use strict';
/*
 * Acknowledging an alert from a wall: the dialog names the alert (kind, bed, detail) so the right one is
 * acknowledged, asks who (initials) and in what role, takes an optional note, and offers Undo for the few seconds
 * the server allows (hello.ackUndoSeconds). The server records who, and is the judge of the undo window.
 */
window.VigilAck = (function () {
  const V = window.Vigil;
  let dialog = null;
  let fields = null;
  let current = null;
  let wallHello = {};
  let undoTimer = null;

  function labelled(text, control, id) {
    const label = V.el('label', null, text);
    control.id = id;
    label.htmlFor = id;
    return [label, control];
  }

  function build(hello) {
    dialog = V.el('dialog', 'ack-dialog');
    dialog.setAttribute('aria-labelledby', 'ack-title');
    const form = V.el('form');
    form.method = 'dialog';
    form.noValidate = true; // the page says what is missing, in words, rather than a browser bubble
    const title = V.el('h2', null, 'Acknowledge');
    title.id = 'ack-title';
    const what = V.el('p', 'ack-what');
    const initials = V.el('input');
    initials.required = true;
    initials.maxLength = 16;
    initials.autocomplete = 'off';
    const role = V.el('select');
    for (const r of hello.ackRoles || []) {
      const o = V.el('option', null, r);
      o.value = r;
      role.append(o);
    }
    const note = V.el('input');
    note.maxLength = 280;
    const error = V.el('p', 'ack-error');
    error.setAttribute('role', 'alert');
    const ok = V.el('button', 'ack', 'Acknowledge');
    ok.type = 'submit';
    const cancel = V.el('button', 'ack-cancel', 'Cancel');
    cancel.type = 'button';
    cancel.addEventListener('click', () => dialog.close());
    const buttons = V.el('div', 'ack-buttons');
    buttons.append(ok, cancel);
    form.append(title, what, ...labelled('Your initials', initials, 'ack-initials'),
      ...labelled('Your role', role, 'ack-role'), ...labelled('Note (optional)', note, 'ack-note'), error, buttons);
    form.addEventListener('submit', e => {
      e.preventDefault();
      submit();
    });
    dialog.append(form);
    document.body.append(dialog);
    fields = {what: what, initials: initials, role: role, note: note, error: error, ok: ok};
  }

  function post(alert, path, body) {
    return fetch(V.api('/api/v1/alerts/' + encodeURIComponent(alert.id) + path), {
      method: 'POST',
      headers: {'Authorization': 'Bearer ' + V.token(), 'Content-Type': 'application/json'},
      body: JSON.stringify(body)
    }).then(r => r.json().then(j => ({ok: r.ok, status: r.status, body: j})));
  }

  function submit() {
    const by = fields.initials.value.trim();
    if (!by) {
      fields.error.textContent = 'Enter your initials';
      fields.initials.focus();
      return;
    }
    const body = {by: by, role: fields.role.value};
    if (fields.note.value.trim()) body.note = fields.note.value.trim();
    fields.ok.disabled = true;
    const alert = current;
    post(alert, '/ack', body).then(r => {
      fields.ok.disabled = false;
      if (!r.ok) {
        fields.error.textContent = 'Not acknowledged: ' + (r.body.error || r.status);
        return;
      }
      dialog.close();
      offerUndo(alert, by + ' (' + body.role + ')');
    }).catch(() => {
      fields.ok.disabled = false;
      fields.error.textContent = 'Not acknowledged: server unreachable';
    });
  }

  /** "Acknowledged by JS (Staff nurse) — Undo" for the server's undo window, in the wall's status line. */
  function offerUndo(alert, who) {
    const msg = document.getElementById('ack-msg');
    const undo = V.el('button', 'ack-undo', 'Undo');
    undo.type = 'button';
    undo.setAttribute('aria-label', 'Undo the acknowledgement of ' + V.label('alertKind', alert.kind) + (alert.bed ? ', bed ' + alert.bed : ''));
    undo.addEventListener('click', () => {
      undo.disabled = true;
      post(alert, '/ack/undo', {}).then(r => {
        msg.textContent = r.ok ? '↶ Acknowledgement undone' : '✖ Could not undo: ' + (r.body.error || r.status);
      }).catch(() => { msg.textContent = '✖ Could not undo: server unreachable'; });
    });
    msg.replaceChildren(document.createTextNode('✓ ' + V.label('alertKind', alert.kind) + (alert.bed ? ', bed ' + alert.bed : '')
      + ' acknowledged by ' + who + ' '), undo);
    clearTimeout(undoTimer);
    undoTimer = setTimeout(() => { if (undo.isConnected) undo.remove(); }, (wallHello.ackUndoSeconds || 0) * 1000);
  }

  /** Opens the dialog for one alert; hello is the wall's hello message (roles, undo window). */
  function open(alert, hello) {
    wallHello = hello || {};
    if (!dialog) build(wallHello);
    current = alert;
    fields.what.textContent = V.label('alertKind', alert.kind) + (alert.bed ? ' · bed ' + alert.bed : '') + ' · ' + (alert.detail || '');
    fields.error.textContent = '';
    fields.note.value = '';
    dialog.showModal();
    fields.initials.focus();
  }

  return {open: open};
})();
