// Records docs/plans/demo-shop.har: headless Chromium using the demo API as a single-page app
// would (log in, read the feed and its items with the token, post a message, read the profile by
// the session cookie), saved by Playwright's recordHar. With a demo API on port 18399:
//   npm install playwright-core && node record-har.js http://127.0.0.1:18399 demo-shop.har
const { chromium } = require('playwright-core');
(async () => {
  const [base, out] = process.argv.slice(2);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const context = await browser.newContext({ recordHar: { path: out, content: 'embed' } });
  const page = await context.newPage();
  await page.goto(base + '/api/ping');
  await page.evaluate(async () => {
    const pause = (ms) => new Promise((r) => setTimeout(r, ms));
    const login = await fetch('/api/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: 'shopper-1' }) });
    const { token } = await login.json();
    await pause(400);
    const feed = await (await fetch('/api/feed', { headers: { Authorization: 'Bearer ' + token } })).json();
    for (const item of feed.items) {
      await fetch('/api/items/' + item.id, { headers: { Authorization: 'Bearer ' + token } });
    }
    await pause(700);
    await fetch('/api/messages', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
      body: JSON.stringify({ text: 'bought 2 items' }) });
    await fetch('/api/me');
  });
  await context.close();
  await browser.close();
})();
