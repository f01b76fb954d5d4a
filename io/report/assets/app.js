// Sightline report: the cluster browser. Every string from the data goes
// into the page through textContent or setAttribute, never as markup.
(function () {
  'use strict';
  var PAGE = 50;
  var D = null, hay = null, byId = null, results = [], page = 0, timer = 0;
  // The data block follows this script; until the parser has read it
  // (dataLoaded), searches and opened entities wait.
  var loaded = false, waiting = [];

  function whenLoaded(fn) {
    if (loaded) return fn();
    waiting.push(fn);
    document.getElementById('status').textContent = 'Loading the browser\'s data…';
  }

  function dataLoaded() {
    loaded = true;
    var fns = waiting;
    waiting = [];
    fns.forEach(function (fn) { fn(); });
  }

  function data() {
    if (!D) {
      D = JSON.parse(document.getElementById('sl-data').textContent);
    }
    return D;
  }

  // index builds, on first use, one folded search text per entity:
  // its ID and name and its member rows' IDs, spellings, addresses and
  // identifiers.
  function index() {
    if (hay) return;
    var d = data(), E = d.entities, M = d.members, n = (E.id || []).length;
    hay = new Array(n);
    byId = new Map();
    for (var i = 0; i < n; i++) {
      byId.set(E.id[i], i);
      var s = [E.id[i], E.name[i]];
      for (var j = E.member_start[i], b = j + E.member_rows[i]; j < b; j++) {
        s.push(mention(d, j), M.name[j], M.address[j], M.identifier[j]);
      }
      hay[i] = fold(s.join('\n'));
    }
  }

  // mention rebuilds a member row's mention ID, which the data leaves
  // out when it is source/record/role ('') or source/record ('.').
  function mention(d, j) {
    var M = d.members, m = M.mention_id[j], src = d.dict.sources[M.source[j]];
    if (m === '') return src + '/' + M.record_id[j] + '/' + d.dict.roles[M.role[j]];
    if (m === '.') return src + '/' + M.record_id[j];
    return m;
  }

  // spelling is a member row's name; '' stands for the entity's name.
  function spelling(d, i, j) { return d.members.name[j] || d.entities.name[i]; }

  // fold makes search ignore case and width: full-width Ｌａｔｉｎ letters
  // and digits, common in Chinese records, match their ASCII forms.
  function fold(s) { return s.normalize('NFKC').toLowerCase(); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function rendered() {
    document.dispatchEvent(new CustomEvent('sightline:render'));
  }

  function fmt(x, d) { return (x >= 0 ? '+' : '') + x.toFixed(d); }

  function search(q) {
    if (!loaded) return whenLoaded(function () { search(q); });
    q = fold(String(q || '').trim());
    var status = document.getElementById('status');
    results = [];
    page = 0;
    if (q) {
      index();
      var E = data().entities, n = hay.length, rank = [];
      for (var i = 0; i < n; i++) {
        if (hay[i].indexOf(q) < 0) continue;
        var r = 2;
        if (fold(E.id[i]) === q) r = 0;
        else if (fold(E.name[i]).indexOf(q) === 0) r = 1;
        rank.push([r, i]);
      }
      rank.sort(function (a, b) {
        return a[0] - b[0] || E.size[b[1]] - E.size[a[1]] || a[1] - b[1];
      });
      results = rank.map(function (x) { return x[1]; });
      status.textContent = results.length + ' of ' + n + ' entities match.' +
        (data().entities_left_out ? ' ' + data().entities_left_out + ' more entities are in entities.parquet only.' : '');
    } else {
      status.textContent = '';
    }
    showResults();
  }

  function showResults() {
    var ol = document.getElementById('results'), pager = document.getElementById('pager');
    ol.textContent = '';
    pager.textContent = '';
    if (results.length) {
      var E = data().entities, lo = page * PAGE, hi = Math.min(results.length, lo + PAGE);
      for (var k = lo; k < hi; k++) {
        var i = results[k], li = el('li', 'result');
        li.setAttribute('data-entity-id', E.id[i]);
        li.tabIndex = 0;
        li.appendChild(el('span', 'name', E.name[i]));
        li.appendChild(el('span', 'size', E.size[i] + (E.size[i] === 1 ? ' member' : ' members')));
        if (E.tier[i]) {
          li.appendChild(document.createTextNode(' '));
          li.appendChild(el('span', 'tier tier-' + E.tier[i], E.tier[i]));
        }
        if (E.lab[i]) li.appendChild(el('span', 'size', 'defense lab: ' + E.lab[i]));
        li.appendChild(el('span', 'size id', E.id[i]));
        ol.appendChild(li);
      }
      if (results.length > PAGE) {
        var prev = el('button', '', '‹ previous'), next = el('button', '', 'next ›');
        prev.disabled = page === 0;
        next.disabled = hi >= results.length;
        prev.addEventListener('click', function () { page--; showResults(); });
        next.addEventListener('click', function () { page++; showResults(); });
        pager.appendChild(prev);
        pager.appendChild(next);
        pager.appendChild(el('span', 'note', (lo + 1) + '–' + hi + ' of ' + results.length));
      }
    }
    rendered();
  }

  function openEntity(id) {
    if (!loaded) return whenLoaded(function () { openEntity(id); });
    index();
    var sec = document.getElementById('entity');
    sec.textContent = '';
    sec.hidden = false;
    sec.setAttribute('data-entity-id', String(id));
    var i = byId.get(String(id));
    if (i === undefined) {
      sec.appendChild(el('p', 'note', 'Entity ' + id + ' is not in this run.'));
      rendered();
      return;
    }
    var d = data(), E = d.entities, M = d.members;
    sec.appendChild(el('h2', '', E.name[i]));
    var facts = el('p', 'note');
    facts.appendChild(el('span', 'id', E.id[i]));
    facts.appendChild(document.createTextNode(' · ' + E.size[i] + ' members'));
    if (E.lab[i]) facts.appendChild(document.createTextNode(' · defense lab: ' + E.lab[i]));
    if (E.tier[i]) {
      facts.appendChild(document.createTextNode(' · flagged '));
      facts.appendChild(el('span', 'tier tier-' + E.tier[i], E.tier[i]));
    }
    sec.appendChild(facts);
    var acts = el('div', 'sl-actions');
    acts.setAttribute('data-entity-id', E.id[i]);
    sec.appendChild(acts);

    // Members.
    var m0 = E.member_start[i], mn = E.member_rows[i], shown = 0, nameOf = {};
    sec.appendChild(el('h3', '', 'Members'));
    var table = el('table'), head = el('tr');
    ['mention', 'record', 'source', 'role', 'spelling', 'address', 'country', 'identifier', 'placed by', 'score', 'mentions'].forEach(function (h) {
      head.appendChild(el('th', '', h));
    });
    table.appendChild(el('thead')).appendChild(head);
    var tb = table.appendChild(el('tbody'));
    for (var j = m0; j < m0 + mn; j++) {
      var tr = el('tr'), mid = mention(d, j);
      tr.setAttribute('data-mention-id', mid);
      nameOf[mid] = spelling(d, i, j);
      shown += M.count[j];
      [[mid, 'id'], [M.record_id[j], 'id'], [d.dict.sources[M.source[j]]], [d.dict.roles[M.role[j]]],
        [spelling(d, i, j)], [M.address[j]], [d.dict.countries[M.country[j]]], [M.identifier[j], 'id'], [d.dict.rules[M.rule[j]]],
        [M.score[j].toFixed(3), 'num'], [M.count[j], 'num']].forEach(function (c) {
        tr.appendChild(el('td', c[1] || '', c[0]));
      });
      tb.appendChild(tr);
    }
    sec.appendChild(table);
    if (shown < E.size[i]) {
      sec.appendChild(el('p', 'more', (E.size[i] - shown) + ' more members in entity_members.parquet.'));
    }

    // Pairs: the waterfall of evidence of each linking pair.
    var p0 = E.pair_start[i], pn = E.pair_rows[i], P = d.pairs, C = d.comparisons || [];
    sec.appendChild(el('h3', '', 'Evidence: pairs inside the entity, weakest link first'));
    if (!pn) {
      sec.appendChild(el('p', 'note', 'No linking pairs: a single group of identical records, or joined by analyst decisions.'));
    }
    for (var k = p0; k < p0 + pn; k++) {
      sec.appendChild(pairView(d, P, C, k, nameOf));
    }
    if (E.more_pairs[i]) {
      sec.appendChild(el('p', 'more', E.more_pairs[i] + ' more pairs inside this entity in pairs.parquet.'));
    }
    rendered();
    sec.scrollIntoView({ block: 'start' });
  }

  function pairView(d, P, C, k, nameOf) {
    var div = el('div', 'pair');
    // A pair names a shown member row by number, another mention by ID.
    var ref = function (x) { return typeof x === 'number' ? mention(d, x) : String(x); };
    var left = ref(P.left[k]), right = ref(P.right[k]);
    div.setAttribute('data-left', left);
    div.setAttribute('data-right', right);
    var title = el('p');
    title.appendChild(el('strong', '', nameOf[left] || left));
    title.appendChild(document.createTextNode(' ~ '));
    title.appendChild(el('strong', '', nameOf[right] || right));
    title.appendChild(document.createTextNode('  weight ' + fmt(P.weight[k], 2) + ', probability ' + P.probability[k].toFixed(4) + ' '));
    title.appendChild(el('span', 'id', left + ' · ' + right));
    if (P.probability[k] < d.threshold) {
      title.appendChild(el('span', 'note', ' (below the threshold ' + d.threshold + ': linked only through other pairs)'));
    }
    div.appendChild(title);

    var steps = [{ c: 'prior', l: 'share of candidate pairs that match', w: d.prior }], sum = d.prior;
    var Ls = [], ws = [], why = [];
    for (var c = 0; c < C.length; c++) {
      var lv = P.levels[k * C.length + c];
      Ls.push(lv >= 0 ? C[c].levels[lv] : null);
      ws.push(Ls[c] ? Ls[c].weight : 0);
      why.push('');
    }
    // A level's caps bound other comparisons (a name conflict leaves a
    // shared site no weight), as the model scored the pair.
    Ls.forEach(function (L, c) {
      ((L && L.caps) || []).forEach(function (cp) {
        for (var o = 0; o < C.length; o++) {
          if (C[o].name === cp.comparison && ws[o] > cp.max) {
            ws[o] = cp.max;
            why[o] = ' (capped at ' + cp.max + ' by ' + C[c].name + ': ' + L.label + ')';
          }
        }
      });
    });
    for (c = 0; c < C.length; c++) {
      steps.push({ c: C[c].name, l: (Ls[c] ? Ls[c].label : '?') + why[c], w: ws[c] });
      sum += ws[c];
    }
    var adj = P.weight[k] - sum;
    if (Math.abs(adj) >= 0.005) steps.push({ c: 'term frequency', l: 'rarity of the shared name words', w: adj });
    var cum = 0, lo = 0, hi = 0, bars = [];
    steps.forEach(function (s) {
      bars.push([cum, cum + s.w]);
      cum += s.w;
      lo = Math.min(lo, cum);
      hi = Math.max(hi, cum);
    });
    var span = hi - lo || 1, pct = function (x) { return ((x - lo) / span * 100).toFixed(2) + '%'; };
    steps.forEach(function (s, n) {
      div.appendChild(wfRow(s.c, s.l, bars[n][0], bars[n][1], fmt(s.w, 2), fmt(bars[n][1], 2), s.w < 0 ? 'neg' : '', pct));
    });
    div.appendChild(wfRow('match weight', 'probability ' + P.probability[k].toFixed(4), 0, P.weight[k], fmt(P.weight[k], 2), '', 'final', pct, true));
    div.appendChild(el('div', 'sl-actions'));
    return div;
  }

  function wfRow(name, level, from, to, w, total, cls, pct, final) {
    var row = el('div', 'wf-row' + (final ? ' final' : ''));
    row.appendChild(el('span', '', name));
    row.appendChild(el('span', 'note', level));
    var track = el('div', 'wf-track'), bar = el('div', 'wf-bar ' + cls), zero = el('div', 'wf-zero');
    var a = Math.min(from, to), b = Math.max(from, to);
    bar.style.left = pct(a);
    bar.style.width = 'calc(' + pct(b) + ' - ' + pct(a) + ')';
    zero.style.left = pct(0);
    track.appendChild(bar);
    track.appendChild(zero);
    row.appendChild(track);
    row.appendChild(el('span', 'num', w));
    row.appendChild(el('span', 'num note', total));
    return row;
  }

  var input = document.getElementById('search');
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 150);
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter') { clearTimeout(timer); search(input.value); }
  });
  document.getElementById('results').addEventListener('click', function (e) {
    var r = e.target.closest('.result');
    if (r) openEntity(r.getAttribute('data-entity-id'));
  });
  document.getElementById('results').addEventListener('keydown', function (e) {
    var r = e.target.closest('.result');
    if (r && e.key === 'Enter') openEntity(r.getAttribute('data-entity-id'));
  });
  document.addEventListener('click', function (e) {
    var b = e.target.closest('[data-open]');
    if (b) openEntity(b.getAttribute('data-open'));
  });

  window.Sightline = { openEntity: openEntity, search: search, dataLoaded: dataLoaded };
  var h = location.hash.match(/^#entity=(.+)$/);
  if (h) openEntity(decodeURIComponent(h[1]));
})();
