// The gyoryu explorer: search actors, draw an actor's neighbourhood with
// Cytoscape.js, list its events as a timeline, show an event's evidence and
// source, and run SPARQL. Everything comes from this server's /api and /sparql.
'use strict';

// Colours are presentation only; which classes exist comes from the ontology (/api/stats).
const COLOURS = {
  Person: '#e07a2f', Country: '#2f7de0', Province: '#2fa36b', City: '#7fc45a',
  Company: '#9b59b6', GovernmentAgency: '#c0392b', Organization: '#8d6e63',
  Agreement: '#1d3f8f', Forum: '#c99a06', Visit: '#0e8c8c', Meeting: '#5b5f97',
};
const colour = (kind) => COLOURS[kind] || '#8892a6';
const $ = (selector) => document.querySelector(selector);
// `prefixes`: those the endpoint predeclares (api/prefixes), to shorten IRIs in the results table.
const state = { classes: {}, actor: null, data: null, prefixes: [] };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'style') node.style.cssText = value;
    else node.setAttribute(key, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function kindBadge(kind) {
  const names = state.classes[kind];
  const text = names ? (names.ko || names.en || kind) : (kind || '?');
  return el('span', { class: 'kind', style: `background:${colour(kind)}`, title: names && names.en }, text);
}

// replaceChildren with nested arrays of nodes, as el() takes them.
function fill(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((child) => child !== null && child !== undefined));
}

