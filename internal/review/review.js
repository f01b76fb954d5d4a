// Review actions for report.html, added by `sightline review`. Fills the
// page's empty .sl-actions placeholders after every render. Text from the
// data only ever goes in through textContent and attribute values.
(function () {
  'use strict';
  var cfg = window.SightlineReviewConfig || {};
  var KEY = 'sightline.analyst';
  var logged = { pairs: {}, assign: {}, reviews: {} };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    }
    if (text != null) e.textContent = text;
    return e;
  }

  var style = el('style');
  style.textContent =
    '#sl-review-bar{position:fixed;right:12px;bottom:12px;z-index:1000;background:#fffbe6;border:1px solid #c9a400;' +
    'border-radius:6px;padding:6px 10px;font:13px system-ui,sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.2)}' +
    '#sl-review-bar input{width:9em;margin-left:4px}' +
    '.sl-review{display:flex;flex-wrap:wrap;gap:4px;align-items:center;font:12px system-ui,sans-serif;margin:2px 0}' +
    '.sl-review button{font:12px system-ui,sans-serif;padding:1px 6px;cursor:pointer}' +
    '.sl-review input.sl-comment{width:12em;font:12px system-ui,sans-serif}' +
    '.sl-status{color:#555}.sl-status.sl-ok{color:#1a7f37}.sl-status.sl-err{color:#b42318}';
  document.head.appendChild(style);

  // The analyst bar: the name goes with every decision.
  var nameInput = el('input', { id: 'sl-analyst', type: 'text', 'aria-label': 'analyst name', maxlength: '100' });
  nameInput.value = (function () {
    try { return localStorage.getItem(KEY) || cfg.analyst || ''; } catch (e) { return cfg.analyst || ''; }
  })();
  nameInput.addEventListener('change', function () {
    try { localStorage.setItem(KEY, nameInput.value.trim()); } catch (e) { /* private mode */ }
  });
  var bar = el('div', { id: 'sl-review-bar' });
  bar.appendChild(el('strong', null, 'Review'));
  bar.appendChild(document.createTextNode(' · analyst'));
  bar.appendChild(nameInput);
  bar.title = 'decisions → ' + (cfg.decisions || '') + '\nreviews → ' + (cfg.reviews || '');

  function analyst() {
    var n = nameInput.value.trim();
    if (!n) {
      nameInput.focus();
      return null;
    }
    try { localStorage.setItem(KEY, n); } catch (e) { /* private mode */ }
    return n;
  }

  function pairKey(a, b) { return a < b ? a + '\u0000' + b : b + '\u0000' + a; }

  var words = {
    must_link: 'same', cannot_link: 'not the same', unsure: 'unsure',
    assign: 'assigned', escalated: 'escalated', cleared: 'cleared'
  };

  function describe(rec) {
    var kind = rec.kind || rec.status;
    var s = 'recorded: ' + (words[kind] || kind);
    if (rec.entity && rec.kind === 'assign') s += ' to ' + rec.entity;
    if (rec.analyst) s += ' by ' + rec.analyst;
    if (rec.at) s += ' at ' + String(rec.at).replace('T', ' ').slice(0, 16);
    return s;
  }

  function setStatus(node, text, cls) {
    node.textContent = text;
    node.className = 'sl-status' + (cls ? ' ' + cls : '');
  }

  function post(path, body, status, after) {
    var name = analyst();
    if (!name) {
      setStatus(status, 'give your name in the Review bar first', 'sl-err');
      return;
    }
    body.analyst = name;
    setStatus(status, 'saving…');
    fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, j: j }; });
    }).then(function (res) {
      if (!res.ok) {
        setStatus(status, 'not recorded: ' + (res.j.error || 'error'), 'sl-err');
        return;
      }
      var recs = res.j.recorded || [];
      recs.forEach(remember);
      var last = recs[recs.length - 1] || {};
      var text = describe(last);
      if (recs.length > 1) text = 'recorded ' + recs.length + ' decisions: ' + words[last.kind] + ' by ' + last.analyst;
      setStatus(status, text, 'sl-ok');
      if (after) after();
    }).catch(function (e) {
      setStatus(status, 'not recorded: ' + e, 'sl-err');
    });
  }

  function remember(rec) {
    if (rec.status) logged.reviews[rec.entity] = rec;
    else if (rec.kind === 'assign') logged.assign[rec.a] = rec;
    else logged.pairs[pairKey(rec.a, rec.b)] = rec;
  }

  function box(container) {
    var b = el('div', { class: 'sl-review' });
    container.appendChild(b);
    return b;
  }

  function commentInput() {
    return el('input', { type: 'text', class: 'sl-comment', placeholder: 'comment', maxlength: '2000', 'aria-label': 'comment' });
  }

  function button(label, kind, onClick) {
    var b = el('button', { type: 'button', 'data-sl': kind }, label);
    b.addEventListener('click', function (ev) {
      ev.preventDefault();
      ev.stopPropagation();
      onClick();
    });
    return b;
  }

  function pairActions(container, a, b) {
    var ui = box(container);
    var comment = commentInput();
    var status = el('span', { class: 'sl-status' });
    [['same', 'must_link'], ['not the same', 'cannot_link'], ['unsure', 'unsure']].forEach(function (x) {
      ui.appendChild(button(x[0], x[1], function () {
        post('/api/decision', { kind: x[1], a: a, b: b, comment: comment.value }, status);
      }));
    });
    ui.appendChild(comment);
    ui.appendChild(status);
    var prev = logged.pairs[pairKey(a, b)];
    if (prev) setStatus(status, describe(prev));
  }

  function picked(root) {
    var out = [];
    root.querySelectorAll('input.sl-pick:checked').forEach(function (c) { out.push(c.value); });
    return out;
  }

  function entityActions(container, entity) {
    var root = container.closest('#entity') || document;
    var ui = box(container);
    var comment = commentInput();
    var target = el('input', { type: 'text', class: 'sl-target', placeholder: 'entity ID', 'aria-label': 'entity to assign to', maxlength: '500' });
    var status = el('span', { class: 'sl-status' });
    ui.appendChild(el('span', null, 'ticked members:'));
    [['same', 'must_link'], ['not the same', 'cannot_link'], ['unsure', 'unsure']].forEach(function (x) {
      ui.appendChild(button(x[0], x[1], function () {
        var p = picked(root);
        if (p.length !== 2) {
          setStatus(status, 'tick exactly two members', 'sl-err');
          return;
        }
        post('/api/decision', { kind: x[1], a: p[0], b: p[1], comment: comment.value }, status);
      }));
    });
    ui.appendChild(button('split out of this entity', 'split', function () {
      var p = picked(root);
      if (p.length !== 1) {
        setStatus(status, 'tick one member to split out', 'sl-err');
        return;
      }
      post('/api/split', { entity: entity, mention: p[0], comment: comment.value }, status);
    }));
    ui.appendChild(button('assign to', 'assign', function () {
      var p = picked(root);
      var t = target.value.trim();
      if (p.length < 1 || !t) {
        setStatus(status, 'tick members and give an entity ID', 'sl-err');
        return;
      }
      // One request per member; each is its own synced decision.
      var i = 0;
      (function next() {
        if (i >= p.length) return;
        post('/api/decision', { kind: 'assign', a: p[i++], entity: t, comment: comment.value }, status, next);
      })();
    }));
    ui.appendChild(target);
    ui.appendChild(comment);
    ui.appendChild(status);
  }

  function flaggedActions(container, entity) {
    var ui = box(container);
    var comment = commentInput();
    var status = el('span', { class: 'sl-status' });
    [['escalated', 'escalated'], ['cleared', 'cleared']].forEach(function (x) {
      ui.appendChild(button(x[0], x[1], function () {
        post('/api/review', { entity: entity, status: x[1], comment: comment.value }, status);
      }));
    });
    ui.appendChild(comment);
    ui.appendChild(status);
    var prev = logged.reviews[entity];
    if (prev) setStatus(status, describe(prev));
  }

  function memberPick(row) {
    var id = row.getAttribute('data-mention-id');
    var c = el('input', { type: 'checkbox', class: 'sl-pick', value: id, 'aria-label': 'tick ' + id });
    c.addEventListener('click', function (ev) { ev.stopPropagation(); });
    var holder = row.tagName === 'TR' ? el('td', { class: 'sl-pick-cell' }) : el('span', { class: 'sl-pick-cell' });
    holder.appendChild(c);
    row.insertBefore(holder, row.firstChild);
    // Keep a table's header over its columns.
    var table = row.tagName === 'TR' && row.closest('table');
    var head = table && table.querySelector('thead tr');
    if (head && !head.hasAttribute('data-sl-pick')) {
      head.setAttribute('data-sl-pick', '1');
      head.insertBefore(el('th', { title: 'tick members for the actions above' }, '✓'), head.firstChild);
    }
  }

  function decorate() {
    if (!bar.isConnected) document.body.appendChild(bar);
    document.querySelectorAll('.sl-actions:not([data-sl-done])').forEach(function (c) {
      c.setAttribute('data-sl-done', '1');
      var pair = c.closest('.pair');
      if (pair) return pairActions(c, pair.getAttribute('data-left'), pair.getAttribute('data-right'));
      var fl = c.closest('[data-flagged-entity]');
      if (fl) return flaggedActions(c, fl.getAttribute('data-flagged-entity'));
      var e = c.getAttribute('data-entity-id');
      if (e) return entityActions(c, e);
    });
    document.querySelectorAll('#entity [data-mention-id]:not([data-sl-pick])').forEach(function (row) {
      row.setAttribute('data-sl-pick', '1');
      memberPick(row);
    });
  }

  document.addEventListener('sightline:render', decorate);

  // What was already recorded, so earlier verdicts show; the buttons work
  // before it arrives.
  fetch('/api/log', { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (j) {
    (j.decisions || []).forEach(remember);
    (j.reviews || []).forEach(remember);
    document.querySelectorAll('.pair[data-left]').forEach(function (p) {
      var prev = logged.pairs[pairKey(p.getAttribute('data-left'), p.getAttribute('data-right'))];
      var s = p.querySelector('.sl-status');
      if (prev && s && !s.textContent) setStatus(s, describe(prev));
    });
    document.querySelectorAll('[data-flagged-entity]').forEach(function (row) {
      var prev = logged.reviews[row.getAttribute('data-flagged-entity')];
      var s = row.querySelector('.sl-status');
      if (prev && s && !s.textContent) setStatus(s, describe(prev));
    });
  }).catch(function () { /* the log is a convenience */ });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', decorate);
  else decorate();
})();
