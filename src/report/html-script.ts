/**
 * The report's script, inlined and allowed by its sha256 in the CSP. It reads
 * the JSON data island and builds the findings views with createElement and
 * textContent only: no innerHTML, no eval, no string-built markup, so hostile
 * names, tags and policy text stay text. Tables are paged to stay responsive
 * with tens of thousands of results.
 *
 * Kept as a String.raw template: it must contain no backtick and no dollar-brace.
 */
export const REPORT_SCRIPT = String.raw`(function () {
'use strict';
var PAGE = 100, GROUP_PAGE = 100;
var SEV = ['critical', 'high', 'medium', 'low', 'info'];
var STATUS = ['FAIL', 'ERROR', 'UNKNOWN', 'PASS'];
// The remediation snippet fields and their names (SNIPPET_KINDS in src/engine/remediation-snippets.ts).
var SNIPPETS = [['cli', 'AWS CLI'], ['terraform', 'Terraform'], ['cloudformation', 'CloudFormation']];
var data = JSON.parse(document.getElementById('sealcheck-data').textContent);
var rules = data.rules, dims = data.dims;
var rows = data.rows.map(function (r, i) {
  return { i: i, rule: r[0], status: r[1], sev: r[2], type: r[3], account: r[4], region: r[5], service: r[6],
    name: r[7], arn: r[8], id: r[9], message: r[10], evidence: r[11], tags: r[12], suppression: r[13], baseline: r[14], hay: null };
});
var state = { severity: '', status: 'open', service: '', account: '', region: '', rule: '', q: '', sortKey: '', sortDir: 1, page: 0, view: 'table' };
var filtered = rows;

function $(id) { return document.getElementById(id); }
function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function clip(s, n) { s = s == null ? '' : String(s); return s.length > n ? s.slice(0, n - 1) + '\u2026' : s; }
function safeUrl(u) {
  try { var x = new URL(u); return x.protocol === 'https:' || x.protocol === 'http:' ? x.href : null; } catch (e) { return null; }
}
function sevRank(s) { var i = SEV.indexOf(s); return i < 0 ? 9 : i; }
function statusRank(s) { var i = STATUS.indexOf(s); return i < 0 ? 9 : i; }
function badge(text, cls) { return el('span', 'badge ' + cls, text); }
function haystack(r) {
  if (r.hay === null) {
    var parts = [r.arn, r.name || '', r.id, rules[r.rule].id];
    if (r.tags) Object.keys(r.tags).forEach(function (k) { parts.push(k + '=' + r.tags[k]); });
    r.hay = parts.join('\n').toLowerCase();
  }
  return r.hay;
}

function matches(r, skip) {
  if (state.severity && r.sev !== state.severity) return false;
  if (state.status === 'open' ? r.status === 'PASS' : state.status && r.status !== state.status) return false;
  if (state.service !== '' && String(r.service) !== state.service) return false;
  if (state.account !== '' && String(r.account) !== state.account) return false;
  if (state.region !== '' && String(r.region) !== state.region) return false;
  if (state.rule !== '' && String(r.rule) !== state.rule) return false;
  if (state.q && haystack(r).indexOf(state.q) < 0) return false;
  return true;
}

var COLUMNS = [
  { key: 'severity', label: 'Severity', cmp: function (a, b) { return sevRank(a.sev) - sevRank(b.sev); } },
  { key: 'status', label: 'Status', cmp: function (a, b) { return statusRank(a.status) - statusRank(b.status); } },
  { key: 'rule', label: 'Rule', cmp: function (a, b) { return cmpStr(rules[a.rule].id, rules[b.rule].id); } },
  { key: 'service', label: 'Service', cmp: function (a, b) { return cmpStr(dims.service[a.service], dims.service[b.service]); } },
  { key: 'account', label: 'Account', cmp: function (a, b) { return cmpStr(dims.account[a.account], dims.account[b.account]); } },
  { key: 'region', label: 'Region', cmp: function (a, b) { return cmpStr(dims.region[a.region], dims.region[b.region]); } },
  { key: 'name', label: 'Resource', cmp: function (a, b) { return cmpStr(a.name || a.id, b.name || b.id); } },
  { key: 'arn', label: 'ARN', cmp: function (a, b) { return cmpStr(a.arn, b.arn); } }
];
function cmpStr(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

function apply() {
  filtered = rows.filter(matches);
  // Rows arrive most urgent first (status, then severity); that order stands until a column is sorted.
  var col = COLUMNS.filter(function (c) { return c.key === state.sortKey; })[0];
  var dir = state.sortDir;
  if (col) filtered.sort(function (a, b) { return dir * col.cmp(a, b) || a.i - b.i; });
  var pages = Math.max(1, Math.ceil(filtered.length / PAGE));
  if (state.page >= pages) state.page = pages - 1;
  $('match-count').textContent = filtered.length + ' of ' + rows.length + ' results match';
  if (state.view === 'table') renderTable(); else renderGroups();
}

function renderHead() {
  var tr = el('tr');
  COLUMNS.forEach(function (c) {
    var th = el('th');
    var b = el('button', 'sort', c.label + (state.sortKey === c.key ? (state.sortDir > 0 ? ' \u25b2' : ' \u25bc') : ''));
    b.type = 'button';
    th.setAttribute('aria-sort', state.sortKey === c.key ? (state.sortDir > 0 ? 'ascending' : 'descending') : 'none');
    b.addEventListener('click', function () {
      if (state.sortKey === c.key) state.sortDir = -state.sortDir; else { state.sortKey = c.key; state.sortDir = 1; }
      state.page = 0; renderHead(); apply();
    });
    th.appendChild(b);
    tr.appendChild(th);
  });
  $('findings-head').replaceChildren(tr);
}

function statusCell(r) {
  var td = el('td');
  td.appendChild(badge(r.status, 'st-' + r.status));
  if (r.suppression) { td.appendChild(document.createTextNode(' ')); td.appendChild(badge('suppressed', 'suppressed')); }
  if (r.baseline === 'new') { td.appendChild(document.createTextNode(' ')); td.appendChild(badge('new', 'new')); }
  return td;
}

function renderTable() {
  var body = $('findings-body');
  var start = state.page * PAGE, slice = filtered.slice(start, start + PAGE);
  var frag = document.createDocumentFragment();
  slice.forEach(function (r) {
    var tr = el('tr', 'row');
    tr.tabIndex = 0;
    tr.dataset.index = String(r.i);
    var sev = el('td'); sev.appendChild(badge(r.sev, 'sev-' + r.sev)); tr.appendChild(sev);
    tr.appendChild(statusCell(r));
    tr.appendChild(el('td', '', rules[r.rule].id));
    tr.appendChild(el('td', 'nowrap', dims.service[r.service]));
    tr.appendChild(el('td', 'nowrap', dims.account[r.account]));
    tr.appendChild(el('td', 'nowrap', dims.region[r.region]));
    tr.appendChild(el('td', '', clip(r.name || r.id, 120)));
    tr.appendChild(el('td', '', clip(r.arn, 200)));
    frag.appendChild(tr);
  });
  body.replaceChildren(frag);
  if (slice.length === 0) {
    var tr = el('tr'), td = el('td', 'empty', 'No results match these filters.');
    td.colSpan = COLUMNS.length; tr.appendChild(td); body.appendChild(tr);
  }
  var pages = Math.max(1, Math.ceil(filtered.length / PAGE));
  $('page-info').textContent = filtered.length === 0 ? 'no rows' : 'rows ' + (start + 1) + '\u2013' + (start + slice.length) + ' of ' + filtered.length + ' (page ' + (state.page + 1) + ' of ' + pages + ')';
  $('prev-page').disabled = state.page === 0;
  $('next-page').disabled = state.page >= pages - 1;
}

function renderGroups() {
  var groups = {};
  filtered.forEach(function (r) { (groups[r.rule] = groups[r.rule] || []).push(r); });
  var ids = Object.keys(groups).map(Number).sort(function (a, b) {
    return sevRank(rules[a].severity) - sevRank(rules[b].severity) || groups[b].length - groups[a].length || cmpStr(rules[a].id, rules[b].id);
  });
  var frag = document.createDocumentFragment();
  ids.forEach(function (id) {
    var rule = rules[id], list = groups[id];
    var d = el('details', 'rule');
    d.dataset.rule = rule.id;
    var s = el('summary');
    s.appendChild(badge(rule.severity, 'sev-' + rule.severity));
    s.appendChild(el('strong', '', rule.id));
    s.appendChild(el('span', '', rule.title));
    s.appendChild(el('span', 'muted', list.length + ' resource(s)'));
    d.appendChild(s);
    var shown = 0, ul = el('ul');
    d.appendChild(ul);
    var more = el('button', '', 'show more');
    more.type = 'button';
    function fill() {
      list.slice(shown, shown + GROUP_PAGE).forEach(function (r) {
        var li = el('li'), b = el('button', '', clip(r.name || r.id, 120) + ' \u2014 ' + clip(r.arn, 200));
        b.type = 'button';
        b.addEventListener('click', function () { openDetails(r); });
        li.appendChild(badge(r.status, 'st-' + r.status));
        li.appendChild(document.createTextNode(' '));
        li.appendChild(b);
        if (r.baseline === 'new') { li.appendChild(document.createTextNode(' ')); li.appendChild(badge('new', 'new')); }
        if (r.suppression) { li.appendChild(document.createTextNode(' ')); li.appendChild(badge('suppressed', 'suppressed')); }
        ul.appendChild(li);
      });
      shown = Math.min(list.length, shown + GROUP_PAGE);
      more.hidden = shown >= list.length;
    }
    more.addEventListener('click', fill);
    d.appendChild(more);
    d.addEventListener('toggle', function () { if (d.open && shown === 0) fill(); });
    frag.appendChild(d);
  });
  var box = $('groups');
  box.replaceChildren(frag);
  if (ids.length === 0) box.appendChild(el('p', 'empty', 'No results match these filters.'));
}

function row(dl, label, value) {
  if (value === null || value === undefined || value === '') return;
  dl.appendChild(el('dt', '', label));
  var dd = el('dd');
  if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value);
  dl.appendChild(dd);
}
function link(url, text) {
  var safe = safeUrl(url);
  if (!safe) return el('span', '', text || url);
  var a = el('a', '', text || safe);
  a.href = safe; a.rel = 'noopener noreferrer'; a.target = '_blank';
  return a;
}

var lastFocus = null;
function openDetails(r) {
  var rule = rules[r.rule];
  var box = $('details-body');
  var frag = document.createDocumentFragment();
  frag.appendChild(el('h2', '', rule.title));
  var head = el('p');
  head.appendChild(badge(r.sev, 'sev-' + r.sev)); head.appendChild(document.createTextNode(' '));
  head.appendChild(badge(r.status, 'st-' + r.status));
  if (r.baseline === 'new') { head.appendChild(document.createTextNode(' ')); head.appendChild(badge('new', 'new')); }
  head.appendChild(document.createTextNode(' ' + rule.id));
  frag.appendChild(head);
  frag.appendChild(el('p', 'message', r.message));
  if (rule.severityReason) frag.appendChild(el('p', 'why', 'Why ' + rule.severity + ': ' + rule.severityReason.text + ' (' + rule.severityReason.basis + ')'));
  var dl = el('dl');
  row(dl, 'Resource', r.name || r.id);
  row(dl, 'ARN', r.arn);
  row(dl, 'Type', dims.type[r.type]);
  row(dl, 'Account', dims.account[r.account]);
  row(dl, 'Region', dims.region[r.region]);
  if (r.baseline) row(dl, 'Baseline', r.baseline);
  if (r.suppression) {
    var s = r.suppression;
    row(dl, 'Suppressed', s.reason + (s.owner ? ' \u2014 owner ' + s.owner : '') + (s.ticket ? ', ticket ' + s.ticket : '') + (s.expires ? ', expires ' + s.expires : ''));
  }
  if (r.tags) {
    var keys = Object.keys(r.tags);
    if (keys.length) row(dl, 'Tags', keys.map(function (k) { return k + '=' + r.tags[k]; }).join(', '));
  }
  frag.appendChild(dl);
  frag.appendChild(el('h3', '', 'Evidence'));
  if (!r.evidence.length) frag.appendChild(el('p', 'empty', 'No evidence recorded.'));
  r.evidence.forEach(function (e) {
    var edl = el('dl', 'evidence');
    row(edl, 'Path', e[0]);
    if (e[1] !== null) row(edl, 'Found', el('pre', '', e[1]));
    row(edl, 'Expected', e[2]);
    row(edl, 'Missing', e[3]);
    frag.appendChild(edl);
  });
  frag.appendChild(el('h3', '', 'Remediation'));
  frag.appendChild(el('p', '', rule.remediation.text || rule.description));
  if (rule.remediation.url) { var p = el('p'); p.appendChild(link(rule.remediation.url, 'Remediation guide')); frag.appendChild(p); }
  SNIPPETS.forEach(function (kv) {
    var snippet = rule.remediation[kv[0]], reason = (rule.remediation.noSnippet || {})[kv[0]];
    if (typeof snippet === 'string') {
      frag.appendChild(el('h4', '', kv[1]));
      var pre = el('pre', 'snippet snippet-' + kv[0]); pre.appendChild(el('code', '', snippet)); frag.appendChild(pre);
    } else if (typeof reason === 'string') {
      frag.appendChild(el('h4', '', kv[1]));
      frag.appendChild(el('p', 'no-snippet no-snippet-' + kv[0], 'No snippet: ' + reason));
    }
  });
  var refs = rule.references || {}, ul = el('ul');
  (refs.securityHub || []).forEach(function (id) { ul.appendChild(el('li', '', 'AWS Security Hub ' + id)); });
  Object.keys(refs.frameworks || {}).forEach(function (f) { refs.frameworks[f].forEach(function (id) { ul.appendChild(el('li', '', f + ' ' + id)); }); });
  if (refs.awsConfig) ul.appendChild(el('li', '', 'AWS Config rule ' + refs.awsConfig));
  (refs.links || []).forEach(function (u) { var li = el('li'); li.appendChild(link(u)); ul.appendChild(li); });
  if (ul.childNodes.length) { frag.appendChild(el('h3', '', 'References')); frag.appendChild(ul); }
  box.replaceChildren(frag);
  lastFocus = document.activeElement;
  $('details').hidden = false;
  $('close-details').focus();
}
function closeDetails() {
  $('details').hidden = true;
  if (lastFocus && lastFocus.focus) lastFocus.focus();
}

function option(select, value, label) { var o = el('option', '', label); o.value = value; select.appendChild(o); }
function fillSelect(id, values, labelOf) {
  var sel = $(id);
  values.forEach(function (v) { option(sel, v.value, labelOf ? labelOf(v) : v.label); });
}
function byLabel(list) {
  return list.map(function (label, i) { return { value: String(i), label: label }; }).sort(function (a, b) { return cmpStr(a.label, b.label); });
}

function init() {
  fillSelect('f-severity', SEV.map(function (s) { return { value: s, label: s }; }));
  fillSelect('f-service', byLabel(dims.service));
  fillSelect('f-account', byLabel(dims.account));
  fillSelect('f-region', byLabel(dims.region));
  fillSelect('f-rule', byLabel(rules.map(function (r) { return r.id; })));
  ['severity', 'status', 'service', 'account', 'region', 'rule'].forEach(function (k) {
    $('f-' + k).addEventListener('change', function (ev) { state[k] = ev.target.value; state.page = 0; apply(); });
  });
  var timer = null;
  $('f-search').addEventListener('input', function (ev) {
    clearTimeout(timer);
    var v = ev.target.value;
    timer = setTimeout(function () { state.q = v.trim().toLowerCase(); state.page = 0; apply(); }, 120);
  });
  $('prev-page').addEventListener('click', function () { if (state.page > 0) { state.page--; renderTable(); } });
  $('next-page').addEventListener('click', function () { state.page++; apply(); });
  function show(view) {
    state.view = view;
    $('tab-table').setAttribute('aria-selected', String(view === 'table'));
    $('tab-groups').setAttribute('aria-selected', String(view === 'groups'));
    $('table-view').hidden = view !== 'table';
    $('groups').hidden = view !== 'groups';
    apply();
  }
  $('tab-table').addEventListener('click', function () { show('table'); });
  $('tab-groups').addEventListener('click', function () { show('groups'); });
  $('findings-body').addEventListener('click', function (ev) {
    var tr = ev.target.closest('tr.row');
    if (tr) openDetails(rows[Number(tr.dataset.index)]);
  });
  $('findings-body').addEventListener('keydown', function (ev) {
    var tr = ev.target.closest('tr.row');
    if (tr && (ev.key === 'Enter' || ev.key === ' ')) { ev.preventDefault(); openDetails(rows[Number(tr.dataset.index)]); }
  });
  $('close-details').addEventListener('click', closeDetails);
  document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape' && !$('details').hidden) closeDetails(); });
  $('findings').hidden = false;
  $('findings-nojs').hidden = true;
  renderHead();
  apply();
  document.documentElement.dataset.ready = 'true';
}
init();
})();
`;
