import { chromium } from 'playwright';

const [url, out = 'screenshot.png'] = process.argv.slice(2);
const browser = await chromium.launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.goto(url, { waitUntil: 'networkidle', timeout: 30_000 });
await page.screenshot({ path: out, fullPage: true });
await browser.close();
console.log(out);
