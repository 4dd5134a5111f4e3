// The explorer on a busy actor (more events than FOLD_ABOVE in web/app.js):
// it must open folded by partner, draw at most MAX_PARTNERS partners (those
// sharing the most events), and draw a partner's events when its edge is
// clicked. Exits non-zero with a message on the first thing that is wrong.
//
//   node tests/browser/busy.cjs URL SEARCH LABEL
'use strict';

const { openBrowser, check } = require('./chromium.cjs');

const [url, searchText, label] = process.argv.slice(2);
if (!url || !searchText || !label) {
  console.error('usage: busy.cjs URL SEARCH LABEL');
  process.exit(2);
}

async function main() {
  const { page, close } = await openBrowser();
  try {
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
    await page.fill('#search', searchText);
    const result = page.locator('#results li', { hasText: label }).first();
    await result.waitFor({ timeout: 10000 });
    await result.click();
    await page.waitForFunction(() => document.body.dataset.actor && !document.body.dataset.loading, null, { timeout: 30000 });

    const seen = () => page.evaluate(() => {
      const { cy, view, state } = window.explorer;
      const partners = cy.nodes('[group = "actor"][^focus]');
      return {
        fold: view.fold,
        minShared: view.minShared,
        minSharedInput: Number(document.querySelector('#min-shared').value),
        events: state.data.timeline.length,
        diamonds: cy.nodes('[group = "event"]').length,
        partners: partners.map((n) => ({ id: n.id(), shared: n.data('shared') })),
        allPartners: new Set(state.data.timeline.flatMap((e) => e.participants).filter((p) => p !== state.actor)).size,
        folded: cy.edges('[kind = "folded"]').map((e) => ({ partner: e.data('partner'), count: e.data('count') })),
        listed: document.querySelectorAll('#timeline li[data-iri]').length,
      };
    });
    const busy = await seen();
    check(busy.fold && busy.events > 24, `an actor with ${busy.events} events opens ${busy.fold ? 'folded' : 'unfolded'}`);
    check(busy.listed === busy.events, `the timeline lists ${busy.listed} of ${busy.events} events`);
    check(busy.partners.length > 0 && busy.partners.length <= 40 && busy.allPartners > busy.partners.length,
      `${busy.partners.length} of ${busy.allPartners} partners drawn`);
    check(busy.partners.every((p) => p.shared >= busy.minShared) && busy.minSharedInput === busy.minShared,
      `partners drawn below the threshold ${busy.minShared}: ${JSON.stringify(busy.partners)}`);
    check(busy.folded.length === busy.partners.length && busy.diamonds < busy.events,
      `${busy.folded.length} folded edges for ${busy.partners.length} partners, ${busy.diamonds} of ${busy.events} events drawn`);
    const top = busy.folded.reduce((a, b) => (b.count > a.count ? b : a));
    check(top.count > 1, `the partner sharing most shares ${top.count} events`);

    // Clicking the folded edge draws the events shared with that partner.
    await page.evaluate((partner) => window.explorer.cy.edges('[kind = "folded"]').filter((e) => e.data('partner') === partner).emit('tap'), top.partner);
    const opened = await seen();
    check(opened.diamonds === busy.diamonds + top.count && opened.folded.length === busy.folded.length - 1,
      `opening a partner with ${top.count} events drew ${opened.diamonds - busy.diamonds}`);
    const expanded = await page.locator(`#neighbours li[data-iri="${top.partner}"] button.expand`).getAttribute('aria-expanded');
    check(expanded === 'true', 'the list does not show the partner opened');
    check(errors.length === 0, `page errors: ${errors}`);
    console.log(`busy ok: ${busy.events} events, ${busy.partners.length} of ${busy.allPartners} partners drawn sharing ${busy.minShared}+, opening one drew ${top.count}`);
  } finally {
    await close();
  }
}

main().catch((error) => {
  console.error(`busy explorer test failed: ${error.message}`);
  process.exit(1);
});
