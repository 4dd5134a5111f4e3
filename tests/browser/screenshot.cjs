// Takes the explorer's pictures for docs/: one actor's neighbourhood, as a
// person would open it, with the top partner opened when the view is folded.
//
//   node tests/browser/screenshot.cjs URL SEARCH LABEL OUT.png
//
// Not a test; tests/browser/explorer.cjs is.
'use strict';

const { openBrowser } = require('./chromium.cjs');

const [url, searchText, label, out] = process.argv.slice(2);
if (!url || !searchText || !label || !out) {
  console.error('usage: screenshot.cjs URL SEARCH LABEL OUT.png');
  process.exit(2);
}

async function main() {
  const { page, close } = await openBrowser();
  try {
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
    await page.fill('#search', searchText);
    const result = page.locator('#results li', { hasText: label }).first();
    await result.waitFor({ timeout: 10000 });
    await result.click();
    await page.waitForFunction(() => document.body.dataset.actor && !document.body.dataset.loading, null, { timeout: 30000 });
    if (await page.evaluate(() => window.explorer.view.fold)) {
      await page.locator('#neighbours li button.expand').first().click();
    }
    // An event drawn in the network, so that it shows selected there too.
    const drawn = await page.evaluate(() => window.explorer.cy.nodes('[group = "event"]').map((n) => n.id()));
    const pick = drawn.length ? page.locator(`#timeline li[data-iri="${drawn[0]}"]`) : page.locator('#timeline li[data-iri]').first();
    await pick.scrollIntoViewIfNeeded();
    await pick.click();
    await page.waitForSelector('#details blockquote.evidence', { timeout: 10000 });
    await page.screenshot({ path: out, fullPage: false });
    const summary = await page.textContent('#view-summary');
    console.log(`${out}: ${label}: ${summary}`);
  } finally {
    await close();
  }
}

main().catch((error) => {
  console.error(`screenshot failed: ${error.message}`);
  process.exit(1);
});