async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${response.status}: ${(await response.text()).trim()}`);
  return response.json();
}

// Above this many events an actor's network opens folded by partner, and
// with at most this many partners drawn (those sharing the most events).
const FOLD_ABOVE = 24;
const MAX_PARTNERS = 40;
const view = {
  hiddenActorKinds: new Set(), hiddenEventKinds: new Set(), from: '', to: '',
  fold: false, expanded: new Set(), edgeLabels: false, minShared: 1,
};

const cy = cytoscape({
  container: $('#graph'),
  style: [
    { selector: 'node', style: {
      'label': 'data(label)', 'font-size': 11, 'color': '#1f2430',
      'text-valign': 'bottom', 'text-margin-y': 4, 'text-wrap': 'ellipsis', 'text-max-width': 110,
      'background-color': (node) => colour(node.data('kind')),
      'border-width': 1, 'border-color': '#ffffff',
    } },
    { selector: 'node[group = "actor"]', style: { 'shape': 'ellipse', 'width': 26, 'height': 26 } },
    // A partner folded from many shared events is drawn larger.
    { selector: 'node[group = "actor"][count > 1]', style: { 'width': 'mapData(count, 1, 40, 26, 54)', 'height': 'mapData(count, 1, 40, 26, 54)' } },
    // Event names are in the timeline; on the canvas they show for the selected event only.
    { selector: 'node[group = "event"]', style: { 'shape': 'diamond', 'width': 20, 'height': 20, 'label': '', 'font-size': 10, 'color': '#4a5163' } },
    { selector: 'node[group = "event"]:selected', style: { 'label': 'data(label)', 'text-max-width': 180, 'text-background-color': '#ffffff', 'text-background-opacity': 0.85 } },
    { selector: 'node[?focus]', style: { 'width': 42, 'height': 42, 'font-size': 14, 'font-weight': 'bold', 'border-width': 3, 'border-color': '#1f2430' } },
    { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#f5b700' } },
    { selector: 'edge', style: {
      'width': 1.2, 'line-color': '#b8c0cf', 'curve-style': 'straight',
      'font-size': 9, 'color': '#4a5163', 'text-rotation': 'autorotate',
      'text-background-color': '#ffffff', 'text-background-opacity': 0.85, 'text-background-padding': 1,
    } },
    { selector: 'edge[kind = "affiliation"]', style: { 'line-style': 'dashed', 'line-color': '#e07a2f' } },
    { selector: 'edge[kind = "folded"]', style: { 'width': 'mapData(count, 1, 40, 2, 12)', 'line-color': '#8f9bb3', 'opacity': 0.8 } },
    // Edge labels on demand: all of them with the switch, one when selected.
    { selector: 'edge.labelled, edge:selected', style: { 'label': 'data(label)' } },
    { selector: 'edge:selected', style: { 'line-color': '#f5b700' } },
  ],
});

cy.on('tap', 'node', (event) => {
  const node = event.target;
  if (node.data('group') === 'event') showEvent(node.id());
  else if (node.id() !== state.actor) openActor(node.id());
});
// A folded edge opens the events shared with that partner, and closes them again.
cy.on('tap', 'edge[kind = "folded"]', (event) => togglePartner(event.target.data('partner')));

function inRange(date) {
  if (!view.from && !view.to) return true;
  if (!date) return false;
  return (!view.from || date >= view.from) && (!view.to || date <= view.to);
}

// The events that pass the filters, and the partners (other actors) that do.
function filtered() {
  const data = state.data;
  const actors = new Map(data.nodes.filter((n) => n.group === 'actor').map((n) => [n.id, n]));
  const partnerShown = (iri) => iri !== state.actor && actors.has(iri) && !view.hiddenActorKinds.has(actors.get(iri).kind);
  const events = data.timeline.filter((e) => !view.hiddenEventKinds.has(e.kind) && inRange(e.date));
  const all = new Map();
  for (const event of events) {
    for (const iri of event.participants || []) {
      if (!partnerShown(iri)) continue;
      if (!all.has(iri)) all.set(iri, { node: actors.get(iri), events: [] });
      all.get(iri).events.push(event);
    }
  }
  // Partners sharing fewer events than asked are counted, not drawn.
  const partners = new Map([...all].filter(([, partner]) => partner.events.length >= view.minShared));
  return { actors, events, partners, all, partnerShown };
}

// The least number of shared events that keeps at most MAX_PARTNERS partners.
function fittingMinShared() {
  const counts = [...filtered().all.values()].map((p) => p.events.length).sort((a, b) => b - a);
  if (counts.length <= MAX_PARTNERS) return 1;
  // Ties at the 41st partner's count are left out together; the first always stays.
  return Math.min(counts[MAX_PARTNERS] + 1, counts[0]);
}

function summarise(events) {
  const byKind = {};
  for (const event of events) byKind[event.kind] = (byKind[event.kind] || 0) + 1;
  return Object.entries(byKind).map(([kind, n]) => `${n} ${kindName(kind)}`).join(', ');
}

function kindName(kind) {
  const names = state.classes[kind];
  return names ? (names.ko || names.en || kind) : (kind || '?');
}

// The elements to draw: the actor, partners, and events either drawn one by
// one or folded into one edge per partner carrying their count.
function elements() {
  const { events, partners, partnerShown } = filtered();
  const drawnPartner = (iri) => partners.has(iri);
  const focus = state.data.actor;
  const nodes = [{ id: state.actor, label: focus.label, group: 'actor', kind: focus.kind, focus: true }];
  const edges = [];
  for (const [iri, partner] of partners) {
    const count = partner.events.length;
    const folded = view.fold && !view.expanded.has(iri);
    nodes.push({ id: iri, label: partner.node.label, group: 'actor', kind: partner.node.kind,
      count: folded ? count : 1, shared: count, folded });
    if (folded) {
      edges.push({ id: `fold:${iri}`, source: state.actor, target: iri, kind: 'folded', partner: iri, count,
        label: `${count} ${count === 1 ? 'event' : 'events'}: ${summarise(partner.events)}` });
    }
  }
  for (const event of events) {
    const others = (event.participants || []).filter(partnerShown);
    const shown = others.filter(drawnPartner);
    // Folded, an event is drawn only when it has an opened partner or no partner at all.
    if (view.fold && others.length && !shown.some((iri) => view.expanded.has(iri))) continue;
    nodes.push({ id: event.iri, label: event.label || event.kind, group: 'event', kind: event.kind, date: event.date });
    edges.push({ id: `p:${event.iri}:${state.actor}`, source: event.iri, target: state.actor, kind: 'participant', label: 'participant' });
    for (const iri of shown) {
      if (view.fold && !view.expanded.has(iri)) continue;
      edges.push({ id: `p:${event.iri}:${iri}`, source: event.iri, target: iri, kind: 'participant', label: 'participant' });
    }
  }
  const drawn = new Set(nodes.map((n) => n.id));
  for (const edge of state.data.edges) {
    if (edge.kind === 'affiliation' && drawn.has(edge.source) && drawn.has(edge.target)) {
      edges.push({ id: `a:${edge.source}:${edge.target}`, source: edge.source, target: edge.target, kind: 'affiliation', label: 'affiliation · 소속' });
    }
  }
  return { nodes, edges, events, partners };
}

function draw() {
  const { nodes, edges, events, partners } = elements();
  cy.elements().remove();
  cy.add(nodes.map((node) => ({ group: 'nodes', data: node })));
  cy.add(edges.map((edge) => ({ group: 'edges', data: edge, classes: view.edgeLabels ? 'labelled' : '' })));
  cy.layout({
    name: 'concentric', animate: false, minNodeSpacing: 18, avoidOverlap: true,
    // The actor in the middle, its events around it, the partners outside;
    // folded, the partners sharing most events nearest.
    concentric: (node) => (node.data('focus') ? 1000 : node.data('group') === 'event' ? 500
      : view.fold ? Math.min(node.data('shared') || 1, 400) : 1),
    levelWidth: () => (view.fold ? 3 : 1),
  }).run();
  cy.fit(undefined, 40);
  // A small neighbourhood would otherwise be blown up to fill the canvas.
  if (cy.zoom() > 1.3) {
    cy.zoom(1.3);
    cy.center();
  }
  renderTimeline(events);
  renderNeighbours(partners);
  const total = state.data.timeline.length;
  const diamonds = nodes.filter((n) => n.group === 'event').length;
  const { all } = filtered();
  const parts = [`${events.length} of ${total} events`,
    partners.size === all.size ? `${partners.size} partners` : `${partners.size} of ${all.size} partners (sharing ${view.minShared} or more)`];
  if (view.fold) parts.push(`folded by partner (${diamonds} drawn): click a thick edge or ▸ to open one`);
  $('#view-summary').textContent = parts.join(' · ');
  document.body.dataset.drawnEvents = String(diamonds);
  renderLegend();
}

function togglePartner(iri) {
  if (view.expanded.has(iri)) view.expanded.delete(iri);
  else view.expanded.add(iri);
  draw();
}

function renderTimeline(events) {
  fill($('#timeline'), events.map((event) => el('li', {
    'data-iri': event.iri, onclick: () => showEvent(event.iri),
  }, el('span', { class: 'date' }, event.date || '날짜 없음'), kindBadge(event.kind), event.label || event.kind,
  event.status && event.status !== 'reported' ? el('span', { class: 'sub' }, ` (${event.status})`) : null)));
  if (!events.length) $('#timeline').append(el('li', { class: 'sub' }, 'No events.'));
}

function renderNeighbours(partners) {
  const sorted = [...partners.entries()].sort((a, b) => b[1].events.length - a[1].events.length
    || String(a[1].node.label).localeCompare(String(b[1].node.label), 'ko'));
  fill($('#neighbours'), sorted.map(([iri, partner]) => el('li', {
    'data-iri': iri, onclick: () => openActor(iri),
  }, kindBadge(partner.node.kind), partner.node.label, ' ',
  el('span', { class: 'sub' }, `×${partner.events.length}`),
  view.fold ? el('button', {
    type: 'button', class: 'expand', title: view.expanded.has(iri) ? 'fold these events' : 'draw these events',
    'aria-expanded': String(view.expanded.has(iri)),
    onclick: (e) => { e.stopPropagation(); togglePartner(iri); },
  }, view.expanded.has(iri) ? '▾' : '▸') : null)));
}

// One checkbox per kind present around the actor, for the filters.
function renderFilters() {
  const kinds = (group) => [...new Set(state.data.nodes.filter((n) => n.group === group && !n.focus).map((n) => n.kind))].sort();
  const boxes = (fieldset, group, hidden) => {
    const legend = fieldset.querySelector('legend');
    fill(fieldset, legend, kinds(group).map((kind) => el('label', { class: 'kind-filter' },
      el('input', { type: 'checkbox', value: kind, checked: hidden.has(kind) ? null : 'checked',
        onchange: (e) => { if (e.target.checked) hidden.delete(kind); else hidden.add(kind); draw(); } }),
      el('i', { class: group, style: `background:${colour(kind)}` }), kindName(kind))));
  };
  boxes($('#filter-actor-kinds'), 'actor', view.hiddenActorKinds);
  boxes($('#filter-event-kinds'), 'event', view.hiddenEventKinds);
  const dates = state.data.timeline.map((e) => e.date).filter(Boolean).sort();
  for (const input of [$('#date-from'), $('#date-to')]) {
    input.min = dates[0] || '';
    input.max = dates[dates.length - 1] || '';
  }
  $('#date-from').value = view.from;
  $('#date-to').value = view.to;
  $('#fold').checked = view.fold;
  $('#min-shared').value = String(view.minShared);
  $('#edge-labels').checked = view.edgeLabels;
  $('#filters').hidden = false;
}

function resetFilters() {
  view.hiddenActorKinds.clear();
  view.hiddenEventKinds.clear();
  view.from = '';
  view.to = '';
  view.minShared = 1;
  renderFilters();
  draw();
}

async function search(text) {
  const list = $('#results');
  if (!text.trim()) { list.replaceChildren(); return; }
  const { actors } = await getJson(`api/search?q=${encodeURIComponent(text)}`);
  fill(list, actors.map((actor) => el('li', {
    'data-iri': actor.iri, tabindex: 0,
    onclick: () => openActor(actor.iri),
    onkeydown: (e) => { if (e.key === 'Enter') openActor(actor.iri); },
  }, kindBadge(actor.kind), actor.label, ' ', el('span', { class: 'sub' }, `${actor.events} ${actor.events === 1 ? 'event' : 'events'}`),
  [...actor.aliases, ...(actor.knownAs || [])].length
    ? el('div', { class: 'aliases' }, [...actor.aliases, ...(actor.knownAs || [])].join(' · ')) : null)));
  if (!actors.length) list.append(el('li', { class: 'sub' }, 'No actor matches.'));
  document.body.dataset.searched = text;
}

async function openActor(iri) {
  document.body.dataset.loading = 'actor';
  const data = await getJson(`api/actor?iri=${encodeURIComponent(iri)}`);
  state.actor = iri;
  state.data = data;
  const { actor } = data;
  $('#actor-title').replaceChildren(kindBadge(actor.kind), actor.label);
  const meta = [];
  if (actor.titles.length) meta.push(actor.titles.join(', '));
  if (actor.affiliation) meta.push(`소속 ${actor.affiliation.label || actor.affiliation.iri}`);
  if (actor.aliases.length) meta.push(`aliases: ${actor.aliases.join(' · ')}`);
  meta.push(`${data.timeline.length} events${data.truncated ? ' (the most recent)' : ''}`);
  $('#actor-meta').textContent = meta.join(' — ');
  for (const item of document.querySelectorAll('#results li')) {
    item.classList.toggle('selected', item.dataset.iri === iri);
  }
  // Filters stay as set while moving from actor to actor; folding suits the actor.
  view.fold = data.timeline.length > FOLD_ABOVE;
  view.expanded.clear();
  view.minShared = 1;
  if (view.fold) view.minShared = fittingMinShared();
  renderFilters();
  draw();
  $('#details').replaceChildren();
  history.replaceState(null, '', `#actor=${encodeURIComponent(iri)}`);
  document.body.dataset.actor = iri;
  delete document.body.dataset.loading;
}

