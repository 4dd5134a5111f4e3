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
// The prefixes the endpoint predeclares, to shorten IRIs in the results table.
const PREFIXES = {
  gy: 'https://w3id.org/gyoryu/ontology#', rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#', skos: 'http://www.w3.org/2004/02/skos/core#',
  dcterms: 'http://purl.org/dc/terms/', xsd: 'http://www.w3.org/2001/XMLSchema#',
};

const $ = (selector) => document.querySelector(selector);
const state = { classes: {}, actor: null, data: null };

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
    // Event names are in the timeline; on the canvas they show for the selected event only.
    { selector: 'node[group = "event"]', style: { 'shape': 'diamond', 'width': 20, 'height': 20, 'label': '', 'font-size': 10, 'color': '#4a5163' } },
    { selector: 'node[group = "event"]:selected', style: { 'label': 'data(label)', 'text-max-width': 180, 'text-background-color': '#ffffff', 'text-background-opacity': 0.85 } },
    { selector: 'node[?focus]', style: { 'width': 42, 'height': 42, 'font-size': 14, 'font-weight': 'bold', 'border-width': 3, 'border-color': '#1f2430' } },
    { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#f5b700' } },
    { selector: 'edge', style: { 'width': 1.2, 'line-color': '#b8c0cf', 'curve-style': 'straight' } },
    { selector: 'edge[kind = "affiliation"]', style: { 'line-style': 'dashed', 'line-color': '#e07a2f' } },
  ],
});

cy.on('tap', 'node', (event) => {
  const node = event.target;
  if (node.data('group') === 'event') showEvent(node.id());
  else if (node.id() !== state.actor) openActor(node.id());
});

function draw(data) {
  cy.elements().remove();
  cy.add(data.nodes.map((node) => ({ group: 'nodes', data: node })));
  cy.add(data.edges.map((edge, i) => ({ group: 'edges', data: { id: `e${i}`, ...edge } })));
  cy.layout({
    name: 'concentric', animate: false, minNodeSpacing: 18, avoidOverlap: true,
    // The actor in the middle, its events around it, their other participants outside.
    concentric: (node) => (node.data('focus') ? 3 : node.data('group') === 'event' ? 2 : 1),
    levelWidth: () => 1,
  }).run();
  cy.fit(undefined, 40);
  // A small neighbourhood would otherwise be blown up to fill the canvas.
  if (cy.zoom() > 1.3) {
    cy.zoom(1.3);
    cy.center();
  }
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
  actor.aliases.length ? el('div', { class: 'aliases' }, actor.aliases.join(' · ')) : null)));
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
  meta.push(`${data.timeline.length} events${data.truncated ? ' (most recent shown)' : ''}`);
  $('#actor-meta').textContent = meta.join(' — ');
  for (const item of document.querySelectorAll('#results li')) {
    item.classList.toggle('selected', item.dataset.iri === iri);
  }
  draw(data);

  fill($('#timeline'), data.timeline.map((event) => el('li', {
    'data-iri': event.iri, onclick: () => showEvent(event.iri),
  }, el('span', { class: 'date' }, event.date || '날짜 없음'), kindBadge(event.kind), event.label || event.kind,
  event.status && event.status !== 'reported' ? el('span', { class: 'sub' }, ` (${event.status})`) : null)));
  if (!data.timeline.length) $('#timeline').append(el('li', { class: 'sub' }, 'No events.'));

  const neighbours = data.nodes.filter((node) => node.group === 'actor' && !node.focus)
    .sort((a, b) => String(a.label).localeCompare(String(b.label), 'ko'));
  fill($('#neighbours'), neighbours.map((node) => el('li', {
    'data-iri': node.id, onclick: () => openActor(node.id),
  }, kindBadge(node.kind), node.label)));
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

function renderLegend() {
  const entries = Object.entries(state.classes).filter(([kind]) => kind !== 'Place');
  fill($('#legend'), el('h2', {}, 'Legend'), entries.map(([kind, names]) => el('div', {},
    el('i', { class: names.group, style: `background:${colour(kind)}` }), `${names.ko || kind} · ${names.en || kind}`)));
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
      const prefix = Object.entries(PREFIXES).find(([, ns]) => term.value.startsWith(ns));
      if (prefix) return `${prefix[0]}:${term.value.slice(prefix[1].length)}`;
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
  const stats = await getJson('api/stats');
  state.classes = stats.classes;
  $('#stats').textContent = `${stats.documents} articles · ${stats.actors} actors · ${stats.events} events`;
  renderLegend();
  const match = location.hash.match(/^#actor=(.+)$/);
  if (match) await openActor(decodeURIComponent(match[1]));
  document.body.dataset.ready = 'true';
}

window.explorer = { cy, state, search, openActor, showEvent, runSparql };
start().catch(showError);
