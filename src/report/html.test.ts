// The HTML report in a real headless Chromium: renders, screenshots, logs no console error, requests nothing but the file itself.
import assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { makeTempDir, removeDir } from '../test-support/cli.js';
import { buildDailyReport } from './build.js';
import { SAMPLE_CLOUD, sampleInputs } from './fixtures.js';
import type { ReportInputs } from './types.js';

const CHROMIUM = process.env.CLAWGUARD_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe('HTML report in headless Chromium', { timeout: 120_000 }, () => {
  let browser: Browser;
  let dir: string;

  before(async () => {
    // CI installs Debian's chromium (.ci/run); a missing browser is a failure, never a silent skip.
    assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CLAWGUARD_CHROMIUM.`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
    dir = makeTempDir('clawguard-report-html-');
  });

  after(async () => {
    await browser?.close();
    if (dir) await removeDir(dir);
  });

  const cases: Array<[string, ReportInputs]> = [
    ['with findings, threats and hostile strings', sampleInputs()],
    ['with Security Center data and a failed dimension', sampleInputs({ cloud: SAMPLE_CLOUD })],
    ['empty (clean day)', { ...sampleInputs(), audit: { findings: [], suppressed: [], notes: [] }, egress: { findings: [], suppressed: [], notes: [] }, threats: { records: [], notes: [] } }],
  ];
  for (const [name, inputs] of cases) {
    it(`renders ${name} with no console error and no network request`, async () => {
      const report = buildDailyReport(inputs);
      const file = join(dir, `${report.name}-${name.replace(/\W+/g, '-')}.html`);
      await fs.writeFile(file, report.html);
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const consoleErrors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
      page.on('request', (r) => requests.push(r.url()));
      page.on('dialog', (d) => {
        consoleErrors.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 30_000 });
      const png = await page.screenshot({ fullPage: true });
      const title = await page.title();
      const svgs = await page.locator('svg').count();
      const scripts = await page.locator('script').count();
      await page.close();

      assert.deepEqual(consoleErrors, []);
      assert.deepEqual(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:')), [], 'no request beyond the file itself');
      assert.ok(png.length > 5000, `screenshot is ${png.length} bytes`);
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'screenshot is a PNG');
      assert.match(title, /OpenClaw security daily report — 2026-01-02/);
      assert.equal(scripts, 0, 'the injected <script> stayed text');
      if (name.startsWith('with')) assert.ok(svgs >= 4, `expected the four charts as SVG, found ${svgs}`);
      if (name.includes('Security Center')) assert.match(report.html, /baseline: not available: Permission denied/);
    });
  }
});