async function showEvent(iri) {
  const event = await getJson(`api/event?iri=${encodeURIComponent(iri)}`);
  cy.nodes().unselect();
  cy.getElementById(iri).select();
  for (const item of document.querySelectorAll('#timeline li')) {
    item.classList.toggle('selected', item.dataset.iri === iri);
  }
  const facts = [
    ['date', [event.date, event.endDate].filter(Boolean).join(' – ')],
    ['status', event.status], ['location', event.location && (event.location.label || event.location.iri)],
    ['field', event.field], ['amount', event.amount], ['trigger', event.trigger], ['confidence', event.confidence],
  ].filter(([, value]) => value);
  fill($('#details'),
    el('h2', {}, kindBadge(event.kind), event.label || event.kind),
    el('dl', {}, facts.map(([name, value]) => [el('dt', {}, name), el('dd', {}, value)])),
    el('h2', {}, 'Evidence ', el('span', { class: 'ko' }, '근거 문장')),
    event.evidence.map((sentence) => el('blockquote', { class: 'evidence' }, sentence)),
    el('h2', {}, 'Source ', el('span', { class: 'ko' }, '출처 기사')),
    event.sources.map((source) => el('div', { class: 'source' },
      el('div', {}, source.url ? el('a', { href: source.url, target: '_blank', rel: 'noopener' }, source.title || source.url) : (source.title || source.iri)),
      el('div', { class: 'sub' }, [source.issued, source.file].filter(Boolean).join(' · ')))),
    el('h2', {}, 'Participants'),
    el('ul', {}, event.participants.map((p) => el('li', { onclick: () => openActor(p.iri) }, kindBadge(p.kind), p.label || p.iri))),
  );
  document.body.dataset.event = iri;
}

