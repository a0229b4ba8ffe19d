// Loads a page of `errcat table --format html` in headless Chromium
// (playwright-core driving Debian's /usr/bin/chromium) and reports what a
// reader sees, as JSON on stdout. It judges nothing: cli/tests/browser.rs
// says what the catalogue makes the answers, and compares.
//
// The plan, as JSON on stdin: { chromium, url, label, queries: [text],
// anchor: { code, hiddenBy }, follow: code?, screenshots: { wide, phone } }.
'use strict';
const fs = require('fs');
const { chromium } = require('playwright-core');

const plan = JSON.parse(fs.readFileSync(0, 'utf8'));

// Which rows and status sections are shown, and what the live region says.
function shown() {
  const rows = [...document.querySelectorAll('tr[data-status]')];
  const sections = [...document.querySelectorAll('section.status')];
  return {
    rows: rows.filter((row) => row.checkVisibility()).map((row) => row.id),
    sections: sections
      .filter((section) => section.checkVisibility())
      .map((section) => section.querySelector('h2').id),
    count: document.getElementById('count').textContent,
  };
}

// Where the page's target is, and whether a reader sees it.
function targeted() {
  const target = document.querySelector(':target');
  if (!target) return { target: null };
  const box = target.getBoundingClientRect();
  // The filter bar stays at the top of the window: the row must start
  // below it, in the window.
  const bar = document.querySelector('.find').getBoundingClientRect();
  return {
    target: target.id,
    visible: target.checkVisibility(),
    in_view: box.top >= bar.bottom && box.top < window.innerHeight && box.height > 0,
    details_open: target.querySelector('details').open,
    filter: document.getElementById('filter').value,
    count: document.getElementById('count').textContent,
  };
}

// Sideways overflow of the page, and codes or tokens laid out on more than
// one line, with every row's details open (the widest the page gets).
function layout() {
  for (const details of document.querySelectorAll('details')) details.open = true;
  const wrapped = [...document.querySelectorAll('a.code, code.token')]
    .filter((element) => element.checkVisibility() && element.getClientRects().length !== 1)
    .map((element) => element.textContent);
  const root = document.documentElement;
  return {
    viewport: window.innerWidth,
    scroll_width: root.scrollWidth,
    body_scroll_width: document.body.scrollWidth,
    wrapped,
  };
}

// WCAG 2 contrast of the text of each selector's first visible element
// against the background it is drawn on.
function contrasts(selectors) {
  const channels = (color) => color.match(/[\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => {
    const linear = (value) => {
      const v = value / 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const background = (element) => {
    for (let at = element; at; at = at.parentElement) {
      const color = channels(getComputedStyle(at).backgroundColor);
      if (color.length < 4 || color[3] > 0) return color;
    }
    return [255, 255, 255];
  };
  const out = {};
  for (const selector of selectors) {
    const element = [...document.querySelectorAll(selector)].find((e) => e.checkVisibility());
    if (!element) continue;
    const [a, b] = [luminance(channels(getComputedStyle(element).color)), luminance(background(element))];
    out[selector] = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }
  return out;
}

// The roles and names Chromium's own accessibility tree gives the page.
async function accessibility(context, page) {
  const session = await context.newCDPSession(page);
  const { nodes } = await session.send('Accessibility.getFullAXTree');
  const roles = {};
  const names = {};
  for (const node of nodes) {
    if (node.ignored || !node.role) continue;
    const role = String(node.role.value);
    roles[role] = (roles[role] || 0) + 1;
    if (node.name && node.name.value) (names[role] = names[role] || []).push(node.name.value);
  }
  await session.detach();
  return { roles, searchbox: names.searchbox || [], tables: names.table || [] };
}

const CONTRAST = ['h1', 'nav a', '.count', 'label', 'thead th', 'a.code', 'code.token', '.desc',
  '.scenario', 'summary', 'pre code', '.deprecated', 'tr:target td'];

(async () => {
  const browser = await chromium.launch({ executablePath: plan.chromium, args: ['--no-sandbox'] });
  const out = { browser: browser.version() };
  try {
    // A desktop window: filtering, anchors, contrast.
    const wide = await browser.newContext({ viewport: { width: 1000, height: 760 } });
    const page = await wide.newPage();
    await page.goto(plan.url);
    out.title = await page.title();
    const box = page.getByRole('searchbox', { name: plan.label });
    out.initial = await page.evaluate(shown);
    out.queries = [];
    for (const query of plan.queries) {
      await box.fill('');
      await box.pressSequentially(query);
      out.queries.push({ query, ...(await page.evaluate(shown)) });
    }
    await box.fill('');
    out.cleared = await page.evaluate(shown);

    // An anchor followed while the filter hides its row.
    await box.pressSequentially(plan.anchor.hiddenBy);
    out.anchor_hidden_before = !(await page.locator(`[id="${plan.anchor.code}"]`).isVisible());
    await page.evaluate((code) => { window.location.hash = code; }, plan.anchor.code);
    await page.waitForFunction((code) => {
      const target = document.querySelector(':target');
      return target !== null && target.id === code && target.checkVisibility();
    }, plan.anchor.code);
    out.anchor = await page.evaluate(targeted);
    out.wide_accessibility = await accessibility(wide, page);
    if (plan.follow) {
      // A link in a deprecation note, clicked.
      await page.locator(`[id="${plan.follow.from}"] .deprecated a`).click();
      await page.waitForFunction((code) => document.querySelector(':target')?.id === code, plan.follow.to);
      out.followed = await page.evaluate(targeted);
      out.deprecated_note = await page.locator(`[id="${plan.follow.from}"] .deprecated`).innerText();
    }
    out.contrast_light = await page.evaluate(contrasts, CONTRAST);
    await page.emulateMedia({ colorScheme: 'dark' });
    out.contrast_dark = await page.evaluate(contrasts, CONTRAST);
    await page.emulateMedia({ colorScheme: 'light' });
    out.wide_layout = await page.evaluate(layout);

    // The README's picture: a fresh page, a word typed, one row opened.
    const shot = await wide.newPage();
    await shot.goto(plan.url);
    await shot.getByRole('searchbox', { name: plan.label }).pressSequentially(plan.screenshots.query);
    await shot.locator(`[id="${plan.screenshots.open}"] summary`).click();
    await shot.screenshot({ path: plan.screenshots.wide });

    // A link to a code, opened fresh on a phone.
    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    const small = await phone.newPage();
    await small.goto(`${plan.url}#${plan.anchor.code}`);
    await small.waitForFunction(() => document.querySelector(':target') !== null);
    out.phone_anchor = await small.evaluate(targeted);
    await small.screenshot({ path: plan.screenshots.phone });
    out.phone_accessibility = await accessibility(phone, small);
    out.phone_layout = await small.evaluate(layout);
    // The filter on a phone, where rows are cards.
    await small.getByRole('searchbox', { name: plan.label }).pressSequentially(plan.queries[0]);
    out.phone_query = { query: plan.queries[0], ...(await small.evaluate(shown)) };

    // No JavaScript: the whole table, no filter box.
    const plain = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 760 } });
    const still = await plain.newPage();
    await still.goto(plan.url);
    out.no_script = await still.evaluate(shown);
    out.no_script_filter_shown = await still.locator('#find').isVisible();
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out));
})().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
