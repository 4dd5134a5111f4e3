// Drives the explorer of a running `gyoryu serve` in headless Chromium, as a
// person would: search an actor, open its neighbourhood, open an event, run a
// SPARQL query. Exits non-zero with a message on the first thing that is wrong.
//
//   node tests/browser/explorer.cjs URL SEARCH EXPECTED_LABEL EXPECTED_NEIGHBOUR [--screenshot FILE]
//
// playwright-core comes from web/node_modules (scripts/setup.sh runs npm ci).
'use strict';

const path = require('path');
const fs = require('fs');
const { openBrowser, check } = require('./chromium.cjs');

const [url, searchText, expectedLabel, expectedNeighbour] = process.argv.slice(2);
const shotIndex = process.argv.indexOf('--screenshot');
const screenshot = shotIndex > 0 ? process.argv[shotIndex + 1] : null;
if (!url || !searchText || !expectedLabel) {
  console.error('usage: explorer.cjs URL SEARCH EXPECTED_LABEL EXPECTED_NEIGHBOUR [--screenshot FILE]');
  process.exit(2);
}

async function main() {
  const { page, profile, close } = await openBrowser();
  const failures = [];
  try {
    page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // The malformed query below is meant to get its 400; any other error counts.
      if (message.type() === 'error' && !message.text().includes('status of 400')) {
        failures.push(`console error: ${message.text()}`);
      }
    });
    // The page must work without the network: anything not from the server is refused.
    const origin = new URL(url).origin;
    await page.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
    const outside = [];
    page.on('requestfailed', (request) => outside.push(request.url()));

    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
    const stats = await page.textContent('#stats');
    check(/\d+ articles · \d+ actors · \d+ events/.test(stats), `stats line reads ${JSON.stringify(stats)}`);
    check(await page.evaluate(() => typeof window.cytoscape === 'function'), 'Cytoscape.js did not load');

    // Search: the results list shows the actor.
    await page.fill('#search', searchText);
    const result = page.locator('#results li', { hasText: expectedLabel }).first();
    await result.waitFor({ timeout: 10000 });

    // Open its neighbourhood: drawn in the canvas and listed beside it.
    await result.click();
    await page.waitForFunction(() => document.body.dataset.actor && !document.body.dataset.loading, null, { timeout: 10000 });
    const drawn = await page.evaluate(() => {
      const { cy } = window.explorer;
      const box = cy.container().getBoundingClientRect();
      return {
        nodes: cy.nodes().map((n) => ({ label: n.data('label'), group: n.data('group'), shape: n.style('shape'),
          colour: n.style('background-color'), visible: n.visible(), x: n.renderedPosition('x'), y: n.renderedPosition('y') })),
        edges: cy.edges().length,
        focus: cy.nodes('[?focus]').map((n) => n.data('label')),
        width: box.width,
        height: box.height,
      };
    });
    check(drawn.focus.length === 1 && drawn.focus[0] === expectedLabel, `focus node is ${JSON.stringify(drawn.focus)}`);
    const events = drawn.nodes.filter((n) => n.group === 'event');
    const actors = drawn.nodes.filter((n) => n.group === 'actor');
    check(events.length > 0, 'no event nodes drawn');
    check(actors.length > 1, 'no neighbouring actors drawn');
    check(drawn.edges >= events.length, `only ${drawn.edges} edges for ${events.length} events`);
    check(events.every((n) => n.shape === 'diamond') && actors.every((n) => n.shape === 'ellipse'),
      'actors and events are not drawn in their own shapes');
    check(new Set(drawn.nodes.map((n) => n.colour)).size > 2, 'nodes are not coloured by type');
    check(drawn.nodes.every((n) => n.visible && n.x >= 0 && n.y >= 0 && n.x <= drawn.width && n.y <= drawn.height),
      'some nodes are drawn outside the visible canvas');
    if (expectedNeighbour) {
      check(actors.some((n) => n.label === expectedNeighbour), `neighbour ${expectedNeighbour} not drawn`);
      const listed = await page.locator('#neighbours li').allTextContents();
      check(listed.some((text) => text.includes(expectedNeighbour)), `neighbour ${expectedNeighbour} not listed: ${listed}`);
    }
    const timeline = await page.locator('#timeline li').allTextContents();
    check(timeline.length === events.length, `${timeline.length} timeline entries for ${events.length} events drawn`);
    const dates = timeline.map((text) => (text.match(/^\d{4}-\d{2}-\d{2}/) || [null])[0]).filter(Boolean);
    check(dates.join() === [...dates].sort().join(), `timeline is not in date order: ${dates}`);
    check((await page.textContent('#actor-title')).includes(expectedLabel), 'actor title not shown');

    // An event from the timeline: its evidence sentence and source article.
    await page.locator('#timeline li').first().click();
    await page.waitForSelector('#details blockquote.evidence', { timeout: 10000 });
    const evidence = await page.textContent('#details blockquote.evidence');
    check(evidence.trim().length > 10, 'evidence sentence is empty');
    const source = await page.textContent('#details .source');
    check(source.trim().length > 0, 'source article not shown');
    const selected = await page.evaluate(() => window.explorer.cy.nodes(':selected').map((n) => n.data('group')));
    check(selected.length === 1 && selected[0] === 'event', 'the event is not selected in the network');

    // Clicking a neighbour in the network re-centres on it.
    if (expectedNeighbour) {
      const before = await page.evaluate(() => document.body.dataset.actor);
      await page.locator('#neighbours li', { hasText: expectedNeighbour }).first().click();
      await page.waitForFunction((previous) => document.body.dataset.actor !== previous && !document.body.dataset.loading,
        before, { timeout: 10000 });
      const focus = await page.evaluate(() => window.explorer.cy.nodes('[?focus]').map((n) => n.data('label')));
      check(focus[0] === expectedNeighbour, `after clicking the neighbour the focus is ${focus}`);
      await page.locator('#results li', { hasText: expectedLabel }).first().click();
      await page.waitForFunction((previous) => document.body.dataset.actor === previous && !document.body.dataset.loading,
        before, { timeout: 10000 });
    }

    // The filters: by event type, by partner type and by date; each redraws
    // the network and the timeline together.
    const drawnNow = () => page.evaluate(() => {
      const { cy } = window.explorer;
      return {
        events: cy.nodes('[group = "event"]').map((n) => ({ kind: n.data('kind'), date: n.data('date') })),
        actors: cy.nodes('[group = "actor"]').map((n) => ({ label: n.data('label'), kind: n.data('kind') })),
        folded: cy.edges('[kind = "folded"]').length,
        timeline: [...document.querySelectorAll('#timeline li[data-iri]')].length,
      };
    });
    const all = await page.evaluate(() => window.explorer.state.data.timeline.map((e) => ({ kind: e.kind, date: e.date })));
    const before = await drawnNow();
    check(before.events.length === all.length && before.timeline === all.length, `unfiltered: ${JSON.stringify(before)} for ${all.length} events`);
    const eventKinds = await page.locator('#filter-event-kinds input[type=checkbox]').evaluateAll((boxes) => boxes.map((b) => b.value));
    check(eventKinds.length > 0 && eventKinds.every((kind) => all.some((e) => e.kind === kind)), `event type filters ${eventKinds}`);
    const hiddenKind = eventKinds[0];
    await page.locator(`#filter-event-kinds input[value="${hiddenKind}"]`).uncheck();
    let now = await drawnNow();
    const keptByKind = all.filter((e) => e.kind !== hiddenKind).length;
    check(now.events.every((e) => e.kind !== hiddenKind) && now.events.length === keptByKind && now.timeline === keptByKind,
      `without ${hiddenKind}: ${now.events.length} drawn, ${now.timeline} listed, ${keptByKind} expected`);
    await page.locator(`#filter-event-kinds input[value="${hiddenKind}"]`).check();
    check((await drawnNow()).events.length === all.length, 'the event type filter does not come back');

    if (expectedNeighbour) {
      const partnerKind = before.actors.find((a) => a.label === expectedNeighbour).kind;
      await page.locator(`#filter-actor-kinds input[value="${partnerKind}"]`).uncheck();
      now = await drawnNow();
      check(!now.actors.some((a) => a.kind === partnerKind && a.label !== expectedLabel) && now.actors.some((a) => a.label === expectedLabel),
        `partners of type ${partnerKind} still drawn: ${JSON.stringify(now.actors)}`);
      const listed = await page.locator('#neighbours li').allTextContents();
      check(!listed.some((text) => text.includes(expectedNeighbour)), `${expectedNeighbour} still listed after hiding ${partnerKind}`);
      await page.locator(`#filter-actor-kinds input[value="${partnerKind}"]`).check();
    }

    const firstDate = all.map((e) => e.date).filter(Boolean).sort()[0];
    check(firstDate, 'no dated event to filter by date');
    await page.fill('#date-from', firstDate);
    await page.fill('#date-to', firstDate);
    now = await drawnNow();
    const onThatDay = all.filter((e) => e.date === firstDate).length;
    check(now.events.length === onThatDay && now.events.every((e) => e.date === firstDate) && now.timeline === onThatDay,
      `on ${firstDate}: ${now.events.length} drawn, ${now.timeline} listed, ${onThatDay} expected`);
    await page.click('#reset-filters');
    now = await drawnNow();
    check(now.events.length === all.length && (await page.inputValue('#date-from')) === '', 'reset does not bring every event back');

    // Folding: one edge per partner with the count of shared events, opened
    // partner by partner from the list.
    await page.locator('#fold').check();
    now = await drawnNow();
    const partners = now.actors.length - 1;
    check(now.folded === partners, `${now.folded} folded edges for ${partners} partners`);
    check(now.events.length < all.length, `folded, ${now.events.length} of ${all.length} events are still drawn one by one`);
    if (expectedNeighbour) {
      const shared = await page.evaluate((label) => window.explorer.cy.nodes('[group = "actor"]').filter((n) => n.data('label') === label)[0].data('shared'), expectedNeighbour);
      await page.locator('#neighbours li', { hasText: expectedNeighbour }).first().locator('button.expand').click();
      const opened = await drawnNow();
      check(opened.folded === partners - 1 && opened.events.length >= now.events.length + 1 && opened.events.length <= now.events.length + shared,
        `opening ${expectedNeighbour} (${shared} shared) drew ${opened.events.length - now.events.length} events`);
    }
    await page.locator('#fold').uncheck();
    check((await drawnNow()).events.length === all.length, 'unfolding does not draw every event');

    // Partners sharing fewer events than asked are left out of the drawing.
    const shares = await page.evaluate(() => window.explorer.cy.nodes('[group = "actor"][^focus]').map((n) => n.data('shared')));
    const most = Math.max(...shares);
    await page.locator('#min-shared').fill(String(most));
    await page.locator('#min-shared').dispatchEvent('change');
    now = await drawnNow();
    check(now.actors.length - 1 === shares.filter((n) => n >= most).length && now.events.length === all.length,
      `sharing at least ${most}: ${now.actors.length - 1} partners drawn of ${JSON.stringify(shares)}`);
    await page.click('#reset-filters');
    check((await drawnNow()).actors.length - 1 === shares.length, 'reset does not bring every partner back');

    // Edge labels on demand, and a legend for every mark drawn.
    const unlabelled = await page.evaluate(() => window.explorer.cy.edges().filter((e) => e.style('label')).length);
    check(unlabelled === 0, `${unlabelled} edge labels drawn before they were asked for`);
    await page.locator('#edge-labels').check();
    const labelled = await page.evaluate(() => window.explorer.cy.edges().map((e) => e.style('label')));
    check(labelled.length > 0 && labelled.every((label) => label.length > 0), `edge labels: ${labelled}`);
    await page.locator('#edge-labels').uncheck();
    const legend = await page.textContent('#legend');
    for (const text of ['dashed orange', 'takes part', 'the actor shown']) {
      check(legend.includes(text), `the legend does not explain "${text}": ${legend}`);
    }
    const drawnKinds = await page.evaluate(() => [...new Set(window.explorer.cy.nodes().map((n) => n.data('kind')))]);
    const classes = await page.evaluate(() => window.explorer.state.classes);
    for (const kind of drawnKinds) {
      const names = classes[kind];
      check(names && legend.includes(names.ko), `the legend does not name ${kind}`);
    }

    // Export of the view: a PNG picture and GraphML with the nodes drawn.
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    const pngPath = path.join(profile, 'view.png');
    await png.saveAs(pngPath);
    const pngBytes = fs.readFileSync(pngPath);
    check(pngBytes.length > 1000 && pngBytes.subarray(1, 4).toString() === 'PNG', `the PNG export is ${pngBytes.length} bytes`);
    const [graphml] = await Promise.all([page.waitForEvent('download'), page.click('#export-graphml')]);
    const graphmlPath = path.join(profile, 'view.graphml');
    await graphml.saveAs(graphmlPath);
    const graphmlText = fs.readFileSync(graphmlPath, 'utf8');
    const nodeCount = await page.evaluate(() => window.explorer.cy.nodes().length);
    check(graphmlText.includes('<graphml') && (graphmlText.match(/<node /g) || []).length === nodeCount
      && graphmlText.includes('for="edge" attr.name="label"') && graphmlText.includes(`>${expectedLabel}<`),
    `the GraphML export does not hold the ${nodeCount} nodes drawn`);

    // The SPARQL box: results as a table.
    await page.click('#show-sparql');
    await page.fill('#sparql', 'SELECT ?kind (COUNT(?a) AS ?n) WHERE { ?a a ?kind . ?kind rdfs:subClassOf+ gy:Actor } GROUP BY ?kind ORDER BY DESC(?n)');
    await page.click('#run-sparql');
    await page.waitForSelector('#sparql-table tbody tr', { timeout: 10000 });
    const header = await page.locator('#sparql-table th').allTextContents();
    check(header.join() === 'kind,n', `table header ${header}`);
    await page.fill('#sparql', 'SELECT ?x WHERE { ?x a ');
    await page.click('#run-sparql');
    await page.waitForSelector('#sparql-status.error', { timeout: 10000 });
    check((await page.textContent('#sparql-status')).startsWith('400'), 'a malformed query does not show its 400');
    // Back to the graph for the picture.
    await page.fill('#sparql', 'SELECT ?event ?type ?date ?label WHERE {\n  ?event a gy:Event ; gy:participant ?actor ; rdfs:label ?label ; a ?type .\n  ?type rdfs:subClassOf gy:Event .\n  OPTIONAL { ?event gy:date ?date }\n  ?actor rdfs:label ?name FILTER(STR(?name) = "' + expectedLabel + '")\n} ORDER BY ?date ?label LIMIT 6');
    await page.click('#run-sparql');
    await page.waitForSelector('#sparql-table tbody tr', { timeout: 10000 });
    const rows = await page.locator('#sparql-table tbody tr').count();
    check(rows === Math.min(6, events.length), `the query box shows ${rows} rows for ${events.length} events`);
    await page.locator('#timeline li').first().click();
    await page.waitForSelector('#details blockquote.evidence', { timeout: 10000 });

    check(outside.length === 0, `requests outside the server: ${outside}`);
    if (screenshot) {
      // The network with an event open, then the query box with its table.
      await page.evaluate(() => { document.querySelector('#centre').scrollTop = 0; });
      await page.screenshot({ path: screenshot, fullPage: false });
      await page.evaluate(() => document.querySelector('#sparql-panel').scrollIntoView());
      await page.screenshot({ path: screenshot.replace(/\.png$/, '-sparql.png'), fullPage: false });
    }
    console.log(`explorer ok: ${actors.length} actors and ${events.length} events drawn around ${expectedLabel}, ${timeline.length} timeline entries`);
  } catch (error) {
    if (failures.length) error.message += `\n${failures.join('\n')}`;
    throw error;
  } finally {
    await close();
  }
  if (failures.length) throw new Error(failures.join('\n'));
}

main().catch((error) => {
  console.error(`explorer test failed: ${error.message}`);
  process.exit(1);
});