// A small picture of a mark for the legend, drawn as the network draws it.
function mark(kind) {
  const svg = (body) => {
    const node = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    node.setAttribute('viewBox', '0 0 28 14');
    node.setAttribute('width', '28');
    node.setAttribute('height', '14');
    node.innerHTML = body;
    return node;
  };
  switch (kind) {
    case 'focus': return svg('<circle cx="14" cy="7" r="6" fill="#8892a6" stroke="#1f2430" stroke-width="2"/>');
    case 'selected': return svg('<circle cx="14" cy="7" r="5.5" fill="#8892a6" stroke="#f5b700" stroke-width="2"/>');
    case 'big': return svg('<circle cx="14" cy="7" r="6.5" fill="#8892a6"/><circle cx="4" cy="10" r="3" fill="#8892a6"/>');
    case 'participant': return svg('<line x1="1" y1="7" x2="27" y2="7" stroke="#b8c0cf" stroke-width="1.5"/>');
    case 'folded': return svg('<line x1="1" y1="7" x2="27" y2="7" stroke="#8f9bb3" stroke-width="5"/>');
    case 'affiliation': return svg('<line x1="1" y1="7" x2="27" y2="7" stroke="#e07a2f" stroke-width="1.5" stroke-dasharray="4 3"/>');
    default: return svg('');
  }
}

