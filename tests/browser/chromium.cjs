// What the browser scripts share: a headless Chromium on a throwaway
// profile, and the check that stops a script at the first thing wrong.
//
// playwright-core comes from web/node_modules (scripts/setup.sh runs npm ci).
'use strict';

const path = require('path');
const fs = require('fs');
const os = require('os');
const { createRequire } = require('module');

const webRequire = createRequire(path.join(__dirname, '..', '..', 'web', 'package.json'));
const { chromium } = webRequire('playwright-core');

// A page in a fresh headless Chromium, and its profile folder (scratch space
// for downloads); `close` ends the browser and removes the folder.
async function openBrowser() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gyoryu-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 860 },
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const page = context.pages()[0] || await context.newPage();
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { page, profile, close };
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

module.exports = { openBrowser, check };
