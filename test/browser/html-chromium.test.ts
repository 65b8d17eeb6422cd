import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { finding, makeReport, render } from '../support/html-report.js';

// The HTML report as a reader sees it: Debian's chromium, headless. Where it is not installed the test
// is skipped with a note (a developer's machine); under CI (`CI` set, .ci/run installs it) it is required.
const CHROMIUM = process.env.TMCHECK_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const required = Boolean(process.env.CI);
if (!available && !required) {
  console.warn(`note: the browser test is skipped: ${CHROMIUM} is not installed (apt-get install chromium, or set TMCHECK_CHROMIUM). CI requires it.`);
}

describe.skipIf(!available && !required)('html format in a real browser (Debian chromium, headless)', () => {
  let browser: Browser;
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'tmcheck-html-'));

  beforeAll(async () => {
    expect(available, `${CHROMIUM} is missing, and CI requires the browser test: apt-get install chromium`).toBe(true);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it.each(['zh', 'en'] as const)('renders the %s report without errors, with visible charts, and screenshots it', async (lang) => {
    const file = path.join(outDir, `report-${lang}.html`);
    writeFileSync(file, render(makeReport(), lang));
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('request', (request) => requests.push(request.url()));

    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    for (const id of ['chart-complaint-rate', 'chart-assessment-score']) {
      const svg = page.locator(`#${id} svg`);
      await expect(svg.count()).resolves.toBe(1);
      expect(await svg.isVisible()).toBe(true);
      const box = await svg.boundingBox();
      expect(box?.width).toBeGreaterThan(500);
      expect(box?.height).toBeGreaterThan(250);
      expect(await page.locator(`#${id} svg path`).count()).toBeGreaterThan(10);
    }
    // The hostile vendor names are text on the page, not elements.
    expect(await page.evaluate(() => document.querySelectorAll('script, img, iframe').length)).toBe(0);
    expect(await page.locator('#batch table.ranking td', { hasText: '<script>alert(1)</script>' }).count()).toBe(3);
    expect(await page.locator('#batch tr.last-place').count()).toBe(3);
    expect(await page.locator('article.finding').count()).toBe(3);

    const screenshot = path.join(outDir, `report-${lang}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    await page.close();

    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    const png = readFileSync(screenshot);
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(statSync(screenshot).size).toBeGreaterThan(20_000);
  });

  it('a Hebrew or Arabic vendor string moves no number beside it: the line after a file name, a count after a name', async () => {
    // Without isolation Chromium draws `שלום:12:3` as `3:12:םולש` and `شركة: 12 complaints` as `12 :شركة complaints`:
    // the line number and the count stand left of the name they follow.
    const hebrew = 'שלום';
    const arabic = 'شركة الاتصالات';
    const rtl = finding({
      ruleId: 'R24-3/complaint-rate-compensation',
      article: '24',
      requirement: 'R24-3',
      severity: 'notice',
      message: { zh: `${arabic}: 12 complaints`, en: `${arabic}: 12 complaints` },
      location: { file: `dossiers/${hebrew}`, line: 12, column: 3 },
    });
    const report = makeReport({ findings: [rtl] });
    const file = path.join(outDir, 'report-rtl.html');
    writeFileSync(file, render(report, 'en'));
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    /** The left and right edges, on screen, of the first occurrence of each text in the element. */
    const edges = (selector: string, texts: string[]) =>
      page.evaluate(
        ({ selector, texts }) => {
          const element = document.querySelector(selector)!;
          return texts.map((text) => {
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const at = (node as Text).data.indexOf(text);
              if (at < 0) continue;
              const range = document.createRange();
              range.setStart(node, at);
              range.setEnd(node, at + text.length);
              const box = range.getBoundingClientRect();
              return { left: box.left, right: box.right };
            }
            throw new Error(`${text} not found in ${selector}`);
          });
        },
        { selector, texts },
      );
    const [name, line] = await edges('#by-file article.finding dd code', [hebrew, ':12:3']);
    expect(line!.left).toBeGreaterThanOrEqual(name!.right - 0.5);
    const [vendor, count] = await edges('#by-file article.finding p.message', [arabic, '12 complaints']);
    expect(count!.left).toBeGreaterThanOrEqual(vendor!.right - 0.5);
    await page.close();
  });
});