function renderLegend() {
  const entries = Object.entries(state.classes).filter(([kind]) => kind !== 'Place');
  const group = (name) => entries.filter(([, names]) => names.group === name).map(([kind, names]) => el('div', {},
    el('i', { class: names.group, style: `background:${colour(kind)}` }), `${names.ko || kind} · ${names.en || kind}`));
  const row = (kind, text) => el('div', {}, mark(kind), text);
  const marks = [
    row('focus', 'the actor shown (dark ring)'),
    row('selected', 'selected (yellow ring)'),
    row('participant', 'takes part in the event'),
    row('affiliation', 'dashed orange: a person belongs to this body (소속)'),
  ];
  if (view.fold) {
    marks.push(row('folded', 'events shared with a partner, folded: thicker for more; click to open'));
    marks.push(row('big', 'a larger circle shares more events (×N in the list)'));
  }
  fill($('#legend'), el('h2', {}, 'Legend'),
    el('h3', {}, 'Actors · 행위자 (circles)'), group('actor'),
    el('h3', {}, 'Events · 사건 (diamonds)'), group('event'),
    el('h3', {}, 'Marks'), marks);
}

function download(blob, name) {
  const link = el('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

function fileName(extension) {
  const label = (state.data && state.data.actor.label) || 'gyoryu';
  return `gyoryu-${label.replace(/[\\/:*?"<>|\s]+/g, '_')}.${extension}`;
}

function exportPng() {
  download(cy.png({ output: 'blob', bg: '#ffffff', full: true, scale: 2 }), fileName('png'));
}

const xml = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The view as drawn, in the GraphML keys `gyoryu export` writes (label
// declared once for nodes and once for edges, so that igraph and Gephi keep it).
function viewGraphml() {
  const nodeKeys = ['label', 'kind', 'category', 'date', 'events'];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ...nodeKeys.map((key) => `  <key id="${key}" for="node" attr.name="${key}" attr.type="${key === 'events' ? 'int' : 'string'}"/>`),
    '  <key id="edge_label" for="edge" attr.name="label" attr.type="string"/>',
    '  <key id="interaction" for="edge" attr.name="interaction" attr.type="string"/>',
    '  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>',
    `  <graph id="${xml(state.actor)}" edgedefault="directed">`,
  ];
  const data = (key, value) => (value === undefined || value === null || value === '' ? '' : `<data key="${key}">${xml(value)}</data>`);
  for (const node of cy.nodes()) {
    const d = node.data();
    lines.push(`    <node id="${xml(d.id)}">${data('label', d.label)}${data('kind', d.kind)}${data('category', d.group)}${data('date', d.date)}${data('events', d.group === 'actor' && !d.focus ? d.shared : '')}</node>`);
  }
  for (const edge of cy.edges()) {
    const d = edge.data();
    lines.push(`    <edge source="${xml(d.source)}" target="${xml(d.target)}">${data('edge_label', d.label)}${data('interaction', d.kind)}${data('weight', d.count || 1)}</edge>`);
  }
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}

function exportGraphml() {
  download(new Blob([viewGraphml()], { type: 'application/graphml+xml' }), fileName('graphml'));
}

async function runSparql() {
  const status = $('#sparql-status');
  const out = $('#sparql-results');
  status.className = '';
  status.textContent = 'running…';
  const started = performance.now();
  const response = await fetch('sparql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/sparql-query', 'Accept': 'application/sparql-results+json, text/turtle;q=0.9' },
    body: $('#sparql').value,
  });
  const ms = Math.round(performance.now() - started);
  if (!response.ok) {
    status.className = 'error';
    status.textContent = `${response.status}: ${(await response.text()).trim()}`;
    out.replaceChildren();
    return;
  }
  const type = response.headers.get('content-type') || '';
  if (!type.includes('json')) {
    out.replaceChildren(el('pre', {}, await response.text()));
    status.textContent = `graph in ${ms} ms`;
    return;
  }
  const json = await response.json();
  if ('boolean' in json) {
    out.replaceChildren(el('p', {}, String(json.boolean)));
    status.textContent = `${ms} ms`;
    return;
  }
  const vars = json.head.vars;
  const cell = (term) => {
    if (!term) return '';
    if (term.type === 'uri' && state.classes && term.value.startsWith('https://w3id.org/gyoryu/id/')) {
      const iri = term.value;
      const isEvent = iri.includes('/id/event/');
      return el('a', { href: '#', onclick: (e) => { e.preventDefault(); isEvent ? showEvent(iri) : openActor(iri); } }, iri.replace('https://w3id.org/gyoryu/id/', 'gyid:'));
    }
    if (term.type === 'uri') {
      const known = state.prefixes.find(({ namespace }) => term.value.startsWith(namespace));
      if (known) return `${known.prefix}:${term.value.slice(known.namespace.length)}`;
    }
    return term.value;
  };
  fill(out, el('table', { id: 'sparql-table' },
    el('thead', {}, el('tr', {}, vars.map((v) => el('th', {}, v)))),
    el('tbody', {}, json.results.bindings.map((row) => el('tr', {}, vars.map((v) => el('td', {}, cell(row[v]))))))));
  status.textContent = `${json.results.bindings.length} rows in ${ms} ms`;
}

