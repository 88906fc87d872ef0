import { chromium } from 'playwright';

const { APP_URL, APP_USER, APP_PASSWORD } = process.env;
const browser = await chromium.launch();
const page = await browser.newPage();
await page.goto(`${APP_URL}/login`);
await page.fill('input[name=email]', APP_USER);
await page.fill('input[name=password]', APP_PASSWORD);
await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
console.log(page.url().includes('/dashboard') ? 'login ok' : `login failed: ${page.url()}`);
await browser.close();