let timer = null;
$('#search').addEventListener('input', (e) => {
  clearTimeout(timer);
  timer = setTimeout(() => search(e.target.value).catch(showError), 180);
});
$('#search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  search($('#search').value).catch(showError);
});
$('#run-sparql').addEventListener('click', () => runSparql().catch(showError));
$('#filters').addEventListener('submit', (e) => e.preventDefault());
for (const [input, key] of [[$('#date-from'), 'from'], [$('#date-to'), 'to']]) {
  input.addEventListener('change', (e) => { view[key] = e.target.value; draw(); });
}
$('#reset-filters').addEventListener('click', resetFilters);
$('#fold').addEventListener('change', (e) => { view.fold = e.target.checked; view.expanded.clear(); draw(); });
$('#min-shared').addEventListener('change', (e) => {
  view.minShared = Math.max(1, parseInt(e.target.value, 10) || 1);
  e.target.value = String(view.minShared);
  draw();
});
$('#edge-labels').addEventListener('change', (e) => {
  view.edgeLabels = e.target.checked;
  cy.edges().toggleClass('labelled', view.edgeLabels);
});
$('#export-png').addEventListener('click', exportPng);
$('#export-graphml').addEventListener('click', exportGraphml);
$('#show-sparql').addEventListener('click', (e) => {
  e.preventDefault();
  const panel = $('#sparql-panel');
  panel.hidden = !panel.hidden;
  if (!panel.hidden) {
    panel.scrollIntoView({ behavior: 'smooth' });
    $('#sparql').focus();
  }
});

function showError(error) {
  $('#actor-meta').textContent = String(error.message || error);
  delete document.body.dataset.loading;
}

async function start() {
  const [stats, declared] = await Promise.all([getJson('api/stats'), getJson('api/prefixes')]);
  state.classes = stats.classes;
  state.prefixes = declared.prefixes;
  $('#stats').textContent = `${stats.documents} articles · ${stats.actors} actors · ${stats.events} events`;
  renderLegend();
  const match = location.hash.match(/^#actor=(.+)$/);
  if (match) await openActor(decodeURIComponent(match[1]));
  document.body.dataset.ready = 'true';
}

window.explorer = { cy, state, view, search, openActor, showEvent, runSparql, viewGraphml };
start().catch(showError);
